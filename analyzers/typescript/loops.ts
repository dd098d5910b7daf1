import ts from 'typescript';
import type { IterationKind } from '../core/iteration';
import { resolve, type Declaration, type NameTable } from './declarations';
import { skipOuter } from './prisma-calls';
import { isPromiseCombinator, propertyName, type FunctionNode } from './syntax';

/**
 * Loops and per-item callbacks as the file model records them: which syntax
 * runs its body once per item, what it iterates, and whether that is a small
 * constant set. The model's pass calls `loopStatement` and `iterationOf`;
 * rules ask `perItemLoop` or `collectionLoop`, and `itemName`. The syntax
 * maps onto the kinds every language shares (`iterationKind`,
 * `core/iteration.ts`).
 */

export type LoopKind = 'for' | 'for-of' | 'for-in' | 'while' | 'do' | 'map' | 'forEach' | 'flatMap' | 'reduce' | 'filter' | 'some' | 'every' | 'find' | 'from';

export interface LoopInfo {
  /** The loop statement, or the call whose callback runs per item (`xs.map(…)`). */
  node: ts.Node;
  kind: LoopKind;
  /** What is iterated: `posts` in `for (const post of posts)` or `posts.map(…)`. */
  iterable?: ts.Expression;
  /** The per-item binding: the loop variable or the callback's first parameter. */
  element?: ts.BindingName;
  /** Iterates a small constant set (a literal array, an enum, `i < 3`): not user-sized. */
  constant: boolean;
  /** A counting loop that steps by a batch (`i += BATCH_SIZE`): each turn handles many items. */
  batched?: boolean;
  /** `Promise.all(xs.map(…))`: the queries overlap, but there are still N of them. */
  concurrent: boolean;
  /** The loop around this one in the same unit. */
  parent?: LoopInfo;
}

const ITERATION_METHODS = new Set(['map', 'forEach', 'flatMap', 'reduce', 'reduceRight', 'filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex']);
/** A numeric loop bound at or below this is a small constant, not user data. */
const SMALL_BOUND = 20;

