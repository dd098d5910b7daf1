import ts from 'typescript';
import { resolve, type NameTable } from './declarations';
import type { TsEntryKind, TsImport } from './entry';
import { skipOuter } from './prisma-calls';
import { chainRoot, isFunctionValue, objectArgument, propertyName, propertyValue, stringValue } from './syntax';

/** The web stack a handler belongs to; lessons and the scale simulator branch on it. */
export type Stack = 'nextjs' | 'express' | 'hono' | 'fastify' | 'node';

export type HandlerKind =
  | 'route-handler'
  | 'pages-api'
  | 'server-action'
  | 'middleware'
  | 'page'
  | 'function'
  | 'express'
  | 'hono'
  | 'fastify'
  | 'koa'
  | 'trpc'
  | 'nestjs';

/** A function that runs once per request. */
export interface HandlerInfo {
  kind: HandlerKind;
  stack: Stack;
  /** HTTP method when known: `GET`, `POST`. */
  method?: string;
  /** Route path when written next to the handler: `/users/:id`. */
  route?: string;
}

/**
 * What recognizing a handler reads of its file: names, imports and
 * directives. The file model has them; its own pass calls these recognizers.
 */
type RouteFile = NameTable & { imports: readonly TsImport[]; directives: readonly string[] };

const HTTP_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const PAGES_ROUTER_PAGE = /(?:^|\/)pages\/(?!api\/)/;

/** The handler role an exported function has because of where it is exported from. */
export function handlerOfExport(path: string, entry: TsEntryKind | undefined, directives: readonly string[], name: string): HandlerInfo | undefined {
  switch (entry) {
    case 'route-handler':
      return HTTP_METHODS.has(name) ? { kind: 'route-handler', stack: 'nextjs', method: name } : undefined;
    case 'pages-api':
      return name === 'default' ? { kind: 'pages-api', stack: 'nextjs' } : undefined;
    case 'middleware':
      return name === 'default' || name === 'middleware' || name === 'proxy' ? { kind: 'middleware', stack: 'nextjs' } : undefined;
    case 'server-action':
      return { kind: 'server-action', stack: 'nextjs' };
    case 'page':
      return name === 'default' || name === 'generateMetadata' ? { kind: 'page', stack: 'nextjs' } : undefined;
    case 'function':
      return name === 'default' || name === 'handler' || HTTP_METHODS.has(name) ? { kind: 'function', stack: 'node', method: HTTP_METHODS.has(name) ? name : undefined } : undefined;
  }
  if (!directives.includes('use client') && PAGES_ROUTER_PAGE.test(path) && name === 'getServerSideProps') return { kind: 'page', stack: 'nextjs' };
  return undefined;
}

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'options', 'head', 'use', 'on', 'route']);
const FRAMEWORKS: Array<[RegExp, HandlerKind, Stack]> = [
  [/^express$/, 'express', 'express'],
  [/^(?:hono|hono\/.+|@hono\/.+)$/, 'hono', 'hono'],
  [/^fastify$/, 'fastify', 'fastify'],
  [/^(?:koa|@koa\/router|koa-router)$/, 'koa', 'node'],
];
/** Names route receivers get in the wild, trusted only in files that import a framework. */
const RECEIVER_NAMES = /^(?:app|router|server|api|fastify|instance|routes?|r|hono|v\d+|\w*Router|\w*Routes|\w*App)$/i;

function frameworkOf(model: RouteFile): { kind: HandlerKind; stack: Stack } | undefined {
  for (const entry of model.imports) {
    for (const [pattern, kind, stack] of FRAMEWORKS) if (pattern.test(entry.specifier)) return { kind, stack };
  }
  return undefined;
}

