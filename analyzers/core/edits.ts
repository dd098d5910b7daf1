import type { TextEdit } from './types';

/**
 * Applies edits to one file's text. Edits are sorted by position; an edit
 * overlapping one already taken is skipped (returned in `skipped`), so applying many fixes at
 * once never garbles text. Identical edits (two findings offering the same
 * schema line) are applied once.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; applied: TextEdit[]; skipped: TextEdit[] } {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const applied: TextEdit[] = [];
  const skipped: TextEdit[] = [];
  let lastEnd = -1;
  // Identical edits need not be neighbours: fixes inserting `@@index` lines A, B, A at one point.
  const seen = new Set<string>();
  for (const edit of sorted) {
    const key = `${edit.start}:${edit.end}:${edit.newText}`;
    if (seen.has(key)) continue;
    // Insertions at one point all apply, in order (two `@@index` lines for one model);
    // an edit reaching into text an earlier edit replaced is a conflict.
    if (edit.start < lastEnd) {
      skipped.push(edit);
      continue;
    }
    applied.push(edit);
    seen.add(key);
    lastEnd = edit.end;
  }
  let result = '';
  let cursor = 0;
  for (const edit of applied) {
    result += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  result += text.slice(cursor);
  return { text: result, applied, skipped };
}