/** A callback run once per item: the function argument of `xs.map(…)`, `Array.from(xs, fn)`. */
export function iterationOf(node: FunctionNode, model: NameTable): Omit<LoopInfo, 'parent'> | undefined {
  const parent = node.parent;
  if (!parent || !ts.isCallExpression(parent) || !parent.arguments.includes(node as ts.Expression)) return undefined;
  const callee = skipOuter(parent.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  if (method === 'from' && ts.isIdentifier(callee.expression) && callee.expression.text === 'Array' && parent.arguments[1] === node) {
    const iterable = parent.arguments[0];
    return { node: parent, kind: 'from', iterable, element: node.parameters[0]?.name, constant: isConstantIterable(iterable, model), concurrent: isConcurrent(parent) };
  }
  if (!ITERATION_METHODS.has(method) || parent.arguments[0] !== node) return undefined;
  if (isOneValueCombinator(callee.expression, model)) return undefined;
  const kind: LoopKind = method === 'reduceRight' ? 'reduce' : method.startsWith('find') ? 'find' : (method as LoopKind);
  const element = method === 'reduce' || method === 'reduceRight' ? node.parameters[1]?.name : node.parameters[0]?.name;
  return { node: parent, kind, iterable: callee.expression, element, constant: isConstantIterable(callee.expression, model), concurrent: isConcurrent(parent) };
}

/** `name.push(…)`, `name.unshift(…)` or `name.splice(…)` anywhere the array's name is visible. */
function isFilledLater(declaration: Declaration, model: NameTable): boolean {
  let filled = false;
  const visit = (node: ts.Node): void => {
    if (filled) return;
    if (ts.isCallExpression(node)) {
      const callee = skipOuter(node.expression);
      if (ts.isPropertyAccessExpression(callee) && /^(?:push|unshift|splice)$/.test(callee.name.text)) {
        const receiver = skipOuter(callee.expression);
        if (ts.isIdentifier(receiver) && receiver.text === declaration.id.text && resolve(model, receiver) === declaration) filled = true;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(declaration.scope);
  return filled;
}

/**
 * `Effect.flatMap(fn)`, `Option.map(fn)`, `TE.map(fn)` from Effect or fp-ts:
 * the callback runs once on the one value the effect yields, not per item.
 * Their collection types (`Stream`, `Array`, `Chunk`) do run per item.
 */
const ONE_VALUE_MODULES = /^(?:effect|@effect\/[\w-]+|fp-ts)(?:\/(?:Effect|Option|Either|Exit|Micro|STM|Layer|Task|TaskEither|IO|IOEither|Reader|ReaderTaskEither))?$/;
const ONE_VALUE_TYPES = /^(?:Effect|Option|Either|Exit|Micro|STM|Layer)$/;

function isOneValueCombinator(receiver: ts.Expression, model: NameTable): boolean {
  const inner = skipOuter(receiver);
  if (!ts.isIdentifier(inner)) return false;
  const declaration = resolve(model, inner);
  if (declaration?.kind !== 'import' || !ONE_VALUE_MODULES.test(declaration.specifier ?? '')) return false;
  // `import * as TE from 'fp-ts/TaskEither'` names the type by its module; `import { Effect } from 'effect'` by the binding.
  return /\/[A-Z]\w*$/.test(declaration.specifier ?? '') || ONE_VALUE_TYPES.test(declaration.imported ?? inner.text);
}

function isConcurrent(call: ts.CallExpression): boolean {
  let current: ts.Node = call;
  while (current.parent && (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent))) current = current.parent;
  const parent = current.parent;
  return !!parent && ts.isCallExpression(parent) && isPromiseCombinator(parent);
}

/** A loop statement, with the children that run once per iteration. */
export function loopStatement(node: ts.Node, model: NameTable): { info: Omit<LoopInfo, 'parent'>; inside: ts.Node[] } | undefined {
  if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
    const declarationList = ts.isVariableDeclarationList(node.initializer) ? node.initializer : undefined;
    const element = declarationList?.declarations[0]?.name;
    const constant = ts.isForInStatement(node) ? isConstantObject(node.expression, model) : isConstantIterable(node.expression, model);
    return { info: { node, kind: ts.isForOfStatement(node) ? 'for-of' : 'for-in', iterable: node.expression, element, constant, concurrent: false }, inside: [node.statement] };
  }
  if (ts.isForStatement(node)) {
    const bound = forBound(node, model);
    return { info: { node, kind: 'for', iterable: bound.iterable, constant: bound.constant, batched: bound.batched, concurrent: false }, inside: [node.statement, node.condition, node.incrementor].filter((child): child is ts.Expression | ts.Statement => !!child) };
  }
  if (ts.isWhileStatement(node) || ts.isDoStatement(node)) {
    return { info: { node, kind: ts.isWhileStatement(node) ? 'while' : 'do', constant: isSmallBound(node.expression, model), concurrent: false }, inside: [node.statement, node.expression] };
  }
  return undefined;
}

/**
 * `for (let i = 0; i < xs.length; i++)` iterates xs; `i < 3` is a small constant.
 * `for (let i = 0; i < xs.length; i += BATCH_SIZE)` walks batches, not items:
 * one query per batch is the fix for N+1, not an instance of it.
 */
function forBound(node: ts.ForStatement, model: NameTable): { iterable?: ts.Expression; constant: boolean; batched?: boolean } {
  const condition = node.condition;
  if (!condition) return { constant: false };
  if (node.incrementor && stepsByBatch(node.incrementor)) return { constant: false, batched: true };
  if (ts.isBinaryExpression(condition)) {
    const right = skipOuter(condition.right);
    if (ts.isPropertyAccessExpression(right) && right.name.text === 'length') return { iterable: right.expression, constant: isConstantIterable(right.expression, model) };
  }
  return { constant: isSmallBound(condition, model) };
}

/** `i += size` or `i = i + size`, with a step other than the literal 1. */
function stepsByBatch(incrementor: ts.Expression): boolean {
  const inner = skipOuter(incrementor);
  if (!ts.isBinaryExpression(inner)) return false;
  let step: ts.Expression | undefined;
  if (inner.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) step = inner.right;
  else if (inner.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const sum = skipOuter(inner.right);
    if (ts.isBinaryExpression(sum) && sum.operatorToken.kind === ts.SyntaxKind.PlusToken && sum.left.getText() === inner.left.getText()) step = sum.right;
  }
  if (!step) return false;
  const value = skipOuter(step);
  return !(ts.isNumericLiteral(value) && Number(value.text) === 1);
}

/** A loop condition against a small number or an ALL_CAPS constant: `attempt < 3`, `i <= MAX_RETRIES`. */
function isSmallBound(condition: ts.Expression, model: NameTable): boolean {
  const inner = skipOuter(condition);
  if (!ts.isBinaryExpression(inner)) return false;
  const operator = inner.operatorToken.kind;
  if (![ts.SyntaxKind.LessThanToken, ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.GreaterThanEqualsToken].includes(operator)) return false;
  return [inner.left, inner.right].some((side) => isSmallNumber(skipOuter(side), model));
}

function isSmallNumber(expression: ts.Expression, model: NameTable): boolean {
  if (ts.isNumericLiteral(expression)) return Number(expression.text.replace(/_/g, '')) <= SMALL_BOUND;
  if (ts.isIdentifier(expression)) {
    if (isConstantName(expression.text)) return true;
    const declaration = resolve(model, expression);
    if (declaration?.kind === 'const' && declaration.initializer && declaration.key === undefined) {
      const init = skipOuter(declaration.initializer);
      return ts.isNumericLiteral(init) && Number(init.text.replace(/_/g, '')) <= SMALL_BOUND;
    }
  }
  if (ts.isPropertyAccessExpression(expression)) return isConstantName(expression.name.text) || (ts.isIdentifier(expression.expression) && isConstantName(expression.expression.text));
  return false;
}

/** ALL_CAPS names are constants by convention: `PLANS`, `MAX_RETRIES`. */
function isConstantName(name: string): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(name) && /[A-Z]{2}/.test(name);
}

/**
 * A collection whose size is fixed in the source: an array literal, a const
 * bound to one, an enum's values, `Object.keys` of a literal, an ALL_CAPS
 * constant. Loops over these are not per-row.
 */
export function isConstantIterable(expression: ts.Expression, model: NameTable, depth = 0): boolean {
  if (depth > 4) return false;
  const inner = skipOuter(expression);
  if (ts.isArrayLiteralExpression(inner)) return !inner.elements.some((element) => ts.isSpreadElement(element)) || inner.elements.every((element) => !ts.isSpreadElement(element) || isConstantIterable(element.expression, model, depth + 1));
  if (ts.isStringLiteralLike(inner)) return true;
  if (ts.isCallExpression(inner)) {
    const callee = skipOuter(inner.expression);
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Object' && /^(?:keys|values|entries)$/.test(callee.name.text) && inner.arguments[0]) {
      return isConstantObject(inner.arguments[0], model, depth + 1);
    }
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'Array' && callee.name.text === 'from' && inner.arguments[0]) {
      const source = skipOuter(inner.arguments[0]);
      if (ts.isObjectLiteralExpression(source)) {
        const length = source.properties.find((property) => propertyName(property.name) === 'length');
        return !!length && ts.isPropertyAssignment(length) && isSmallNumber(skipOuter(length.initializer), model);
      }
      return isConstantIterable(source, model, depth + 1);
    }
    // `xs.slice(0, 3)`, `PLANS.filter(…)`: derived from a constant (or cut to a small size).
    if (ts.isPropertyAccessExpression(callee) && /^(?:slice|filter|map|concat|flat|sort|toSorted|reverse)$/.test(callee.name.text)) {
      if (callee.name.text === 'slice' && inner.arguments.length === 2 && isSmallNumber(skipOuter(inner.arguments[1]), model) && inner.arguments[0] && ts.isNumericLiteral(skipOuter(inner.arguments[0]))) return true;
      return isConstantIterable(callee.expression, model, depth + 1);
    }
    return false;
  }
  if (ts.isIdentifier(inner)) {
    if (isConstantName(inner.text)) return true;
    const declaration = resolve(model, inner);
    if (!declaration) return false;
    if (declaration.kind === 'enum') return true;
    if (declaration.kind === 'const' && declaration.initializer && declaration.key === undefined) {
      // `const rows = []` filled by `rows.push(…)` later holds what was pushed, not the literal.
      if (ts.isArrayLiteralExpression(skipOuter(declaration.initializer)) && isFilledLater(declaration, model)) return false;
      return isConstantIterable(declaration.initializer, model, depth + 1);
    }
    return false;
  }
  if (ts.isPropertyAccessExpression(inner)) {
    if (isConstantName(inner.name.text)) return true;
    const root = skipOuter(inner.expression);
    if (ts.isIdentifier(root)) {
      if (isConstantName(root.text)) return true;
      const declaration = resolve(model, root);
      if (declaration?.kind === 'const' && declaration.initializer && declaration.key === undefined && declaration.scope === model.sourceFile) {
        const object = skipOuter(declaration.initializer);
        if (ts.isObjectLiteralExpression(object)) {
          const property = object.properties.find((candidate) => propertyName(candidate.name) === inner.name.text);
          return !!property && ts.isPropertyAssignment(property) && isConstantIterable(property.initializer, model, depth + 1);
        }
      }
    }
  }
  return false;
}

