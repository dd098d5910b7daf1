import ts from 'typescript';
import type { RelatedInput, RuleContext } from '../../core/rule';
import type { LanguageRule } from '../../rules/define';
import { dbCallsOf, type DbCall } from '../db-calls';
import { refOf, type TsRef } from '../facts';
import { isConstantIterable, itemName, userSizedLoop, type CallSite, type LoopInfo } from '../model';
import type { TsTree } from '../parse';
import { skipOuter } from '../prisma-calls';
import { chainRelated, chainText, tsScope, type TsScope } from '../scope';
import { isFunctionValue, isPromiseCombinator } from '../syntax';
import { nPlusOneFixes } from './n-plus-one-fixes';
import { perItemConfidence } from '../../core/evidence';
import type { Confidence } from '../../core/types';
import { loopSize } from '../collection-size';
import { executionContextOf } from '../execution-context';

/**
 * A database round trip per item of a loop: directly in the loop body or in
 * a `.map`/`.forEach`/… callback, or one call away or more, through local and
 * imported functions that reach a query. Loops over constants, batched reads
 * (`{ in: ids }`), chunked writes and paginated `while` loops are not per-row.
 */
/** Hops from the loop to the query beyond which a chain is reported as info. */
const MAX_CONFIDENT_CHAIN = 4;

