import ts from 'typescript';
import type { FixInput, MessageValue, RelatedInput, RuleContext, MessageIdOf } from '../../core/rule';
import type { Severity, TextEdit } from '../../core/types';
import { aiCallsOf, type AiCall } from '../../typescript/ai-calls';
import { outflowingCalls } from '../../typescript/dataflow';
import { dbCallsOf } from '../../typescript/db-calls';
import { addNamedImport, addOptions } from '../../typescript/edits';
import { refOf } from '../../typescript/facts';
import type { HandlerInfo } from '../../typescript/handlers';
import { resolve } from '../../typescript/declarations';
import { collectionLoop, itemName, type LoopInfo } from '../../typescript/loops';
import type { CallSite, FileModel } from '../../typescript/model';
import { isPackage, originOf } from '../../typescript/values';
import type { TsTree } from '../../typescript/parse';
import { skipOuter } from '../../typescript/prisma-calls';
import { chainRelated, chainText, tsScope, type TsScope } from '../../typescript/scope';
import { RARE_PER_HOUR } from '../../typescript/contexts';
import { executionContextOf } from '../../typescript/execution-context';
import { isExpectedWait, slowCallsOf, SLEEP_NAMES, timedByCaller, waitMilliseconds, type SlowKind } from '../../typescript/slow-calls';
import { calleeName, isAwaited, isFunctionNode } from '../../typescript/syntax';
import type { ChainStep, ReachKind } from '../../typescript/workspace';
import type rule from './rule';

type MessageId = MessageIdOf<typeof rule>;
type Context = RuleContext<TsTree, typeof rule>;

/**
 * Slow work a request handler waits for: directly in the handler, or through
 * the functions it calls (local or imported). Reported at the handler's own
 * call, where moving the work out happens; when several handlers reach the
 * same slow call through a shared helper, once at that call, with the
 * handlers as related locations. Work handed to `after()`, `waitUntil` or a
 * queue is not waited for and not reported; neither is a handler that is
 * background work's entry point (a cron route, a webhook receiver).
 */
type TaskKind = SlowKind | 'ai' | 'bulk-loop';

const WHAT: Record<TaskKind, MessageId> = {
  email: 'tsWhatEmail',
  media: 'tsWhatMedia',
  process: 'tsWhatProcess',
  browser: 'tsWhatBrowser',
  pdf: 'tsWhatPdf',
  sleep: 'tsWhatSleep',
  fetch: 'tsWhatFetch',
  ai: 'tsWhatAi',
  'bulk-loop': 'tsWhatBulkLoop',
};

/** Advice where functions are serverless: `after()` exists and the platform's time limit is the wall. */
const SERVERLESS_ADVICE: Record<TaskKind, MessageId> = {
  email: 'tsAdviceEmailServerless',
  media: 'tsAdviceBackgroundJob',
  process: 'tsAdviceBackgroundJob',
  browser: 'tsAdviceBackgroundJob',
  pdf: 'tsAdviceBackgroundJob',
  sleep: 'tsAdviceSleep',
  fetch: 'tsAdviceFetch',
  ai: 'tsAdviceAiServerless',
  'bulk-loop': 'tsAdviceRowsServerless',
};

/** Advice on a long-running server (NestJS, Express, Hono, Fastify in a container): a queue and a worker process. */
const SERVER_ADVICE: Record<TaskKind, MessageId> = {
  email: 'tsAdviceEmailServer',
  media: 'tsAdviceWorker',
  process: 'tsAdviceWorker',
  browser: 'tsAdviceWorker',
  pdf: 'tsAdviceWorker',
  sleep: 'tsAdviceSleep',
  fetch: 'tsAdviceFetch',
  ai: 'tsAdviceAiServer',
  'bulk-loop': 'tsAdviceRowsServer',
};

/** Hops from the handler to the slow call beyond which a chain is reported as info. */
const MAX_CONFIDENT_CHAIN = 4;

/** Kinds that hold a serverless function for seconds or more: errors there. */
const HEAVY = new Set<TaskKind>(['media', 'process', 'browser', 'pdf', 'sleep', 'bulk-loop']);

/** How many request handlers must share a slow call before it is reported once, at the call. */
const SHARED = 2;

