import ts from 'typescript';
import type { NestedMessage, RelatedInput, RuleContext, MessageIdOf } from '../../core/rule';
import type { Confidence, Severity } from '../../core/types';
import { aiCallsOf } from '../../typescript/ai-calls';
import { dbCallsOf } from '../../typescript/db-calls';
import type { HandlerInfo } from '../../typescript/handlers';
import type { Declaration } from '../../typescript/declarations';
import { unitOf, type FileModel } from '../../typescript/model';
import type { TsTree } from '../../typescript/parse';
import { skipOuter } from '../../typescript/prisma-calls';
import { executionContextOf, moduleContextOf } from '../../typescript/execution-context';
import { tsScope, type TsScope } from '../../typescript/scope';
import { isAsync, isFunctionNode, objectArgument, propertyNamed } from '../../typescript/syntax';
import { classifyOrigin, originOf } from '../../typescript/values';
import { startOf, walk } from '../../typescript/walk';
import type rule from './rule';

type MessageId = MessageIdOf<typeof rule>;
type Context = RuleContext<TsTree, typeof rule>;

/**
 * State a server keeps in its own process memory, written while serving
 * requests: module-level counters and collections, in-process rate limiters
 * and sessions (hand-written, `express-rate-limit`'s and `express-session`'s
 * default memory stores), `lru-cache`/`node-cache` holding per-user data,
 * timers in server modules, and files written to the local disk. With two
 * instances each keeps its own copy; a restart or a cold start empties it.
 *
 * Not flagged: constants and lookup tables never written per request, SDK
 * and DB clients (lazy singletons included), writes in `process.on(…)`
 * handlers and the process's own server handle, scripts and client
 * components. Caches of pure computations are info and low confidence; state
 * the code expires by the clock is medium confidence. There is no automatic fix: the
 * remedy (Redis, a store option, a cron) needs a decision.
 */

/** Instrumentation (Next.js `instrumentation.ts`, metrics and tracing modules): per-process buffers by design. */
const INSTRUMENTATION_PATH = /(?:^|\/)(?:instrumentation|telemetry|metrics|observability|tracing)(?:\/|\.[cm]?[jt]sx?$)/i;

/** Modules whose import marks a file as server code even outside app/ routes. */
const SERVER_MODULES = /^(?:express|hono|@hono\/.+|fastify|koa|@koa\/.+|next\/server|http|node:http|https|node:https)$/;

const COLLECTION_CONSTRUCTORS = new Set(['Map', 'Set', 'Array', 'Object']);
const MUTATING_METHODS = new Set(['set', 'add', 'push', 'unshift', 'splice', 'delete', 'clear', 'pop', 'shift', 'sort', 'reverse', 'fill', 'inc', 'incr', 'put', 'setItem']);
const LIMITER_NAME = /rate|limit|hits|attempt|throttl|requests|counter|quota/i;
const SESSION_NAME = /session/i;
const CACHE_NAME = /cache|memo|cached/i;
const COORDINATION_NAME = /promise$|inflight|in_flight|lock$|mutex|semaphore|pendingRequests|pendingLookups/i;
/** Keys drawn from who is asking: state keyed by them grows with users and splits across instances. */
const PER_USER_KEY = /\b(?:ip|ipAddress|forwarded|x-forwarded-for|x-real-ip|user|userId|uid|session|sessionId|token|email|apiKey|account|accountId|customer|customerId|clientId|visitor|visitorId)\b/i;

/** The words for what a piece of state is; class names (`Map`, `Set`) are shown as they are. */
const TYPE_NAMES: Record<string, MessageId> = { object: 'tsTypeObject', array: 'tsTypeArray', 'LRU cache': 'tsTypeLruCache' };

type StateKind = 'counter' | 'collection' | 'rate-limit' | 'session' | 'cache' | 'shared-cache' | 'pure-cache' | 'memory-store' | 'session-store' | 'timer' | 'file';

interface Candidate {
  declaration: Declaration;
  kind: 'counter' | 'collection';
  /** What it holds, for the message: `Map`, `Set`, `array`, `object`, `LRU cache`, or `let`. */
  type: string;
  lru: boolean;
  writes: ts.Node[];
  /** Declared with `let`/`var`: reassigning it is a write too. */
  reassignable?: boolean;
}

