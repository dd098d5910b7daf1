import ts from 'typescript';
import type { TextEdit } from '../core/types';
import { skipOuter } from './prisma-calls';
import { indentationAt, indentUnit, newlineOf } from './syntax';

/**
 * Text edits computed from compiler positions. Each helper keeps the file's
 * own style: indentation, line breaks, trailing commas, quote style where it
 * writes strings. The edits are small insertions, so applying them never
 * reflows code the user wrote.
 */

/** Inserts `key: value` pairs at the end of an object literal, written the way its other properties are. */
export function insertProperties(file: string, text: string, object: ts.ObjectLiteralExpression, entries: ReadonlyArray<[string, string]>): TextEdit {
  const sourceFile = object.getSourceFile();
  const pairs = entries.map(([key, value]) => `${key}: ${value}`);
  const properties = object.properties;
  const open = object.getStart(sourceFile);
  const close = object.end - 1;
  if (properties.length === 0) {
    const inside = text.slice(open + 1, close);
    if (inside.trim() === '') return { file, start: open, end: object.end, newText: `{ ${pairs.join(', ')} }` };
    // Only comments inside: keep them, add after.
    return { file, start: close, end: close, newText: ` ${pairs.join(', ')} ` };
  }
  const last = properties[properties.length - 1];
  const multiline = sourceFile.getLineAndCharacterOfPosition(open).line !== sourceFile.getLineAndCharacterOfPosition(last.getStart(sourceFile)).line;
  if (!multiline) {
    return { file, start: last.end, end: last.end, newText: `, ${pairs.join(', ')}` };
  }
  const indent = indentationAt(text, last.getStart(sourceFile));
  const newline = newlineOf(text);
  if (properties.hasTrailingComma) {
    const comma = text.indexOf(',', last.end);
    const at = comma >= 0 && comma < close ? comma + 1 : last.end;
    return { file, start: at, end: at, newText: pairs.map((pair) => `${newline}${indent}${pair},`).join('') };
  }
  return { file, start: last.end, end: last.end, newText: pairs.map((pair) => `,${newline}${indent}${pair}`).join('') };
}

/** Gives a call or `new` its first argument, or extends the object literal it already has. */
export function addOptions(file: string, text: string, call: ts.CallExpression | ts.NewExpression, entries: ReadonlyArray<[string, string]>, index = 0): TextEdit | undefined {
  const args = call.arguments ?? ts.factory.createNodeArray();
  const existing = args[index];
  if (existing) {
    const inner = skipOuter(existing);
    if (!ts.isObjectLiteralExpression(inner) || inner.properties.some((property) => ts.isSpreadAssignment(property))) return undefined;
    return insertProperties(file, text, inner, entries);
  }
  if (args.length !== index) return undefined;
  const object = `{ ${entries.map(([key, value]) => `${key}: ${value}`).join(', ')} }`;
  if (!call.arguments) {
    // `new OpenAI` without parentheses.
    return { file, start: call.end, end: call.end, newText: `(${object})` };
  }
  if (args.length === 0) {
    const closeParen = call.end - 1;
    if (text[closeParen] !== ')') return undefined;
    return { file, start: closeParen, end: closeParen, newText: object };
  }
  const last = args[args.length - 1];
  return { file, start: last.end, end: last.end, newText: `, ${object}` };
}

/** The quote character the file uses for its imports. */
export function quoteOf(sourceFile: ts.SourceFile): string {
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement)) return sourceFile.text[statement.moduleSpecifier.getStart(sourceFile)] === '"' ? '"' : "'";
  }
  return "'";
}

function usesSemicolons(sourceFile: ts.SourceFile): boolean {
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) || ts.isVariableStatement(statement) || ts.isExpressionStatement(statement)) {
      return sourceFile.text[statement.end - 1] === ';';
    }
  }
  return true;
}

/**
 * Imports `name` from `specifier`: into an existing named import of that
 * module, or as a new line after the last import (after the directives when
 * there is none).
 */
