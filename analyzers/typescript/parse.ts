import ts from 'typescript';

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