export function check(context: Context): void {
  const scope = tsScope(context);
  const { model } = scope;
  if (scope.offline || model.directives.includes('use client')) return;
  const serverModule = isServerModule(model);
  const onRequest = requestUnits(scope);
  const runsPerRequest = (node: ts.Node) => {
    const unit = unitOf(model, node);
    // Where the workspace shows the function runs decides: a worker's, a script's or the build's writes serve no request.
    const where = executionContextOf(scope, context.file.path, unit);
    if (where !== 'request' && where !== 'unknown') return false;
    if (onRequest.has(unit) || where === 'request') return true;
    // In a server module, any function's write is taken as per request (routes registered in ways we cannot see).
    return serverModule && unit !== 0 && insideFunction(node);
  };
  // Metrics and tracing keep per-process buffers and flush times by design.
  if (!INSTRUMENTATION_PATH.test(context.file.path)) checkModuleState(context, scope, runsPerRequest, onRequest);
  checkLibraryStores(context, scope);
  checkTimersAndFiles(context, scope, serverModule, onRequest);
}

function isServerModule(model: FileModel): boolean {
  return model.entry !== undefined || model.imports.some((entry) => SERVER_MODULES.test(entry.specifier));
}

function insideFunction(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) if (isFunctionNode(current)) return true;
  return false;
}

/** Units that run per request, each with the handler that reaches it. */
function requestUnits(scope: TsScope): Map<number, { handler?: HandlerInfo; name: string; at?: RelatedInput<MessageId>['location'] }> {
  const out = new Map<number, { handler?: HandlerInfo; name: string; at?: RelatedInput<MessageId>['location'] }>();
  scope.model.units.forEach((unit, index) => {
    const { own, reached } = scope.handlerOf(index);
    if (own) out.set(index, { handler: own, name: unit.name });
    else if (reached) out.set(index, { handler: reached.info, name: reached.name, at: reached.at });
  });
  return out;
}

function checkModuleState(context: Context, scope: TsScope, runsPerRequest: (node: ts.Node) => boolean, onRequest: ReturnType<typeof requestUnits>): void {
  const { model } = scope;
  const candidates = new Map<string, Candidate>();
  for (const declaration of model.moduleVariables) {
    if (declaration.key !== undefined || declaration.kind === 'import') continue;
    if (declaration.kind === 'let' || declaration.kind === 'var') {
      if (isClientValue(declaration, model)) continue;
      // `let buffer = []` is a collection that may also be swapped for a new one.
      const held = collectionType(declaration.initializer, model);
      candidates.set(declaration.name, { declaration, kind: held ? 'collection' : 'counter', type: held?.type ?? declaration.kind, lru: held?.lru ?? false, writes: [], reassignable: true });
      continue;
    }
    const type = collectionType(declaration.initializer, model);
    if (type) candidates.set(declaration.name, { declaration, kind: 'collection', type: type.type, lru: type.lru, writes: [] });
  }
  if (!candidates.size) return;

  walk(model.sourceFile, (node) => {
    const written = writtenIdentifier(node);
    if (!written) return;
    const candidate = candidates.get(written.text);
    if (!candidate || shadowed(written, candidate.declaration.id)) return;
    if (candidate.kind === 'counter' && !isReassignment(node)) return;
    if (!runsPerRequest(node) || inProcessLifecycle(node) || storesServerHandle(node)) return;
    // A memoized `let` set once (`if (!x) x = …`) is not state that changes per request.
    if (candidate.reassignable && isReassignment(node) && isMemoWrite(node, candidate.declaration.name)) return;
    candidate.writes.push(node);
  });

  for (const candidate of candidates.values()) {
    if (!candidate.writes.length) continue;
    // `let client; … if (!client) client = new X()`: set once per process.
    if (candidate.kind === 'counter' && candidate.writes.every((write) => isMemoWrite(write, candidate.declaration.name))) continue;
    // In-flight promises and locks coordinate work inside one process by design.
    if (COORDINATION_NAME.test(candidate.declaration.name) || holdsPromise(candidate.declaration)) continue;
    // Counted up and released in a `finally`: what is in flight in this process right now (a concurrency cap, a per-request scratch store).
    if (releasedAfterWork(candidate, model)) continue;
    // A map of SDK clients or queues by name (`queues.set(name, new Queue(name))`) is a client cache.
    if (candidate.kind === 'collection' && candidate.writes.every((write) => storesClient(write, model))) continue;
    const { kind, severity } = classify(candidate, model);
    const confidence = confidenceOf(kind, candidate);
    const name = candidate.declaration.name;
    const related: RelatedInput<MessageId>[] = candidate.writes.slice(0, 5).map((write) => ({ location: context.locate(startOf(write), write.end), message: 'writtenHere' }));
    const reach = onRequest.get(unitOf(model, candidate.writes[0]));
    if (reach?.at) related.push({ location: reach.at, message: { id: 'tsStateReachedFrom', data: { handler: reach.name } } });
    context.report({
      message: messageFor(kind, candidate),
      data: { name, type: TYPE_NAMES[candidate.type] ? { message: TYPE_NAMES[candidate.type] } : candidate.type, instances: instancesOf(scope) },
      start: startOf(candidate.declaration.id),
      end: candidate.declaration.id.end,
      severity,
      confidence,
      context: executionContextOf(scope, context.file.path, unitOf(model, candidate.writes[0])),
      related,
      details: detailsOf(scope, kind, reach?.handler, candidate.writes.length),
    });
  }
}

