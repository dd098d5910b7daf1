import ts from 'typescript';
import type { FixInput, NestedMessage, RelatedInput, RuleContext, MessageIdOf } from '../../core/rule';
import type { Severity, TextEdit } from '../../core/types';
import { aiCallsOf, type AiCall } from '../../typescript/ai-calls';
import { addOptions, insertProperties } from '../../typescript/edits';
import { keySource } from '../../typescript/ai-spend';
import { executionContextOf } from '../../typescript/execution-context';
import { clientFacts } from '../../typescript/facts';
import type { FileModel } from '../../typescript/model';
import { skipOuter } from '../../typescript/prisma-calls';
import { chainRoot, propertyValue } from '../../typescript/syntax';
import { collectionLoop, itemName } from '../../typescript/loops';
import type { TsTree } from '../../typescript/parse';
import { majorOf, tsScope, type TsScope } from '../../typescript/scope';
import type rule from './rule';

type MessageId = MessageIdOf<typeof rule>;
type Context = RuleContext<TsTree, typeof rule>;

/**
 * A model call with nothing to stop it: run once per item of a loop, without
 * an output cap, reachable from a request with no rate limit on the way, or
 * with no timeout. One finding per call lists every reason; the worst sets
 * the severity (a timeout alone is info).
 *
 * Where the call runs decides which reasons apply: only a request has a
 * rate limit to miss, and in background work a missing timeout holds no
 * user. A call paid with the caller's own key (read from their stored
 * credentials) costs the operator nothing: only its timeout is judged, as
 * info. A missing cap alone, on a call with a timeout and no unlimited way
 * in, is medium: one answer's length is bounded by the model.
 */
const CAP_DEFAULT = '1024';

export function check(context: Context): void {
  const scope = tsScope(context);
  if (scope.offline) return;
  const { model, answers } = scope;
  const path = context.file.path;
  for (const site of model.calls) {
    const call = aiCallsOf(model).get(site.node);
    if (!call) continue;
    if (call.pending && !answers.accepts(path, call.pending)) continue;
    const reasons: NestedMessage<MessageId>[] = [];
    const related: RelatedInput<MessageId>[] = [];
    let severity: Severity = 'info';
    const raise = (to: Severity) => {
      if (to === 'error' || (to === 'warning' && severity === 'info')) severity = to;
    };
    const executionContext = executionContextOf(scope, path, site.unit);
    const inRequest = executionContext === 'request';
    const reached = scope.fresh && inRequest ? scope.handlerOf(site.unit).reached : undefined;
    const ownHandler = model.units[site.unit].handler;
    const ownKey = paidByCaller(call, model);

    // `for (const model of candidates) { try { return await generate(model) } catch {} }`: a fallback, once unless it fails.
    // Paid with the caller's own key, per-item cost is theirs too.
    const innermost = ownKey ? undefined : collectionLoop(site.loop);
    const loop = innermost && !ts.isCallExpression(innermost.node) && returnedFromLoop(site.node) ? undefined : innermost;
    const loopEdge = !loop && !ownKey && scope.fresh ? answers.loop(path, site.unit) : undefined;
    if (loop) {
      reasons.push({ message: 'tsReasonLoop', data: { item: itemName(loop) } });
      related.push({ location: context.locate(loop.node.getStart(context.file.tree.sourceFile), ts.isCallExpression(loop.node) ? loop.node.expression.end : loop.node.getStart(context.file.tree.sourceFile) + 3), message: 'tsAiLoopHere' });
    } else if (loopEdge) {
      reasons.push({ message: 'tsReasonLoopChain', data: { caller: loopEdge.caller } });
      related.push({ location: loopEdge.at, message: 'tsAiLoopHere' });
    }
    if (loop || loopEdge) raise(reached || ownHandler ? 'error' : 'warning');

    const capKey = capKeyFor(scope, call);
    const noCap = call.hasCap === false && !call.shortAnswer && !ownKey;
    if (noCap) {
      reasons.push({ message: 'tsReasonNoCap', data: { key: capKey } });
      raise('warning');
    }

    const unlimited = !!reached && !reached.limited && !ownKey;
    if (reached && unlimited) {
      reasons.push({ message: 'tsReasonNoRateLimit', data: { handler: reached.name } });
      related.push({ location: reached.at, message: { id: 'tsAiHandlerHere', data: { handler: reached.name } } });
      raise('warning');
    }

    const timeout = timeoutState(context, scope, call);
    // A stuck call in background work holds a worker, not a user.
    const noTimeout = timeout === 'missing' && executionContext !== 'background';
    if (noTimeout) {
      reasons.push({ message: call.provider === 'vercel-ai' ? 'tsReasonNoAbort' : 'tsReasonNoTimeout' });
      raise('info');
    }
    if (!reasons.length) continue;

    const sourceFile = context.file.tree.sourceFile;
    // One reason alone is weak evidence: a missing cap, when one answer is bounded by the model's own maximum;
    // a missing timeout on a long-running Node server, where a stuck call holds only its own request.
    const weak = reasons.length === 1 && (noCap || (noTimeout && !scope.serverless));
    context.report({
      message: ownKey ? 'tsOwnKeyAi' : 'tsUnboundedAi',
      data: { call: call.label, reasons },
      start: site.node.getStart(sourceFile),
      end: (site.node as ts.CallExpression).expression.end,
      severity: ownKey ? 'info' : severity,
      context: executionContext,
      confidence: weak ? 'medium' : undefined,
      related,
      fixes: fixesFor(context, scope, call, capKey, noCap, noTimeout),
      details: {
        stack: scope.stack(reached?.info ?? ownHandler),
        framework: reached?.info?.kind ?? ownHandler?.kind ?? 'none',
        provider: call.provider,
        api: call.api,
        reasons: reasons.length,
        inLoop: !!(loop || loopEdge),
        hasCap: call.hasCap !== false,
        rateLimited: !unlimited,
        hasTimeout: timeout !== 'missing',
        ownKey,
        streaming: call.streaming,
        model: call.modelName,
        maxTokens: call.capTokens,
      },
    });
  }
}

