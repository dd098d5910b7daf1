import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { allRuleIds, type Engine, type Finding } from '../analyzers';
import { applyFirstFixes, engineFor, FIXTURES_ROOT, loadCases, readExpectations, runCase, type FixtureCase } from './support/fixture-case';
import { checkSnapshot, orphanSnapshots, renderSnapshot, snapshotMode, snapshotPath, UPDATE_COMMAND } from './support/snapshot';

/**
 * The one fixture runner: every folder under test/fixtures is named after a
 * rule, every entry in it is a case, and the `expect:` markers in the case are
 * the complete list of that rule's findings. A missing or an extra finding
 * fails with its file:line. Each case's `__snapshots__/<case>.snap` pins what
 * its findings say in English and Korean (`support/snapshot.ts`).
 */
const ruleFolders = fs
  .readdirSync(FIXTURES_ROOT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const mode = snapshotMode();
const updated: string[] = [];

describe('fixtures', () => {
  after(() => {
    if (mode === 'update') console.log(`  snapshots: ${updated.length ? `${updated.length} written or removed:\n${updated.map((file) => `    ${path.relative(process.cwd(), file)}`).join('\n')}` : 'all up to date'}`);
  });

  it('every fixture folder is named after a rule', () => {
    const unknown = ruleFolders.filter((folder) => !allRuleIds.includes(folder));
    assert.deepEqual(unknown, [], `fixture folders without a rule: ${unknown.join(', ')}`);
  });

  for (const ruleId of ruleFolders) {
    describe(ruleId, () => {
      const cases = loadCases(ruleId);
      it('has both invalid cases (with markers) and valid ones (without)', () => {
        const marked = cases.filter((fixture) => readExpectations(fixture).expectations.length > 0);
        assert.ok(marked.length > 0, `${ruleId} has no case with an expect: marker`);
        const clean = cases.flatMap((fixture) => fixture.sources.filter((source) => !/expect:/.test(source.text)));
        assert.ok(clean.length > 0 || cases.some((fixture) => hasValidCode(fixture)), `${ruleId} has no valid (clean) code`);
      });
      for (const fixture of cases) {
        it(fixture.name.slice(ruleId.length + 1), () => checkCase(fixture));
        it(`${fixture.name.slice(ruleId.length + 1)}: snapshot`, () => checkCaseSnapshot(fixture));
      }
      it('has no snapshot without a case', () => {
        const orphans = orphanSnapshots(ruleId, cases);
        if (mode === 'update') {
          for (const file of orphans) fs.rmSync(file);
          updated.push(...orphans);
        } else if (orphans.length) {
          assert.fail(`snapshots of no case (renamed or removed); \`${UPDATE_COMMAND}\` deletes them:\n${orphans.map((file) => `  ${path.relative(process.cwd(), file)}`).join('\n')}`);
        }
      });
    });
  }
});

/** What the case's findings say, in both languages, against its committed snapshot. */
async function checkCaseSnapshot(fixture: FixtureCase): Promise<void> {
  const engine = await engineFor(fixture);
  const [en, ko] = (['en', 'ko'] as const).map((locale) => {
    const result = runCase(engine, fixture, fixture.sources, locale);
    assert.deepEqual(result.errors, [], `engine errors (${locale}):\n${result.errors.map((error) => `${error.file}: ${error.message}`).join('\n')}`);
    return result.files.flatMap((file) => file.findings);
  });
  const file = snapshotPath(fixture);
  if (checkSnapshot(file, renderSnapshot(fixture.name, fixture.sources, en, ko), mode).written) updated.push(file);
}

/** A case file mixing marked lines with unmarked code counts as valid code too. */
function hasValidCode(fixture: FixtureCase): boolean {
  return fixture.sources.some((source) => source.text.split('\n').filter((line) => line.trim() && !/expect:/.test(line)).length > 3);
}

async function checkCase(fixture: FixtureCase): Promise<void> {
  const { expectations, problems } = readExpectations(fixture);
  assert.deepEqual(problems, [], problems.join('\n'));
  const engine = await engineFor(fixture);
  const result = runCase(engine, fixture);
  assert.deepEqual(result.errors, [], `engine errors:\n${result.errors.map((error) => `${error.file}: ${error.message}`).join('\n')}`);
  const findings = result.files.flatMap((file) => file.findings);

  const remaining = [...findings];
  const missing: string[] = [];
  for (const expected of expectations) {
    const index = remaining.findIndex((finding) => finding.file === expected.file && finding.range.start.line === expected.line && (!expected.severity || finding.severity === expected.severity) && finding.confidence === expected.confidence);
    if (index >= 0) remaining.splice(index, 1);
    else missing.push(`${fixture.name}: ${expected.file}:${expected.line}: expected ${fixture.ruleId}(${[expected.severity, expected.confidence].filter(Boolean).join(' ')})${describeNear(findings, expected.file, expected.line)}`);
  }
  const unexpected = remaining.map((finding) => `${fixture.name}: ${finding.file}:${finding.range.start.line}: unexpected ${finding.ruleId}(${finding.severity} ${finding.confidence}): ${finding.message}`);
  assert.deepEqual([...missing, ...unexpected], [], [...missing, ...unexpected].join('\n'));

  checkFixes(fixture, findings, 'safe', fixture.fixed);
  checkFixes(fixture, findings, 'unsafe', fixture.unsafeFixed);
  checkSafeFixesSettle(engine, fixture, findings);
}

function describeNear(findings: readonly Finding[], file: string, line: number): string {
  const near = findings.filter((finding) => finding.file === file && Math.abs(finding.range.start.line - line) <= 2);
  return near.length ? ` (found nearby: ${near.map((finding) => `${finding.range.start.line}(${finding.severity} ${finding.confidence})`).join(', ')})` : '';
}

function checkFixes(fixture: FixtureCase, findings: readonly Finding[], applicability: 'safe' | 'unsafe', expected: Map<string, string>): void {
  const actual = applyFirstFixes(fixture.sources, findings, applicability);
  const suffix = applicability === 'safe' ? 'fixed' : 'unsafe-fixed';
  for (const [file, text] of actual) {
    assert.ok(expected.has(file), `${fixture.name}: ${applicability} fixes change ${file}, but there is no ${file.replace(/(\.[^./]+)?$/, `.${suffix}$1`)} to compare with`);
    assert.equal(text, expected.get(file), `${fixture.name}: ${file} after ${applicability} fixes`);
    const before = fixture.sources.find((source) => source.path === file)!.text;
    assert.ok(syntaxErrors(file, text) <= syntaxErrors(file, before), `${fixture.name}: ${applicability} fixes leave a syntax error in ${file}`);
  }
  for (const file of expected.keys()) {
    assert.ok(actual.has(file), `${fixture.name}: an expected ${suffix} file exists for ${file}, but no ${applicability} fix changed it`);
  }
}

/** Parse errors of a TypeScript/JavaScript file (0 for other languages, which their own parsers check). */
function syntaxErrors(file: string, text: string): number {
  if (!/\.(?:[cm]?[jt]sx?)$/.test(file)) return 0;
  const kind = /\.tsx$/.test(file) ? ts.ScriptKind.TSX : /\.[cm]?ts$/.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JSX;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind) as ts.SourceFile & { parseDiagnostics?: readonly ts.Diagnostic[] };
  return source.parseDiagnostics?.length ?? 0;
}

/** Safe fixes applied once must not be offered again: applying them twice changes nothing. */
function checkSafeFixesSettle(engine: Engine, fixture: FixtureCase, findings: readonly Finding[]): void {
  const once = applyFirstFixes(fixture.sources, findings, 'safe');
  if (once.size === 0) return;
  const fixedSources = fixture.sources.map((source) => ({ path: source.path, text: once.get(source.path) ?? source.text }));
  const again = runCase(engine, fixture, fixedSources).files.flatMap((file) => file.findings);
  const twice = applyFirstFixes(fixedSources, again, 'safe');
  for (const [file, text] of twice) {
    assert.equal(text, fixedSources.find((source) => source.path === file)!.text, `${fixture.name}: safe fixes for ${file} are offered again after they were applied`);
  }
}