function check(context: RuleContext<TsTree>): void {
  const scope = tsScope(context);
  if (scope.offline) return;
  const { model, answers } = scope;
  const path = context.file.path;
  const db = dbCallsOf(model);
  const claimed = new Set<ts.Node>();
  for (const site of model.calls) {
    const node = site.node;
    if (ts.isCallExpression(node) && isIterationCall(node)) checkPassedFunctions(context, scope, site, node);
    const loop = userSizedLoop(site.loop);
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
function checkPassedFunctions(context: RuleContext<TsTree>, scope: TsScope, site: CallSite, call: ts.CallExpression): void {
  const receiver = (skipOuter(call.expression) as ts.PropertyAccessExpression).expression;
  const constant = isConstantIterable(receiver, scope.model);
  const iteration: LoopInfo = { node: call, kind: (skipOuter(call.expression) as ts.PropertyAccessExpression).name.text as LoopInfo['kind'], iterable: receiver, constant, concurrent: isConcurrent(call), parent: site.loop };
  const loop = userSizedLoop(iteration);
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

function loopRelated(context: RuleContext<TsTree>, loop: LoopInfo): RelatedInput {
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

function reportDirect(context: RuleContext<TsTree>, scope: TsScope, site: CallSite, call: DbCall, loop: LoopInfo, claimed: Set<ts.Node>): void {
  const sourceFile = context.file.tree.sourceFile;
  const node = site.node;
  const start = node.getStart(sourceFile);
  const end = ts.isTaggedTemplateExpression(node) ? node.tag.end : node.expression.end;
  const confidence = confidenceOf(context, scope, site, loop);
  if (!confidence) return;
  const item = itemName(loop);
  const transaction = inTransactionBatch(loop);
  const message = transaction ? 'tsPerItemInTransaction' : call.library === 'own-api' ? 'tsOwnApiPerItem' : loop.concurrent ? 'tsPerItemConcurrent' : 'tsPerItem';
  context.report({
    message,
    data: { call: call.label, item },
    start,
    end,
    severity: transaction ? 'info' : undefined,
    confidence,
    related: [loopRelated(context, loop)],
    fixes: transaction ? undefined : nPlusOneFixes(context, scope, site, call, loop, claimed),
    details: { ...baseDetails(scope, site, loop), library: call.library, operation: call.operation, read: call.read, chainLength: 0 },
  });
}

function reportChain(context: RuleContext<TsTree>, scope: TsScope, site: CallSite, callee: ts.Expression, ref: TsRef, loop: LoopInfo): void {
  if (isChunkLoop(loop)) return;
  const confidence = confidenceOf(context, scope, site, loop);
  if (!confidence) return;
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
    confidence,
    data: { callee: calleeName, call: effect?.label ?? 'a query', item: itemName(loop), chain: chainText(calleeName, chain) },
    start,
    end,
    related: [loopRelated(context, loop), ...chainRelated(chain, 'tsQueryHere', 'tsCallsStep')],
    details: { ...baseDetails(scope, site, loop), library: effect?.detail ?? 'unknown', operation: effect?.label.split('.').pop() ?? 'unknown', chainLength: chain.length },
  });
}

/** Where the loop runs and how it grows (`core/evidence.ts`); undefined when it is no finding. */
function confidenceOf(context: RuleContext<TsTree>, scope: TsScope, site: CallSite, loop: LoopInfo): Confidence | undefined {
  const path = context.file.path;
  const unit = scope.model.units[site.unit];
  const sizing = {
    model: scope.model,
    returnsRows: (call: ts.CallExpression) => {
      const ref = refOf(scope.model, call.expression, unit);
      return !!ref && scope.answers.returnsRows(path, ref);
    },
  };
  return perItemConfidence(executionContextOf(scope, path, site.unit), loopSize(loop, sizing));
}

export const nPlusOneTs: LanguageRule<TsTree> = {
  check,
  messages: {
    tsLoopHere: { en: 'the loop', ko: '반복문' },
    tsQueryHere: { en: '`{{call}}` runs here', ko: '여기서 `{{call}}` 쿼리를 실행합니다' },
    tsCallsStep: { en: 'calls `{{callee}}`', ko: '`{{callee}}` 호출' },
    tsPerItem: {
      en: '`{{call}}` runs once per `{{item}}` in this loop: N+1 queries, one round trip to the database per row.',
      ko: '이 반복문에서 `{{item}}`마다 `{{call}}` 쿼리를 한 번씩 실행합니다. 행마다 데이터베이스를 왕복하는 N+1 쿼리입니다.',
    },
    tsPerItemConcurrent: {
      en: '`{{call}}` runs once per `{{item}}`: `Promise.all` runs the queries side by side, but it is still N+1 queries and N connections at once.',
      ko: '`{{item}}`마다 `{{call}}` 쿼리를 실행합니다. `Promise.all`로 동시에 보내도 쿼리는 여전히 N+1번이고, 한꺼번에 커넥션 N개를 씁니다.',
    },
    tsPerItemInTransaction: {
      en: '`{{call}}` is queued once per `{{item}}` into one transaction: N statements where one bulk query (`updateMany`, `createMany`, raw `UPDATE … WHERE id IN`) may do.',
      ko: '`{{item}}`마다 `{{call}}` 쿼리를 트랜잭션 하나에 쌓습니다. 대량 쿼리 하나(`updateMany`, `createMany`, `UPDATE … WHERE id IN`)로 될 일을 문장 N개로 실행합니다.',
    },
    tsOwnApiPerItem: {
      en: '`{{call}}` calls your own API once per `{{item}}`: N+1 HTTP round trips, each with its own queries. Add an endpoint that takes all ids at once.',
      ko: '`{{item}}`마다 `{{call}}`로 자기 API를 호출합니다. HTTP 왕복이 N+1번이고 요청마다 쿼리도 따로 돕니다. id를 한꺼번에 받는 엔드포인트를 만드세요.',
    },
    tsChainPerItem: {
      en: '`{{callee}}` runs a query (`{{call}}`) and is called once per `{{item}}`: N+1 queries through {{chain}}.',
      ko: '`{{callee}}` 함수는 쿼리(`{{call}}`)를 실행하는데, `{{item}}`마다 한 번씩 호출됩니다. {{chain}} 경로로 N+1 쿼리가 발생합니다.',
    },
    tsFixBatch: {
      en: 'Load every `{{model}}` with one `findMany({ where: { {{key}}: { in: … } } })` before the loop and look it up in a Map',
      ko: '반복문 전에 `findMany({ where: { {{key}}: { in: … } } })` 한 번으로 `{{model}}` 행을 모두 불러와 Map에서 찾기',
    },
    tsFixInclude: {
      en: 'Include `{{relation}}` in the `{{parent}}` query and read it from each row (check the relation name)',
      ko: '`{{parent}}` 쿼리에 `{{relation}}` 관계를 include하고 각 행에서 읽기 (관계 이름을 확인하세요)',
    },
    tsChainPerItemConcurrent: {
      en: '`{{callee}}` runs a query (`{{call}}`) and is called once per `{{item}}` under `Promise.all`: still N+1 queries, through {{chain}}.',
      ko: '`{{callee}}` 함수는 쿼리(`{{call}}`)를 실행하는데, `Promise.all` 안에서 `{{item}}`마다 호출됩니다. {{chain}} 경로로 여전히 N+1 쿼리입니다.',
    },
  },
};