export function check(context: Context): void {
  const scope = tsScope(context);
  if (scope.offline) return;
  const { model, answers } = scope;
  const path = context.file.path;
  const handlers = new Map<number, HandlerInfo>();
  model.units.forEach((unit, index) => {
    if (!unit.node) return;
    const handler = scope.handlerOf(index).own;
    if (handler) handlers.set(index, handler);
  });
  const slow = slowCallsOf(model);
  const ai = aiCallsOf(model);
  for (const site of model.calls) {
    if (site.deferred || site.errorPath) continue;
    const handler = handlers.get(site.unit);
    if (!handler) {
      if (scope.fresh && model.units[site.unit].node) checkShared(context, scope, site);
      continue;
    }
    const direct = slow.get(site.node);
    if (direct) {
      if (direct.awaited) report(context, scope, site, handler, direct.kind, direct.label, undefined);
      continue;
    }
    const aiCall = ai.get(site.node);
    if (aiCall) {
      if (blocksOn(scope, aiCall)) report(context, scope, site, handler, 'ai', aiCall.label, undefined);
      continue;
    }
    if (!ts.isCallExpression(site.node) || !isAwaited(site.node)) continue;
    // `await sleep(200)` of a retry's back-off or a brief poll, written in the handler itself.
    if (SLEEP_NAMES.test(calleeName(site.node) ?? '') && isExpectedWait(site.node, model)) continue;
    const ref = refOf(model, site.node.expression, model.units[site.unit]);
    if (!ref) continue;
    const slowReach = answers.reach(path, ref, 'slow');
    const reach = slowReach ?? (scope.serverless ? answers.reach(path, ref, 'blocking-ai') : undefined);
    if (!reach) continue;
    const kind: ReachKind = slowReach ? 'slow' : 'blocking-ai';
    // A helper many handlers share is reported once, at its slow call (`checkShared`).
    if (answers.sharedEnd(path, ref, kind) >= SHARED) continue;
    const effect = reach.chain[reach.chain.length - 1].effect!;
    const taskKind: TaskKind = effect.kind === 'ai' ? 'ai' : (effect.detail as SlowKind);
    report(context, scope, site, handler, taskKind, reach.name, reach.chain);
  }
  if (handlers.size) checkBulkLoops(context, scope, handlers);
}

/** A model call the request waits for to the end: not streamed, not capped small, awaited, on a serverless platform. */
function blocksOn(scope: TsScope, call: AiCall): boolean {
  return scope.serverless && !call.streaming && !call.smallCap && isAwaited(call.node) && (!call.pending || scope.answers.accepts(scope.model.path, call.pending));
}

/**
 * Slow work in a helper that several request handlers wait for: reported
 * once, here, with the handlers that reach it, instead of once per handler.
 */
function checkShared(context: Context, scope: TsScope, site: CallSite): void {
  const path = context.file.path;
  const direct = slowCallsOf(scope.model).get(site.node);
  const aiCall = direct ? undefined : aiCallsOf(scope.model).get(site.node);
  const kind: TaskKind | undefined = direct?.awaited ? direct.kind : aiCall && blocksOn(scope, aiCall) ? 'ai' : undefined;
  // A sleep each caller times itself is reported at those callers.
  if (!kind || (kind === 'sleep' && timedByCaller(site.node, scope.model))) return;
  const { count, entries } = scope.answers.entries(path, site.unit, kind === 'ai' ? 'blocking-ai' : 'slow');
  if (count < SHARED) return;
  const sourceFile = context.file.tree.sourceFile;
  const node = site.node as ts.CallExpression | ts.NewExpression;
  const label = direct?.label ?? aiCall!.label;
  context.report({
    message: 'tsTaskShared',
    data: { call: label, what: { message: WHAT[kind] }, count, limit: limitOf(scope, direct?.sync ?? false), advice: { message: adviceFor(scope, kind) } },
    start: node.getStart(sourceFile),
    end: node.expression.end,
    severity: severityOf(scope, kind, false),
    context: executionContextOf(scope, path, site.unit),
    confidence: kind === 'fetch' && !scope.serverless ? 'medium' : undefined,
    related: entries.map((entry) => ({ location: entry.at, message: { id: 'tsTaskEntry', data: { handler: entry.name } } })),
    details: { stack: scope.stack(), taskKind: kind, serverless: scope.serverless, maxDurationSeconds: scope.deployment.maxDurationSeconds ?? 0, chainLength: 0, perItem: false, background: false, handlers: count },
  });
}