/** What a route receiver was created by: `express()`, `Router()`, `new Hono()`, `Fastify()`. */
function isAppConstruction(expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  if (!ts.isCallExpression(inner) && !ts.isNewExpression(inner)) return false;
  const callee = skipOuter(inner.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  return /^(?:express|Router|Hono|Fastify|fastify|Koa|OpenAPIHono)$/.test(name);
}

export interface RouteRegistration {
  /** The functions (or names of functions) that run for the route, in order. */
  handlers: ts.Expression[];
  /** Every argument after the path, calls included (`rateLimit({…})`, `express.json()`). */
  middleware: ts.Expression[];
  label: string;
  info: HandlerInfo;
}

/** `app.get('/x', auth, async (req, res) => …)`, `router.use(fn)`, `fastify.route({ handler })`. */
export function routeRegistration(call: ts.CallExpression, model: RouteFile): RouteRegistration | undefined {
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  if (!ROUTE_METHODS.has(method)) return undefined;
  const framework = frameworkOf(model);
  if (!framework && !isAppConstruction(chainRoot(callee.expression))) return undefined;
  if (!isRouteReceiver(callee.expression, model)) return undefined;
  const kind = framework?.kind ?? 'express';
  const stack = framework?.stack ?? 'express';

  if (method === 'route') {
    // fastify.route({ method, url, handler }) — express's app.route('/x') is a chain handled by its methods.
    const options = objectArgument(call, 0);
    if (!options) return undefined;
    const handler = propertyValue(options, 'handler');
    if (!handler) return undefined;
    const verb = stringValue(propertyValue(options, 'method'));
    const url = stringValue(propertyValue(options, 'url'));
    const preHandler = propertyValue(options, 'preHandler') ?? propertyValue(options, 'onRequest');
    return { handlers: [handler], middleware: preHandler ? [preHandler] : [], label: `${verb ?? 'route'} ${url ?? ''}`.trim(), info: { kind, stack, method: verb, route: url } };
  }
  const args = [...call.arguments];
  let route: string | undefined;
  if (method === 'on' && args.length) args.shift(); // hono: app.on('GET', '/x', handler)
  const first = args[0] && skipOuter(args[0]);
  if (first && (ts.isStringLiteralLike(first) || ts.isTemplateExpression(first) || ts.isRegularExpressionLiteral(first) || ts.isArrayLiteralExpression(first))) {
    route = stringValue(first);
    args.shift();
  } else if (method !== 'use') {
    // `app.get('/x', …)` needs a path; `router.route('/x').get(fn)` takes it from the chain.
    const inner = skipOuter(callee.expression);
    if (!(ts.isCallExpression(inner) && ts.isPropertyAccessExpression(skipOuter(inner.expression)) && (skipOuter(inner.expression) as ts.PropertyAccessExpression).name.text === 'route')) return undefined;
    route = stringValue(inner.arguments[0]);
  }
  const handlers = args.filter((argument) => {
    const inner = skipOuter(argument);
    return isFunctionValue(inner) || ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner);
  });
  if (!handlers.length && !(method === 'use' && args.length)) return undefined;
  const verb = method === 'use' ? undefined : method === 'del' ? 'DELETE' : method.toUpperCase();
  const label = method === 'use' ? `middleware${route ? ` ${route}` : ''}` : `${verb} ${route ?? ''}`.trim();
  return { handlers, middleware: args, label, info: { kind, stack, method: verb, route } };
}

function isRouteReceiver(expression: ts.Expression, model: RouteFile): boolean {
  const root = chainRoot(expression);
  if (isAppConstruction(root)) return true;
  if (!ts.isIdentifier(root)) return false;
  const declaration = resolve(model, root);
  if (declaration?.initializer && declaration.key === undefined && isAppConstruction(declaration.initializer)) return true;
  if (declaration?.kind === 'import' && /^(?:express|hono|fastify)$/.test(declaration.specifier ?? '')) return false;
  return RECEIVER_NAMES.test(root.text) && frameworkOf(model) !== undefined;
}

export interface ProcedureHandler {
  fn: ts.Expression;
  label: string;
  info: HandlerInfo;
}

/** tRPC procedures (`publicProcedure.input(x).query(async () => …)`) and next-safe-action actions. */
export function procedureHandler(call: ts.CallExpression, model: RouteFile): ProcedureHandler | undefined {
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const resolver = (method === 'query' || method === 'mutation') && v9Resolver(call, callee.expression);
  if (resolver) return { fn: resolver, label: stringValue(call.arguments[0]) ?? method, info: { kind: 'trpc', stack: 'node', method: method === 'query' ? 'GET' : 'POST' } };
  const fn = call.arguments[0];
  if (!fn || !isFunctionValue(skipOuter(fn))) return undefined;
  const root = chainRoot(callee.expression);
  const rootName = ts.isIdentifier(root) ? root.text : ts.isPropertyAccessExpression(root) ? root.name.text : '';
  if ((method === 'query' || method === 'mutation') && (/procedure$/i.test(rootName) || hasProcedureStep(callee.expression))) {
    return { fn, label: keyOf(call) ?? method, info: { kind: 'trpc', stack: 'node', method: method === 'query' ? 'GET' : 'POST' } };
  }
  if ((method === 'action' || method === 'stateAction') && /action(?:client)?$/i.test(rootName) && model.directives.includes('use server')) {
    return { fn, label: keyOf(call) ?? 'action', info: { kind: 'server-action', stack: 'nextjs' } };
  }
  return undefined;
}

/**
 * tRPC v9 routers name each procedure and pass its options:
 * `createRouter().query('list', { input, resolve: async ({ input }) => … })`
 * (or `trpc.router()…`). The `resolve` function runs per request.
 */
