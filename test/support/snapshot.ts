import * as fs from 'node:fs';
import * as path from 'node:path';
import { LineMap, type Finding, type Range, type SourceFile, type TextEdit } from '../../analyzers';
import { FIXTURES_ROOT, SNAPSHOTS_FOLDER, type FixtureCase } from './fixture-case';

/**
 * Snapshots of what a fixture case's findings say, the way Ruff pins its
 * diagnostics: every finding's message in English and Korean, its range, its
 * related locations, its fixes (title, applicability, edits, next steps).
 * The `expect:` markers pin where findings are; a snapshot pins the words a
 * person reads, so a changed message shows up as a diff in review.
 *
 * One committed text file per case, `test/fixtures/<rule>/__snapshots__/<case>.snap`.
 * Lines and columns are 1-based (columns in UTF-16 code units, as in
 * `Position`); paths are relative to the case. A text is written as is
 * unless it has leading or trailing spaces, a line break or another control
 * character, or starts with `"`: then it is a JSON string. An edit's
 * `newText` is always a JSON string, so its whitespace is exact.
 *
 * The fixture run only compares. `npm run test:update-snapshots`
 * (`UPDATE_SNAPSHOTS=1`) writes them, and refuses to where `CI` is set, so a
 * missing or changed snapshot always fails in CI.
 */

export const UPDATE_COMMAND = 'npm run test:update-snapshots';

export type SnapshotMode = 'check' | 'update';

export function snapshotMode(env: NodeJS.ProcessEnv = process.env): SnapshotMode {
  const update = env.UPDATE_SNAPSHOTS !== undefined && !['', '0', 'false'].includes(env.UPDATE_SNAPSHOTS);
  if (!update) return 'check';
  if (env.CI && !['0', 'false'].includes(env.CI)) throw new Error('UPDATE_SNAPSHOTS is set where CI is: snapshots are only written on a developer machine, then reviewed and committed');
  return 'update';
}

export function snapshotFolder(ruleId: string): string {
  return path.join(FIXTURES_ROOT, ruleId, SNAPSHOTS_FOLDER);
}

/** `n-plus-one/ts-loop.ts` → `test/fixtures/n-plus-one/__snapshots__/ts-loop.ts.snap`. */
export function snapshotPath(fixture: Pick<FixtureCase, 'ruleId' | 'name'>): string {
  return path.join(snapshotFolder(fixture.ruleId), `${fixture.name.slice(fixture.ruleId.length + 1)}.snap`);
}

/**
 * The snapshot text of one case from its findings in both languages. The two
 * runs must agree on everything but the words; a finding only one language
 * has, or one whose range or edits differ, is an error.
 */
export function renderSnapshot(caseName: string, sources: readonly SourceFile[], en: readonly Finding[], ko: readonly Finding[]): string {
  const english = sortFindings(en);
  const korean = sortFindings(ko);
  const count = (findings: readonly Finding[]) => `${findings.length} finding${findings.length === 1 ? '' : 's'}`;
  if (english.length !== korean.length) throw new Error(`${caseName}: ${count(english)} in English but ${count(korean)} in Korean`);
  english.forEach((finding, index) => {
    if (shapeOf(finding) !== shapeOf(korean[index])) {
      throw new Error(`${caseName}: finding ${index + 1} differs between the English and the Korean run beyond its words:\n  en ${shapeOf(finding)}\n  ko ${shapeOf(korean[index])}`);
    }
  });

  const lineMaps = new Map(sources.map((source) => [source.path, new LineMap(source.text)]));
  const editRange = (edit: TextEdit): string => {
    const lines = lineMaps.get(edit.file);
    return lines ? formatRange(lines.range(edit.start, edit.end)) : `@${edit.start}-${edit.end}`;
  };

  const out = [`# ${caseName}: ${count(english)}, in en and ko (written by ${UPDATE_COMMAND})`];
  if (english.length === 0) out.push('', 'No findings.');
  english.forEach((finding, index) => {
    const other = korean[index];
    out.push('', `${index + 1}. ${finding.ruleId} ${finding.severity} ${finding.confidence} at ${finding.file} ${formatRange(finding.range)}`);
    out.push('  message', ...localized('    ', finding.message, other.message));
    (finding.related ?? []).forEach((related, at) => {
      out.push(`  related ${related.file} ${formatRange(related.range)}`, ...localized('    ', related.message, other.related![at].message));
    });
    (finding.fixes ?? []).forEach((fix, at) => {
      const koFix = other.fixes![at];
      out.push(`  fix ${at + 1} (${fix.applicability})`, ...localized('    ', fix.title, koFix.title));
      fix.edits.forEach((edit, editAt) => {
        const koText = koFix.edits[editAt].newText;
        if (koText === edit.newText) out.push(`    edit ${edit.file} ${editRange(edit)} ${JSON.stringify(edit.newText)}`);
        else out.push(`    edit ${edit.file} ${editRange(edit)}`, `      en: ${JSON.stringify(edit.newText)}`, `      ko: ${JSON.stringify(koText)}`);
      });
      const enSteps = fix.nextSteps ?? [];
      const koSteps = koFix.nextSteps ?? [];
      for (let step = 0; step < Math.max(enSteps.length, koSteps.length); step++) {
        out.push('    next step', ...localized('      ', enSteps[step], koSteps[step]));
      }
    });
  });
  return `${out.join('\n')}\n`;
}

