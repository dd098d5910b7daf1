import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, json, run } from './support/cli';
import { tempDirs } from './support/temp-dirs';

/**
 * `scalecheck --cache` as users run it, on the built CLI: its output is the
 * output of a run without it, byte for byte, however the cache was left.
 */
const FIXTURES = path.join(__dirname, 'fixtures');
const EXAMPLES = path.join(__dirname, '..', 'examples');
const DEFAULT_FOLDER = path.join('node_modules', '.cache', 'scalecheck');

const temp = tempDirs('scalecheck-cli-cache-');
const copy = temp.copy;
const tempDir = temp.make;

/** The one cache file in the default folder. */
function cacheFileIn(dir: string): string {
  const folder = path.join(dir, DEFAULT_FOLDER);
  const names = fs.readdirSync(folder);
  assert.equal(names.length, 1, `one cache file in ${folder}: ${names.join(', ')}`);
  return path.join(folder, names[0]);
}

function runAsync(cwd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('cli --cache', function () {
  this.timeout(180_000);

  before(() => assert.ok(fs.existsSync(CLI), 'dist/cli.js is missing: run `npm run build`'));
  after(() => {
    temp.removeAll();
  });

  it('prints what a run without it prints: cold, twice, and after an edit (test/fixtures)', () => {
    const dir = copy(FIXTURES);
    const cold = json(dir, '--fail-on', 'never');
    assert.ok(cold.report.findings.length > 100);

    const first = json(dir, '--fail-on', 'never', '--cache');
    assert.deepEqual([first.stdout, first.stderr], [cold.stdout, '']);
    const file = cacheFileIn(dir);
    const written = fs.statSync(file).mtimeMs;
    const second = json(dir, '--fail-on', 'never', '--cache');
    assert.deepEqual([second.stdout, second.stderr], [cold.stdout, '']);
    assert.equal(fs.statSync(file).mtimeMs, written, 'nothing changed: the cache is not written again');

    // The helper a route's loop calls stops querying: the route's finding, in another file, goes.
    const helper = path.join(dir, 'n-plus-one', 'nextjs-chain', 'lib', 'format.ts');
    const text = fs.readFileSync(helper, 'utf8');
    fs.writeFileSync(helper, text.replace('const author = await findAuthor(post.authorId);', 'const author = { name: post.authorId };'));
    const edited = json(dir, '--fail-on', 'never', '--cache');
    const coldAfter = json(dir, '--fail-on', 'never');
    assert.equal(coldAfter.report.findings.length, cold.report.findings.length - 1, 'the edit takes the route\'s finding away');
    assert.deepEqual([edited.stdout, edited.stderr], [coldAfter.stdout, '']);
  });

  it('passes over a corrupt, truncated or foreign cache with one line on stderr, and replaces it', () => {
    const dir = copy(EXAMPLES);
    const cold = json(dir, '--fail-on', 'never');
    json(dir, '--fail-on', 'never', '--cache');
    const file = cacheFileIn(dir);
    const good = fs.readFileSync(file);
    const headerEnd = good.indexOf(0x0a, good.indexOf(0x0a) + 1);
    const header = JSON.parse(good.subarray(good.indexOf(0x0a) + 1, headerEnd).toString('utf8')) as { engine: string };
    const variants: Array<[string, Buffer, RegExp]> = [
      ['corrupt', Buffer.from(good.map((byte, i) => (i === good.length - 1000 ? byte ^ 0x55 : byte))), /damaged/],
      ['truncated', good.subarray(0, Math.floor(good.length / 2)), /truncated/],
      ['foreign', Buffer.concat([Buffer.from(good.subarray(0, headerEnd).toString('utf8').replace(header.engine, '0.0.1+0123456789abcdef')), good.subarray(headerEnd)]), /another build of ScaleCheck or Node\.js \(0\.0\.1\+0123456789abcdef/],
    ];
    for (const [what, content, reason] of variants) {
      fs.writeFileSync(file, content);
      const result = json(dir, '--fail-on', 'never', '--cache');
      assert.equal(result.stdout, cold.stdout, what);
      assert.match(result.stderr, /^scalecheck: cache node_modules\/\.cache\/scalecheck\/scan-[0-9a-f]{16}: it was not used: [^\n]+\.\n$/, what);
      assert.match(result.stderr, reason, what);
    }
    const next = json(dir, '--fail-on', 'never', '--cache');
    assert.deepEqual([next.stdout, next.stderr], [cold.stdout, ''], 'the cache was replaced');
  });

  it('finds again what a change of .scalecheck.json changes (a rule turned off, then on)', () => {
    const dir = copy(EXAMPLES);
    const before = json(dir, '--fail-on', 'never', '--cache');
    assert.ok(before.report.findings.some((finding) => finding.ruleId === 'n-plus-one'));
    fs.writeFileSync(path.join(dir, '.scalecheck.json'), JSON.stringify({ rules: { 'n-plus-one': 'off' } }));
    const off = json(dir, '--fail-on', 'never', '--cache');
    assert.ok(!off.report.findings.some((finding) => finding.ruleId === 'n-plus-one'));
    assert.deepEqual([off.stdout, off.stderr], [json(dir, '--fail-on', 'never').stdout, '']);
    fs.rmSync(path.join(dir, '.scalecheck.json'));
    assert.equal(json(dir, '--fail-on', 'never', '--cache').stdout, before.stdout);
    // So do --rule, --lang and --min-confidence.
    const args = ['--rule', 'n-plus-one,missing-index', '--lang', 'ko', '--min-confidence', 'low'];
    assert.equal(json(dir, '--fail-on', 'never', '--cache', ...args).stdout, json(dir, '--fail-on', 'never', ...args).stdout);
  });

  it('keeps the cache where --cache-location says: a file, or a folder', () => {
    const dir = copy(EXAMPLES);
    const cold = json(dir, '--fail-on', 'never').stdout;
    const elsewhere = tempDir();
    const file = path.join(elsewhere, 'deep', 'scalecheck.cache');
    for (let i = 0; i < 2; i++) assert.equal(json(dir, '--fail-on', 'never', '--cache', '--cache-location', file).stdout, cold);
    assert.ok(fs.statSync(file).isFile());
    assert.equal(json(dir, '--fail-on', 'never', '--cache', '--cache-location', 'my-cache/').stdout, cold);
    assert.equal(fs.readdirSync(path.join(dir, 'my-cache')).length, 1);
    assert.ok(!fs.existsSync(path.join(dir, 'node_modules')), 'nothing in the default place');
    assert.equal(run(dir, ['--cache-location', '']).code, 2);
  });

  it('keeps one cache per scan: the whole tree and a folder of it do not replace each other', () => {
    const dir = copy(EXAMPLES);
    const whole = json(dir, '--fail-on', 'never').stdout;
    const part = json(dir, '--fail-on', 'never', 'nextjs-app').stdout;
    assert.equal(json(dir, '--fail-on', 'never', '--cache').stdout, whole);
    assert.equal(json(dir, '--fail-on', 'never', '--cache', 'nextjs-app').stdout, part);
    assert.equal(fs.readdirSync(path.join(dir, DEFAULT_FOLDER)).length, 2);
  });

  it('is not corrupted by two runs at once, and a run that cannot write it says so and still prints everything', async () => {
    const dir = copy(EXAMPLES);
    const cold = json(dir, '--fail-on', 'never').stdout;
    const runs = await Promise.all([0, 1, 2].map(() => runAsync(dir, ['--format', 'json', '--fail-on', 'never', '--cache'])));
    for (const result of runs) assert.deepEqual([result.stdout, result.stderr], [cold, '']);
    assert.deepEqual(fs.readdirSync(path.join(dir, DEFAULT_FOLDER)).filter((name) => name.endsWith('.tmp')), []);
    const after = json(dir, '--fail-on', 'never', '--cache');
    assert.deepEqual([after.stdout, after.stderr], [cold, '']);

    const blocked = path.join(dir, 'blocked');
    fs.writeFileSync(blocked, 'a file where the cache folder would be');
    const unwritable = json(dir, '--fail-on', 'never', '--cache', '--cache-location', 'blocked/inside/cache');
    assert.equal(unwritable.stdout, cold);
    assert.match(unwritable.stderr, /^scalecheck: cache blocked\/inside\/cache: it could not be written \((ENOTDIR|EEXIST)\)\.\n$/);
  });

  it('is in --help', () => {
    const help = run(os.tmpdir(), ['--help']).stdout;
    assert.match(help, /--cache {2,}/);
    assert.match(help, /--cache-location <path>/);
  });
});
