import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeProject, createEngine, defaultConfig, PathFilter, type Finding } from '../analyzers';
import { generateNextApp } from '../bench/corpus-next';
import { nodeParserAssets } from '../host/assets';
import { discoverFiles } from '../host/files';
import { readSource } from '../host/read';
import { scanFiles } from '../host/scan';

/**
 * The scan's shortcuts (results kept from pass 1, pass-1 results confirmed
 * in pass 2 instead of parsing again, worker threads) must give exactly the
 * findings of the plain two-pass analysis.
 */
const settings = { locale: 'en' as const, config: defaultConfig() };
const CLI = path.join(__dirname, '..', 'dist', 'cli.js');

async function reference(dir: string): Promise<string[]> {
  const files = discoverFiles(dir, ['.'], new PathFilter(settings.config));
  const engine = createEngine();
  await engine.prepare(files.map((file) => file.relative), nodeParserAssets(path.join(__dirname, '..', 'host')));
  const sources = files.flatMap((file) => {
    const read = readSource(file.absolute);
    return 'text' in read ? [{ path: file.relative, text: read.text }] : [];
  });
  return analyzeProject(engine, sources, settings).files.flatMap((file) => file.findings.map(summarize)).sort();
}

function summarize(finding: Finding | { ruleId: string; file: string; line: number; column: number; message: string }): string {
  const line = 'range' in finding ? finding.range.start.line : finding.line;
  const column = 'range' in finding ? finding.range.start.column : finding.column;
  return `${finding.file}:${line}:${column} ${finding.ruleId} ${finding.message}`;
}

describe('scan', function () {
  this.timeout(120_000);

  it('in one thread, finds what the plain two-pass analysis finds (examples/)', async () => {
    const dir = path.join(__dirname, '..', 'examples');
    const scan = await scanFiles({ files: discoverFiles(dir, ['.'], new PathFilter(settings.config)), settings, threads: 1 });
    assert.deepEqual(scan.errors, []);
    const found = scan.results.flatMap((result) => result.findings.map(summarize)).sort();
    assert.ok(found.length >= 5, `only ${found.length} findings in examples/`);
    assert.deepEqual(found, await reference(dir));
  });

  it('over worker threads, finds the same (a generated app of 300 files)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalecheck-scan-'));
    try {
      for (const file of generateNextApp(7, 300)) {
        fs.mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
        fs.writeFileSync(path.join(dir, file.path), file.text);
      }
      const run = (...args: string[]) => {
        const output = JSON.parse(execFileSync(process.execPath, [CLI, '.', '--format', 'json', '--fail-on', 'never', ...args], { cwd: dir, encoding: 'utf8' })) as { findings: Array<{ ruleId: string; file: string; line: number; column: number; message: string }>; errors: unknown[] };
        assert.deepEqual(output.errors, []);
        return output.findings.map(summarize).sort();
      };
      const expected = await reference(dir);
      assert.ok(expected.length > 20);
      assert.deepEqual(run('--threads', '2'), expected, 'worker threads');
      assert.deepEqual(run('--threads', '1'), expected, 'one thread');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
