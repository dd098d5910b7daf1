import ts from 'typescript';
import { directivesOf, entryKind, type TsEntryKind, type TsImport } from './entry';
import { skipOuter } from './prisma-calls';
import { handlerOfExport, routeRegistration, procedureHandler, nestRoute, type HandlerInfo } from './handlers';
import { isLimiterArgument } from './rate-limit';
import { isFunctionNode, isFunctionValue, isPromiseCombinator, propertyName, type FunctionNode } from './syntax';

/**
 * Everything the TypeScript rules and the facts extractor need to know about
 * one file, computed in one iterative pass over its tree and cached per
 * `ts.SourceFile`: the functions ("units") that calls can be attributed to,
 * every call with the loop and the unit it runs in, declarations for name
 * lookup, and return statements. Rules then look at calls, never re-walk.
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
  /** `Promise.all(xs.map(…))`: the queries overlap, but there are still N of them. */
  concurrent: boolean;
  /** The loop around this one in the same unit. */
  parent?: LoopInfo;
}

export type UnitKind = 'module' | 'function' | 'method' | 'callback' | 'alias';

/**
 * A function calls are attributed to: top-level functions, exported
 * wrappers' inner functions, class and object methods, route callbacks.
 * Anonymous functions inside a unit (callbacks, `.map` bodies) belong to it:
 * they run when it runs. Unit 0 is the module's top-level code.
 */
export interface Unit {
  index: number;
  name: string;
  kind: UnitKind;
  node?: FunctionNode;
  /** Where a related location points: the unit's name, or its first token. */
  anchor: ts.Node;
  handler?: HandlerInfo;
  /**
   * Functions this unit hands the request to without calling them in its own
   * body: the wrapper of `withAuth(async () => …)`, the named middleware and
   * handlers of `app.post('/x', limiter, createUser)`.
   */
  refs: UnitRef[];
  exported: boolean;
  /** A rate limiter runs on its route (`app.post('/x', limiter, fn)`) or in its body. */
  limited?: boolean;
}

export interface UnitRef {
  expression: ts.Expression;
  /** The ref wraps the unit (`withAuth(fn)`): its checks run before the handler. */
  wrapper: boolean;
}

export interface CallSite {
  node: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression;
  unit: number;
  /** The innermost loop around the call within its unit. */
  loop?: LoopInfo;
  /** Inside `after(…)` / `waitUntil(…)`: runs after the response is sent. */
  deferred: boolean;
  /** Inside a `catch` block or a `.catch(…)` callback: runs only when something failed. */
  errorPath: boolean;
}

export type DeclarationKind = 'const' | 'let' | 'var' | 'param' | 'function' | 'class' | 'import' | 'catch' | 'enum';

export interface Declaration {
  name: string;
  kind: DeclarationKind;
  /** The identifier that declares the name. */
  id: ts.Identifier;
  /** The block, function, `for` or file the name is visible in. */
  scope: ts.Node;
  initializer?: ts.Expression;
  /** `const { a } = x` / `const [a] = x`: the name takes `key` of `initializer`. */
  key?: string | number;
  /** For imports and requires. */
  specifier?: string;
  imported?: string;
}

export interface ReturnSite {
  unit: number;
  /** The function the `return` belongs to (the unit's own, or a callback inside it). */
  fn: ts.Node;
  expression: ts.Expression;
}

export interface ExportEntry {
  /** The local name it exports (a unit or a variable), when it is a local. */
  local?: string;
  /** `export { x as y } from './m'`. */
  from?: { specifier: string; name: string };
  unit?: number;
}

export interface FileModel {
  path: string;
  sourceFile: ts.SourceFile;
  directives: string[];
  entry?: TsEntryKind;
  imports: TsImport[];
  units: Unit[];
  calls: CallSite[];
  returns: ReturnSite[];
  exports: Map<string, ExportEntry>;
  /** `export * from './m'` specifiers. */
  starExports: string[];
  /** Top-level names of units (`getUser`, `UserService.find`) to their index. */
  unitsByName: Map<string, number>;
  declarations: Map<string, Declaration[]>;
  /** Top-level `const`/`let`/`var` declarations in source order. */
  moduleVariables: Declaration[];
  unitByNode: Map<ts.Node, number>;
  /** `app.use(rateLimit(…))`: every route of the app passes a limiter. */
  appLimited: boolean;
}