function report(context: Context, scope: TsScope, site: CallSite, handler: HandlerInfo, kind: TaskKind, label: string, chain: ChainStep[] | undefined): void {
  const sourceFile = context.file.tree.sourceFile;
  const node = site.node as ts.CallExpression | ts.NewExpression;
  const loop = collectionLoop(site.loop);
  const perItem = !!loop && (kind === 'email' || kind === 'fetch' || kind === 'ai');
  const executionContext = executionContextOf(scope, context.file.path, site.unit);
  const unit = scope.model.units[site.unit];
  // Many calls away, the slow work may sit behind conditions the chain does not show: info.
  const severity = chain && chain.length > MAX_CONFIDENT_CHAIN ? 'info' : severityOf(scope, kind, perItem);
  const related: RelatedInput<MessageId>[] = chain ? chainRelated(chain, 'tsTaskHere', 'tsTaskCalls') : [];
  if (loop) related.unshift({ location: context.locate(loop.node.getStart(sourceFile), ts.isCallExpression(loop.node) ? loop.node.expression.end : loop.node.getStart(sourceFile) + 3), message: 'tsTaskLoopHere' });
  // AI answers can stream; media, PDFs and processes cannot, and their result is what the client asked for.
  const resultNeeded = ['media', 'pdf', 'browser', 'process'].includes(kind) && outflowingCalls(scope.model, unit).has(node);
  const sync = !chain && (slowCallsOf(scope.model).get(node)?.sync ?? false);
  const data = {
    call: label,
    what: { message: WHAT[kind] },
    advice: { message: resultNeeded ? 'tsAdviceResultNeeded' : adviceFor(scope, kind) },
    chain: chain ? chainText(label, chain) : label,
    item: loop ? itemName(loop) : '',
    limit: limitOf(scope, sync),
  };
  // A route limited to a few requests an hour waits rarely by design (a feedback form behind `rateLimit(5, '1 h')`).
  const rare = unit.limitPerHour !== undefined && unit.limitPerHour <= RARE_PER_HOUR;
  // On a long-running server an awaited fetch holds only its own request (the event loop stays free, and Node gives up after 300 s).
  const weak = rare || (kind === 'fetch' && !scope.serverless);
  context.report({
    message: perItem ? (chain ? 'tsTaskChainPerItem' : 'tsTaskPerItem') : chain ? 'tsTaskChain' : 'tsTask',
    data,
    start: node.getStart(sourceFile),
    end: node.expression.end,
    severity,
    context: executionContext,
    confidence: weak ? 'medium' : undefined,
    related,
    fixes: fixesFor(context, scope, site, handler, kind, !!chain),
    details: {
      stack: scope.stack(handler),
      framework: handler.kind,
      taskKind: kind,
      serverless: scope.serverless,
      maxDurationSeconds: scope.deployment.maxDurationSeconds ?? 0,
      exceedsTimeout: outlastsLimit(scope, kind, node),
      chainLength: chain?.length ?? 0,
      perItem,
      background: executionContext === 'background',
    },
  });
}

function adviceFor(scope: TsScope, kind: TaskKind): MessageId {
  return (scope.serverless ? SERVERLESS_ADVICE : SERVER_ADVICE)[kind];
}

/** A sleep the code times at the platform's limit or longer: the function is cut off, not just slow. */
function outlastsLimit(scope: TsScope, kind: TaskKind, node: ts.Node): boolean {
  const limit = scope.deployment.maxDurationSeconds;
  if (!scope.serverless || !limit || kind !== 'sleep') return false;
  const ms = waitMilliseconds(node, scope.model);
  return ms !== undefined && ms >= limit * 1000;
}

function severityOf(scope: TsScope, kind: TaskKind, perItem: boolean): Severity {
  if (kind === 'fetch') return scope.serverless ? 'warning' : 'info';
  if (scope.serverless && (HEAVY.has(kind) || perItem)) return 'error';
  return 'warning';
}

/**
 * What waiting costs where the app runs: a serverless function is cut off
 * at its limit; on a long-running server an awaited call holds only its own
 * request, but synchronous work blocks the event loop for every request.
 */
function limitOf(scope: TsScope, sync: boolean): MessageValue<MessageId> {
  if (!scope.serverless) return sync ? { message: 'tsLimitEventLoop' } : '';
  const seconds = scope.deployment.maxDurationSeconds;
  return seconds ? { message: 'tsLimitSeconds', data: { seconds } } : { message: 'tsLimitUnknown' };
}