export function addNamedImport(file: string, sourceFile: ts.SourceFile, name: string, specifier: string): TextEdit | undefined {
  const text = sourceFile.text;
  let lastImport: ts.Statement | undefined;
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    lastImport = statement;
    if (!ts.isStringLiteral(statement.moduleSpecifier) || statement.moduleSpecifier.text !== specifier) continue;
    const clause = statement.importClause;
    if (clause?.isTypeOnly) continue;
    const named = clause?.namedBindings;
    if (named && ts.isNamedImports(named)) {
      if (named.elements.some((element) => element.name.text === name)) return undefined;
      if (named.elements.length === 0) return { file, start: named.getStart(sourceFile), end: named.end, newText: `{ ${name} }` };
      const last = named.elements[named.elements.length - 1];
      return { file, start: last.end, end: last.end, newText: `, ${name}` };
    }
    if (clause && clause.name && !named) return { file, start: clause.name.end, end: clause.name.end, newText: `, { ${name} }` };
  }
  const newline = newlineOf(text);
  const line = `import { ${name} } from ${quoteOf(sourceFile)}${specifier}${quoteOf(sourceFile)}${usesSemicolons(sourceFile) ? ';' : ''}`;
  if (lastImport) return { file, start: lastImport.end, end: lastImport.end, newText: `${newline}${line}` };
  let after = 0;
  for (const statement of sourceFile.statements) {
    if (ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression)) after = statement.end;
    else break;
  }
  return after > 0 ? { file, start: after, end: after, newText: `${newline}${newline}${line}` } : { file, start: 0, end: 0, newText: `${line}${newline}` };
}

/**
 * Takes `name` out of its named import: the specifier and its comma, or the
 * whole line when it was the import's only binding.
 */
function removeNamedImport(file: string, sourceFile: ts.SourceFile, name: string): { edit: TextEdit; declaration?: ts.ImportDeclaration } | undefined {
  const text = sourceFile.text;
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const clause = statement.importClause;
    const named = clause?.namedBindings;
    if (!clause || !named || !ts.isNamedImports(named)) continue;
    const index = named.elements.findIndex((element) => element.name.text === name);
    if (index < 0) continue;
    if (named.elements.length === 1 && !clause.name) return { edit: removeStatement(file, text, statement), declaration: statement };
    if (named.elements.length === 1) return { edit: { file, start: clause.name!.end, end: named.end, newText: '' } };
    const element = named.elements[index];
    const next = named.elements[index + 1];
    const edit = next
      ? { file, start: element.getStart(sourceFile), end: next.getStart(sourceFile), newText: '' }
      : { file, start: named.elements[index - 1].end, end: element.end, newText: '' };
    return { edit };
  }
  return undefined;
}

/**
 * Swaps an import the fix made unused for the one it needs: `drop` (if any)
 * leaves its import, `name` comes in from `specifier`, on the old line when the new
 * import would have been written right after it.
 */
export function swapNamedImport(file: string, sourceFile: ts.SourceFile, drop: string | undefined, name: string, specifier: string): TextEdit[] {
  const added = addNamedImport(file, sourceFile, name, specifier);
  const removed = drop === undefined ? undefined : removeNamedImport(file, sourceFile, drop);
  if (!removed) return added ? [added] : [];
  if (!added) return [removed.edit];
  const declaration = removed.declaration;
  if (declaration && added.start === declaration.end && added.end === declaration.end) {
    return [{ file, start: declaration.getStart(sourceFile), end: declaration.end, newText: added.newText.replace(/^\r?\n/, '') }];
  }
  return [removed.edit, added];
}

/** Removes a statement with its line when it stands alone on it. */
export function removeStatement(file: string, text: string, statement: ts.Statement): TextEdit {
  let start = statement.getStart(statement.getSourceFile());
  let end = statement.end;
  let lineStart = start;
  while (lineStart > 0 && (text[lineStart - 1] === ' ' || text[lineStart - 1] === '\t')) lineStart--;
  let lineEnd = end;
  while (lineEnd < text.length && (text[lineEnd] === ' ' || text[lineEnd] === '\t')) lineEnd++;
  const startsLine = lineStart === 0 || text[lineStart - 1] === '\n';
  const aloneOnLine = startsLine && (lineEnd === text.length || text[lineEnd] === '\n' || text[lineEnd] === '\r');
  // `stmt; // note`: drop the statement and the gap, keep the comment where the statement stood.
  if (startsLine && text.startsWith('//', lineEnd)) return { file, start, end: lineEnd, newText: '' };
  if (aloneOnLine) {
    start = lineStart;
    end = text.startsWith('\r\n', lineEnd) ? lineEnd + 2 : text[lineEnd] === '\n' ? lineEnd + 1 : lineEnd;
  }
  return { file, start, end, newText: '' };
}

/** Inserts whole lines before a statement, indented like it. */
export function insertBefore(file: string, text: string, statement: ts.Node, lines: readonly string[]): TextEdit {
  const start = statement.getStart(statement.getSourceFile());
  const indent = indentationAt(text, start);
  const newline = newlineOf(text);
  return { file, start, end: start, newText: lines.map((line) => `${line}${newline}${indent}`).join('') };
}

export { indentUnit };