const ITERATION_METHODS = new Set(['map', 'forEach', 'flatMap', 'reduce', 'reduceRight', 'filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex']);
/** Calls whose callback or argument runs after the response: Next.js `after`, `waitUntil` of Vercel and workers. */
const DEFERRING_CALLS = new Set(['after', 'unstable_after', 'waitUntil']);
/** A numeric loop bound at or below this is a small constant, not user data. */
const SMALL_BOUND = 20;

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

function addUnit(model: FileModel, unit: Omit<Unit, 'index'>): number {
  const index = model.units.length;
  model.units.push({ ...unit, index });
  if (unit.node) model.unitByNode.set(unit.node, index);
  if (unit.kind !== 'module' && unit.kind !== 'callback' && !model.unitsByName.has(unit.name)) model.unitsByName.set(unit.name, index);
  return index;
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
}

function isDefaultExport(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword);
}

/**
 * The function a wrapper call carries and the wrappers around it:
 * `withAuth(withLimit(async () => …), opts)` → the arrow, [withAuth, withLimit].
 * Also `procedure.input(x).action(async () => …)` chains. Identifiers passed
 * instead of a function (`withAuth(handler)`) come back as `passed`.
 */
function unwrapCall(call: ts.CallExpression): { fn?: ts.ArrowFunction | ts.FunctionExpression; wrappers: ts.Expression[]; passed: ts.Expression[] } {
  const wrappers: ts.Expression[] = [];
  const passed: ts.Expression[] = [];
  let current: ts.CallExpression | undefined = call;
  for (let depth = 0; current && depth < 8; depth++) {
    wrappers.push(current.expression);
    let next: ts.CallExpression | undefined;
    for (const argument of current.arguments) {
      const inner = skipOuter(argument);
      if (isFunctionValue(inner)) return { fn: inner, wrappers, passed };
      if (ts.isCallExpression(inner) && !next) next = inner;
      else if (ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner)) passed.push(inner);
    }
    current = next;
  }
  return { wrappers, passed };
}

