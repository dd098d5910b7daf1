import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { version } from '../package.json';
import { CLI, json, run as runCli, workspace } from './support/cli';

/**
 * The CLI as users and CI run it: the built bundle in dist/, spawned in a
 * scratch workspace. `npm test` builds first.
 */
const ROUTE = `import { NextResponse } from 'next/server';

const seen = new Set<string>();

export async function GET(request: Request) {
  seen.add(request.url);
  return NextResponse.json({ seen: seen.size });
}
`;

const run = (cwd: string, ...args: string[]) => runCli(cwd, args);

describe('cli', () => {
  before(() => assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run `npm run build`'));

  it('prints its version and help', () => {
    const cwd = os.tmpdir();
    assert.deepEqual(run(cwd, '--version'), { code: 0, stdout: `${version}\n`, stderr: '' });
    const help = run(cwd, '--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: scalecheck \[paths\.\.\.\]/);
  });

  it('stops quietly when the reader closes the pipe early (`scalecheck … | head`)', () => {
    const examples = path.join(__dirname, '..', 'examples');
    const piped = spawnSync('bash', ['-c', `node "${CLI}" "${examples}" --format sarif | head -c 100 > /dev/null; echo "\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    assert.equal(piped.stderr, '', 'no stack trace');
    assert.match(piped.stdout.trim(), /^[01]$/, `exit code ${piped.stdout.trim()}`);
  });

  it('exits 2 on usage errors', () => {
    const cwd = workspace({ 'a.ts': '' });
    for (const args of [['--format', 'xml'], ['--fail-on', 'sometimes'], ['--bogus'], ['--rule', 'no-such-rule'], ['missing-folder'], ['--lang', 'fr'], ['--min-confidence', 'sure']]) {
      const result = run(cwd, ...args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
      assert.match(result.stderr, /scalecheck: /);
    }
  });

  it('prints the JSON contract exactly, with paths relative to the current folder', () => {
    const cwd = workspace({ 'web/app/api/seen/route.ts': ROUTE });
    const { code, report } = json(cwd);
    assert.equal(code, 1);
    assert.deepEqual(Object.keys(report), ['version', 'findings', 'errors', 'skipped']);
    assert.equal(report.version, 3);
    assert.deepEqual(report.findings, [
      { ruleId: 'in-memory-state', severity: 'warning', confidence: 'high', message: report.findings[0].message, file: 'web/app/api/seen/route.ts', line: 3, column: 7, endLine: 3, endColumn: 11, lesson: 'in-memory-state', related: report.findings[0].related },
    ]);
    // The evidence, with paths relative to the current folder too: where the state is written per request.
    assert.deepEqual(report.findings[0].related[0], { file: 'web/app/api/seen/route.ts', line: 6, column: 3, message: 'written here, per request' });
    assert.match(report.findings[0].message, /`seen` is a module-level Set/);
    const inside = json(path.join(cwd, 'web'), 'app');
    assert.equal(inside.report.findings[0].file, 'app/api/seen/route.ts');
  });

  it('sets the exit code from --fail-on', () => {
    const cwd = workspace({ 'app/api/seen/route.ts': ROUTE });
    assert.equal(run(cwd).code, 1);
    assert.equal(run(cwd, '--fail-on', 'error').code, 0);
    assert.equal(run(cwd, '--fail-on', 'never').code, 0);
    assert.equal(run(cwd, '--fail-on', 'info').code, 1);
    assert.equal(run(workspace({ 'lib/ok.ts': 'export const a = 1;\n' })).code, 0);
  });

  it('runs only the rules named with --rule', () => {
    const cwd = workspace({ 'app/api/seen/route.ts': ROUTE });
    assert.equal(json(cwd, '--rule', 'suppression-without-reason').report.findings.length, 0);
    assert.equal(json(cwd, '--rule', 'in-memory-state,suppression-without-reason').report.findings.length, 1);
  });

  it('shows findings down to --min-confidence (or minConfidence in .scalecheck.json), and says how sure each one is', () => {
    // A helper no view reaches, looping over a list the code does not size: the pattern, and no more.
    const files = {
      'shop/models.py': 'from django.db import models\n\nclass Tag(models.Model):\n    name = models.CharField(max_length=40)\n',
      'shop/labels.py': 'from shop.models import Tag\n\ndef tag_names(ids):\n    return [Tag.objects.get(id=i).name for i in ids]\n',
    };
    const cwd = workspace(files);
    const perRow = (report: { findings: Array<{ ruleId: string; confidence: string }> }) => report.findings.filter((finding) => finding.ruleId === 'n-plus-one');
    assert.deepEqual(perRow(json(cwd).report), []);
    assert.deepEqual(perRow(json(cwd, '--min-confidence', 'low').report).map((finding) => finding.confidence), ['low']);
    assert.match(run(cwd, '--min-confidence', 'low').stdout, /n-plus-one {2}\(low confidence\)/);
    const sarif = JSON.parse(run(cwd, '--min-confidence', 'low', '--format', 'sarif').stdout);
    const result = sarif.runs[0].results.find((entry: { ruleId: string }) => entry.ruleId === 'n-plus-one');
    assert.deepEqual([result.rank, result.properties.confidence], [30, 'low']);
    const configured = workspace({ ...files, '.scalecheck.json': '{ "minConfidence": "low" }' });
    assert.equal(perRow(json(configured).report).length, 1);
    assert.equal(perRow(json(configured, '--min-confidence', 'high').report).length, 0);
  });

  it('prints text grouped by file with the lesson title and a summary', () => {
    const cwd = workspace({ 'app/api/seen/route.ts': ROUTE });
    const { stdout } = run(cwd);
    assert.match(stdout, /^app\/api\/seen\/route\.ts\n {2}3:7 {2}warning {2}`seen` is a module-level Set/m);
    assert.match(stdout, /lesson: Working is not lasting: keep servers stateless/);
    assert.match(stdout, /✖ 1 problem \(0 errors, 1 warning, 0 info\) · 1 file checked in \d+\.\ds/);
    assert.doesNotMatch(stdout, /\x1b\[/);
    assert.match(run(cwd, '--lang', 'ko').stdout, /lesson: 작동하는 것과 버티는 것은 다르다/);
  });

  it('lists large, minified and binary files as skipped', () => {
    const cwd = workspace({
      'big.ts': 'export const a = 1;\n'.repeat(120_000),
      'vendor.min.js': 'var a=1;',
      'bundle.js': 'var a=1;'.repeat(5000),
      'blob.ts': Buffer.from([0x61, 0x00, 0x62]),
      'app/api/seen/route.ts': ROUTE,
    });
    const { report } = json(cwd);
    const skipped = Object.fromEntries(report.skipped.map((entry: { file: string; reason: string }) => [entry.file, entry.reason]));
    assert.deepEqual(skipped, { 'big.ts': 'larger than 2 MB', 'blob.ts': 'binary content', 'bundle.js': 'minified (very long lines)', 'vendor.min.js': 'minified (very long lines)' });
    assert.equal(report.findings.length, 1);
  });

  it('respects .gitignore, default ignores and .scalecheck.json', () => {
    const cwd = workspace({
      '.gitignore': 'generated/\n',
      'generated/app/api/a/route.ts': ROUTE,
      'node_modules/pkg/app/api/a/route.ts': ROUTE,
      'sub/.gitignore': 'local.ts\n',
      'sub/app/api/b/local.ts': ROUTE.replace("'next/server'", "'express'"),
      'app/api/c/route.ts': ROUTE,
      'legacy/app/api/d/route.ts': ROUTE,
      '.scalecheck.json': JSON.stringify({ ignore: ['legacy/'], rules: { 'in-memory-state': 'error' } }),
    });
    const { report } = json(cwd);
    assert.deepEqual(report.findings.map((finding: { file: string; severity: string }) => `${finding.file}:${finding.severity}`), ['app/api/c/route.ts:error']);
  });

  it('reports configuration problems and keeps going', () => {
    const cwd = workspace({ 'app/api/c/route.ts': ROUTE, '.scalecheck.json': '{"rules":{"in-memory-state":"loud"}}' });
    const result = run(cwd);
    assert.match(result.stdout, /\.scalecheck\.json:1:29 {2}"rules\.in-memory-state" must be one of off, info, warning, error\./);
    assert.equal(result.code, 1);
    // With JSON on stdout, the problem is in `errors` and on stderr for the CI log.
    const machine = run(cwd, '--format', 'json');
    assert.deepEqual(JSON.parse(machine.stdout).errors, [{ file: '.scalecheck.json', message: '"rules.in-memory-state" must be one of off, info, warning, error.' }]);
    assert.match(machine.stderr, /scalecheck: \.scalecheck\.json: "rules\.in-memory-state" must be one of/);
  });

  it('writes SARIF 2.1.0 that validates against the official schema', () => {
    const cwd = workspace({
      'app/api/seen/route.ts': ROUTE,
      'app/api/quiet/route.ts': ROUTE.replace('const seen', '// scalecheck-ignore-next-line in-memory-state -- local dev only\nconst seen'),
    });
    const result = run(cwd, '--format', 'sarif');
    assert.equal(result.code, 1);
    const log = JSON.parse(result.stdout) as any;
    const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    // The official schema has a language-tag pattern that is invalid under the `u` flag.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const valid: boolean = validate(structuredClone(log));
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));

    const run0 = log.runs[0];
    const rule = run0.tool.driver.rules.find((candidate: { id: string }) => candidate.id === 'in-memory-state');
    assert.equal(rule.name, 'InMemoryState');
    assert.equal(rule.defaultConfiguration.level, 'warning');
    assert.match(rule.helpUri, /lessons\/en\/in-memory-state\.md$/);
    assert.ok(rule.shortDescription.text && rule.fullDescription.text);
    const active = run0.results.filter((entry: { suppressions?: unknown }) => !entry.suppressions);
    const suppressed = run0.results.filter((entry: { suppressions?: unknown }) => entry.suppressions);
    assert.equal(active.length, 1);
    assert.equal(active[0].locations[0].physicalLocation.artifactLocation.uri, 'app/api/seen/route.ts');
    assert.deepEqual(active[0].locations[0].physicalLocation.region, { startLine: 3, startColumn: 7, endLine: 3, endColumn: 11, charOffset: ROUTE.indexOf('seen'), charLength: 4 });
    assert.equal(run0.tool.driver.rules[active[0].ruleIndex].id, 'in-memory-state');
    assert.deepEqual(suppressed[0].suppressions, [{ kind: 'inSource', justification: 'local dev only' }]);
  });

  it('gives the same findings with worker threads as in one thread', function () {
    this.timeout(60_000);
    const files: Record<string, string> = {};
    for (let i = 0; i < 320; i++) files[`app/api/r${i}/route.ts`] = i % 3 === 0 ? ROUTE : 'export const GET = () => new Response("ok");\n';
    const cwd = workspace(files);
    const single = json(cwd, '--threads', '1').report;
    const parallel = json(cwd, '--threads', '2').report;
    assert.equal(single.findings.length, 107);
    assert.deepEqual(parallel, single);
  });
});