/** An object whose keys are fixed in the source: a literal, an enum (ours or Prisma's), an ALL_CAPS constant. */
function isConstantObject(expression: ts.Expression, model: NameTable, depth = 0): boolean {
  const inner = skipOuter(expression);
  if (ts.isObjectLiteralExpression(inner)) return !inner.properties.some((property) => ts.isSpreadAssignment(property));
  if (ts.isIdentifier(inner)) {
    if (isConstantName(inner.text)) return true;
    const declaration = resolve(model, inner);
    if (!declaration) return false;
    if (declaration.kind === 'enum') return true;
    // Prisma's generated enums: `import { Role } from '@prisma/client'`.
    if (declaration.kind === 'import' && /^[A-Z]/.test(inner.text) && /(?:^@prisma\/client|prisma)/.test(declaration.specifier ?? '')) return true;
    if (declaration.kind === 'const' && declaration.initializer && declaration.key === undefined) return isConstantObject(declaration.initializer, model, depth + 1);
  }
  return false;
}

/** The shared kind a loop's syntax is (`core/iteration.ts`). */
export function iterationKind(loop: LoopInfo): IterationKind {
  switch (loop.kind) {
    case 'for-of':
    case 'for-in':
      return 'for-each';
    case 'for':
      return 'counted';
    case 'while':
    case 'do':
      return 'while';
    default:
      return loop.concurrent ? 'gather' : 'callback';
  }
}

