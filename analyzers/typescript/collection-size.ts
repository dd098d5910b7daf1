import ts from 'typescript';
import type { CollectionSize } from '../core/evidence';
import { dbCallsOf, isListRead, type DbCall } from './db-calls';
import { resolve } from './declarations';
import type { LoopInfo } from './loops';
import type { FileModel } from './model';
import { skipOuter } from './prisma-calls';

/** A literal array up to this many elements is a handful, not data. */
const SMALL = 20;
const MAX_DEPTH = 6;
/** Array methods whose result is as large as (or a part of) their receiver. */
const SAME_SIZE = /^(?:map|filter|flatMap|flat|slice|sort|toSorted|reverse|toReversed|concat|values|keys|entries|splice)$/;
/** Request bodies, query strings and uploads: as long as the client makes them. */
const REQUEST_INPUT = /^(?:body|query|params|searchParams|files)$/;
/** Reading a body, a file or a stream: as long as its content. */
const CONTENT_READERS = /^(?:json|formData|getAll|split|readdir|readdirSync|parse|readFile|readFileSync|matchAll)$/;

/** What sizing needs beyond the file: whether a call reaches a workspace function that returns a query's rows. */
export interface SizeContext {
  model: FileModel;
  returnsRows(call: ts.CallExpression): boolean;
}

/**
 * How many times the body of `loop` runs, from what it iterates (see
 * `CollectionSize`): rows of a query (or a relation of a loaded row), a
 * request body, file or response contents and what a workspace helper
 * returns from a list read grow; constants, configuration (`process.env`) and
 * small literals are bounded; anything else is unknown. Enclosing loops multiply:
 * one that grows makes the body grow.
 */
export function loopSize(loop: LoopInfo, sizing: SizeContext): CollectionSize {
  let size: CollectionSize = 'bounded';
  for (let current: LoopInfo | undefined = loop; current; current = current.parent) {
    const own = current.constant ? 'bounded' : current.iterable ? iterableSize(current.iterable, sizing, 0) : 'unknown';
    if (own === 'grows') return 'grows';
    if (own === 'unknown') size = 'unknown';
  }
  return size;
}

export function iterableSize(expression: ts.Expression, sizing: SizeContext, depth: number): CollectionSize {
  if (depth > MAX_DEPTH) return 'unknown';
  const node = skipOuter(expression);
  if (ts.isArrayLiteralExpression(node)) {
    const spread = node.elements.find(ts.isSpreadElement);
    if (spread) return iterableSize(spread.expression, sizing, depth + 1) === 'grows' ? 'grows' : 'unknown';
    return node.elements.length <= SMALL ? 'bounded' : 'unknown';
  }
  if (ts.isBinaryExpression(node) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(node.operatorToken.kind)) return iterableSize(node.left, sizing, depth + 1);
  if (ts.isConditionalExpression(node)) return larger(iterableSize(node.whenTrue, sizing, depth + 1), iterableSize(node.whenFalse, sizing, depth + 1));
  if (ts.isIdentifier(node)) return nameSize(node, sizing, depth);
  if (ts.isPropertyAccessExpression(node)) return propertySize(node, sizing, depth);
  if (ts.isElementAccessExpression(node)) return iterableSize(node.expression, sizing, depth + 1) === 'grows' ? 'grows' : 'unknown';
  if (ts.isCallExpression(node)) return callSize(node, sizing, depth);
  return 'unknown';
}

function nameSize(node: ts.Identifier, sizing: SizeContext, depth: number): CollectionSize {
  const declaration = resolve(sizing.model, node);
  if (declaration?.kind === 'enum') return 'bounded';
  // `const { data: messages } = await supabase.from(…).select()`: a part of the result has its size.
  if (declaration?.initializer && (declaration.kind === 'const' || declaration.kind === 'let' || declaration.kind === 'var')) return iterableSize(declaration.initializer, sizing, depth + 1);
  return 'unknown';
}

function propertySize(node: ts.PropertyAccessExpression, sizing: SizeContext, depth: number): CollectionSize {
  const name = node.name.text;
  // `process.env.ADMIN_IDS`, `env.DEFAULT_ORGS`: configuration is written by whoever deploys, a handful of values.
  if (isEnvironment(node.expression)) return 'bounded';
  // `req.body.ids`, `request.query.tags`: whatever the client sends.
  if (REQUEST_INPUT.test(name) && /^(?:req|request|ctx|c|context)$/.test(rootName(node) ?? '')) return 'grows';
  const base = iterableSize(node.expression, sizing, depth + 1);
  if (base === 'grows') return 'grows';
  // `post.comments` of a row read by `findUnique({ include })`: the many side of a relation.
  return readsRows(node.expression, sizing, true) ? 'grows' : base === 'bounded' ? 'bounded' : 'unknown';
}

