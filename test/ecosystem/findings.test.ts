import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import {
  diffFindings,
  formatBaseline,
  fromRows,
  keptAsEvidence,
  lostVerdicts,
  precision,
  debatableShare,
  sampleFindings,
  tallyBy,
  toRows,
  verdictIndex,
  verdictProblems,
  type EcoFinding,
  type Verdict,
} from '../../bench/ecosystem/findings';
import { judgeFix } from '../../bench/ecosystem/fixes';
import { loadManifest, manifestProblems, type RealFix } from '../../bench/ecosystem/manifest';

const finding = (file: string, line: number, rule = 'n-plus-one', hash = 'aaaa', repo = 'app'): EcoFinding => ({ repo, rule, file, line, hash, severity: 'warning' });
const verdict = (file: string, line: number, value: Verdict['verdict'], rule = 'n-plus-one'): Verdict => ({ repo: 'app', file, line, rule, verdict: value, reason: 'r', judged: '2026-12-04' });

describe('ecosystem check: bookkeeping', () => {
  it('tells added, removed and re-worded findings apart', () => {
    const before = [finding('a.ts', 1), finding('a.ts', 5), finding('b.ts', 9, 'missing-index')];
    const after = [finding('a.ts', 1), finding('a.ts', 5, 'n-plus-one', 'bbbb'), finding('c.ts', 2)];
    const diff = diffFindings(before, after);
    assert.deepEqual(diff.added.map((f) => f.file), ['c.ts']);
    assert.deepEqual(diff.removed.map((f) => f.file), ['b.ts']);
    assert.deepEqual(diff.changed.map(([was, now]) => [was.hash, now.hash]), [['aaaa', 'bbbb']]);
  });

  it('counts a verdict as lost only when nothing is reported at its place any more', () => {
    const after = [finding('a.ts', 5, 'n-plus-one', 'bbbb')];
    const verdicts = [verdict('a.ts', 1, 'TRUE'), verdict('a.ts', 5, 'FALSE'), verdict('a.ts', 5, 'TRUE', 'missing-index')];
    assert.deepEqual(lostVerdicts(verdicts, after).map((v) => [v.line, v.rule]), [[1, 'n-plus-one'], [5, 'missing-index']]);
  });

  it('knows a lost verdict whose place is now related to another finding of the same rule', () => {
    const atQuery: EcoFinding = { ...finding('api.ts', 12, 'missing-index'), related: [{ file: 'schema.prisma', line: 40 }] };
    const lost = [verdict('schema.prisma', 40, 'TRUE', 'missing-index'), verdict('schema.prisma', 40, 'TRUE', 'n-plus-one'), verdict('schema.prisma', 41, 'TRUE', 'missing-index')];
    assert.deepEqual(keptAsEvidence(lost, [atQuery]).map(({ verdict: v, by }) => [v.line, v.rule, by.file]), [[40, 'missing-index', 'api.ts']]);
  });

  it('computes precision over decisive verdicts and the debatable share over all judged', () => {
    const findings = [finding('a.ts', 1), finding('a.ts', 2), finding('a.ts', 3), finding('a.ts', 4), finding('a.ts', 5)];
    const verdicts = verdictIndex([verdict('a.ts', 1, 'TRUE'), verdict('a.ts', 2, 'TRUE'), verdict('a.ts', 3, 'TRUE'), verdict('a.ts', 4, 'FALSE')]);
    const tally = tallyBy(findings, verdicts, (f) => f.rule).get('n-plus-one')!;
    assert.deepEqual(tally, { TRUE: 3, DEBATABLE: 0, FALSE: 1, unjudged: 1 });
    assert.equal(precision(tally), 0.75);
    assert.equal(debatableShare({ TRUE: 1, DEBATABLE: 1, FALSE: 2, unjudged: 9 }), 0.25);
    assert.equal(precision({ TRUE: 0, DEBATABLE: 2, FALSE: 0, unjudged: 0 }), undefined);
  });

  it('counts two messages at one place once', () => {
    const tally = tallyBy([finding('a.ts', 1, 'n-plus-one', 'x'), finding('a.ts', 1, 'n-plus-one', 'y')], verdictIndex([]), (f) => f.rule);
    assert.equal(tally.get('n-plus-one')!.unjudged, 1);
  });

  it('samples a fixed number per repository and rule, and keeps a finding in the sample when unrelated ones come', () => {
    const many = Array.from({ length: 20 }, (_, i) => finding(`f${i}.ts`, i + 1));
    const sample = sampleFindings(many, 8);
    assert.equal(sample.length, 8);
    assert.equal(sampleFindings([...many, finding('x.py', 1, 'missing-index')], 8).length, 9);
    const again = sampleFindings([...many].reverse(), 8).map((f) => f.file).sort();
    assert.deepEqual(again, sample.map((f) => f.file).sort(), 'the order findings arrive in does not matter');
  });

  it('stores findings as rows, one per line, and reads them back', () => {
    const findings = [{ ...finding('b.ts', 2), confidence: 'low' }, finding('a.ts', 1)];
    const rows = toRows(findings);
    assert.deepEqual(rows[0], ['n-plus-one', 'a.ts', 1, 'aaaa', 'warning']);
    assert.deepEqual(fromRows('app', rows).map((f) => f.confidence), [undefined, 'low']);
    const text = formatBaseline({ generated: 'd', scalecheck: 's', repositories: { app: { commit: 'c', findings: rows } } });
    assert.deepEqual(JSON.parse(text).repositories.app.findings, rows);
    assert.ok(text.includes('\n        ["n-plus-one","a.ts",1,"aaaa","warning"],\n'));
  });

  it('names bad verdicts instead of counting them', () => {
    const problems = verdictProblems([verdict('a.ts', 1, 'TRUE'), verdict('a.ts', 1, 'FALSE'), { ...verdict('b.ts', 1, 'MAYBE' as never), repo: 'other' }], 'tuning', new Set(['app']));
    assert.equal(problems.length, 3);
    assert.match(problems.join('\n'), /judged twice/);
    assert.match(problems.join('\n'), /not in the tuning half/);
    assert.match(problems.join('\n'), /TRUE, DEBATABLE or FALSE/);
  });
});