/** By file, then position; findings at the same range keep the engine's order (the same in both runs). */
function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset);
}

/** Everything of a finding that does not depend on the language. */
function shapeOf(finding: Finding): string {
  return JSON.stringify({
    rule: finding.ruleId,
    severity: finding.severity,
    confidence: finding.confidence,
    at: `${finding.file} ${formatRange(finding.range)}`,
    related: (finding.related ?? []).map((related) => `${related.file} ${formatRange(related.range)}`),
    fixes: (finding.fixes ?? []).map((fix) => ({ applicability: fix.applicability, edits: fix.edits.map((edit) => `${edit.file} ${edit.start}-${edit.end}`) })),
  });
}

function formatRange(range: Range): string {
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}

function localized(indent: string, en: string | undefined, ko: string | undefined): string[] {
  return [`${indent}en: ${text(en)}`, `${indent}ko: ${text(ko)}`];
}

/** As is when that is unambiguous on one line, else a JSON string. */
function text(value: string | undefined): string {
  if (value === undefined) return '(none)';
  const plain = value !== '' && value === value.trim() && !/[\p{Cc}\u2028\u2029]/u.test(value) && !value.startsWith('"') && value !== '(none)';
  return plain ? value : JSON.stringify(value);
}

/**
 * Compares a snapshot with what the engine says now: undefined when they
 * agree, else a report with a line diff (`-` the snapshot, `+` now) and
 * what to run. `expected` is undefined when there is no snapshot yet.
 */
export function compareSnapshot(file: string, expected: string | undefined, actual: string): string | undefined {
  const shown = path.relative(process.cwd(), file) || file;
  if (expected === undefined) {
    return [`${shown} is missing. What the case says now:`, '', ...indentLines(actual), '', `Run \`${UPDATE_COMMAND}\` to write it, then review and commit it.`].join('\n');
  }
  const before = normalize(expected);
  if (before === actual) return undefined;
  return [`${shown} differs from what the case says now (- snapshot, + now):`, '', lineDiff(before, actual), '', `If the change is intended, run \`${UPDATE_COMMAND}\` and commit the new snapshot.`].join('\n');
}

/** A Windows checkout may turn line ends into CRLF; the snapshot means the same. */
function normalize(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

function indentLines(text: string): string[] {
  return text.replace(/\n$/, '').split('\n').map((line) => `    ${line}`);
}

/**
 * A unified line diff with three lines of context, from the longest common
 * subsequence of lines (snapshots are a few hundred lines at most).
 */
export function lineDiff(before: string, after: string, context = 3): string {
  const a = before.replace(/\n$/, '').split('\n');
  const b = after.replace(/\n$/, '').split('\n');
  const common: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) common[i][j] = a[i] === b[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
  }
  const ops: Array<{ kind: ' ' | '-' | '+'; line: string; from: number; to: number }> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const op = { from: i + 1, to: j + 1 };
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i], ...op });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || common[i + 1][j] >= common[i][j + 1])) ops.push({ kind: '-', line: a[i++], ...op });
    else ops.push({ kind: '+', line: b[j++], ...op });
  }
  const keep = ops.map(() => false);
  ops.forEach((op, index) => {
    if (op.kind === ' ') return;
    for (let near = Math.max(0, index - context); near <= Math.min(ops.length - 1, index + context); near++) keep[near] = true;
  });
  const out: string[] = [];
  ops.forEach((op, index) => {
    if (!keep[index]) return;
    if (index === 0 || !keep[index - 1]) out.push(`@@ snapshot line ${op.from}, now line ${op.to} @@`);
    out.push(op.line === '' ? op.kind.trim() : `${op.kind} ${op.line}`);
  });
  return out.join('\n');
}

export interface SnapshotOutcome {
  written: boolean;
}

/** Compares (or, in update mode, writes) one case's snapshot; throws a readable report when it differs. */
export function checkSnapshot(file: string, actual: string, mode: SnapshotMode): SnapshotOutcome {
  const expected = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  const report = compareSnapshot(file, expected, actual);
  if (!report) return { written: false };
  if (mode === 'update') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return { written: true };
  }
  const error = new Error(report);
  error.name = 'SnapshotMismatch';
  error.stack = `${error.name}: ${report}`; // the report says where; a trace into this helper does not
  throw error;
}

/** Snapshot files of a rule's folder that belong to no case (a case renamed or removed). */
export function orphanSnapshots(ruleId: string, cases: readonly Pick<FixtureCase, 'ruleId' | 'name'>[]): string[] {
  const folder = snapshotFolder(ruleId);
  if (!fs.existsSync(folder)) return [];
  const wanted = new Set(cases.map((fixture) => path.basename(snapshotPath(fixture))));
  return fs
    .readdirSync(folder)
    .filter((name) => !wanted.has(name))
    .sort()
    .map((name) => path.join(folder, name));
}