function callSize(node: ts.CallExpression, sizing: SizeContext, depth: number): CollectionSize {
  const callee = skipOuter(node.expression);
  // `findMany({ where: { id: { in: ids } } })`: one row per id asked for.
  const ids = idListOf(node, sizing.model);
  if (ids) return iterableSize(ids, sizing, depth + 1);
  if (readsRows(node, sizing, false) || sizing.returnsRows(node)) return 'grows';
  if (ts.isPropertyAccessExpression(callee)) {
    const name = callee.name.text;
    const receiver = callee.expression;
    if (ts.isIdentifier(receiver) && (receiver.text === 'Object' || receiver.text === 'Array') && node.arguments[0]) return iterableSize(node.arguments[0], sizing, depth + 1);
    if (ts.isIdentifier(receiver) && receiver.text === 'Promise' && node.arguments[0]) return iterableSize(node.arguments[0], sizing, depth + 1);
    // `process.env.IDS.split(',')` is a handful; a request's or a file's text is as long as it is.
    if (name === 'split' && iterableSize(receiver, sizing, depth + 1) === 'bounded') return 'bounded';
    if (CONTENT_READERS.test(name)) return 'grows';
    if (SAME_SIZE.test(name)) return iterableSize(receiver, sizing, depth + 1);
  }
  return 'unknown';
}

/**
 * Whether `expression` is (a part of) the result of a database read:
 * `prisma.post.findMany(…)`, a Supabase or Drizzle chain with a read in it.
 * `single` rows count only when asked (`post.comments` of one post grows; one post does not).
 */
function readsRows(expression: ts.Expression, sizing: SizeContext, single: boolean): boolean {
  const calls = dbCallsOf(sizing.model);
  let resolved = false;
  for (let current: ts.Expression = skipOuter(expression), hops = 0; hops < 12; hops++) {
    if (ts.isIdentifier(current)) {
      // One name is followed to its value (`const { data } = await …`); the client a chain starts from is not.
      const declaration = resolve(sizing.model, current);
      if (!declaration?.initializer || resolved) return false;
      resolved = true;
      current = skipOuter(declaration.initializer);
      continue;
    }
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) {
      current = skipOuter(current.expression);
      continue;
    }
    if (!ts.isCallExpression(current)) return false;
    const call: DbCall | undefined = calls.get(current);
    if (call?.read) return single || isListRead(call);
    current = skipOuter(current.expression);
  }
  return false;
}

/** The id list a list read filters by (`where: { id: { in: ids } }`), when it filters the primary key that way. */
function idListOf(node: ts.CallExpression, model: FileModel): ts.Expression | undefined {
  if (!dbCallsOf(model).get(node)?.read) return undefined;
  const where = propertyOf(node.arguments[0], 'where');
  const id = propertyOf(where, 'id');
  return propertyOf(id, 'in');
}

function propertyOf(node: ts.Expression | undefined, name: string): ts.Expression | undefined {
  const object = node && skipOuter(node);
  if (!object || !ts.isObjectLiteralExpression(object)) return undefined;
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && property.name.getText() === name) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return property.name;
  }
  return undefined;
}

/** `process.env`, `import.meta.env` or an `env` module (`@/env.mjs`). */
function isEnvironment(node: ts.Expression): boolean {
  const object = skipOuter(node);
  if (ts.isIdentifier(object)) return object.text === 'env';
  if (!ts.isPropertyAccessExpression(object) || object.name.text !== 'env') return false;
  const owner = skipOuter(object.expression);
  return ts.isMetaProperty(owner) || (ts.isIdentifier(owner) && owner.text === 'process');
}

function rootName(node: ts.Expression): string | undefined {
  let current = skipOuter(node);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isCallExpression(current)) current = skipOuter(current.expression);
  return ts.isIdentifier(current) ? current.text : undefined;
}

function larger(a: CollectionSize, b: CollectionSize): CollectionSize {
  if (a === 'grows' || b === 'grows') return 'grows';
  return a === 'bounded' && b === 'bounded' ? 'bounded' : 'unknown';
}
