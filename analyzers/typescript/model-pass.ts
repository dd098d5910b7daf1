import ts from 'typescript';
import { bindingIdentifiers, declare, declareImports, declareVariable } from './declarations';
import { directivesOf, entryKind } from './entry';
import { backgroundCallback, procedureHandler, routeRegistration } from './handlers';
import { iterationOf, loopStatement, type LoopInfo } from './loops';
import { addUnit, type FileModel, type UnitRef } from './model';
import { skipOuter } from './prisma-calls';
import { isLimiterArgument, limitPerHour } from './rate-limit';
import { isFunctionValue, propertyName, type FunctionNode } from './syntax';
import { collectTopLevel } from './top-level';

/**
 * Builds a file's model (`model.ts`) in one iterative pass over its tree,
 * explicit stacks instead of recursion on depth, and caches it per
 * `ts.SourceFile`, so the facts extractor and every rule share it.
 */

/** Calls whose callback or argument runs after the response: Next.js `after`, `waitUntil` of Vercel and workers. */
const DEFERRING_CALLS = new Set(['after', 'unstable_after', 'waitUntil']);

const cache = new WeakMap<ts.SourceFile, FileModel>();

/**
 * What the traversal does with a node, by kind, as a lookup table: a `switch`
 * over `ts.SyntaxKind.X` cases evaluates each case's property lookup at run
 * time, for every node of every file.
 */
const enum Visit {
  Other,
  Function,
  Call,
  Return,
  Variable,
  Parameter,
  Class,
  Enum,
  Import,
  Catch,
  Scope,
  Loop,
}
const VISIT = new Uint8Array(ts.SyntaxKind.Count);
for (const [kinds, visit] of [
  [[ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.FunctionExpression, ts.SyntaxKind.ArrowFunction, ts.SyntaxKind.MethodDeclaration, ts.SyntaxKind.Constructor, ts.SyntaxKind.GetAccessor, ts.SyntaxKind.SetAccessor], Visit.Function],
  [[ts.SyntaxKind.CallExpression, ts.SyntaxKind.NewExpression, ts.SyntaxKind.TaggedTemplateExpression], Visit.Call],
  [[ts.SyntaxKind.ReturnStatement], Visit.Return],
  [[ts.SyntaxKind.VariableDeclaration], Visit.Variable],
  [[ts.SyntaxKind.Parameter], Visit.Parameter],
  [[ts.SyntaxKind.ClassDeclaration], Visit.Class],
  [[ts.SyntaxKind.EnumDeclaration], Visit.Enum],
  [[ts.SyntaxKind.ImportDeclaration], Visit.Import],
  [[ts.SyntaxKind.CatchClause], Visit.Catch],
  [[ts.SyntaxKind.Block, ts.SyntaxKind.CaseBlock, ts.SyntaxKind.ModuleBlock], Visit.Scope],
  [[ts.SyntaxKind.ForStatement, ts.SyntaxKind.ForOfStatement, ts.SyntaxKind.ForInStatement, ts.SyntaxKind.WhileStatement, ts.SyntaxKind.DoStatement], Visit.Loop],
] as Array<[ts.SyntaxKind[], Visit]>) {
  for (const kind of kinds) VISIT[kind] = visit;
}

export function fileModel(sourceFile: ts.SourceFile, path: string = sourceFile.fileName): FileModel {
  let model = cache.get(sourceFile);
  if (!model) {
    model = buildModel(sourceFile, path);
    cache.set(sourceFile, model);
  }
  return model;
}

interface Ctx {
  unit: number;
  loop?: LoopInfo;
  deferred: boolean;
  errorPath: boolean;
  /** Nearest block-like scope (let/const). */
  scope: ts.Node;
  /** Nearest function or the file (var, params). */
  fnScope: ts.Node;
}

function buildModel(sourceFile: ts.SourceFile, path: string): FileModel {
  const directives = directivesOf(sourceFile);
  const model: FileModel = {
    path,
    sourceFile,
    directives,
    entry: entryKind(path, directives),
    imports: [],
    units: [],
    calls: [],
    returns: [],
    exports: new Map(),
    starExports: [],
    unitsByName: new Map(),
    declarations: new Map(),
    moduleVariables: [],
    unitByNode: new Map(),
    appLimited: false,
  };
  addUnit(model, { name: '<module>', kind: 'module', anchor: sourceFile, refs: [], exported: false });
  collectTopLevel(model);
  traverse(model);
  return model;
}