function collectTopLevel(model: FileModel): void {
  const { sourceFile } = model;
  const handlerFor = (name: string) => handlerOfExport(model.path, model.entry, model.directives, name);
  const addFunctionUnit = (name: string, fn: FunctionNode, anchor: ts.Node, exported: boolean, refs: UnitRef[] = [], kind: UnitKind = 'function') => {
    const index = addUnit(model, { name, kind, node: fn, anchor, refs, exported, handler: exported ? handlerFor(name) : undefined });
    if (exported) model.exports.set(name, { local: name, unit: index });
    return index;
  };
  const addFromValue = (name: string, value: ts.Expression, anchor: ts.Node, exported: boolean) => {
    const inner = skipOuter(value);
    if (isFunctionValue(inner)) return addFunctionUnit(name, inner, anchor, exported);
    if (ts.isCallExpression(inner)) {
      const { fn, wrappers, passed } = unwrapCall(inner);
      const refs: UnitRef[] = wrappers.map((expression) => ({ expression, wrapper: true }));
      if (fn) return addFunctionUnit(name, fn, anchor, exported, refs);
      // `export default withAuth(handler)`: an entry point that hands the request to named functions.
      const handler = exported ? handlerFor(name) : undefined;
      if (passed.length && handler) {
        const index = addUnit(model, { name, kind: 'alias', anchor, refs: [...refs, ...passed.map((expression) => ({ expression, wrapper: false }))], exported, handler });
        model.exports.set(name, { local: name, unit: index });
        return index;
      }
      if (exported) model.exports.set(name, { local: name });
      return undefined;
    }
    if (ts.isObjectLiteralExpression(inner)) {
      for (const property of inner.properties) {
        const key = propertyName(property.name);
        if (!key) continue;
        if (ts.isMethodDeclaration(property)) addFunctionUnit(`${name}.${key}`, property, property.name, false, [], 'method');
        else if (ts.isPropertyAssignment(property) && isFunctionValue(skipOuter(property.initializer))) {
          addFunctionUnit(`${name}.${key}`, skipOuter(property.initializer) as ts.ArrowFunction, property.name, false, [], 'method');
        }
      }
      if (exported) model.exports.set(name, { local: name });
      return undefined;
    }
    if (ts.isClassExpression(inner)) addClass(name, inner, exported);
    if (exported) model.exports.set(name, { local: name });
    return undefined;
  };
  const addClass = (name: string, node: ts.ClassLikeDeclaration, exported: boolean) => {
    for (const member of node.members) {
      const key = propertyName(member.name);
      if (!key) continue;
      let fn: FunctionNode | undefined;
      if (ts.isMethodDeclaration(member)) fn = member;
      else if (ts.isPropertyDeclaration(member) && member.initializer && isFunctionValue(skipOuter(member.initializer))) fn = skipOuter(member.initializer) as ts.ArrowFunction;
      if (!fn) continue;
      addUnit(model, { name: `${name}.${key}`, kind: 'method', node: fn, anchor: member.name!, refs: [], exported: false, handler: nestRoute(node, member) });
    }
    if (exported) model.exports.set(name, { local: name });
  };

  for (const statement of sourceFile.statements) {
    const exported = isExported(statement);
    const isDefault = isDefaultExport(statement);
    if (ts.isFunctionDeclaration(statement)) {
      const name = statement.name?.text;
      if (isDefault) {
        const index = addFunctionUnit(name ?? 'default', statement, statement.name ?? statement, true);
        model.exports.set('default', { local: name ?? 'default', unit: index });
        // The handler role comes from being the default export, whatever the function is called.
        model.units[index].handler ??= handlerFor('default');
      } else if (name) addFunctionUnit(name, statement, statement.name!, exported);
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.initializer) addFromValue(declaration.name.text, declaration.initializer, declaration.name, exported);
        else if (exported) for (const name of bindingNames(declaration.name)) model.exports.set(name, { local: name });
      }
    } else if (ts.isClassDeclaration(statement)) {
      const name = statement.name?.text ?? 'default';
      addClass(name, statement, exported);
      if (isDefault) model.exports.set('default', { local: name });
    } else if (ts.isExportAssignment(statement)) {
      // `export default x` and TypeScript's `export = x` both name the module's one value.
      exportDefaultValue(statement.expression, statement);
    } else if (ts.isExportDeclaration(statement)) {
      const specifier = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      if (!statement.exportClause) {
        if (specifier) model.starExports.push(specifier);
      } else if (ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) {
          const local = (element.propertyName ?? element.name).text;
          const name = element.name.text;
          if (specifier) model.exports.set(name, { from: { specifier, name: local } });
          else model.exports.set(name, { local });
        }
      } else if (ts.isNamespaceExport(statement.exportClause) && specifier) {
        model.exports.set(statement.exportClause.name.text, { from: { specifier, name: '*' } });
      }
    } else if (ts.isExpressionStatement(statement)) {
      commonJsExport(statement.expression);
    }
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      model.imports.push({ specifier: statement.moduleSpecifier.text, bindings: importBindings(statement.importClause) });
    }
  }
  // `export { handler as GET }` and `export default handler` name locals: give those units their handler role.
  for (const [name, entry] of model.exports) {
    if (entry.local === undefined || entry.unit !== undefined) continue;
    const index = model.unitsByName.get(entry.local);
    if (index === undefined) continue;
    entry.unit = index;
    const unit = model.units[index];
    unit.exported = true;
    unit.handler ??= handlerFor(name);
  }

  function exportDefaultValue(expression: ts.Expression, statement: ts.Node): void {
    const inner = skipOuter(expression);
    if (ts.isIdentifier(inner)) {
      model.exports.set('default', { local: inner.text });
      return;
    }
    const index = addFromValue('default', inner, statement, true);
    if (index !== undefined) model.exports.set('default', { local: 'default', unit: index });
    else if (ts.isObjectLiteralExpression(inner)) model.exports.set('default', { local: 'default' });
  }

  function commonJsExport(expression: ts.Expression): void {
    if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
    const target = expression.left;
    const path = ts.isPropertyAccessExpression(target) ? [ts.isIdentifier(target.expression) ? target.expression.text : ts.isPropertyAccessExpression(target.expression) ? `${(target.expression.expression as ts.Identifier).text}.${target.expression.name.text}` : '', target.name.text] : [];
    if (path[0] === 'module' && path[1] === 'exports') {
      const value = skipOuter(expression.right);
      if (ts.isIdentifier(value)) model.exports.set('default', { local: value.text });
      else if (ts.isObjectLiteralExpression(value)) {
        for (const property of value.properties) {
          if (ts.isShorthandPropertyAssignment(property)) model.exports.set(property.name.text, { local: property.name.text });
          else if (ts.isPropertyAssignment(property) && ts.isIdentifier(skipOuter(property.initializer))) {
            const key = propertyName(property.name);
            if (key) model.exports.set(key, { local: (skipOuter(property.initializer) as ts.Identifier).text });
          } else if ((ts.isPropertyAssignment(property) || ts.isMethodDeclaration(property)) && propertyName(property.name)) {
            const key = propertyName(property.name)!;
            const fn = ts.isMethodDeclaration(property) ? property : skipOuter(property.initializer);
            if (isFunctionNode(fn)) addFunctionUnit(key, fn, property.name, true);
          }
        }
      } else {
        const index = addFromValue('default', value, target, true);
        if (index !== undefined) model.exports.set('default', { local: 'default', unit: index });
      }
    } else if ((path[0] === 'exports' || path[0] === 'module.exports') && path[1]) {
      const value = skipOuter(expression.right);
      if (ts.isIdentifier(value)) model.exports.set(path[1], { local: value.text });
      else addFromValue(path[1], value, target, true);
    }
  }
}