/** The model or client behind the call is built with the caller's own stored key (`ai-spend.ts`). */
function paidByCaller(call: AiCall, model: FileModel): boolean {
  const callee = skipOuter(call.node.expression);
  const behind = call.provider === 'vercel-ai' ? (call.capTarget && propertyValue(call.capTarget, 'model')) : ts.isPropertyAccessExpression(callee) ? chainRoot(callee.expression) : undefined;
  return !!behind && keySource(behind, model) === 'stored';
}

/** The call's result is returned straight out of the loop: it runs once per success, not once per item. */
function returnedFromLoop(node: ts.Node): boolean {
  let current: ts.Node = node;
  while (current.parent && (ts.isAwaitExpression(current.parent) || ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent))) current = current.parent;
  return !!current.parent && ts.isReturnStatement(current.parent);
}

/** The cap key a fix writes: the AI SDK's spelling follows the installed major version. */
function capKeyFor(scope: TsScope, call: AiCall): string {
  if (call.provider !== 'vercel-ai') return call.capKeys[0];
  const range = scope.dependency('ai');
  const major = range ? majorOf(range) : undefined;
  return major !== undefined && major < 5 ? 'maxTokens' : 'maxOutputTokens';
}

/** 'missing' when neither the client nor the call sets a timeout, 'set', or 'unknown' (the client is out of sight). */
function timeoutState(context: Context, scope: TsScope, call: AiCall): 'missing' | 'set' | 'unknown' {
  if (call.hasCallTimeout) return 'set';
  if (call.hasCallTimeout === undefined) return 'unknown';
  if (call.provider === 'vercel-ai') return 'missing';
  const client = call.client;
  if (client?.ctor) return clientFacts(context.file, client.ctor).timeout ? 'set' : 'missing';
  if (client?.ref) {
    const facts = scope.answers.importedClient(context.file.path, client.ref);
    if (!facts) return 'unknown';
    return facts.timeout ? 'set' : 'missing';
  }
  return 'unknown';
}

/**
 * Safe fixes: one that adds everything missing at once (so "fix all" settles
 * in one pass), then each part alone.
 */
function fixesFor(context: Context, scope: TsScope, call: AiCall, capKey: string, capMissing: boolean, timeoutMissing: boolean): FixInput<MessageId>[] | undefined {
  const { path, text } = context.file;
  const parts: Array<{ title: FixInput<MessageId>['title']; edits: TextEdit[] }> = [];
  if (capMissing) {
    const edit = call.capTarget ? insertProperties(path, text, call.capTarget, [[capKey, CAP_DEFAULT]]) : call.capCtor ? addOptions(path, text, call.capCtor, [[capKey, CAP_DEFAULT]]) : undefined;
    if (edit) parts.push({ title: { id: 'tsFixCap', data: { key: capKey, value: CAP_DEFAULT } }, edits: [edit] });
  }
  if (timeoutMissing) {
    let edit: TextEdit | undefined;
    if (call.provider === 'vercel-ai') edit = call.capTarget ? insertProperties(path, text, call.capTarget, [['abortSignal', 'AbortSignal.timeout(30_000)']]) : undefined;
    else if (call.client?.ctor) edit = clientFacts(context.file, call.client.ctor).fix;
    else if (call.client?.ref) edit = scope.answers.importedClient(path, call.client.ref)?.fix;
    if (edit) parts.push({ title: call.provider === 'vercel-ai' ? 'tsFixAbort' : 'tsFixTimeout', edits: [edit] });
  }
  if (!parts.length) return undefined;
  const fixes: FixInput<MessageId>[] = parts.map((part) => ({ title: part.title, applicability: 'safe', edits: part.edits }));
  if (parts.length > 1) fixes.unshift({ title: 'tsFixAllLimits', applicability: 'safe', edits: mergeSameObject(parts.flatMap((part) => part.edits)) });
  return fixes;
}

/** Two insertions at one point of one object (`max_tokens` and `abortSignal`) become one, so neither is dropped. */
function mergeSameObject(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const edit of edits) {
    const same = out.find((other) => other.file === edit.file && other.start === edit.start && other.end === edit.end && edit.start === edit.end);
    if (same) same.newText += edit.newText.replace(/^\{ (.*) \}$/, ', $1');
    else out.push({ ...edit });
  }
  return out;
}