function v9Resolver(call: ts.CallExpression, chain: ts.Expression): ts.Expression | undefined {
  const [name, options] = call.arguments;
  if (!name || !ts.isStringLiteralLike(name) || !options || !ts.isObjectLiteralExpression(skipOuter(options))) return undefined;
  const resolve = propertyValue(skipOuter(options) as ts.ObjectLiteralExpression, 'resolve');
  if (!resolve || !isFunctionValue(skipOuter(resolve)) || !hasRouterStep(chain)) return undefined;
  return resolve;
}

/** `createRouter()`, `trpc.router()`: a router is made somewhere in the chain. */
function hasRouterStep(expression: ts.Expression): boolean {
  let current = skipOuter(expression);
  for (let i = 0; i < 40; i++) {
    if (ts.isCallExpression(current)) {
      const callee = skipOuter(current.expression);
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      if (/router$/i.test(name)) return true;
      current = callee;
    } else if (ts.isPropertyAccessExpression(current)) current = skipOuter(current.expression);
    else return false;
  }
  return false;
}

/** `t.procedure.query(…)`: a `.procedure` step somewhere in the chain. */
function hasProcedureStep(expression: ts.Expression): boolean {
  let current = skipOuter(expression);
  for (let i = 0; i < 10; i++) {
    if (ts.isPropertyAccessExpression(current)) {
      if (/procedure$/i.test(current.name.text)) return true;
      current = skipOuter(current.expression);
    } else if (ts.isCallExpression(current)) current = skipOuter(current.expression);
    else return false;
  }
  return false;
}

/** The name a procedure or action is stored under: `list` in `{ list: publicProcedure.query(…) }`. */
function keyOf(call: ts.CallExpression): string | undefined {
  let current: ts.Node = call;
  while (current.parent && (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent))) current = current.parent;
  const parent = current.parent;
  if (parent && ts.isPropertyAssignment(parent)) return propertyName(parent.name);
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

const NEST_METHODS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Head', 'Options']);

/** A NestJS controller method: `@Post() create(…)` in a `@Controller()` class. */
export function nestRoute(classNode: ts.ClassLikeDeclaration, member: ts.ClassElement): HandlerInfo | undefined {
  const decoratorName = (node: ts.Node) =>
    (ts.canHaveDecorators(node) ? ts.getDecorators(node) ?? [] : []).map((decorator) => {
      const expression = decorator.expression;
      const callee = ts.isCallExpression(expression) ? expression.expression : expression;
      return { name: ts.isIdentifier(callee) ? callee.text : '', route: ts.isCallExpression(expression) ? stringValue(expression.arguments[0]) : undefined };
    });
  if (!decoratorName(classNode).some((decorator) => decorator.name === 'Controller')) return undefined;
  const route = decoratorName(member).find((decorator) => NEST_METHODS.has(decorator.name));
  if (!route) return undefined;
  return { kind: 'nestjs', stack: 'node', method: route.name.toUpperCase(), route: route.route };
}

/** Packages whose registration calls take the function a queue, a scheduler or a durable runtime runs. */
const BACKGROUND_RUNTIMES = /^(?:bullmq|bull|bee-queue|inngest|@trigger\.dev\/sdk(?:\/.*)?|node-cron|cron|kafkajs|sqs-consumer|pg-boss|agenda|@google-cloud\/pubsub)$/;

/**
 * A function handed to background work where it is registered: BullMQ's
 * `new Worker(name, fn)`, Bull's `queue.process(fn)`, Inngest's
 * `createFunction(config, trigger, fn)`, Trigger.dev's `task({ run })`,
 * `cron.schedule(expression, fn)`, a Kafka consumer's `run({ eachMessage })`.
 * Trusted only in a file that imports one of those runtimes.
 */
export function backgroundCallback(call: ts.CallExpression | ts.NewExpression, model: RouteFile): { fn: ts.ArrowFunction | ts.FunctionExpression; label: string } | undefined {
  if (!model.imports.some((entry) => BACKGROUND_RUNTIMES.test(entry.specifier))) return undefined;
  const callee = skipOuter(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  const args = call.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  const lastFunction = () => [...args].reverse().map((argument) => skipOuter(argument)).find(isFunctionValue);
  if (/^(?:Worker|CronJob)$/.test(name) && ts.isNewExpression(call)) return found(lastFunction(), name);
  if (/^(?:process|createFunction|schedule|work|define)$/.test(name) && ts.isCallExpression(call)) return found(lastFunction(), name);
  if (/^(?:task|schemaTask|run)$/.test(name) && ts.isCallExpression(call)) {
    const options = objectArgument(call, 0);
    const run = options && (propertyValue(options, 'run') ?? propertyValue(options, 'eachMessage') ?? propertyValue(options, 'eachBatch'));
    return found(run && skipOuter(run), name);
  }
  return undefined;

  function found(fn: ts.Expression | undefined, label: string) {
    return isFunctionValue(fn) ? { fn, label } : undefined;
  }
}
