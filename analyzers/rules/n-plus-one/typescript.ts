import ts from 'typescript';
import type { RelatedInput, RuleContext, MessageIdOf } from '../../core/rule';
import { dbCallsOf, type DbCall } from '../../typescript/db-calls';
import { refOf, type TsRef } from '../../typescript/facts';
import { isConstantIterable, itemName, perItemLoop, type LoopInfo } from '../../typescript/loops';
import type { CallSite } from '../../typescript/model';
import type { TsTree } from '../../typescript/parse';
import { skipOuter } from '../../typescript/prisma-calls';
import { chainRelated, chainText, tsScope, type TsScope } from '../../typescript/scope';
import { isFunctionValue, isPromiseCombinator } from '../../typescript/syntax';
import { nPlusOneFixes } from './typescript-fixes';
import { weigh, type Evidence } from '../../core/evidence';
import { loopSize } from '../../typescript/collection-size';
import { executionContextOf } from '../../typescript/execution-context';
import rule from './rule';

type MessageId = MessageIdOf<typeof rule>;
type Context = RuleContext<TsTree, typeof rule>;

/**
 * A database round trip per item of a loop: directly in the loop body or in
 * a `.map`/`.forEach`/… callback, or one call away or more, through local and
 * imported functions that reach a query. Loops over constants, batched reads
 * (`{ in: ids }`) and chunked writes are not per-row. A `while` or counting
 * loop is (`perItemLoop`), but nothing shows how often it turns: its findings
 * are `medium` in a request and `low` elsewhere, below the default.
 */
/** Hops from the loop to the query beyond which a chain is reported as info. */
const MAX_CONFIDENT_CHAIN = 4;

export function check(context: Context): void {
  const scope = tsScope(context);
  if (scope.offline) return;
  const { model, answers } = scope;
  const path = context.file.path;
  const db = dbCallsOf(model);
  const claimed = new Set<ts.Node>();
  for (const site of model.calls) {
    const node = site.node;
    if (ts.isCallExpression(node) && isIterationCall(node)) checkPassedFunctions(context, scope, site, node);
    const loop = perItemLoop(site.loop);
    if (!loop || ts.isNewExpression(node) || site.errorPath) continue;
    const call = db.get(node);
    if (call) {
      if (call.pending && !answers.accepts(path, call.pending)) continue;
      if (!isBatched(call, loop)) reportDirect(context, scope, site, call, loop, claimed);
      continue;
    }
    if (!ts.isCallExpression(node)) continue;
    const ref = refOf(model, node.expression, model.units[site.unit]);
    if (ref) reportChain(context, scope, site, node, ref, loop);
  }
}

/** `posts.map(enrichPost)`: a function passed to an iteration runs once per item. */
function checkPassedFunctions(context: Context, scope: TsScope, site: CallSite, call: ts.CallExpression): void {
  const receiver = (skipOuter(call.expression) as ts.PropertyAccessExpression).expression;
  const constant = isConstantIterable(receiver, scope.model);
  const iteration: LoopInfo = { node: call, kind: (skipOuter(call.expression) as ts.PropertyAccessExpression).name.text as LoopInfo['kind'], iterable: receiver, constant, concurrent: isConcurrent(call), parent: site.loop };
  const loop = perItemLoop(iteration);
  if (!loop) return;
  for (const argument of call.arguments) {
    const inner = skipOuter(argument);
    if (isFunctionValue(inner) || !(ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner))) continue;
    const passed = refOf(scope.model, inner, scope.model.units[site.unit]);
    if (passed) reportChain(context, scope, site, inner, passed, loop);
  }
}

function isIterationCall(call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  return ts.isPropertyAccessExpression(callee) && /^(?:map|forEach|flatMap|filter|some|every)$/.test(callee.name.text);
}

function isConcurrent(call: ts.CallExpression): boolean {
  let current: ts.Node = call;
  while (current.parent && (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent))) current = current.parent;
  return !!current.parent && ts.isCallExpression(current.parent) && isPromiseCombinator(current.parent);
}


/** Not one query per row: a batched read or write (`{ in: ids }`, `createMany`, `inArray`), or a loop over chunks. */
function isBatched(call: DbCall, loop: LoopInfo): boolean {
  return call.bulk || isChunkLoop(loop);
}

function isChunkLoop(loop: LoopInfo): boolean {
  const iterable = loop.iterable && skipOuter(loop.iterable);
  const iterableName = iterable && (ts.isIdentifier(iterable) ? iterable.text : ts.isPropertyAccessExpression(iterable) ? iterable.name.text : '');
  return !!iterableName && /chunk|batch|page|slice/i.test(iterableName);
}

