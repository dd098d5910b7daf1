import * as ts from 'typescript';
import type { TextChange } from '../core/languages';

export interface TsTree {
  sourceFile: ts.SourceFile;
}

export function scriptKindOf(path: string): ts.ScriptKind {
  const lower = path.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.[cm]?ts$/.test(lower)) return ts.ScriptKind.TS;
  // Plain .js files often hold JSX in React projects; the JSX grammar is a superset for our purposes.
  return ts.ScriptKind.JSX;
}

/**
 * Parses with the compiler's own parser: no program, no type checking. It
 * recovers from any syntax error, so half-typed code still yields a tree.
 */
export function parseTypeScript(path: string, text: string): TsTree {
  const sourceFile = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, /* setParentNodes */ true, scriptKindOf(path));
  return { sourceFile };
}

/**
 * Re-parses after one edit with the compiler's incremental parser: nodes the
 * edit does not touch are reused (and moved in place, which is why the
 * engine drops the previous tree). Parent pointers are set as in a full parse.
 */
export function reparseTypeScript(_path: string, previous: TsTree, text: string, edit: TextChange): TsTree {
  const range = ts.createTextChangeRange(ts.createTextSpan(edit.start, edit.oldEnd - edit.start), edit.newEnd - edit.start);
  return { sourceFile: ts.updateSourceFile(previous.sourceFile, text, range) };
}
