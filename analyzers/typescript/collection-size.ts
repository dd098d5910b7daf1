import ts from 'typescript';
import type { CollectionSize } from '../core/evidence';
import { dbCallsOf, isListRead, type DbCall } from './db-calls';
import { parentRowsGrow } from '../core/growing-tables';
import { resolve, type Declaration } from './declarations';
import type { LoopInfo } from './loops';
import type { FileModel } from './model';
import { skipOuter } from './prisma-calls';
import { listScope, scopeGrows, tableOf } from './row-scope';

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
 * `CollectionSize`): rows of a query grow as its filter lets them
 * (`row-scope.ts`: a table, a key list, one parent's rows only when they
 * pile up), so do the many side of one loaded row, a request body's lists
 * of keys, file or response contents and what a workspace helper returns
 * from a list read; constants, configuration (`process.env`) and small
 * literals are bounded; anything else is unknown. Enclosing loops multiply:
 * one that grows makes the body grow.
 */
export function loopSize(loop: LoopInfo, sizing: SizeContext): CollectionSize {
  let size: CollectionSize = 'bounded';
  for (let current: LoopInfo | undefined = loop; current; current = current.parent) {
    let own = current.constant ? 'bounded' : current.iterable ? iterableSize(current.iterable, sizing, 0) : 'unknown';
    // `for (const op of body.Operations) op.path…`: structures the client wrote (a patch's operations, a
    // form's rows), as many as it chose to send; a list of selected ids or a file's lines still grows.
    if (own === 'grows' && current.iterable && isRequestInput(current.iterable, sizing, 0) && readsItemFields(current)) own = 'unknown';
    if (own === 'grows') return 'grows';
    if (own === 'unknown') size = 'unknown';
  }
  return size;
}

/** `req.body.items`, `body.Operations` with `const body = await req.json()`: (a part of) what the client sent. */
function isRequestInput(expression: ts.Expression, sizing: SizeContext, depth: number): boolean {
  const node = skipOuter(expression);
  if (depth > MAX_DEPTH) return false;
  if (ts.isPropertyAccessExpression(node)) return isClientValue(node, sizing) || isRequestInput(node.expression, sizing, depth + 1);
  if (ts.isElementAccessExpression(node)) return isRequestInput(node.expression, sizing, depth + 1);
  if (ts.isCallExpression(node)) {
    const callee = skipOuter(node.expression);
    if (!ts.isPropertyAccessExpression(callee)) return false;
    // `input.prompts.map((item) => …)`: the same items, reshaped.
    if (SAME_SIZE.test(callee.name.text)) return isRequestInput(callee.expression, sizing, depth + 1);
    return callee.name.text === 'json' && /^(?:req|request)$/.test(rootName(callee.expression) ?? '');
  }
  if (!ts.isIdentifier(node)) return false;
  const declaration = resolve(sizing.model, node);
  return !!declaration?.initializer && (declaration.kind === 'const' || declaration.kind === 'let' || declaration.kind === 'var') && isRequestInput(declaration.initializer, sizing, depth + 1);
}

/** `req.body`, `request.query.tags`, or `input.ids` of a tRPC or oRPC procedure: what the client sent. */
function isClientValue(node: ts.PropertyAccessExpression, sizing: SizeContext): boolean {
  if (REQUEST_INPUT.test(node.name.text) && /^(?:req|request|ctx|c|context)$/.test(rootName(node) ?? '')) return true;
  const root = skipOuter(node.expression);
  if (!ts.isIdentifier(root) || root.text !== 'input') return false;
  const declaration = resolve(sizing.model, root);
  const fn = declaration?.kind === 'param' ? declaration.scope : undefined;
  const call = fn?.parent;
  if (!call || !ts.isCallExpression(call)) return false;
  const callee = skipOuter(call.expression);
  return ts.isPropertyAccessExpression(callee) && /^(?:query|mutation|subscription|handler)$/.test(callee.name.text);
}