/** `prisma.$transaction(items.map((item) => prisma.x.update(…)))`: queued into one transaction. */
function inTransactionBatch(loop: LoopInfo): boolean {
  let current: ts.Node = loop.node;
  while (current.parent && (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent))) current = current.parent;
  const parent = current.parent;
  if (!parent || !ts.isCallExpression(parent)) return false;
  const callee = skipOuter(parent.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === '$transaction';
}

function loopRelated(context: Context, loop: LoopInfo): RelatedInput<MessageId> {
  const sourceFile = context.file.tree.sourceFile;
  const start = loop.node.getStart(sourceFile);
  const end = ts.isCallExpression(loop.node) ? loop.node.expression.end : Math.min(loop.node.end, start + loopHeadLength(loop.node, sourceFile));
  return { location: context.locate(start, end), message: 'tsLoopHere' };
}

function loopHeadLength(node: ts.Node, sourceFile: ts.SourceFile): number {
  const text = node.getText(sourceFile);
  const brace = text.indexOf('{');
  const newline = text.indexOf('\n');
  const cut = [brace, newline].filter((index) => index > 0);
  return cut.length ? Math.min(...cut) : text.length;
}

function baseDetails(scope: TsScope, site: CallSite, loop: LoopInfo) {
  const unit = scope.model.units[site.unit];
  const reach = scope.handlerOf(site.unit);
  const handler = unit.handler ?? reach.own ?? reach.reached?.info;
  return {
    stack: scope.stack(handler),
    framework: handler?.kind ?? 'none',
    loopKind: loop.kind,
    concurrent: loop.concurrent,
    perRequest: !!handler,
  };
}

function reportDirect(context: Context, scope: TsScope, site: CallSite, call: DbCall, loop: LoopInfo, claimed: Set<ts.Node>): void {
  const sourceFile = context.file.tree.sourceFile;
  const node = site.node;
  const start = node.getStart(sourceFile);
  const end = ts.isTaggedTemplateExpression(node) ? node.tag.end : node.expression.end;
  const evidence = evidenceOf(context, scope, site, loop);
  if (!weigh(rule.contexts, evidence)) return;
  const item = itemName(loop);
  const transaction = inTransactionBatch(loop);
  const message = transaction ? 'tsPerItemInTransaction' : call.library === 'own-api' ? 'tsOwnApiPerItem' : loop.concurrent ? 'tsPerItemConcurrent' : 'tsPerItem';
  context.report({
    message,
    data: { call: call.label, item },
    start,
    end,
    severity: transaction ? 'info' : undefined,
    ...evidence,
    related: [loopRelated(context, loop)],
    fixes: transaction ? undefined : nPlusOneFixes(context, scope, site, call, loop, claimed),
    details: { ...baseDetails(scope, site, loop), library: call.library, operation: call.operation, read: call.read, chainLength: 0 },
  });
}

function reportChain(context: Context, scope: TsScope, site: CallSite, callee: ts.Expression, ref: TsRef, loop: LoopInfo): void {
  if (isChunkLoop(loop)) return;
  const evidence = evidenceOf(context, scope, site, loop);
  if (!weigh(rule.contexts, evidence)) return;
  const reach = scope.answers.reach(context.file.path, ref, 'db');
  if (!reach) return;
  const { chain, name: calleeName } = reach;
  const effect = chain[chain.length - 1].effect;
  const sourceFile = context.file.tree.sourceFile;
  const start = callee.getStart(sourceFile);
  const end = ts.isCallExpression(callee) ? callee.expression.end : callee.end;
  context.report({
    message: loop.concurrent ? 'tsChainPerItemConcurrent' : 'tsChainPerItem',
    // Many calls away, the query may sit behind a condition or a cache on the way: worth knowing, not alarming.
    severity: chain.length > MAX_CONFIDENT_CHAIN ? 'info' : undefined,
    ...evidence,
    data: { callee: calleeName, call: effect?.label ?? 'a query', item: itemName(loop), chain: chainText(calleeName, chain) },
    start,
    end,
    related: [loopRelated(context, loop), ...chainRelated(chain, 'tsQueryHere', 'tsCallsStep')],
    details: { ...baseDetails(scope, site, loop), library: effect?.detail ?? 'unknown', operation: effect?.label.split('.').pop() ?? 'unknown', chainLength: chain.length },
  });
}

/** Where the loop runs and how it grows (`core/evidence.ts`); undefined when it is no finding. */
function evidenceOf(context: Context, scope: TsScope, site: CallSite, loop: LoopInfo): Evidence {
  const path = context.file.path;
  const unit = scope.model.units[site.unit];
  const sizing = {
    model: scope.model,
    returnsRows: (call: ts.CallExpression) => {
      const ref = refOf(scope.model, call.expression, unit);
      return !!ref && scope.answers.returnsRows(path, ref);
    },
  };
  return { context: executionContextOf(scope, path, site.unit), size: loopSize(loop, sizing) };
}
