import type { Finding, TextEdit } from '../analyzers';

/**
 * What else a fix changed in its own file: findings that are new after it,
 * or that now say something else (a `take: 100` turns the missing-index
 * finding next to it into one that asks for the sort column too). Plain data,
 * no VS Code: the lines of the findings before the fix are moved by the
 * lines the fix's edits added above them, then compared by rule, line and
 * message.
 */
export interface FindingSummary {
  ruleId: string;
  line: number;
  message: string;
}

export function summarize(findings: readonly Finding[]): FindingSummary[] {
  return findings.map((finding) => ({ ruleId: finding.ruleId, line: finding.range.start.line, message: finding.message }));
}

/** Where a fix's edits land in its own file, and how many lines each adds (negative: removes). */
export interface LineShift {
  line: number;
  delta: number;
}

export function lineShifts(edits: readonly TextEdit[], textBefore: string, ownPath: string): LineShift[] {
  return edits
    .filter((edit) => edit.file === ownPath)
    .map((edit) => ({ line: countLines(textBefore.slice(0, edit.start)) + 1, delta: countLines(edit.newText) - countLines(textBefore.slice(edit.start, edit.end)) }));
}

/** Findings after the fix that did not exist before it, once earlier findings are moved by the lines it added above them. */
export function changedByFix(before: readonly FindingSummary[], after: readonly FindingSummary[], shifts: readonly LineShift[]): FindingSummary[] {
  const moved = (line: number) => line + shifts.reduce((sum, shift) => sum + (shift.line < line ? shift.delta : 0), 0);
  const known = new Set(before.map((finding) => key({ ...finding, line: moved(finding.line) })));
  return after.filter((finding) => !known.has(key(finding)));
}

function key(finding: FindingSummary): string {
  return `${finding.ruleId}\0${finding.line}\0${finding.message}`;
}

function countLines(text: string): number {
  return (text.match(/\r\n|\r|\n/g) ?? []).length;
}
