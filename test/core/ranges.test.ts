import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeProject, AnalysisSession, createEngine, defaultConfig, PathFilter, type Finding } from '../../analyzers';
import { MAX_NESTING, skipReason } from '../../analyzers/core/guards';
import { discoverFiles } from '../../host/files';
import { scanFiles } from '../../host/scan';

const settings = { locale: 'en' as const, config: defaultConfig() };

/** A route whose in-memory-state finding points at `visits`, with a prefix line that stresses offsets. */
function route(lineBreak: string, prefix: string): string {
  return [`// ${prefix}`, "import { NextResponse } from 'next/server';", `const label = '${prefix}'; const visits = new Map();`, 'export function GET(request: Request) {', '  visits.set(request.url, 1);', '  return NextResponse.json({});', '}', ''].join(lineBreak);
}

function onlyFinding(text: string): Finding {
  const result = analyzeProject(createEngine(), [{ path: 'app/api/v/route.ts', text }], settings);
  assert.deepEqual(result.errors, []);
  const findings = result.files.flatMap((file) => file.findings);
  assert.equal(findings.length, 1);
  return findings[0];
}

describe('ranges stay exact', () => {
  for (const [name, lineBreak, prefix] of [
    ['\\n', '\n', 'plain'],
    ['\\r\\n', '\r\n', 'windows'],
    ['lone \\r', '\r', 'classic mac'],
    ['surrogate pairs before the finding', '\n', '😀🚀 emoji, 한국어'],
    ['\\r\\n and surrogate pairs', '\r\n', '𝒳𝒴𝒵'],
  ] as const) {
    it(`with ${name}`, () => {
      const text = route(lineBreak, prefix);
      const finding = onlyFinding(text);
      const offset = text.indexOf('visits');
      assert.equal(text.slice(finding.range.start.offset, finding.range.end.offset), 'visits');
      assert.equal(finding.range.start.offset, offset);
      assert.equal(finding.range.start.line, 3);
      // Columns are UTF-16 code units from the start of the line, as VS Code counts them.
      assert.equal(finding.range.start.column, `const label = '${prefix}'; const `.length + 1);
    });
  }

  it('with a byte order mark: the host strips it, so positions match the editor', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalecheck-bom-'));
    try {
      const text = route('\r\n', 'bom');
      fs.mkdirSync(path.join(dir, 'app/api/v'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'app/api/v/route.ts'), '\uFEFF' + text);
      const scan = await scanFiles({ files: discoverFiles(dir, ['.'], new PathFilter(settings.config)), settings, threads: 1 });
      const [finding] = scan.results.flatMap((result) => result.findings);
      assert.deepEqual(finding.range, onlyFinding(text).range);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('in the session, after edits that change line breaks', () => {
    const session = new AnalysisSession(createEngine(), settings);
    session.update({ path: 'app/api/v/route.ts', text: route('\n', 'x') });
    session.analyze('app/api/v/route.ts');
    const text = route('\r\n', '😀');
    session.update({ path: 'app/api/v/route.ts', text });
    const [finding] = session.analyze('app/api/v/route.ts')!.findings;
    assert.equal(text.slice(finding.range.start.offset, finding.range.end.offset), 'visits');
    assert.equal(finding.range.start.line, 3);
  });
});

describe('deep nesting', () => {
  const shapes: Record<string, (depth: number) => { path: string; text: string }> = {
    'nested arrow functions': (depth) => ({ path: 'app/api/d/route.ts', text: 'export const GET = ' + '() => {\n'.repeat(depth) + '}\n'.repeat(depth) + ';\n' }),
    'nested parentheses': (depth) => ({ path: 'lib/d.ts', text: 'export const a = ' + '(\n'.repeat(depth) + '1' + ')\n'.repeat(depth) + ';\n' }),
    'nested arrays': (depth) => ({ path: 'lib/d.js', text: 'module.exports = ' + '[\n'.repeat(depth) + ']\n'.repeat(depth) + ';\n' }),
    'nested objects in a config file': (depth) => ({ path: 'package.json', text: '{"dependencies":' + '{"a":\n'.repeat(depth) + '1' + '}\n'.repeat(depth) + '}\n' }),
    'nested JSX': (depth) => ({ path: 'components/d.tsx', text: 'export const A = () => (\n' + '<div>{\n'.repeat(depth) + 'null' + '}</div>\n'.repeat(depth) + ');\n' }),
  };

  for (const [name, make] of Object.entries(shapes)) {
    it(`${name}: analyzed without error up to the limit, skipped with a note beyond it`, () => {
      const engine = createEngine();
      const within = make(MAX_NESTING - 5);
      const near = analyzeProject(engine, [within], settings);
      assert.deepEqual(near.errors, [], 'no stack overflow below the limit');
      assert.deepEqual(near.skipped, []);
      const beyond = make(5_000);
      const far = analyzeProject(engine, [beyond], settings);
      assert.deepEqual(far.errors, []);
      assert.deepEqual(far.skipped.map((entry) => entry.reason), [`nested more than ${MAX_NESTING} brackets deep`]);
    });
  }

  it('counts brackets only: long flat files are not deep', () => {
    assert.equal(skipReason('lib/a.ts', '(a)\n'.repeat(10_000)), undefined);
  });
});
