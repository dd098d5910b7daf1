import ts from 'typescript';
import { skipOuter } from './prisma-calls';

/**
 * Small, non-recursive questions about compiler nodes that every recognizer
 * asks: what a call is named, what a property holds, whether a node is a
 * function. None of them walk more than a fixed number of steps.
 */

export type FunctionNode = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration | ts.ConstructorDeclaration | ts.GetAccessorDeclaration | ts.SetAccessorDeclaration;

const FUNCTION_KINDS = new Set([
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.FunctionExpression,
  ts.SyntaxKind.ArrowFunction,
  ts.SyntaxKind.MethodDeclaration,
  ts.SyntaxKind.Constructor,
  ts.SyntaxKind.GetAccessor,
  ts.SyntaxKind.SetAccessor,
]);

/** Called for every node of every file: one set lookup instead of seven kind tests. */
export function isFunctionNode(node: ts.Node): node is FunctionNode {
  return FUNCTION_KINDS.has(node.kind);
}

/** A function written inline as a value: `async () => …`, `function () {}`. */
export function isFunctionValue(node: ts.Node | undefined): node is ts.ArrowFunction | ts.FunctionExpression {
  return !!node && (ts.isArrowFunction(node) || ts.isFunctionExpression(node));
}

export function isAsync(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword);
}

export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === kind);
}