export function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  const names: string[] = [];
  const stack: ts.BindingName[] = [name];
  while (stack.length) {
    const current = stack.pop()!;
    if (ts.isIdentifier(current)) names.push(current.text);
    else for (const element of current.elements) if (!ts.isOmittedExpression(element)) stack.push(element.name);
  }
  return names;
}

function importBindings(clause: ts.ImportClause | undefined): TsImport['bindings'] {
  if (!clause) return [];
  const bindings: TsImport['bindings'] = [];
  if (clause.name) bindings.push({ imported: 'default', local: clause.name.text });
  const named = clause.namedBindings;
  if (named && ts.isNamespaceImport(named)) bindings.push({ imported: '*', local: named.name.text });
  if (named && ts.isNamedImports(named)) {
    for (const element of named.elements) bindings.push({ imported: (element.propertyName ?? element.name).text, local: element.name.text });
  }
  return bindings;
}

function declare(model: FileModel, declaration: Declaration): void {
  const list = model.declarations.get(declaration.name);
  if (list) list.push(declaration);
  else model.declarations.set(declaration.name, [declaration]);
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
        declareVariable(model, node as ts.VariableDeclaration, ctx);
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
        if (ts.isStringLiteral((node as ts.ImportDeclaration).moduleSpecifier)) declareImports(model, node as ts.ImportDeclaration, ctx);
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

function bindingIdentifiers(name: ts.BindingName): ts.Identifier[] {
  if (ts.isIdentifier(name)) return [name];
  const out: ts.Identifier[] = [];
  const stack: ts.BindingName[] = [name];
  while (stack.length) {
    const current = stack.pop()!;
    if (ts.isIdentifier(current)) out.push(current);
    else for (const element of current.elements) if (!ts.isOmittedExpression(element)) stack.push(element.name);
  }
  return out;
}

function declareVariable(model: FileModel, node: ts.VariableDeclaration, ctx: Ctx): void {
  const list = node.parent;
  const flags = ts.isVariableDeclarationList(list) ? list.flags : 0;
  const kind: DeclarationKind = flags & ts.NodeFlags.Const ? 'const' : flags & ts.NodeFlags.Let ? 'let' : 'var';
  const scope = kind === 'var' ? ctx.fnScope : ctx.scope;
  const initializer = node.initializer;
  const requireSpecifier = initializer ? requireOf(initializer) : undefined;
  const topLevel = ctx.scope === model.sourceFile;
  if (ts.isIdentifier(node.name)) {
    const declaration: Declaration = { name: node.name.text, kind, id: node.name, scope, initializer };
    if (requireSpecifier) Object.assign(declaration, { kind: 'import', specifier: requireSpecifier.specifier, imported: requireSpecifier.member ?? 'default' });
    declare(model, declaration);
    if (topLevel) model.moduleVariables.push(declaration);
    if (requireSpecifier && topLevel) addImport(model, requireSpecifier.specifier, requireSpecifier.member ?? 'default', node.name.text);
    return;
  }
  // Destructuring: each name takes one key of the initializer.
  const stack: Array<{ name: ts.BindingName; key?: string | number }> = [{ name: node.name }];
  while (stack.length) {
    const { name, key } = stack.pop()!;
    if (ts.isIdentifier(name)) {
      const declaration: Declaration = { name: name.text, kind, id: name, scope, initializer, key };
      if (requireSpecifier && typeof key === 'string') Object.assign(declaration, { kind: 'import', specifier: requireSpecifier.specifier, imported: key });
      declare(model, declaration);
      if (topLevel) model.moduleVariables.push(declaration);
      if (requireSpecifier && typeof key === 'string' && topLevel) addImport(model, requireSpecifier.specifier, key, name.text);
      continue;
    }
    if (ts.isObjectBindingPattern(name)) {
      for (const element of name.elements) {
        const elementKey = element.propertyName ? propertyName(element.propertyName) : ts.isIdentifier(element.name) ? element.name.text : undefined;
        stack.push({ name: element.name, key: key === undefined ? elementKey : key });
      }
    } else {
      name.elements.forEach((element, index) => {
        if (!ts.isOmittedExpression(element)) stack.push({ name: element.name, key: key === undefined ? index : key });
      });
    }
  }
}

function addImport(model: FileModel, specifier: string, imported: string, local: string): void {
  let entry = model.imports.find((candidate) => candidate.specifier === specifier);
  if (!entry) {
    entry = { specifier, bindings: [] };
    model.imports.push(entry);
  }
  entry.bindings.push({ imported, local });
}

/** `require('m')` or `require('m').member`. */
function requireOf(expression: ts.Expression): { specifier: string; member?: string } | undefined {
  let inner = skipOuter(expression);
  let member: string | undefined;
  if (ts.isPropertyAccessExpression(inner)) {
    member = inner.name.text;
    inner = skipOuter(inner.expression);
  }
  if (ts.isCallExpression(inner) && ts.isIdentifier(inner.expression) && inner.expression.text === 'require' && inner.arguments.length === 1 && ts.isStringLiteral(inner.arguments[0])) {
    return { specifier: inner.arguments[0].text, member };
  }
  return undefined;
}

function declareImports(model: FileModel, node: ts.ImportDeclaration, ctx: Ctx): void {
  const specifier = (node.moduleSpecifier as ts.StringLiteral).text;
  const clause = node.importClause;
  if (!clause) return;
  if (clause.name) declare(model, { name: clause.name.text, kind: 'import', id: clause.name, scope: ctx.scope, specifier, imported: 'default' });
  const named = clause.namedBindings;
  if (named && ts.isNamespaceImport(named)) declare(model, { name: named.name.text, kind: 'import', id: named.name, scope: ctx.scope, specifier, imported: '*' });
  if (named && ts.isNamedImports(named)) {
    for (const element of named.elements) {
      declare(model, { name: element.name.text, kind: 'import', id: element.name, scope: ctx.scope, specifier, imported: (element.propertyName ?? element.name).text });
    }
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
    // `app.use(limiter)` / `app.use('/api', limiter)`: the limiter guards the app's routes.
    if (limited && route.info.method === undefined) model.appLimited = true;
    const refs: UnitRef[] = [];
    for (const argument of route.handlers) {
      const inner = skipOuter(argument);
      if (isFunctionValue(inner)) {
        if (!model.unitByNode.has(inner)) addUnit(model, { name: route.label, kind: 'callback', node: inner, anchor: inner, refs: [], exported: false, handler: route.info, limited: limited || undefined });
      } else refs.push({ expression: inner, wrapper: false });
    }
    if (refs.length) addUnit(model, { name: route.label, kind: 'alias', anchor: call, refs, exported: false, handler: route.info, limited: limited || undefined });
    return;
  }
  const procedure = procedureHandler(call, model);
  if (procedure) {
    const fn = skipOuter(procedure.fn) as ts.ArrowFunction | ts.FunctionExpression;
    if (!model.unitByNode.has(fn)) addUnit(model, { name: procedure.label, kind: 'callback', node: fn, anchor: call.expression, refs: [], exported: false, handler: procedure.info });
  }
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

/** A callback run once per item: the function argument of `xs.map(…)`, `Array.from(xs, fn)`. */
function iterationOf(node: FunctionNode, model: FileModel): Omit<LoopInfo, 'parent'> | undefined {
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
  const kind: LoopKind = method === 'reduceRight' ? 'reduce' : method.startsWith('find') ? 'find' : (method as LoopKind);
  const element = method === 'reduce' || method === 'reduceRight' ? node.parameters[1]?.name : node.parameters[0]?.name;
  return { node: parent, kind, iterable: callee.expression, element, constant: isConstantIterable(callee.expression, model), concurrent: isConcurrent(parent) };
}

function isConcurrent(call: ts.CallExpression): boolean {
  let current: ts.Node = call;
  while (current.parent && (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent))) current = current.parent;
  const parent = current.parent;
  return !!parent && ts.isCallExpression(parent) && isPromiseCombinator(parent);
}

/** A loop statement, with the children that run once per iteration. */
function loopStatement(node: ts.Node, model: FileModel): { info: Omit<LoopInfo, 'parent'>; inside: ts.Node[] } | undefined {
  if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
    const declarationList = ts.isVariableDeclarationList(node.initializer) ? node.initializer : undefined;
    const element = declarationList?.declarations[0]?.name;
    const constant = ts.isForInStatement(node) ? isConstantObject(node.expression, model) : isConstantIterable(node.expression, model);
    return { info: { node, kind: ts.isForOfStatement(node) ? 'for-of' : 'for-in', iterable: node.expression, element, constant, concurrent: false }, inside: [node.statement] };
  }
  if (ts.isForStatement(node)) {
    const bound = forBound(node, model);
    return { info: { node, kind: 'for', iterable: bound.iterable, constant: bound.constant, concurrent: false }, inside: [node.statement, node.condition, node.incrementor].filter((child): child is ts.Expression | ts.Statement => !!child) };
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
function forBound(node: ts.ForStatement, model: FileModel): { iterable?: ts.Expression; constant: boolean } {
  const condition = node.condition;
  if (!condition) return { constant: false };
  if (node.incrementor && stepsByBatch(node.incrementor)) return { constant: false };
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
function isSmallBound(condition: ts.Expression, model: FileModel): boolean {
  const inner = skipOuter(condition);
  if (!ts.isBinaryExpression(inner)) return false;
  const operator = inner.operatorToken.kind;
  if (![ts.SyntaxKind.LessThanToken, ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.GreaterThanEqualsToken].includes(operator)) return false;
  return [inner.left, inner.right].some((side) => isSmallNumber(skipOuter(side), model));
}

function isSmallNumber(expression: ts.Expression, model: FileModel): boolean {
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
export function isConstantName(name: string): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(name) && /[A-Z]{2}/.test(name);
}

/**
 * A collection whose size is fixed in the source: an array literal, a const
 * bound to one, an enum's values, `Object.keys` of a literal, an ALL_CAPS
 * constant. Loops over these are not per-row.
 */
export function isConstantIterable(expression: ts.Expression, model: FileModel, depth = 0): boolean {
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
    if (declaration.kind === 'const' && declaration.initializer && declaration.key === undefined) return isConstantIterable(declaration.initializer, model, depth + 1);
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
function isConstantObject(expression: ts.Expression, model: FileModel, depth = 0): boolean {
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

/** The declaration an identifier refers to: the innermost visible one. */
export function resolve(model: FileModel, identifier: ts.Identifier): Declaration | undefined {
  const candidates = model.declarations.get(identifier.text);
  if (!candidates) return undefined;
  const position = identifier.pos;
  let best: Declaration | undefined;
  let bestWidth = Infinity;
  for (const candidate of candidates) {
    const scope = candidate.scope;
    const start = scope.pos;
    if (position < start || identifier.end > scope.end) continue;
    const width = scope.end - start;
    if (width < bestWidth || (width === bestWidth && candidate.id.pos <= position)) {
      best = candidate;
      bestWidth = width;
    }
  }
  return best;
}

/** The unit a node runs in, found through its ancestors. */
export function unitOf(model: FileModel, node: ts.Node): number {
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    const unit = model.unitByNode.get(current);
    if (unit !== undefined) return unit;
  }
  return 0;
}

/**
 * The innermost loop around a call that runs once per item of user-sized
 * data, if any. `while`/`do` loops and counting `for` loops iterate no
 * collection: they poll, retry or page through batches, which is not one
 * round trip per row.
 */
export function userSizedLoop(loop: LoopInfo | undefined): LoopInfo | undefined {
  for (let current = loop; current; current = current.parent) if (!current.constant && iteratesCollection(current)) return current;
  return undefined;
}

function iteratesCollection(loop: LoopInfo): boolean {
  if (loop.kind === 'while' || loop.kind === 'do') return false;
  return loop.kind !== 'for' || loop.iterable !== undefined;
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