/** `let tail: Promise<unknown> = Promise.resolve()`: a promise chain that serializes this process's own work. */
function holdsPromise(declaration: Declaration): boolean {
  const initializer = declaration.initializer && skipOuter(declaration.initializer);
  if (initializer && /^Promise\.(?:resolve|all|allSettled)\b/.test(initializer.getText())) return true;
  const parent = declaration.id.parent;
  return ts.isVariableDeclaration(parent) && !!parent.type && /^Promise\b/.test(parent.type.getText());
}

/**
 * State whose entries live only while some work runs: a decrement or a
 * delete in a `finally`, directly or through a function a `finally` calls
 * (`try { return await run(store) } finally { deleteStore(id) }`). It counts
 * or holds what this process is doing now, which is per process by design.
 */
function releasedAfterWork(candidate: Candidate, model: FileModel): boolean {
  const releases = candidate.writes.filter(isRelease);
  if (!releases.length) return false;
  const calledInFinally = namesCalledInFinally(model);
  return releases.some((write) => {
    if (inFinally(write)) return true;
    const fn = enclosingFunctionOf(write);
    const name = fn && functionName(fn);
    return !!name && calledInFinally.has(name);
  });
}

function isRelease(write: ts.Node): boolean {
  if (ts.isDeleteExpression(write)) return true;
  if ((ts.isPrefixUnaryExpression(write) || ts.isPostfixUnaryExpression(write)) && write.operator === ts.SyntaxKind.MinusMinusToken) return true;
  if (ts.isBinaryExpression(write) && write.operatorToken.kind === ts.SyntaxKind.MinusEqualsToken) return true;
  return ts.isCallExpression(write) && ts.isPropertyAccessExpression(write.expression) && /^(?:delete|clear)$/.test(write.expression.name.text);
}

function inFinally(node: ts.Node): boolean {
  for (let current = node; current.parent && !isFunctionNode(current); current = current.parent) {
    if (ts.isTryStatement(current.parent) && current.parent.finallyBlock === current) return true;
  }
  return false;
}

/** Names of the functions the file calls inside `finally` blocks. */
function namesCalledInFinally(model: FileModel): Set<string> {
  const names = new Set<string>();
  for (const site of model.calls) {
    if (!ts.isCallExpression(site.node) || !inFinally(site.node)) continue;
    const callee = skipOuter(site.node.expression);
    if (ts.isIdentifier(callee)) names.add(callee.text);
  }
  return names;
}

function functionName(fn: ts.Node): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.text;
  const parent = fn.parent;
  return parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) ? parent.name.text : undefined;
}

/**
 * How sure the state is a problem on more than one instance: a cache of pure
 * computations is correct on any instance (low); state its code expires
 * (`Date.now() - cached.timestamp > CACHE_TTL`) accepts being stale for that
 * long (medium); anything else is wrong once there are two copies (high).
 */
function confidenceOf(kind: StateKind, candidate: Candidate): Confidence | undefined {
  if (kind === 'pure-cache') return 'low';
  if (kind !== 'session' && kind !== 'rate-limit' && candidate.writes.every(expires)) return 'medium';
  return undefined;
}