/**
 * The loop that makes a call run once per item, for rules that weigh how its
 * collection grows (`collection-size.ts`, `perItemConfidence`). Every kind is
 * per item (`core/iteration.ts`): the innermost `collectionLoop` when there
 * is one, since it names the item; else the innermost `while` or counted
 * loop, whose number of turns is `unknown`, so what it finds weighs less.
 * Constant loops are no loop here, nor is a counting loop that steps by
 * batches: one query per batch is the fix for N+1, not an instance of it.
 */
export function perItemLoop(loop: LoopInfo | undefined): LoopInfo | undefined {
  const collection = collectionLoop(loop);
  if (collection) return collection;
  for (let current = loop; current; current = current.parent) if (!current.constant && !current.batched) return current;
  return undefined;
}

/**
 * The innermost loop around a call that iterates a collection that is not
 * constant: a `for-each`, a callback, or a counted loop bounded by a
 * collection's length (`i < xs.length`). Rules that do not weigh a loop's
 * size ask this one, so a poll or a retry in a `while` is no loop to them.
 */
export function collectionLoop(loop: LoopInfo | undefined): LoopInfo | undefined {
  for (let current = loop; current; current = current.parent) if (!current.constant && iteratesCollection(current)) return current;
  return undefined;
}

function iteratesCollection(loop: LoopInfo): boolean {
  const kind = iterationKind(loop);
  if (kind === 'while') return false;
  return kind !== 'counted' || loop.iterable !== undefined;
}

/** A short name for one item of a loop, for messages: `post`, or `item`. */
export function itemName(loop: LoopInfo): string {
  if (loop.element && ts.isIdentifier(loop.element)) return loop.element.text;
  if (loop.iterable) {
    const iterable = skipOuter(loop.iterable);
    const name = ts.isIdentifier(iterable) ? iterable.text : ts.isPropertyAccessExpression(iterable) ? iterable.name.text : undefined;
    if (name) return singular(name);
  }
  return 'item';
}

function singular(name: string): string {
  if (/ies$/.test(name)) return name.slice(0, -3) + 'y';
  if (/(?:ss|x|ch|sh)es$/.test(name)) return name.slice(0, -2);
  if (/[^s]s$/.test(name)) return name.slice(0, -1);
  return `${name} item`;
}