/** The loop reads fields of its items (`op.path`, `row['name']`, `({ id, name }) =>`): they are structures, not keys. */
function readsItemFields(loop: LoopInfo): boolean {
  const element = loop.element;
  if (!element) return false;
  if (!ts.isIdentifier(element)) return true;
  const name = element.text;
  let reads = false;
  const visit = (node: ts.Node): void => {
    if (reads) return;
    if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && ts.isIdentifier(skipOuter(node.expression)) && (skipOuter(node.expression) as ts.Identifier).text === name) reads = true;
    else ts.forEachChild(node, visit);
  };
  ts.forEachChild(loop.node, visit);
  return reads;
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
  if (declaration?.initializer && (declaration.kind === 'const' || declaration.kind === 'let' || declaration.kind === 'var')) {
    const size = iterableSize(declaration.initializer, sizing, depth + 1);
    const initializer = skipOuter(declaration.initializer);
    return size === 'bounded' && ts.isArrayLiteralExpression(initializer) ? larger(size, pushedSize(declaration, sizing, depth)) : size;
  }
  return 'unknown';
}

/**
 * `const rows = []; for (const line of lines) rows.push(…)`: a literal that
 * starts small holds as many items as the loops around its `push` calls run
 * (or as a pushed spread holds); bounded when nothing is pushed.
 */
function pushedSize(declaration: Declaration, sizing: SizeContext, depth: number): CollectionSize {
  let size: CollectionSize = 'bounded';
  for (const site of sizing.model.calls) {
    if (size === 'grows') break;
    if (!ts.isCallExpression(site.node)) continue;
    const callee = skipOuter(site.node.expression);
    if (!ts.isPropertyAccessExpression(callee) || !/^(?:push|unshift)$/.test(callee.name.text)) continue;
    const receiver = skipOuter(callee.expression);
    if (!ts.isIdentifier(receiver) || receiver.text !== declaration.id.text || resolve(sizing.model, receiver) !== declaration) continue;
    for (const argument of site.node.arguments) {
      if (ts.isSpreadElement(argument)) size = larger(size, iterableSize(argument.expression, sizing, depth + 1));
    }
    for (let loop = site.loop; loop && size !== 'grows'; loop = loop.parent) {
      size = larger(size, loop.constant ? 'bounded' : loop.iterable ? iterableSize(loop.iterable, sizing, depth + 1) : 'unknown');
    }
  }
  return size;
}

function propertySize(node: ts.PropertyAccessExpression, sizing: SizeContext, depth: number): CollectionSize {
  const name = node.name.text;
  // `process.env.ADMIN_IDS`, `env.DEFAULT_ORGS`: configuration is written by whoever deploys, a handful of values.
  if (isEnvironment(node.expression)) return 'bounded';
  // `req.body.ids`, `request.query.tags`, a tRPC procedure's `input.ids`: whatever the client sends.
  if (isClientValue(node, sizing)) return 'grows';
  const base = iterableSize(node.expression, sizing, depth + 1);
  if (base === 'grows') return 'grows';
  // `post.comments` of a row read by `findUnique({ include })`: the many side of one row's relation, which
  // grows when such rows pile up under one parent (a chat's messages) and not when they are its parts (an event's invites).
  const read = rowsRead(node.expression, sizing);
  if (read && (!isListRead(read) || listScope(read).kind === 'one')) return parentRowsGrow(name, tableOf(read)) ? 'grows' : 'unknown';
  return base === 'bounded' ? 'bounded' : 'unknown';
}

function callSize(node: ts.CallExpression, sizing: SizeContext, depth: number): CollectionSize {
  const callee = skipOuter(node.expression);
  // `findMany({ where: { id: { in: ids } } })`: one row per id asked for.
  const read = rowsRead(node, sizing);
  if (read && isListRead(read)) return scopeGrows(tableOf(read), listScope(read), (keys) => iterableSize(keys, sizing, depth + 1));
  if (sizing.returnsRows(node)) return 'grows';
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
 * The database read `expression` is (a part of) the result of:
 * `prisma.post.findMany(…)`, a Supabase or Drizzle chain with a read in it,
 * a name bound to one (`const { data } = await …`).
 */
function rowsRead(expression: ts.Expression, sizing: SizeContext): DbCall | undefined {
  const calls = dbCallsOf(sizing.model);
  let resolved = false;
  for (let current: ts.Expression = skipOuter(expression), hops = 0; hops < 12; hops++) {
    if (ts.isIdentifier(current)) {
      // One name is followed to its value (`const { data } = await …`); the client a chain starts from is not.
      const declaration = resolve(sizing.model, current);
      if (!declaration?.initializer || resolved) return undefined;
      resolved = true;
      current = skipOuter(declaration.initializer);
      continue;
    }
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) {
      current = skipOuter(current.expression);
      continue;
    }
    if (!ts.isCallExpression(current)) return undefined;
    const call: DbCall | undefined = calls.get(current);
    if (call?.read) return call;
    current = skipOuter(current.expression);
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
