import ts from 'typescript';
import type { FixInput, RelatedInput, RuleContext, MessageIdOf } from '../../core/rule';
import type { TextEdit } from '../../core/types';
import { removeStatement, swapNamedImport } from '../../typescript/edits';
import { unitOf, type FileModel } from '../../typescript/model';
import type { TsTree } from '../../typescript/parse';
import { skipOuter } from '../../typescript/prisma-calls';
import { executionContextOf, moduleContextOf } from '../../typescript/execution-context';
import { tsScope, type TsScope } from '../../typescript/scope';
import { indentationAt, isFunctionNode, newlineOf } from '../../typescript/syntax';
import type rule from './rule';

type MessageId = MessageIdOf<typeof rule>;
type Context = RuleContext<TsTree, typeof rule>;

/**
 * `new PrismaClient()` where it runs more than once per process: inside a
 * handler or a function called per request (each client opens its own pool),
 * or, in a Next.js app, at module level without the `globalThis` guard
 * (every hot reload in development opens another pool; info).
 *
 * Not flagged: module-level clients elsewhere, lazy singletons
 * (`global.prisma ??= new PrismaClient()`), the factory of the official
 * singleton module (`const prismaClientSingleton = () => new PrismaClient()`
 * called once at module level, or by a getter that keeps its result), factories
 * handed to a memoizer at module level (`remember('prisma', () => new
 * PrismaClient())`), and a module-level client in the production branch of a
 * `NODE_ENV` test (production does not hot-reload).
 */
export function check(context: Context): void {
  const scope = tsScope(context);
  if (scope.offline) return;
  const { model } = scope;
  for (const site of model.calls) {
    const node = site.node;
    if (!ts.isNewExpression(node) || !isPrismaConstructor(node)) continue;
    if (isGuarded(node)) continue;
    const fn = enclosingFunction(node);
    if (!fn) {
      if (scope.nextMajor !== undefined && !inProductionBranch(node)) reportHotReload(context, scope, node);
      continue;
    }
    if (isMemoizedFactory(fn)) continue;
    const unitIndex = unitOf(model, node);
    if (isModuleOnlyFactory(model, unitIndex)) continue;
    reportInFunction(context, scope, node, unitIndex);
  }
}

function isPrismaConstructor(node: ts.NewExpression): boolean {
  const callee = skipOuter(node.expression);
  return (ts.isIdentifier(callee) && callee.text === 'PrismaClient') || (ts.isPropertyAccessExpression(callee) && callee.name.text === 'PrismaClient');
}

function enclosingFunction(node: ts.Node): ts.Node | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunctionNode(current)) return current;
  return undefined;
}

/**
 * Created once and kept: `globalForPrisma.prisma ?? new PrismaClient()`,
 * `global.prisma = new PrismaClient()`, `prisma ??= new PrismaClient()`,
 * `if (!prisma) prisma = new PrismaClient()`.
 */
function isGuarded(node: ts.Expression): boolean {
  let current: ts.Node = node;
  for (let i = 0; i < 16 && current.parent; i++) {
    const parent: ts.Node = current.parent;
    if (ts.isBinaryExpression(parent)) {
      const operator = parent.operatorToken.kind;
      if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken) return true;
      if (operator === ts.SyntaxKind.QuestionQuestionEqualsToken || operator === ts.SyntaxKind.BarBarEqualsToken) return true;
      if (operator === ts.SyntaxKind.EqualsToken && parent.right === current) return isKeptTarget(parent.left, node);
    }
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isCallExpression(parent) || ts.isPropertyAccessExpression(parent) || ts.isConditionalExpression(parent)) {
      current = parent;
      continue;
    }
    break;
  }
  return false;
}

/** An assignment target that outlives the call: a global's property, or a variable declared outside the function. */
function isKeptTarget(target: ts.Expression, node: ts.Node): boolean {
  const inner = skipOuter(target);
  if (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) {
    const root = inner.expression.getText();
    return /^(?:globalThis|global|window|globalFor\w*|this)\b/.test(root) || !/^(?:req|request|res|ctx|context)\b/.test(root);
  }
  if (ts.isIdentifier(inner)) {
    const fn = enclosingFunction(node);
    // Assigning a variable declared in the function itself is per call; anything outside is a kept singleton.
    return !!fn && !declaredInside(fn, inner.text);
  }
  return false;
}

