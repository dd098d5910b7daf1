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
  const sourceFile = call.getSourceFile();
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
  void sourceFile;
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

/** Inserts whole lines before a statement, indented like it. */
export function insertBefore(file: string, text: string, statement: ts.Node, lines: readonly string[]): TextEdit {
  const start = statement.getStart(statement.getSourceFile());
  const indent = indentationAt(text, start);
  const newline = newlineOf(text);
  return { file, start, end: start, newText: lines.map((line) => `${line}${newline}${indent}`).join('') };
}

export { indentUnit };