const CLOCK = /\b(?:Date\.now|performance\.now)\s*\(|new Date\(\)\.getTime\(/;
const EXPIRY = /ttl|expir|max_?age|stale|fresh/i;
/** The clock in an age or deadline comparison: `Date.now() - hit.fetchedAt < LIMIT`, `entry.until > Date.now()`. */
const CLOCK_COMPARED = /(?:Date\.now|performance\.now)\(\)\s*(?:-|[<>]=?)|[<>]=?\s*(?:Date\.now|performance\.now)\(\)/;

/** The function writing it reads the clock against an expiry: a time-limited cache. */
function expires(write: ts.Node): boolean {
  const text = enclosingFunctionOf(write)?.getText();
  return !!text && CLOCK.test(text) && (EXPIRY.test(text) || CLOCK_COMPARED.test(text));
}

/** `process.on('SIGTERM', () => { shuttingDown = true })`: a process event, not a request. */
function inProcessLifecycle(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunctionNode(current) || !current.parent || !ts.isCallExpression(current.parent)) continue;
    const callee = skipOuter(current.parent.expression);
    if (ts.isPropertyAccessExpression(callee) && /^(?:on|once|addListener|prependListener)$/.test(callee.name.text) && ts.isIdentifier(skipOuter(callee.expression)) && (skipOuter(callee.expression) as ts.Identifier).text === 'process') return true;
  }
  return false;
}

/** `server = app.listen(port)`: the process's own server handle, kept for shutdown. */
function storesServerHandle(node: ts.Node): boolean {
  if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
  const value = skipOuter(node.right);
  if (!ts.isCallExpression(value)) return false;
  const callee = skipOuter(value.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  return /^(?:listen|serve|createServer)$/.test(name);
}

function messageFor(kind: StateKind, candidate: Candidate): MessageId {
  switch (kind) {
    case 'rate-limit':
      return 'tsStateRateLimit';
    case 'session':
      return 'tsStateSession';
    case 'cache':
      return 'tsStateCache';
    case 'shared-cache':
      return 'tsStateSharedCache';
    case 'pure-cache':
      return 'tsStatePureCache';
    default:
      return candidate.kind === 'counter' ? 'moduleVariable' : 'moduleCollection';
  }
}

/** What the state is for, from its name, its keys and how it is filled. */
function classify(candidate: Candidate, model: FileModel): { kind: StateKind; severity?: Severity } {
  const name = candidate.declaration.name;
  const keys = candidate.writes.map((write) => keyText(write)).join(' ');
  const perUser = PER_USER_KEY.test(keys);
  if (SESSION_NAME.test(name)) return { kind: 'session' };
  if (LIMITER_NAME.test(name) && (perUser || candidate.kind === 'collection')) return { kind: 'rate-limit' };
  const looksLikeCache = candidate.lru || CACHE_NAME.test(name) || candidate.writes.some((write) => readBeforeWrite(write, name));
  if (candidate.kind === 'collection' && looksLikeCache) {
    if (perUser) return { kind: 'cache' };
    if (candidate.writes.every((write) => fromPureCode(write, model))) return { kind: 'pure-cache', severity: 'info' };
    return { kind: 'shared-cache', severity: 'info' };
  }
  return { kind: candidate.kind };
}

/** The key part of a write: `ip` in `hits.set(ip, …)` or `hits[ip] = …`. */
function keyText(write: ts.Node): string {
  if (ts.isCallExpression(write)) return write.arguments[0]?.getText() ?? '';
  if (ts.isBinaryExpression(write) && ts.isElementAccessExpression(skipOuter(write.left))) return (skipOuter(write.left) as ts.ElementAccessExpression).argumentExpression.getText();
  if (ts.isDeleteExpression(write) && ts.isElementAccessExpression(skipOuter(write.expression))) return (skipOuter(write.expression) as ts.ElementAccessExpression).argumentExpression.getText();
  return '';
}

/** `if (cache.has(k)) return cache.get(k); … cache.set(k, v)`: a read of the same collection earlier in the function. */
function readBeforeWrite(write: ts.Node, name: string): boolean {
  const fn = enclosingFunctionOf(write);
  if (!fn) return false;
  const before = fn.getText().slice(0, write.getStart() - fn.getStart());
  return new RegExp(`\\b${name}\\s*\\.\\s*(?:has|get)\\s*\\(|\\b${name}\\s*\\[`).test(before);
}

/** The function filling the cache does no I/O: synchronous, no database or AI call. */
function fromPureCode(write: ts.Node, model: FileModel): boolean {
  const fn = enclosingFunctionOf(write);
  if (!fn || isAsync(fn)) return false;
  const db = dbCallsOf(model);
  const ai = aiCallsOf(model);
  let pure = true;
  walk(fn, (node) => {
    if (!pure) return false;
    if (ts.isAwaitExpression(node) || db.has(node) || ai.has(node)) pure = false;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'fetch') pure = false;
    return undefined;
  });
  return pure;
}

