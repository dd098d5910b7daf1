import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding } from '../analyzers';
import { engineFor, loadCases, runCase } from './support/fixture-case';
import { checkSnapshot, compareSnapshot, lineDiff, renderSnapshot, snapshotMode, snapshotPath, UPDATE_COMMAND } from './support/snapshot';

/** The snapshot check itself: it must fail when the words change, and say how. */
describe('fixture snapshots', () => {
  const source = { path: 'route.ts', text: 'const a = 1;\nfor (const id of ids) await db.user.findUnique({ where: { id } });\n' };
  const finding = (message: string, title = 'Load every user once'): Finding => ({
    ruleId: 'n-plus-one',
    severity: 'warning',
    confidence: 'high',
    message,
    file: 'route.ts',
    range: { start: { offset: 35, line: 2, column: 23 }, end: { offset: 57, line: 2, column: 45 } },
    lesson: 'n-plus-one',
    related: [{ file: 'route.ts', range: { start: { offset: 13, line: 2, column: 1 }, end: { offset: 34, line: 2, column: 22 } }, message: 'the loop' }],
    fixes: [{ title, applicability: 'unsafe', edits: [{ file: 'route.ts', start: 13, end: 13, newText: 'const users = await load(ids); ' }], fileHashes: {}, nextSteps: ['run it'] }],
  });
  const render = (en: Finding[], ko: Finding[]) => renderSnapshot('n-plus-one/route.ts', [source], en, ko);
  const committed = render([finding('`db.user.findUnique` runs once per `id`')], [finding('`id`마다 `db.user.findUnique`를 실행합니다')]);

  it('writes each finding with its range, related locations, fixes and edits, in both languages', () => {
    assert.equal(
      committed,
      [
        '# n-plus-one/route.ts: 1 finding, in en and ko (written by npm run test:update-snapshots)',
        '',
        '1. n-plus-one warning high at route.ts 2:23-2:45',
        '  message',
        '    en: `db.user.findUnique` runs once per `id`',
        '    ko: `id`마다 `db.user.findUnique`를 실행합니다',
        '  related route.ts 2:1-2:22',
        '    en: the loop',
        '    ko: the loop',
        '  fix 1 (unsafe)',
        '    en: Load every user once',
        '    ko: Load every user once',
        '    edit route.ts 2:1-2:1 "const users = await load(ids); "',
        '    next step',
        '      en: run it',
        '      ko: run it',
        '',
      ].join('\n'),
    );
  });

  it('passes when nothing changed, also from a CRLF checkout', () => {
    assert.equal(compareSnapshot('x.snap', committed, committed), undefined);
    assert.equal(compareSnapshot('x.snap', committed.replace(/\n/g, '\r\n'), committed), undefined);
  });

  it('fails on a changed message with a diff of the changed line and the command to run', () => {
    const now = render([finding('`db.user.findUnique` runs once per `id`')], [finding('`id`마다 `db.user.findUnique`을 실행합니다')]);
    const report = compareSnapshot('x.snap', committed, now);
    assert.ok(report, 'a changed Korean message must fail');
    assert.match(report, /^- {5}ko: `id`마다 `db\.user\.findUnique`를 실행합니다$/m);
    assert.match(report, /^\+ {5}ko: `id`마다 `db\.user\.findUnique`을 실행합니다$/m);
    assert.doesNotMatch(report, /^[-+] .*en: /m, 'only the changed line is marked');
    assert.ok(report.includes(UPDATE_COMMAND));
  });

  it('fails on a changed fix title, edit or range', () => {
    const en = finding('`db.user.findUnique` runs once per `id`');
    const ko = finding('`id`마다 `db.user.findUnique`를 실행합니다');
    const moved = (f: Finding): Finding => ({ ...f, range: { ...f.range, end: { offset: 58, line: 2, column: 46 } } });
    const edited = (f: Finding): Finding => ({ ...f, fixes: [{ ...f.fixes![0], edits: [{ ...f.fixes![0].edits[0], newText: 'const users = await load(ids);' }] }] });
    assert.ok(compareSnapshot('x.snap', committed, render([finding(en.message, 'Load users once')], [ko])));
    assert.ok(compareSnapshot('x.snap', committed, render([moved(en)], [moved(ko)])));
    assert.ok(compareSnapshot('x.snap', committed, render([edited(en)], [edited(ko)])), 'a lost trailing space in newText is a change');
  });

  it('fails when a snapshot is missing, and shows what it would hold', () => {
    const report = compareSnapshot('x.snap', undefined, committed);
    assert.ok(report?.includes('x.snap is missing'));
    assert.ok(report?.includes('    1. n-plus-one warning high at route.ts 2:23-2:45'));
  });

  it('refuses findings that differ between the languages beyond their words', () => {
    assert.throws(() => render([finding('a')], []), /1 finding in English but 0 findings in Korean/);
    const elsewhere = { ...finding('b'), range: { start: { offset: 0, line: 1, column: 1 }, end: { offset: 5, line: 1, column: 6 } } };
    assert.throws(() => render([finding('a')], [elsewhere]), /differs between the English and the Korean run/);
  });

  it('writes a text that a plain line would not show exactly as a JSON string', () => {
    const snapshot = render([finding(' padded', 'two\nlines')], [finding('"quoted"', '')]);
    assert.match(snapshot, /^ {4}en: " padded"$/m);
    assert.match(snapshot, /^ {4}ko: "\\"quoted\\""$/m);
    assert.match(snapshot, /^ {4}en: "two\\nlines"$/m);
    assert.match(snapshot, /^ {4}ko: ""$/m);
  });

  it('checks without writing, and writes only in update mode', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalecheck-snapshot-'));
    try {
      const file = path.join(dir, '__snapshots__', 'case.ts.snap');
      assert.throws(() => checkSnapshot(file, committed, 'check'), (error: Error) => error.name === 'SnapshotMismatch' && /is missing/.test(error.message));
      assert.equal(fs.existsSync(file), false, 'the check never writes');
      assert.deepEqual(checkSnapshot(file, committed, 'update'), { written: true });
      assert.deepEqual(checkSnapshot(file, committed, 'check'), { written: false });
      assert.throws(() => checkSnapshot(file, committed.replace('the loop', 'this loop'), 'check'), /- {5}en: the loop\n\+ {5}en: this loop/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('updates only when asked, and never where CI is set', () => {
    assert.equal(snapshotMode({}), 'check');
    assert.equal(snapshotMode({ UPDATE_SNAPSHOTS: '0' }), 'check');
    assert.equal(snapshotMode({ UPDATE_SNAPSHOTS: '1' }), 'update');
    assert.equal(snapshotMode({ UPDATE_SNAPSHOTS: '1', CI: 'false' }), 'update');
    assert.throws(() => snapshotMode({ UPDATE_SNAPSHOTS: '1', CI: 'true' }), /CI/);
  });

  it('diffs lines with context and hunks', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n');
    const after = ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h', 'i', 'j', 'k'].join('\n');
    assert.equal(lineDiff(before, after, 1), ['@@ snapshot line 4, now line 4 @@', '  d', '- e', '+ E', '  f', '@@ snapshot line 10, now line 10 @@', '  j', '+ k'].join('\n'));
  });

  it("a committed snapshot catches a changed message of a real case's finding", async () => {
    const fixture = loadCases('n-plus-one').find((candidate) => candidate.name === 'n-plus-one/ts-loop-over-posts.ts')!;
    const engine = await engineFor(fixture);
    const [en, ko] = (['en', 'ko'] as const).map((locale) => runCase(engine, fixture, fixture.sources, locale).files.flatMap((file) => file.findings));
    assert.ok(en.length > 0);
    const expected = fs.readFileSync(snapshotPath(fixture), 'utf8');
    assert.equal(compareSnapshot('x.snap', expected, renderSnapshot(fixture.name, fixture.sources, en, ko)), undefined);
    const wrong = ko.map((f, index) => (index === 0 ? { ...f, message: f.message.replace(/[을를]/, '{{을/를}}') } : f));
    const report = compareSnapshot('x.snap', expected, renderSnapshot(fixture.name, fixture.sources, en, wrong));
    assert.ok(report?.includes('{{을/를}}'), report);
  });
});