function traverse(model: FileModel): void {
  const { sourceFile } = model;
  const root: Ctx = { unit: 0, deferred: false, errorPath: false, scope: sourceFile, fnScope: sourceFile };
  // Two parallel stacks instead of [node, ctx] pairs: one allocation less per node, on every node of every file.
  const nodes: ts.Node[] = [];
  const ctxs: Ctx[] = [];
  let pushCtx: Ctx = root;
  const push = (child: ts.Node) => {
    nodes.push(child);
    ctxs.push(pushCtx);
  };
  /** Pushes a node's children in source order (reversed on the stack), all with `ctx`. */
  const pushChildren = (node: ts.Node, ctx: Ctx) => {
    const from = nodes.length;
    pushCtx = ctx;
    ts.forEachChild(node, push);
    reverseFrom(from);
  };
  const reverseFrom = (from: number) => {
    for (let i = from, j = nodes.length - 1; i < j; i++, j--) {
      const node = nodes[i];
      nodes[i] = nodes[j];
      nodes[j] = node;
      const ctx = ctxs[i];
      ctxs[i] = ctxs[j];
      ctxs[j] = ctx;
    }
  };
  pushChildren(sourceFile, root);

  while (nodes.length) {
    const node = nodes.pop()!;
    const ctx = ctxs.pop()!;
    switch (VISIT[node.kind]) {
      case Visit.Function: {
        const fn = node as FunctionNode;
        let unit = model.unitByNode.get(fn);
        if (unit === undefined && hasOwnDirective(fn, 'use server')) {
          unit = addUnit(model, { name: functionLabel(fn), kind: 'callback', node: fn, anchor: fn, refs: [], exported: false, handler: { kind: 'server-action', stack: 'nextjs' } });
        }
        if (ts.isFunctionDeclaration(fn) && fn.name) declare(model, { name: fn.name.text, kind: 'function', id: fn.name, scope: ctx.scope });
        let inner: Ctx;
        if (unit !== undefined) inner = { unit, deferred: false, errorPath: false, scope: fn, fnScope: fn };
        else {
          const iteration = iterationOf(fn, model);
          inner = { unit: ctx.unit, deferred: ctx.deferred, errorPath: ctx.errorPath, loop: iteration ? { ...iteration, parent: ctx.loop } : ctx.loop, scope: fn, fnScope: fn };
        }
        // An arrow's expression body is what it returns.
        if (ts.isArrowFunction(fn) && !ts.isBlock(fn.body)) model.returns.push({ unit: inner.unit, fn, expression: fn.body });
        pushChildren(fn, inner);
        continue;
      }
      case Visit.Call: {
        const call = node as ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression;
        model.calls.push({ node: call, unit: ctx.unit, loop: ctx.loop, deferred: ctx.deferred, errorPath: ctx.errorPath });
        if (!ts.isTaggedTemplateExpression(call)) registerBackgroundUnit(model, call);
        if (ts.isCallExpression(call)) {
          registerCallbackUnits(model, call);
          if (!ctx.errorPath && isCatchCall(call)) {
            // `promise.catch((error) => …)`: the callback is an error path; the promise chain is not.
            const from = nodes.length;
            pushCtx = ctx;
            push(call.expression);
            pushCtx = { ...ctx, errorPath: true };
            for (const argument of call.arguments) push(argument);
            reverseFrom(from);
            continue;
          }
          if (!ctx.deferred && isDeferringCall(call)) {
            // The callee runs now; the arguments run after the response.
            const from = nodes.length;
            pushCtx = ctx;
            push(call.expression);
            pushCtx = { ...ctx, deferred: true };
            for (const argument of call.arguments) push(argument);
            reverseFrom(from);
            continue;
          }
        }
        pushChildren(call, ctx);
        continue;
      }
      case Visit.Return: {
        const expression = (node as ts.ReturnStatement).expression;
        if (expression) model.returns.push({ unit: ctx.unit, fn: ctx.fnScope, expression });
        break;
      }
      case Visit.Variable:
        declareVariable(model, node as ts.VariableDeclaration, ctx.scope, ctx.fnScope);
        break;
      case Visit.Parameter:
        for (const name of bindingIdentifiers((node as ts.ParameterDeclaration).name)) declare(model, { name: name.text, kind: 'param', id: name, scope: ctx.fnScope });
        break;
      case Visit.Class: {
        const name = (node as ts.ClassDeclaration).name;
        if (name) declare(model, { name: name.text, kind: 'class', id: name, scope: ctx.scope });
        break;
      }
      case Visit.Enum:
        declare(model, { name: (node as ts.EnumDeclaration).name.text, kind: 'enum', id: (node as ts.EnumDeclaration).name, scope: ctx.scope });
        break;
      case Visit.Import:
        if (ts.isStringLiteral((node as ts.ImportDeclaration).moduleSpecifier)) declareImports(model, node as ts.ImportDeclaration, ctx.scope);
        break;
      case Visit.Catch: {
        const variable = (node as ts.CatchClause).variableDeclaration;
        if (variable) for (const name of bindingIdentifiers(variable.name)) declare(model, { name: name.text, kind: 'catch', id: name, scope: node });
        pushChildren(node, { ...ctx, scope: node, errorPath: true });
        continue;
      }
      case Visit.Scope:
        pushChildren(node, { ...ctx, scope: node });
        continue;
      case Visit.Loop: {
        const loop = loopStatement(node, model)!;
        const scoped = { ...ctx, scope: node };
        const inside = { ...scoped, loop: { ...loop.info, parent: ctx.loop } };
        const from = nodes.length;
        ts.forEachChild(node, (child) => {
          pushCtx = loop.inside.includes(child) ? inside : scoped;
          push(child);
        });
        reverseFrom(from);
        continue;
      }
    }
    pushChildren(node, ctx);
  }
}