function declaredInside(fn: ts.Node, name: string): boolean {
  let found = false;
  const stack: ts.Node[] = [fn];
  let budget = 20000;
  while (stack.length && !found && budget-- > 0) {
    const node = stack.pop()!;
    if ((ts.isVariableDeclaration(node) || ts.isParameter(node)) && ts.isIdentifier(node.name) && node.name.text === name) found = true;
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return found;
}

/**
 * Memoizers that call their factory once per process. React's `cache` is not
 * one of them: on the server it memoizes per request.
 */
const MEMOIZERS = /^(?:remember|memoize|memoizeOne|memo|once|lazy|singleton|globalSingleton|createSingleton|getSingleton)$/;

/** `remember('prisma', () => new PrismaClient())` at module level: the factory of a kept client. */
function isMemoizedFactory(fn: ts.Node): boolean {
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || !call.arguments.includes(fn as ts.Expression) || enclosingFunction(call)) return false;
  const callee = skipOuter(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return name !== undefined && MEMOIZERS.test(name);
}

/**
 * A top-level function, not exported, only ever called from module-level code
 * of its own file or where its result is kept (`Singleton.instance =
 * createClient()`, `global.prisma ??= createClient()`): a singleton's factory.
 */
function isModuleOnlyFactory(model: FileModel, unitIndex: number): boolean {
  const unit = model.units[unitIndex];
  if (!unit || unit.kind === 'module' || unit.exported || unit.handler) return false;
  const name = unit.name;
  let calledAtModuleLevel = false;
  for (const site of model.calls) {
    if (!ts.isCallExpression(site.node)) continue;
    const callee = skipOuter(site.node.expression);
    if (!ts.isIdentifier(callee) || callee.text !== name) continue;
    if (site.unit !== 0 && !isGuarded(site.node)) return false;
    calledAtModuleLevel = true;
  }
  return calledAtModuleLevel;
}

/**
 * `if (process.env.NODE_ENV === 'production') prisma = new PrismaClient()`:
 * production runs the module once per process; only development hot-reloads it.
 */
function inProductionBranch(node: ts.Node): boolean {
  for (let current: ts.Node = node; current.parent; current = current.parent) {
    const parent = current.parent;
    if (!ts.isIfStatement(parent) || parent.expression === current) continue;
    const production = productionTest(parent.expression);
    if (production !== undefined && (current === parent.thenStatement) === production) return true;
  }
  return false;
}

/** For `NODE_ENV === 'production'` true, for `NODE_ENV !== 'production'` false; undefined for anything else. */
function productionTest(condition: ts.Expression): boolean | undefined {
  const test = skipOuter(condition);
  if (!ts.isBinaryExpression(test)) return undefined;
  const sides = [skipOuter(test.left), skipOuter(test.right)];
  const literal = sides.find((side) => ts.isStringLiteral(side) && side.text === 'production');
  const environment = sides.find((side) => ts.isPropertyAccessExpression(side) && side.name.text === 'NODE_ENV');
  if (!literal || !environment) return undefined;
  const kind = test.operatorToken.kind;
  if (kind === ts.SyntaxKind.EqualsEqualsEqualsToken || kind === ts.SyntaxKind.EqualsEqualsToken) return true;
  if (kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || kind === ts.SyntaxKind.ExclamationEqualsToken) return false;
  return undefined;
}

function reportInFunction(context: Context, scope: TsScope, node: ts.NewExpression, unitIndex: number): void {
  const { model } = scope;
  const unit = model.units[unitIndex];
  const answer = scope.handlerOf(unitIndex);
  const handler = answer.own;
  const reached = handler ? undefined : answer.reached;
  const related: RelatedInput<MessageId>[] = [];
  if (reached) related.push({ location: reached.at, message: { id: 'tsPrismaCalledFrom', data: { handler: reached.name } } });
  const sourceFile = context.file.tree.sourceFile;
  const onRequest = !!handler || !!reached;
  // A callback handed to some call at module level (`test.extend({ db: async (…) => … })`):
  // how often it runs is that API's business, and it has no name to report.
  if (!onRequest && unit.kind === 'module') return;
  context.report({
    message: onRequest ? 'tsPrismaPerRequest' : 'tsPrismaPerCall',
    data: { fn: unit.name, handler: reached?.name ?? unit.name },
    start: node.getStart(sourceFile),
    end: node.expression.end,
    // A factory only scripts call opens one pool per script run.
    context: executionContextOf(scope, context.file.path, unitIndex),
    related,
    fixes: singletonFix(context, scope, node),
    details: { stack: scope.stack(handler ?? reached?.info), framework: (handler ?? reached?.info)?.kind ?? 'none', inFunction: true, perRequest: onRequest },
  });
}

function reportHotReload(context: Context, scope: TsScope, node: ts.NewExpression): void {
  const sourceFile = context.file.tree.sourceFile;
  const fix = globalThisFix(context, node);
  context.report({
    message: 'tsPrismaHotReload',
    data: {},
    start: node.getStart(sourceFile),
    end: node.expression.end,
    severity: 'info',
    // A module only scripts and tests import never hot-reloads in a dev server.
    context: moduleContextOf(scope, context.file.path),
    fixes: fix ? [fix] : undefined,
    details: { stack: 'nextjs', framework: 'none', inFunction: false, perRequest: false },
  });
}

/**
 * `export const prisma = new PrismaClient(…)` → the singleton Prisma's docs
 * give for Next.js: reuse the client kept on `globalThis` across hot reloads.
 */
function globalThisFix(context: Context, node: ts.NewExpression): FixInput<MessageId> | undefined {
  const declaration = node.parent;
  if (!declaration || !ts.isVariableDeclaration(declaration) || declaration.initializer !== node || !ts.isIdentifier(declaration.name)) return undefined;
  const statement = declaration.parent?.parent;
  if (!statement || !ts.isVariableStatement(statement) || statement.declarationList.declarations.length !== 1) return undefined;
  const sourceFile = context.file.tree.sourceFile;
  const { path, text } = context.file;
  const name = declaration.name.text;
  const newline = newlineOf(text);
  const typed = /\.[cm]?tsx?$/.test(path);
  const holder = typed ? 'const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };' : 'const globalForPrisma = globalThis;';
  const start = statement.getStart(sourceFile);
  const edits: TextEdit[] = [
    { file: path, start, end: start, newText: `${holder}${newline}${newline}` },
    { file: path, start: node.getStart(sourceFile), end: node.end, newText: `globalForPrisma.prisma ?? ${node.getText(sourceFile)}` },
    { file: path, start: lineEnd(text, statement.end), end: lineEnd(text, statement.end), newText: `${newline}${newline}if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = ${name};` },
  ];
  return { title: 'tsFixGlobalSingleton', applicability: 'safe', edits };
}

/**
 * Use one client per process: the workspace's own singleton module when it
 * has one (`import { prisma } from '@/lib/db'`), else a `globalThis`
 * singleton at the top of this file. Per-request `$disconnect()` calls on the
 * local client go too: on a shared client they would cut other requests off.
 */
function singletonFix(context: Context, scope: TsScope, node: ts.NewExpression): FixInput<MessageId>[] | undefined {
  const sourceFile = context.file.tree.sourceFile;
  const { path, text } = context.file;
  // Constructor options that use the function's own variables cannot move to module level.
  if (node.arguments?.some((argument) => !isStaticOptions(argument))) return undefined;
  const declaration = node.parent && ts.isVariableDeclaration(node.parent) && node.parent.initializer === node && ts.isIdentifier(node.parent.name) ? node.parent : undefined;
  const localName = declaration ? (declaration.name as ts.Identifier).text : undefined;
  const shared = scope.answers.sharedPrisma(path);
  const sharedName = shared?.name ?? 'prisma';
  const edits: TextEdit[] = [];
  const fn = enclosingFunction(node)!;
  const statement = declaration?.parent?.parent;
  if (declaration && localName === sharedName && statement && ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) {
    edits.push(removeStatement(path, text, statement));
  } else {
    edits.push({ file: path, start: node.getStart(sourceFile), end: node.end, newText: sharedName });
  }
  if (localName) edits.push(...disconnects(text, fn, localName, sourceFile, path));
  if (shared) {
    // The constructor was the import's last use: take `PrismaClient` out with it.
    const callee = skipOuter(node.expression);
    const unused = ts.isIdentifier(callee) && usesOf(sourceFile, callee.text) === 1 ? callee.text : undefined;
    edits.push(...swapNamedImport(path, sourceFile, unused, shared.name, shared.specifier));
  } else {
    if (hasTopLevel(scope.model, sharedName)) return undefined;
    const typed = /\.[cm]?tsx?$/.test(path);
    const newline = newlineOf(text);
    const lines = [
      typed ? 'const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };' : 'const globalForPrisma = globalThis;',
      `const ${sharedName} = globalForPrisma.prisma ?? (globalForPrisma.prisma = ${node.getText(sourceFile)});`,
    ];
    const anchor = lastImportEnd(sourceFile);
    edits.push({ file: path, start: anchor, end: anchor, newText: anchor === 0 ? `${lines.join(newline)}${newline}${newline}` : `${newline}${newline}${lines.join(newline)}` });
  }
  return [{ title: shared ? { id: 'tsFixUseShared', data: { name: shared.name, specifier: shared.specifier } } : 'tsFixHoistSingleton', applicability: 'safe', edits }];
}

function isStaticOptions(argument: ts.Expression): boolean {
  const stack: ts.Node[] = [argument];
  while (stack.length) {
    const node = stack.pop()!;
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      const isKey = parent && (ts.isPropertyAssignment(parent) && parent.name === node || ts.isPropertyAccessExpression(parent) && parent.name === node);
      if (!isKey && node.text !== 'process' && node.text !== 'undefined') return false;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return true;
}

function hasTopLevel(model: FileModel, name: string): boolean {
  return (model.declarations.get(name) ?? []).some((declaration) => declaration.scope === model.sourceFile);
}

function lastImportEnd(sourceFile: ts.SourceFile): number {
  let end = 0;
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) || (ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression))) end = statement.end;
    else if (ts.isVariableStatement(statement) && /\brequire\(/.test(statement.getText(sourceFile)) && statement.getText(sourceFile).length < 200) end = statement.end;
    else break;
  }
  return end;
}