function enclosingFunctionOf(node: ts.Node): ts.Node | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunctionNode(current)) return current;
  return undefined;
}

/** `clients.set(key, new Client())`: the value stored is a client object, not data. */
function storesClient(write: ts.Node, model: FileModel): boolean {
  if (!ts.isCallExpression(write) || write.arguments.length < 2) return false;
  // `queues.set(name, new Queue(name))`, or through a local: `const queue = new Queue(name); queues.set(name, queue)`.
  const origin = originOf(write.arguments[1], model);
  return origin.kind === 'new' && !COLLECTION_CONSTRUCTORS.has(origin.name);
}

/** A `let` that holds an SDK or database client, however it is filled later. */
function isClientValue(declaration: Declaration, model: FileModel): boolean {
  if (!declaration.initializer) return false;
  const origin = originOf(declaration.initializer, model);
  const kind = classifyOrigin(origin);
  if (kind && kind !== 'other' && kind !== 'lru') return true;
  return origin.kind === 'new' && !COLLECTION_CONSTRUCTORS.has(origin.name) && kind !== 'lru';
}

/** A lazy-init write: `x ??= …`, `x ||= …`, or under `if (!x)` / `if (x == null)`, or after `if (x) return x`. */
function isMemoWrite(write: ts.Node, name: string): boolean {
  if (ts.isBinaryExpression(write) && (write.operatorToken.kind === ts.SyntaxKind.QuestionQuestionEqualsToken || write.operatorToken.kind === ts.SyntaxKind.BarBarEqualsToken)) return true;
  const unset = new RegExp(`(?:!\\s*${name}\\b|\\b${name}\\s*(?:===?|!==?)\\s*(?:null|undefined)\\b|typeof\\s+${name}\\s*===?\\s*['"]undefined)`);
  for (let current = write.parent; current && !isFunctionNode(current); current = current.parent) {
    if (ts.isIfStatement(current) && unset.test(current.expression.getText())) return true;
    if (ts.isConditionalExpression(current) && unset.test(current.condition.getText())) return true;
    if (ts.isBinaryExpression(current) && (current.operatorToken.kind === ts.SyntaxKind.BarBarToken || current.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) return true;
  }
  const fn = enclosingFunctionOf(write);
  if (!fn) return false;
  const before = fn.getText().slice(0, write.getStart() - fn.getStart());
  // `if (x) return x;`, `if (x !== undefined) return x;`, `if (x && x.secret === s) return x.key;`
  return new RegExp(`if\\s*\\([^)]*\\b${name}\\b[^)]*\\)\\s*(?:\\{\\s*)?return\\b`).test(before);
}

/** `Map`, `Set`, `array`, `object`, or an LRU cache for a mutable collection initializer. */
function collectionType(initializer: ts.Expression | undefined, model: FileModel): { type: string; lru: boolean } | undefined {
  if (!initializer) return undefined;
  const expression = skipOuter(initializer);
  if (ts.isArrayLiteralExpression(expression)) return { type: 'array', lru: false };
  if (ts.isObjectLiteralExpression(expression)) return { type: 'object', lru: false };
  if (ts.isNewExpression(expression) && ts.isIdentifier(expression.expression)) {
    const name = expression.expression.text;
    if (COLLECTION_CONSTRUCTORS.has(name)) return { type: name === 'Array' ? 'array' : name === 'Object' ? 'object' : name, lru: false };
    if (classifyOrigin(originOf(expression, model)) === 'lru') return { type: 'LRU cache', lru: true };
  }
  return undefined;
}

/** The module-level name a node writes to, if it is a write: `x = …`, `x++`, `x.set(…)`, `x[k] = …`, `delete x[k]`. */
function writtenIdentifier(node: ts.Node): ts.Identifier | undefined {
  if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) return rootIdentifier(node.left);
  if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) {
    return rootIdentifier(node.operand);
  }
  if (ts.isDeleteExpression(node)) return rootIdentifier(node.expression);
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && MUTATING_METHODS.has(node.expression.name.text)) {
    const target = skipOuter(node.expression.expression);
    return ts.isIdentifier(target) ? target : undefined;
  }
  return undefined;
}