describe('ecosystem check: real fixes', () => {
  const fix: RealFix = { repo: 'app', fix: 'f'.repeat(40), parent: 'e'.repeat(40), file: 'a.ts', lines: [10, 20], rule: 'n-plus-one', problem: 'a query per row' };

  it('finds a fix when the rule reports inside its lines at the parent and less after it', () => {
    const outcome = judgeFix(fix, [finding('a.ts', 12), finding('a.ts', 40)], [finding('a.ts', 40)]);
    assert.deepEqual({ found: outcome.found, before: outcome.before, after: outcome.after }, { found: true, before: 2, after: 1 });
  });

  it('does not count a finding of another rule or outside the lines', () => {
    const outcome = judgeFix(fix, [finding('a.ts', 9), finding('a.ts', 12, 'missing-index')], []);
    assert.equal(outcome.found, false);
  });

  it('counts a finding reported elsewhere whose evidence points into the fix (a missing index at its query, the schema line related)', () => {
    const schemaFix: RealFix = { ...fix, file: 'schema.prisma', lines: [30, 31], rule: 'missing-index' };
    const atQuery = { ...finding('routes/a.ts', 12, 'missing-index'), related: [{ file: 'schema.prisma', line: 30 }] };
    const outcome = judgeFix(schemaFix, [atQuery], [finding('routes/a.ts', 50, 'missing-index')]);
    assert.deepEqual({ found: outcome.found, before: outcome.before, after: outcome.after }, { found: true, before: 1, after: 0 });
    assert.equal(judgeFix(schemaFix, [{ ...atQuery, related: [{ file: 'schema.prisma', line: 90 }] }], []).found, false);
  });

  it('follows a file the fix moved', () => {
    const outcome = judgeFix({ ...fix, fixedFile: 'b.ts' }, [finding('a.ts', 12)], [finding('a.ts', 12), finding('b.ts', 3)]);
    assert.equal(outcome.after, 1);
  });
});

describe('ecosystem check: the committed manifest', () => {
  it('is valid, has at least 25 repositories of both stacks, and both halves hold both stacks', () => {
    const manifest = loadManifest(path.join(__dirname, '..', '..', 'bench', 'ecosystem', 'repos.json'));
    assert.ok(manifest.repositories.length >= 25);
    for (const half of ['tuning', 'held-out']) {
      const stacks = new Set(manifest.repositories.filter((repo) => repo.half === half).map((repo) => repo.stack));
      assert.deepEqual([...stacks].sort(), ['django', 'typescript'], half);
    }
  });

  it('names every broken entry', () => {
    const problems = manifestProblems({
      repositories: [
        { name: 'a', url: 'https://github.com/o/a', commit: 'x', stack: 'typescript', size: 'small', half: 'tuning', about: '' },
        { name: 'a', url: 'http://elsewhere', commit: 'a'.repeat(40), stack: 'ruby' as never, size: 'small', half: 'both' as never, about: '', subfolder: '../up' },
      ],
      fixes: [{ repo: 'nowhere', fix: 'a'.repeat(40), parent: 'b', file: 'x', lines: [3, 1], rule: 'r', problem: 'p' }],
    });
    for (const expected of [/commit must be/, /listed twice/, /url must be/, /stack must be/, /half must be/, /subfolder/, /needs url and stack/, /parent must be/, /lines must be/]) {
      assert.match(problems.join('\n'), expected);
    }
  });
});