function hasOwnDirective(node: FunctionNode, directive: string): boolean {
  const body = node.body;
  if (!body || !ts.isBlock(body)) return false;
  for (const statement of body.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) return false;
    if (statement.expression.text === directive) return true;
  }
  return false;
}

function functionLabel(node: FunctionNode): string {
  if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node)) && node.name) return propertyName(node.name) ?? 'function';
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent)) return propertyName(parent.name) ?? 'function';
  return 'function';
}

/** Route callbacks (`app.get('/x', async (req, res) => …)`), tRPC procedures and safe actions become handler units. */
function registerCallbackUnits(model: FileModel, call: ts.CallExpression): void {
  const route = routeRegistration(call, model);
  if (route) {
    const limited = route.middleware.some((argument) => isLimiterArgument(argument, model));
    const perHour = rarestLimit(route.middleware, model);
    // `app.use(limiter)` / `app.use('/api', limiter)`: the limiter guards the app's routes.
    if (limited && route.info.method === undefined) model.appLimited = true;
    const refs: UnitRef[] = [];
    for (const argument of route.handlers) {
      const inner = skipOuter(argument);
      if (isFunctionValue(inner)) {
        if (!model.unitByNode.has(inner)) addUnit(model, { name: route.label, kind: 'callback', node: inner, anchor: inner, refs: [], exported: false, handler: route.info, limited: limited || undefined, limitPerHour: perHour });
      } else refs.push({ expression: inner, wrapper: false });
    }
    if (refs.length) addUnit(model, { name: route.label, kind: 'alias', anchor: call, refs, exported: false, handler: route.info, limited: limited || undefined, limitPerHour: perHour });
    return;
  }
  const procedure = procedureHandler(call, model);
  if (procedure) {
    const fn = skipOuter(procedure.fn) as ts.ArrowFunction | ts.FunctionExpression;
    // `procedure.use(rateLimit(5, '1 h')).mutation(…)`: a limiter among the chain's middleware guards it.
    const middleware = procedureMiddleware(call);
    const limited = middleware.some((argument) => isLimiterArgument(argument, model));
    const perHour = rarestLimit(middleware, model);
    const existing = model.unitByNode.get(fn);
    if (existing === undefined) addUnit(model, { name: procedure.label, kind: 'callback', node: fn, anchor: call.expression, refs: [], exported: false, handler: procedure.info, limited: limited || undefined, limitPerHour: perHour });
    else {
      // `export const submit = actionClient.use(limiter).action(async () => …)`: the export made the unit already.
      const unit = model.units[existing];
      if (limited) unit.limited = true;
      unit.limitPerHour ??= perHour;
    }
  }
}

/** The arguments of every `.use(…)` step of a procedure or action chain. */
function procedureMiddleware(call: ts.CallExpression): ts.Expression[] {
  const out: ts.Expression[] = [];
  let current: ts.Expression = skipOuter(call.expression);
  for (let i = 0; i < 16; i++) {
    if (ts.isPropertyAccessExpression(current)) current = skipOuter(current.expression);
    else if (ts.isCallExpression(current)) {
      const callee = skipOuter(current.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'use') out.push(...current.arguments);
      current = callee;
    } else break;
  }
  // The procedure it starts from may be a limited one: `rateLimitedProcedure.mutation(…)`.
  if (ts.isIdentifier(current)) out.push(current);
  return out;
}

/** The strictest written-out limit among a route's middleware, per hour. */
function rarestLimit(middleware: readonly ts.Expression[], model: FileModel): number | undefined {
  let rarest: number | undefined;
  for (const argument of middleware) {
    const inner = skipOuter(argument);
    const perHour = ts.isCallExpression(inner) ? limitPerHour(inner, model) : undefined;
    if (perHour !== undefined && (rarest === undefined || perHour < rarest)) rarest = perHour;
  }
  return rarest;
}

/** A queue worker's or a scheduled function's callback becomes a unit of background work. */
function registerBackgroundUnit(model: FileModel, call: ts.CallExpression | ts.NewExpression): void {
  const found = backgroundCallback(call, model);
  if (found && !model.unitByNode.has(found.fn)) addUnit(model, { name: found.label, kind: 'callback', node: found.fn, anchor: call.expression, refs: [], exported: false, runs: 'background' });
}

function isCatchCall(call: ts.CallExpression): boolean {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'catch';
}

function isDeferringCall(call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  if (ts.isIdentifier(callee)) return DEFERRING_CALLS.has(callee.text);
  // `ctx.waitUntil(…)`, `event.waitUntil(…)`, `context.waitUntil(…)`.
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'waitUntil';
}
