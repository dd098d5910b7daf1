import type { TextEdit } from '../analyzers';
// Leaf module (types-only imports): overlap-safe edit merging, without loading the engine.
import { applyEdits } from '../analyzers/core/edits';

/**
 * The user's code a lesson quotes — in *In your code*, in *Fix it* and in
 * the prompt for their AI — cut at whole statements: a few lines around the
 * finding, widened until every bracket opened in the excerpt is closed in it
 * (a prompt that quotes half of `openai.chat.completions.create({` asks the
 * model to guess the rest). Plain text in, line numbers out; no VS Code.
 */
const CONTEXT_LINES = 3;
/** A statement longer than this is quoted from its start up to the limit. */
const MAX_LINES = 60;

/** Bracket depth at the start of each line (index 0 is line 1), skipping strings and comments. */
export function bracketDepths(text: string, python: boolean): number[] {
  const depths = [0];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      depths.push(depth);
      continue;
    }
    if (python ? ch === '#' : ch === '/' && text[i + 1] === '/') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (!python && ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = skipLines(text, i, end < 0 ? text.length : end + 1, depths, depth);
    } else if (ch === '"' || ch === "'" || ch === '`') {
      const triple = python && text.startsWith(ch.repeat(3), i) ? ch.repeat(3) : ch;
      const end = closingQuote(text, i + triple.length, triple, ch === '`' || triple.length === 3);
      i = skipLines(text, i, end, depths, depth);
    } else if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth = Math.max(0, depth - 1);
  }
  return depths;
}

function closingQuote(text: string, from: number, quote: string, multiline: boolean): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text.startsWith(quote, i)) return i + quote.length - 1;
    else if (text[i] === '\n' && !multiline) return i - 1;
  }
  return text.length;
}

/** Moves past `[from, to]`, recording the depth of the lines that start inside it. */
function skipLines(text: string, from: number, to: number, depths: number[], depth: number): number {
  for (let i = from; i <= to && i < text.length; i++) if (text[i] === '\n') depths.push(depth);
  return Math.min(to, text.length);
}

/**
 * 1-based first and last line to quote for a finding on `startLine`–`endLine`:
 * the statement it sits in (up to where the brackets open at its lines were
 * opened, down to where they close), then up to three balanced lines of the
 * same block around it.
 */
export function statementLines(text: string, python: boolean, startLine: number, endLine: number): { first: number; last: number } {
  const depths = bracketDepths(text, python);
  const lines = text.split('\n');
  const lineCount = depths.length;
  const depthAt = (line: number) => depths[Math.min(Math.max(line, 1), lineCount) - 1] ?? 0;
  let floor = depthAt(startLine);
  for (let line = startLine; line <= Math.min(endLine + 1, lineCount); line++) floor = Math.min(floor, depthAt(line));
  let first = startLine;
  for (;;) {
    while (first > 1 && depthAt(first) > floor) first--;
    // A line inside an argument list or an object literal: the statement starts further up.
    if (first <= 1 || !continuesExpression(lines[first - 2], python)) break;
    floor = Math.min(floor, depthAt(--first));
  }
  let last = Math.min(endLine, lineCount);
  while (last < lineCount && depthAt(last + 1) > floor) last++;
  // Context lines that open and close nothing: the block's neighbouring statements.
  for (let added = 0; added < CONTEXT_LINES && first > 1 && depthAt(first - 1) === floor; added++) first--;
  for (let added = 0; added < CONTEXT_LINES && last + 1 < lineCount && depthAt(last + 1) === floor && depthAt(last + 2) === floor; added++) last++;
  // A statement in a loop or a handler body: quote the block it sits in, from its opening line to its end, when it fits.
  if (first > 1 && floor > 0 && depthAt(first - 1) === floor - 1 && opensBlock(lines[first - 2], python)) {
    let end = last;
    while (end < lineCount && depthAt(end + 1) > floor - 1) end++;
    if (end - first + 2 <= MAX_LINES) {
      first--;
      last = end;
    }
  }
  return { first, last: Math.min(last, first + MAX_LINES - 1) };
}

/** Whether a line ends inside an expression (an open call, list or object literal) rather than a statement or a block opener. */
function continuesExpression(line: string, python: boolean): boolean {
  const code = line.replace(python ? /#.*$/ : /\/\/.*$/, '').trimEnd();
  if (/[([,\\]$/.test(code)) return true;
  return python ? /\{$/.test(code) : /(?:[([=:,?]|\breturn)\s*\{$/.test(code);
}

/** Whether a line opens a block (a loop, a function body, a Python suite). */
function opensBlock(line: string, python: boolean): boolean {
  const code = line.replace(python ? /#.*$/ : /\/\/.*$/, '').trimEnd();
  return python ? /:$/.test(code) : /\{$/.test(code);
}

/** One file of a fix shown before and after: the statements its edits touch, in the user's own code. */
export interface FixPreviewFile {
  file: string;
  firstLine: number;
  before: string;
  after: string;
}

/** The edited statements of `text` (the file `file`) before and after the fix's edits to it. */
export function fixPreview(file: string, text: string, edits: readonly TextEdit[], python: boolean): FixPreviewFile | undefined {
  const own = edits.filter((edit) => edit.file === file);
  if (!own.length) return undefined;
  const { text: fixed, applied } = applyEdits(text, own);
  if (!applied.length) return undefined;
  const lineOf = (source: string, offset: number) => source.slice(0, offset).split('\n').length;
  const start = Math.min(...applied.map((edit) => edit.start));
  const end = Math.max(...applied.map((edit) => edit.end));
  const { first, last } = statementLines(text, python, lineOf(text, start), lineOf(text, end));
  const beforeLines = text.split('\n');
  // The same region after the fix: the lines the edits added or removed move its end.
  const added = applied.reduce((sum, edit) => sum + (edit.newText.split('\n').length - text.slice(edit.start, edit.end).split('\n').length), 0);
  const afterLines = fixed.split('\n');
  return {
    file,
    firstLine: first,
    before: beforeLines.slice(first - 1, last).join('\n'),
    after: afterLines.slice(first - 1, Math.max(first, last + added)).join('\n'),
  };
}