/** The last name of a callee: `send` for `resend.emails.send(…)`, `fetch` for `fetch(…)`. */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = skipOuter(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

/**
 * The dotted names of a property chain, root first: `openai.chat.completions.create`
 * → ['openai', 'chat', 'completions', 'create']. `this` is kept as `this`; a
 * call or element access in the middle ends the chain (the root is then '').
 */
export function propertyPath(expression: ts.Expression, limit = 8): string[] {
  const names: string[] = [];
  let current = skipOuter(expression);
  for (let i = 0; i < limit; i++) {
    if (ts.isPropertyAccessExpression(current)) {
      names.push(current.name.text);
      current = skipOuter(current.expression);
      continue;
    }
    if (ts.isIdentifier(current)) names.push(current.text);
    else if (current.kind === ts.SyntaxKind.ThisKeyword) names.push('this');
    else names.push('');
    return names.reverse();
  }
  names.push('');
  return names.reverse();
}

/** The innermost expression a property chain hangs from: `openai` for `openai.chat.completions.create`. */
export function chainRoot(expression: ts.Expression, limit = 12): ts.Expression {
  let current = skipOuter(expression);
  for (let i = 0; i < limit; i++) {
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = skipOuter(current.expression);
    else if (ts.isCallExpression(current)) current = skipOuter(current.expression);
    else return current;
  }
  return current;
}

export function propertyName(name: ts.PropertyName | ts.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

/** A property of an object literal by name (last one wins, as at run time). */
export function propertyNamed(object: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  let found: ts.ObjectLiteralElementLike | undefined;
  for (const property of object.properties) {
    if (ts.isSpreadAssignment(property)) continue;
    if (propertyName(property.name) === name) found = property;
  }
  return found;
}

/** The value of `name: value` (or shorthand `name`) in an object literal. */
export function propertyValue(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  const property = propertyNamed(object, name);
  if (!property) return undefined;
  if (ts.isPropertyAssignment(property)) return property.initializer;
  if (ts.isShorthandPropertyAssignment(property)) return property.name;
  return undefined;
}

export function hasSpread(object: ts.ObjectLiteralExpression): boolean {
  return object.properties.some((property) => ts.isSpreadAssignment(property));
}

/** The argument as an object literal, looking through `as`, `satisfies`, parentheses. */
export function objectArgument(call: ts.CallExpression | ts.NewExpression, index: number): ts.ObjectLiteralExpression | undefined {
  const argument = call.arguments?.[index];
  if (!argument) return undefined;
  const inner = skipOuter(argument);
  return ts.isObjectLiteralExpression(inner) ? inner : undefined;
}

/** Text of a string literal or a template without substitutions. */
export function stringValue(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  return undefined;
}

/** The literal text a string or template starts with: `/api/` for `` `/api/${id}` ``. */
export function stringPrefix(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  const plain = stringValue(node);
  if (plain !== undefined) return plain;
  if (ts.isTemplateExpression(node)) return node.head.text;
  return undefined;
}

/** A short, single-line rendering of an expression for messages: `prisma.user.findUnique`. */
export function shortText(node: ts.Node, sourceFile: ts.SourceFile, max = 60): string {
  const text = node.getText(sourceFile).replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Whitespace at the start of the line holding `offset`. */
export function indentationAt(text: string, offset: number): string {
  let lineStart = offset;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  let end = lineStart;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return text.slice(lineStart, end);
}

/** The line break style the file already uses. */
export function newlineOf(text: string): string {
  const index = text.indexOf('\n');
  return index > 0 && text[index - 1] === '\r' ? '\r\n' : '\n';
}

/** One indentation step as the file writes it (two spaces when it cannot tell). */
export function indentUnit(text: string): string {
  const match = /\n([ \t]+)\S/.exec(text);
  if (!match) return '  ';
  if (match[1].startsWith('\t')) return '\t';
  return match[1].length >= 4 && match[1].length % 4 === 0 ? '    ' : '  ';
}

export function lineOf(sourceFile: ts.SourceFile, offset: number): number {
  return sourceFile.getLineAndCharacterOfPosition(offset).line;
}

/** The statement a node belongs to, directly inside a block or the file. */
export function enclosingStatement(node: ts.Node): ts.Statement | undefined {
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    if (current.parent && (ts.isBlock(current.parent) || ts.isSourceFile(current.parent) || ts.isCaseClause(current.parent) || ts.isDefaultClause(current.parent) || ts.isModuleBlock(current.parent))) {
      return current as ts.Statement;
    }
    if (isFunctionNode(current) && current !== node) return undefined;
  }
  return undefined;
}

/** True when a call's promise is waited for here: awaited, returned, or part of an awaited `Promise.all`. */
export function isAwaited(call: ts.Expression): boolean {
  let current: ts.Node = call;
  for (let i = 0; i < 24 && current.parent; i++) {
    const parent: ts.Node = current.parent;
    if (ts.isAwaitExpression(parent) || ts.isReturnStatement(parent)) return true;
    if (ts.isArrowFunction(parent) && parent.body === current) return true;
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent) || ts.isSatisfiesExpression(parent)) {
      current = parent;
      continue;
    }
    // `x.then(…)`, `sharp(x).resize(…).toBuffer()`: a chain is awaited or not as a whole.
    if (ts.isPropertyAccessExpression(parent) && parent.expression === current && parent.parent && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
      current = parent.parent;
      continue;
    }
    if (ts.isArrayLiteralExpression(parent) || (ts.isCallExpression(parent) && parent.arguments.includes(current as ts.Expression) && isPromiseCombinator(parent))) {
      current = parent;
      continue;
    }
    if (ts.isVariableDeclaration(parent) && parent.initializer === current) {
      // `const p = send(); … await p` is rare; a promise kept in a variable counts as awaited when the variable is.
      return false;
    }
    return false;
  }
  return false;
}

export function isPromiseCombinator(call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Promise' && /^(?:all|allSettled|race|any)$/.test(callee.name.text);
}

/** Identifiers used inside an expression (not property names), without descending into functions. */
export function identifiersIn(root: ts.Node, into: Set<string>, limit = 2000): void {
  const stack: ts.Node[] = [root];
  let seen = 0;
  while (stack.length && seen++ < limit) {
    const node = stack.pop()!;
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      const isPropertyName = parent && ts.isPropertyAccessExpression(parent) && parent.name === node;
      const isKey = parent && ts.isPropertyAssignment(parent) && parent.name === node;
      if (!isPropertyName && !isKey) into.add(node.text);
      continue;
    }
    if (ts.isShorthandPropertyAssignment(node)) {
      into.add(node.name.text);
      continue;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
}