/**
 * `await prisma.$disconnect();` statements on the local client. When one was
 * all a `finally` held, the `finally` goes too (an empty one reads as a
 * mistake), and a `try` left with nothing else to do is unwrapped.
 */
function disconnects(text: string, fn: ts.Node, name: string, sourceFile: ts.SourceFile, path: string): TextEdit[] {
  const edits: TextEdit[] = [];
  const stack: ts.Node[] = [fn];
  while (stack.length) {
    const node = stack.pop()!;
    if (ts.isExpressionStatement(node) && isDisconnectOf(node, name)) {
      edits.push(dropFinally(text, node, sourceFile, path) ?? removeStatement(path, text, node));
      continue;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return edits;
}

function isDisconnectOf(statement: ts.ExpressionStatement, name: string): boolean {
  const call = skipOuter(statement.expression);
  if (!ts.isCallExpression(call)) return false;
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== '$disconnect') return false;
  const client = skipOuter(callee.expression);
  return ts.isIdentifier(client) && client.text === name;
}

/** The edit removing the `finally` whose only statement (and only text) is `statement`, when it is one. */
function dropFinally(text: string, statement: ts.Statement, sourceFile: ts.SourceFile, path: string): TextEdit | undefined {
  const block = statement.parent;
  const tryStatement = block?.parent;
  if (!ts.isBlock(block) || !tryStatement || !ts.isTryStatement(tryStatement) || tryStatement.finallyBlock !== block) return undefined;
  // A comment beside the call is the user's: keep the `finally` then.
  const rest = text.slice(block.getStart(sourceFile) + 1, statement.getStart(sourceFile)) + text.slice(statement.end, block.end - 1);
  if (rest.trim() !== '') return undefined;
  if (tryStatement.catchClause) return { file: path, start: tryStatement.catchClause.end, end: tryStatement.end, newText: '' };
  return unwrapTry(text, tryStatement, sourceFile, path);
}

/** `try { body } finally {}` → `body`, one level less indented; undefined when that could change a multi-line string. */
function unwrapTry(text: string, tryStatement: ts.TryStatement, sourceFile: ts.SourceFile, path: string): TextEdit | undefined {
  const body = tryStatement.tryBlock;
  if (body.statements.length === 0) return removeStatement(path, text, tryStatement);
  if (hasMultilineTemplate(body, sourceFile)) return undefined;
  const outer = indentationAt(text, tryStatement.getStart(sourceFile));
  const newline = newlineOf(text);
  const lines = text.slice(body.getStart(sourceFile) + 1, body.end - 1).split(/\r?\n/);
  while (lines.length && lines[0].trim() === '') lines.shift();
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  const inner = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)![0]).reduce((a, b) => (b.length < a.length ? b : a));
  const dedented = lines.map((line) => (line.trim() === '' ? '' : outer + line.slice(inner.length)));
  return { file: path, start: tryStatement.getStart(sourceFile), end: tryStatement.end, newText: dedented.join(newline).slice(outer.length) };
}

function hasMultilineTemplate(node: ts.Node, sourceFile: ts.SourceFile): boolean {
  const stack: ts.Node[] = [node];
  while (stack.length) {
    const current = stack.pop()!;
    if ((ts.isNoSubstitutionTemplateLiteral(current) || ts.isTemplateExpression(current)) && /[\r\n]/.test(current.getText(sourceFile))) return true;
    ts.forEachChild(current, (child) => {
      stack.push(child);
    });
  }
  return false;
}

/** How many times `name` is used in the file, its import specifiers left out. */
function usesOf(sourceFile: ts.SourceFile, name: string): number {
  let uses = 0;
  const stack: ts.Node[] = [sourceFile];
  while (stack.length) {
    const node = stack.pop()!;
    if (ts.isImportDeclaration(node)) continue;
    if (ts.isIdentifier(node) && node.text === name) uses++;
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return uses;
}

/** The end of the line holding `offset`, before its line break (after a trailing comment). */
function lineEnd(text: string, offset: number): number {
  let end = offset;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return end;
}
