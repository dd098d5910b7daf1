import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { json, run, workspace } from './support/cli';

/**
 * The CLI on repositories nobody reviewed: every attack of issue 16 that a
 * workspace can mount, each in a generated workspace. Nothing may stop the
 * run, hang it, or print what a link points at; what is left out is said.
 */
const ROUTE = `import { NextResponse } from 'next/server';

const seen = new Set<string>();

export async function GET(request: Request) {
  seen.add(request.url);
  return NextResponse.json({ seen: seen.size });
}
`;
const SECRET = 'TOKEN=sk-live-4f9a8b7c6d5e';

function sarifOf(cwd: string, ...args: string[]) {
  const result = run(cwd, ['--format', 'sarif', ...args]);
  const log = JSON.parse(result.stdout);
  const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  assert.ok(validate(structuredClone(log)), JSON.stringify(validate.errors, null, 2));
  return log.runs[0];
}

describe('cli on hostile workspaces', function () {
  this.timeout(120_000);

  describe('.scalecheck.json', () => {
    it('an empty glob is a named problem and the scan goes on (it was a stack trace and exit 2)', () => {
      for (const key of ['scripts', 'ignore']) {
        const cwd = workspace({ 'app/api/seen/route.ts': ROUTE, '.scalecheck.json': JSON.stringify({ [key]: ['', 'tools/**'] }) });
        const { code, report } = json(cwd);
        assert.equal(code, 1, `${key}: findings still decide the exit code`);
        assert.equal(report.findings.length, 1);
        assert.deepEqual(report.errors, [{ file: '.scalecheck.json', message: `"${key}[0]" is empty; it is left out.` }]);
      }
    });

    it('reports every bad entry by key in JSON, text and SARIF, and applies the rest', () => {
      const config = '{\n  "rules": { "in-memory-state": "error", "n-plus-one": "loud", "constructor": "off" },\n  "scripts": ["**/a/**/b/**/c/**/d"],\n  "deployment": 3,\n  "extra": true\n}\n';
      const cwd = workspace({ 'app/api/seen/route.ts': ROUTE, '.scalecheck.json': config });
      const { report } = json(cwd);
      assert.deepEqual(report.findings.map((finding) => finding.severity), ['error'], 'the valid rule level applies');
      assert.deepEqual(report.errors.map((error) => error.message).sort(), [
        '"deployment" must be one of auto, serverless, server, containers.',
        '"rules.n-plus-one" must be one of off, info, warning, error.',
        '"scripts[0]" has more than 2 "**"; it is left out.',
        'Unknown key "extra"; it is left out.',
        'Unknown rule "constructor" in "rules"; it is left out.',
      ]);
      const text = run(cwd, []);
      assert.match(text.stdout, /Configuration problems \(the rest of the configuration applies\):\n {2}\.scalecheck\.json:2:56 {2}"rules\.n-plus-one" must be one of/);
      assert.match(text.stdout, /· 5 configuration problems/);
      const sarif = sarifOf(cwd);
      const notes = sarif.invocations[0].toolConfigurationNotifications;
      assert.equal(notes.length, 5);
      const level = notes.find((note: { message: { text: string } }) => note.message.text.startsWith('"rules.n-plus-one"'));
      assert.deepEqual(level.locations[0].physicalLocation, { artifactLocation: { uri: '.scalecheck.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 2, startColumn: 56, endLine: 2, endColumn: 62 } });
    });

    it('a syntax error names the line, never the text there', () => {
      const cwd = workspace({ 'app/api/seen/route.ts': ROUTE, '.scalecheck.json': `${SECRET}\n` });
      const result = run(cwd, ['--format', 'json']);
      assert.doesNotMatch(result.stdout + result.stderr, /sk-live|TOKEN/);
      assert.match(JSON.parse(result.stdout).errors[0].message, /^Not valid JSON: unexpected character at line 1, column 1\.$/);
      assert.equal(JSON.parse(result.stdout).findings.length, 1);
    });

    it('is read only as a regular file inside the workspace, under 1 MB', () => {
      const secret = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scalecheck-secret-')), 'secret.env');
      fs.writeFileSync(secret, `${SECRET}\n`);
      const cases: Array<[string, (file: string) => void, RegExp]> = [
        ['a link to a secret outside', (file) => fs.symlinkSync(secret, file), /link to a file outside the workspace/],
        ['a link to /dev/zero', (file) => fs.symlinkSync('/dev/zero', file), /link to a file outside the workspace/],
        ['a FIFO', (file) => execFileSync('mkfifo', [file]), /not a regular file/],
        ['a folder', (file) => fs.mkdirSync(file), /not a regular file/],
        ['2 MB of spaces', (file) => fs.writeFileSync(file, ' '.repeat(2 * 1024 * 1024)), /larger than 1 MB/],
      ];
      for (const [what, make, reason] of cases) {
        const cwd = workspace({ 'app/api/seen/route.ts': ROUTE });
        make(path.join(cwd, '.scalecheck.json'));
        const result = run(cwd, ['--format', 'json'], 20_000);
        assert.doesNotMatch(result.stdout + result.stderr, /sk-live|TOKEN/, what);
        const report = JSON.parse(result.stdout);
        assert.equal(report.errors.length, 1, what);
        assert.match(report.errors[0].message, reason, what);
        assert.equal(report.findings.length, 1, `${what}: the defaults apply`);
      }
      // A link inside the workspace is an ordinary file.
      const cwd = workspace({ 'app/api/seen/route.ts': ROUTE, 'config/scalecheck.json': '{"rules":{"in-memory-state":"off"}}' });
      fs.symlinkSync(path.join(cwd, 'config/scalecheck.json'), path.join(cwd, '.scalecheck.json'));
      assert.deepEqual(json(cwd).report, { version: 3, findings: [], errors: [], skipped: [] });
    });
  });

  describe('targets', () => {
    it('resolves a relative target against the current folder (it scanned the wrong place and said 0 files)', () => {
      const cwd = workspace({ 'a/keep.txt': '', 'b/app/api/seen/route.ts': ROUTE });
      const { code, report } = json(path.join(cwd, 'a'), '../b');
      assert.equal(code, 1);
      assert.deepEqual(report.findings.map((finding) => finding.file), ['../b/app/api/seen/route.ts']);
      const missing = run(path.join(cwd, 'a'), ['../nowhere']);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /no such file or folder: \.\.\/nowhere/);
    });

    it('clamps --threads to the cores and says so', () => {
      const cwd = workspace({ 'app/api/seen/route.ts': ROUTE });
      const result = run(cwd, ['--threads', '512']);
      assert.equal(result.code, 1);
      assert.match(result.stdout, new RegExp(`--threads 512 is more than the ${os.availableParallelism()} cores here; using ${os.availableParallelism()}\\.`));
    });
  });

  describe('ignore files and globs', () => {
    it('refuses catastrophic and overlong patterns by line, keeps the others, and ends (it ran for minutes)', () => {
      const names: Record<string, string> = { 'node_modules/pkg/app/api/x/route.ts': ROUTE, 'generated/app/api/g/route.ts': ROUTE };
      for (let i = 0; i < 3; i++) names[`src/${'a'.repeat(60)}${i}.ts`] = 'export const x = 1;\n';
      const cwd = workspace({ ...names, 'app/api/seen/route.ts': ROUTE, '.gitignore': `${'*a'.repeat(18)}*b\n${'x'.repeat(40_000)}\ngenerated/\n` });
      const { report } = json(cwd);
      assert.deepEqual(report.errors, [
        { file: '.gitignore', message: 'The pattern on line 1 has more than 2 "*" in one path segment; it is left out.' },
        { file: '.gitignore', message: 'The pattern on line 2 is longer than 1000 characters; it is left out.' },
      ]);
      assert.deepEqual(report.findings.map((finding) => finding.file), ['app/api/seen/route.ts'], 'generated/ and node_modules/ stay ignored');
    });

    it('reads a parent .gitignore only inside the workspace, and says when it does not', () => {
      const cwd = workspace({ 'sub/app/api/seen/route.ts': ROUTE, 'fifo/.keep': '' });
      fs.symlinkSync('/dev/zero', path.join(cwd, '.gitignore'));
      const result = run(cwd, ['sub', '--format', 'json'], 20_000);
      assert.deepEqual(JSON.parse(result.stdout).errors, [{ file: '.gitignore', message: 'Not read: it is a link to a file outside the workspace. Its patterns do not apply.' }]);
      const inner = workspace({ 'app/api/seen/route.ts': ROUTE });
      execFileSync('mkfifo', [path.join(inner, 'pipe')]);
      fs.mkdirSync(path.join(inner, 'app/api/more'));
      fs.symlinkSync(path.join(inner, 'pipe'), path.join(inner, 'app/api/more/.gitignore'));
      assert.deepEqual(json(inner).report.errors, [{ file: 'app/api/more/.gitignore', message: 'Not read: it is not a regular file. Its patterns do not apply.' }]);
    });

    it('says which folder it could not read instead of skipping it silently', () => {
      const cwd = workspace({ 'app/api/seen/route.ts': ROUTE });
      // A chain of folders whose absolute path passes PATH_MAX: readdir fails with ENAMETOOLONG (permissions would not stop root).
      const name = 'd'.repeat(200);
      let dir = path.join(cwd, 'deep');
      fs.mkdirSync(dir);
      execFileSync('bash', ['-c', `cd "${dir}" && for i in $(seq 1 22); do mkdir ${name} && cd ${name}; done`]);
      const { report } = json(cwd);
      assert.equal(report.findings.length, 1);
      assert.equal(report.errors.length, 1);
      assert.match(report.errors[0].message, /^This folder could not be read \(ENAMETOOLONG\); its files are not analyzed\.$/);
      dir = report.errors[0].file;
      assert.ok(dir.startsWith('deep/'), dir);
    });
  });

  describe('files', () => {
    it('decodes UTF-16 files instead of calling them binary', () => {
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ROUTE, 'utf16le')]);
      const be = Buffer.from(le.map((_, i) => le[i ^ 1]));
      const cwd = workspace({ 'app/api/le/route.ts': le, 'app/api/be/route.ts': be, 'app/api/nobom/route.ts': Buffer.from(ROUTE, 'utf16le') });
      const { report } = json(cwd);
      assert.deepEqual(report.skipped, []);
      assert.deepEqual(report.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column}`), ['app/api/be/route.ts:3:7', 'app/api/le/route.ts:3:7', 'app/api/nobom/route.ts:3:7']);
    });

    it('counts the 2 MB limit in UTF-8 bytes, as the editor does', () => {
      // 1.1 million "é" in short lines: 1.1 M characters (under 2 MB as characters), 2.2 MB as UTF-8.
      const lines = (ch: string) => Array.from({ length: 11_000 }, (_, i) => `export const s${i} = "${ch.repeat(100)}";\n`).join('');
      const cwd = workspace({ 'wide.ts': lines('é'), 'narrow.ts': lines('e') });
      assert.deepEqual(json(cwd).report.skipped, [{ file: 'wide.ts', reason: 'larger than 2 MB' }]);
    });

    it('skips files nested too deeply for the parser, with the reason (they were internal errors)', () => {
      const arrows = `export const f =\n${Array.from({ length: 3000 }, (_, i) => `  (a${i}: number) =>\n`).join('')}  0;\n`;
      const chain = `export function g(x: number) {\n  if (x === 0) return 0;\n${Array.from({ length: 10_000 }, (_, i) => `  else if (x === ${i + 1}) return ${i};\n`).join('')}  return -1;\n}\n`;
      const cwd = workspace({ 'arrows.ts': arrows, 'chain.ts': chain, 'app/api/seen/route.ts': ROUTE });
      const { report } = json(cwd);
      assert.deepEqual(report.errors, []);
      assert.deepEqual(report.skipped, [
        { file: 'arrows.ts', reason: 'nested too deeply to parse' },
        { file: 'chain.ts', reason: 'nested too deeply to parse' },
      ]);
    });

    it('reports nothing for a gunicorn.conf.py that does not parse yet', () => {
      const typing = 'import os\nworkers = 4\nthreads = int(os.environ.get("THREADS", 8)\nworker_class = "gthread"\n';
      assert.deepEqual(json(workspace({ 'gunicorn.conf.py': typing })).report.findings, []);
      const done = json(workspace({ 'gunicorn.conf.py': typing.replace('8)\n', '8))\n') })).report.findings;
      assert.match(done[0].message, /4 workers × 8 threads = 32/);
    });
  });

  describe('output', () => {
    it('strips control characters from what the workspace wrote (terminal escapes in file names)', () => {
      const cwd = workspace({ 'app/api/x\u001b[31mRED\u001b]0;pwned\u0007/route.ts': ROUTE });
      const { stdout } = run(cwd, []);
      assert.doesNotMatch(stdout, /[\u0000-\u0008\u000b-\u001f\u007f]/);
      assert.match(stdout, /app\/api\/x\?\[31mRED\?\]0;pwned\?\/route\.ts/);
    });

    it('SARIF: URIs are escaped segment by segment, relative to a %SRCROOT% that holds every target, with skipped files', () => {
      const cwd = workspace({ 'a/keep.txt': '', 'b/app/api/x#1?y=%41 z/route.ts': ROUTE, 'b/lib/vendor.min.js': 'var a=1;' });
      const sarif = sarifOf(path.join(cwd, 'a'), '../b');
      assert.equal(sarif.originalUriBaseIds['%SRCROOT%'].uri, `${require('node:url').pathToFileURL(fs.realpathSync(cwd)).href}/`);
      assert.deepEqual(sarif.results.map((result: any) => result.locations[0].physicalLocation.artifactLocation), [{ uri: 'b/app/api/x%231%3Fy%3D%2541%20z/route.ts', uriBaseId: '%SRCROOT%' }]);
      const skipped = sarif.invocations[0].toolExecutionNotifications;
      assert.deepEqual(skipped.map((note: any) => [note.descriptor.id, note.level, note.message.text, note.locations[0].physicalLocation.artifactLocation.uri]), [['skipped', 'note', 'Not analyzed: minified (very long lines).', 'b/lib/vendor.min.js']]);
    });
  });
});