/** A direct reassignment or increment of the variable itself (not of a property). */
function isReassignment(node: ts.Node): boolean {
  if (ts.isBinaryExpression(node)) return ts.isIdentifier(skipOuter(node.left));
  if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) return ts.isIdentifier(skipOuter(node.operand));
  return false;
}

function rootIdentifier(expression: ts.Expression): ts.Identifier | undefined {
  let current = expression;
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current)) {
    current = current.expression;
  }
  return ts.isIdentifier(current) ? current : undefined;
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** True when a local declaration between the write and module level reuses the name. */
function shadowed(use: ts.Identifier, declared: ts.Identifier): boolean {
  const name = use.text;
  for (let scope: ts.Node | undefined = use.parent; scope && scope !== declared.getSourceFile(); scope = scope.parent) {
    if (ts.isFunctionLike(scope) && scope.parameters.some((parameter) => declaresName(parameter.name, name))) return true;
    if (ts.isBlock(scope)) {
      for (const statement of scope.statements) {
        if (ts.isVariableStatement(statement) && statement.declarationList.declarations.some((declaration) => declaration.name !== declared && declaresName(declaration.name, name))) return true;
        if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) return true;
      }
    }
    if ((ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) && scope.initializer && ts.isVariableDeclarationList(scope.initializer)) {
      if (scope.initializer.declarations.some((declaration) => declaresName(declaration.name, name))) return true;
    }
    if (ts.isCatchClause(scope) && scope.variableDeclaration && declaresName(scope.variableDeclaration.name, name)) return true;
  }
  return false;
}

function declaresName(binding: ts.BindingName, name: string): boolean {
  if (ts.isIdentifier(binding)) return binding.text === name;
  return binding.elements.some((element) => !ts.isOmittedExpression(element) && declaresName(element.name, name));
}

/**
 * Library defaults that keep state in memory: `express-rate-limit` /
 * `express-slow-down` / `hono-rate-limiter` without a `store`, `RateLimiterMemory`, and
 * `express-session` without a `store` (its MemoryStore), `@nestjs/throttler`'s
 * `ThrottlerModule.forRoot` without a `storage`, and `graphql-subscriptions`'
 * `PubSub`, which reaches only the subscribers of its own process.
 */
function checkLibraryStores(context: Context, scope: TsScope): void {
  const { model } = scope;
  for (const site of model.calls) {
    const node = site.node;
    if (ts.isTaggedTemplateExpression(node)) continue;
    const callee = skipOuter(node.expression);
    if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee)) continue;
    const origin = originOf(callee, model);
    if (origin.kind !== 'import') continue;
    let message: MessageId | undefined;
    let kind: StateKind = 'memory-store';
    let store = 'rate-limit-redis';
    // hono-rate-limiter takes express-rate-limit's options, and its default store is in memory too.
    if (origin.specifier === 'hono-rate-limiter' && origin.imported === 'rateLimiter') store = '@hono-rate-limiter/redis';
    if ((/^express-(?:rate-limit|slow-down)$/.test(origin.specifier) || store !== 'rate-limit-redis') && ts.isCallExpression(node)) {
      const options = objectArgument(node, 0);
      if (options && options.properties.some((property) => ts.isSpreadAssignment(property))) continue;
      if (!options || !propertyNamed(options, 'store')) message = 'tsStateMemoryStore';
    } else if (origin.specifier === 'rate-limiter-flexible' && ts.isNewExpression(node) && (origin.imported === 'RateLimiterMemory' || origin.member[0] === 'RateLimiterMemory')) {
      message = 'tsStateLimiterMemory';
    } else if (origin.specifier === 'express-session' && ts.isCallExpression(node) && (origin.imported === 'default' || origin.imported === '*')) {
      const options = objectArgument(node, 0);
      if (options && options.properties.some((property) => ts.isSpreadAssignment(property))) continue;
      if (!options || !propertyNamed(options, 'store')) {
        message = 'tsStateSessionStore';
        kind = 'session-store';
      }
    } else if (origin.specifier === '@nestjs/throttler' && origin.imported === 'ThrottlerModule' && origin.member[0] === 'forRoot' && ts.isCallExpression(node)) {
      // `forRoot([{ ttl, limit }])` or `forRoot({ throttlers, storage })`; `forRootAsync` builds its options out of sight.
      const argument = node.arguments[0] && skipOuter(node.arguments[0]);
      const options = objectArgument(node, 0);
      if (argument && ts.isArrayLiteralExpression(argument)) message = 'tsStateThrottlerStorage';
      else if (options && !options.properties.some((property) => ts.isSpreadAssignment(property)) && !propertyNamed(options, 'storage')) message = 'tsStateThrottlerStorage';
      store = '@nest-lab/throttler-storage-redis';
    } else if (origin.specifier === 'graphql-subscriptions' && ts.isNewExpression(node) && (origin.imported === 'PubSub' || origin.member[0] === 'PubSub')) {
      message = 'tsStatePubSub';
      store = 'graphql-redis-subscriptions';
    }
    if (!message) continue;
    const sourceFile = context.file.tree.sourceFile;
    context.report({
      message,
      data: { call: callee.getText(sourceFile), instances: instancesOf(scope), store },
      start: node.getStart(sourceFile),
      end: node.expression.end,
      context: site.unit === 0 ? moduleContextOf(scope, context.file.path) : executionContextOf(scope, context.file.path, site.unit),
      details: detailsOf(scope, kind, undefined, 0),
    });
  }
}