/**
 * `for (const row of rows)` over an unbounded read, awaiting per row some
 * other service (a payment API, a webhook, an SDK call). Per-row queries are
 * n-plus-one's; per-row email, media or AI work is reported at its call.
 */
function checkBulkLoops(context: Context, scope: TsScope, handlers: Map<number, HandlerInfo>): void {
  const { model, answers } = scope;
  const db = dbCallsOf(model);
  const slow = slowCallsOf(model);
  const ai = aiCallsOf(model);
  const seen = new Set<ts.Node>();
  for (const site of model.calls) {
    const handler = handlers.get(site.unit);
    const loop = collectionLoop(site.loop);
    if (!handler || !loop || site.deferred || seen.has(loop.node) || !ts.isCallExpression(site.node) || !isAwaited(site.node)) continue;
    if (db.has(site.node) || slow.has(site.node) || ai.has(site.node) || !isExternalService(site.node, model)) continue;
    // Workspace functions are judged by what they reach, and reported as such.
    const ref = refOf(model, site.node.expression, model.units[site.unit]);
    if (ref && (ref.local !== undefined || answers.resolves(context.file.path, ref))) continue;
    // A class or client from a package of this monorepo is the app's own code, not another service.
    if (fromWorkspacePackage(scope, site.node)) continue;
    const query = unboundedSource(scope, loop);
    if (!query) continue;
    seen.add(loop.node);
    const sourceFile = context.file.tree.sourceFile;
    const start = loop.node.getStart(sourceFile);
    context.report({
      message: 'tsTaskBulkLoop',
      data: { query: query.label, item: itemName(loop), call: site.node.expression.getText(sourceFile).replace(/\s+/g, ''), what: { message: WHAT['bulk-loop'] }, advice: { message: adviceFor(scope, 'bulk-loop') }, limit: limitOf(scope, false) },
      start,
      end: ts.isCallExpression(loop.node) ? loop.node.expression.end : start + 3,
      severity: severityOf(scope, 'bulk-loop', false),
      context: executionContextOf(scope, context.file.path, site.unit),
      related: [
        { location: context.locate(query.node.getStart(sourceFile), (query.node as ts.CallExpression).expression.end), message: 'tsTaskRowsFrom' },
        { location: context.locate(site.node.getStart(sourceFile), site.node.expression.end), message: 'tsTaskPerRow' },
      ],
      details: { stack: scope.stack(handler), framework: handler.kind, taskKind: 'bulk-loop', serverless: scope.serverless, maxDurationSeconds: scope.deployment.maxDurationSeconds ?? 0, chainLength: 0, perItem: true, background: false },
    });
  }
}

/** The call's receiver is imported from, or built by, a package this workspace itself contains. */
function fromWorkspacePackage(scope: TsScope, call: ts.CallExpression): boolean {
  let root: ts.Expression = skipOuter(call.expression);
  while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root)) root = skipOuter(root.expression);
  if (!ts.isIdentifier(root)) return false;
  const origin = originOf(root, scope.model);
  const specifier = origin.kind === 'import' ? origin.specifier : origin.kind === 'new' ? origin.module : undefined;
  return !!specifier && scope.answers.resolvesModule(scope.model.path, specifier);
}

/** Packages whose calls compute locally (validation, formatting, utilities): awaiting them costs no round trip. */
const LOCAL_PACKAGES = /^(?:zod|yup|joi|valibot|superjson|lodash(?:\/.*)?|lodash-es|date-fns(?:\/.*)?|dayjs|crypto|node:crypto|path|node:path|util|node:util|nanoid|uuid|bcrypt(?:js)?|argon2|@prisma\/client)$/;

/**
 * A call to another service: `fetch`/`axios`, or a method of an SDK client
 * (`stripe.customers.update(…)`, `new Resend()`), imported from a package.
 */
function isExternalService(call: ts.CallExpression, model: FileModel): boolean {
  const callee = skipOuter(call.expression);
  if (ts.isIdentifier(callee)) return /^(?:fetch|axios|got|ky|request)$/.test(callee.text) && !resolve(model, callee);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  let root: ts.Expression = callee;
  while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root)) root = skipOuter(ts.isPropertyAccessExpression(root) ? root.expression : root.expression);
  if (!ts.isIdentifier(root)) return false;
  const origin = originOf(root, model);
  if (origin.kind === 'import') return isPackage(origin.specifier) && !LOCAL_PACKAGES.test(origin.specifier);
  if (origin.kind === 'new') return !!origin.module && isPackage(origin.module) && !LOCAL_PACKAGES.test(origin.module);
  return false;
}