const FS_WRITES = /^(?:writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream|outputFile|outputFileSync|outputJson|writeJson|writeJsonSync)$/;
const TEMPORARY = /tmp|temp|os\.tmpdir|tmpdir\(\)/i;

/** `setInterval` in server code, and files written to the instance's own disk on a request path. */
function checkTimersAndFiles(context: Context, scope: TsScope, serverModule: boolean, onRequest: ReturnType<typeof requestUnits>): void {
  const { model } = scope;
  const sourceFile = context.file.tree.sourceFile;
  const hasHandlers = onRequest.size > 0;
  for (const site of model.calls) {
    const node = site.node;
    if (!ts.isCallExpression(node)) continue;
    const callee = skipOuter(node.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
    if (name === 'setInterval' && (ts.isIdentifier(callee) || /^(?:globalThis|global|window)$/.test((callee as ts.PropertyAccessExpression).expression.getText(sourceFile)))) {
      const perRequest = onRequest.has(site.unit);
      if (!perRequest && !(site.unit === 0 && (serverModule || hasHandlers))) continue;
      context.report({
        message: perRequest ? 'tsStateTimerPerRequest' : 'tsStateTimer',
        data: { instances: instancesOf(scope) },
        start: node.getStart(sourceFile),
        end: node.expression.end,
        context: perRequest ? executionContextOf(scope, context.file.path, site.unit) : moduleContextOf(scope, context.file.path),
        details: detailsOf(scope, 'timer', onRequest.get(site.unit)?.handler, 0),
      });
      continue;
    }
    if (!FS_WRITES.test(name) || !onRequest.has(site.unit)) continue;
    const origin = originOf(callee, model);
    if (origin.kind !== 'import' || !/^(?:node:)?fs(?:\/promises)?$|^fs-extra$/.test(origin.specifier)) continue;
    const target = node.arguments[0];
    if (!target || TEMPORARY.test(target.getText(sourceFile)) || TEMPORARY.test(resolvedPathText(target, model))) continue;
    context.report({
      message: 'tsStateFile',
      data: { call: callee.getText(sourceFile), instances: instancesOf(scope) },
      start: node.getStart(sourceFile),
      end: node.expression.end,
      context: executionContextOf(scope, context.file.path, site.unit),
      details: detailsOf(scope, 'file', onRequest.get(site.unit)?.handler, 1),
    });
  }
}

/** The text a path variable was built from: `const file = path.join(os.tmpdir(), …)`. */
function resolvedPathText(expression: ts.Expression, model: FileModel): string {
  const inner = skipOuter(expression);
  if (!ts.isIdentifier(inner)) return '';
  const declarations = model.declarations.get(inner.text) ?? [];
  return declarations.map((declaration) => declaration.initializer?.getText() ?? '').join(' ');
}

function instancesOf(scope: TsScope): NestedMessage<MessageId> {
  if (scope.serverless) return { message: 'tsInstancesServerless' };
  return { message: scope.deployment.multiInstance ? 'tsInstancesMany' : 'tsInstancesSecond' };
}

function detailsOf(scope: TsScope, kind: StateKind, handler: HandlerInfo | undefined, writes: number) {
  return {
    stack: scope.stack(handler),
    framework: handler?.kind ?? 'none',
    stateKind: kind,
    writes,
    multiInstance: scope.deployment.multiInstance,
    serverless: scope.serverless,
  };
}