/** The unbounded read a loop iterates: `const rows = await prisma.x.findMany()` then `for (const row of rows)`. */
function unboundedSource(scope: TsScope, loop: LoopInfo) {
  const iterable = loop.iterable && skipOuter(loop.iterable);
  if (!iterable || !ts.isIdentifier(iterable)) return undefined;
  const declaration = resolve(scope.model, iterable);
  if (!declaration?.initializer || declaration.key !== undefined) return undefined;
  const init = skipOuter(declaration.initializer);
  if (!ts.isCallExpression(init)) return undefined;
  const call = dbCallsOf(scope.model).get(init);
  return call?.unbounded ? call : undefined;
}

function fixesFor(context: Context, scope: TsScope, site: CallSite, handler: HandlerInfo, kind: TaskKind, viaChain: boolean): FixInput<MessageId>[] | undefined {
  const fixes: FixInput<MessageId>[] = [];
  const { path, text } = context.file;
  const node = site.node;
  if (kind === 'fetch' && !viaChain && ts.isCallExpression(node)) {
    const edit = addOptions(path, text, node, [['signal', 'AbortSignal.timeout(10_000)']], 1);
    if (edit) fixes.push({ title: 'tsFixFetchTimeout', applicability: 'safe', edits: [edit] });
  }
  const after = afterFix(context, scope, site, handler, kind);
  if (after) fixes.push(after);
  return fixes.length ? fixes : undefined;
}

/**
 * `await sendWelcomeEmail(user)` as a statement of a Next.js handler (≥ 15)
 * on a serverless platform, its result unused: run it with `after()` once
 * the response is sent. Unsafe: failures no longer reach the client, and it
 * still counts against the function's time limit. On a long-running server
 * the advice is a queue and a worker instead.
 */
function afterFix(context: Context, scope: TsScope, site: CallSite, handler: HandlerInfo, kind: TaskKind): FixInput<MessageId> | undefined {
  if (!scope.serverless || scope.stack(handler) !== 'nextjs' || scope.nextMajor === undefined || scope.nextMajor < 15) return undefined;
  if (!['route-handler', 'server-action', 'page', 'middleware'].includes(handler.kind) || kind === 'fetch') return undefined;
  const node = site.node;
  if (!ts.isCallExpression(node)) return undefined;
  const awaited = node.parent;
  if (!awaited || !ts.isAwaitExpression(awaited)) return undefined;
  const statement = awaited.parent;
  if (!statement || !ts.isExpressionStatement(statement)) return undefined;
  const unitNode = scope.model.units[site.unit].node;
  // Directly in the handler's body, or as the only statement of a loop there.
  let target: ts.Statement = statement;
  const parent = statement.parent;
  if (ts.isBlock(parent) && parent.parent && (ts.isForOfStatement(parent.parent) || ts.isForStatement(parent.parent)) && parent.statements.length === 1) target = parent.parent;
  else if (ts.isForOfStatement(parent)) target = parent;
  const owner = target.parent;
  if (!owner || !ts.isBlock(owner) || owner.parent !== unitNode || !isFunctionNode(owner.parent)) return undefined;
  const sourceFile = context.file.tree.sourceFile;
  const body = target === statement ? node.getText(sourceFile) : undefined;
  const newText = body !== undefined ? `after(() => ${body});` : `after(async () => {\n${indent(target.getText(sourceFile))}\n${leading(context.file.text, target.getStart(sourceFile))}});`;
  const edits: TextEdit[] = [{ file: context.file.path, start: target.getStart(sourceFile), end: target.end, newText }];
  const importEdit = addNamedImport(context.file.path, sourceFile, 'after', 'next/server');
  if (importEdit) edits.push(importEdit);
  return { title: 'tsFixAfter', applicability: 'unsafe', edits };

  function indent(block: string): string {
    const base = leading(context.file.text, target.getStart(sourceFile));
    return block
      .split('\n')
      .map((line, index) => (index === 0 ? `${base}  ${line}` : line.length ? `  ${line}` : line))
      .join('\n');
  }
}

function leading(text: string, offset: number): string {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n') start--;
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}
