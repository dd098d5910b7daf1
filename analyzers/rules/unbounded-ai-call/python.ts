import { knownRequestSlots } from '../../config/deployment';
import type { FixInput, RelatedInput, RuleContext, MessageIdOf } from '../../core/rule';
import type { FindingDetails } from '../../core/types';
import { aiCallOf, sdkName, type AiCall } from '../../python/ai-calls';
import { enclosingLoop } from '../../python/loops';
import { lastAssignment } from '../../python/rows';
import { callParts, dottedName } from '../../python/syntax';
import { field, unwrap, walk, type PyNode, type PyTree } from '../../python/tree';
import { executionContextAt, functionFacts, pyCheck, reachOf, staffOnlyAt, stackOf, type PyCheck } from '../../python/check';
import type rule from './rule';

type MessageId = MessageIdOf<typeof rule>;
type Context = RuleContext<PyTree, typeof rule>;
type Check = PyCheck<typeof rule>;

const LANGCHAIN_RUN = /^a?(?:invoke|predict|run|call|stream|batch|generate)$/;

export function check(context: Context): void {
  const c = pyCheck(context);
  if (!c || c.facts.aiImports.length === 0 && !mentionsModelCalls(c)) return;
  const langchainModels = new Set<string>();
  walk(c.tree.root, (node) => {
    if (node.type !== 'call') return;
    const ai = aiCallOf(c, node);
    if (ai) {
      if (ai.kind === 'constructor') rememberModel(c, node, langchainModels);
      const problems = [limitsOf(c, ai), ...(ai.kind === 'generate' ? [loopOf(c, node), throttleOf(c, node)] : [])];
      report(c, node, ai.sdk, problems);
      return;
    }
    // `llm.invoke(...)` in a loop, where `llm` is a LangChain model or a chain built from one.
    const parts = callParts(c.tree, node);
    const receiver = dottedName(c.tree, parts?.receiver);
    if (parts?.name && LANGCHAIN_RUN.test(parts.name) && receiver?.length === 1 && isLangchainRunnable(c, node, receiver[0], langchainModels)) report(c, node, 'langchain', [loopOf(c, node)]);
  });
}

/** One reason a model call is unbounded, with what it adds to the finding. */
interface Problem {
  /** The message when it is the only reason. */
  message: MessageId;
  /** Its clause in the combined message. */
  reason: MessageId;
  data: Record<string, string | number>;
  related?: RelatedInput<MessageId>;
  fix?: FixInput<MessageId>;
  details: FindingDetails;
}

/**
 * One finding per call, like the TypeScript analyzer: a single reason keeps
 * its own message; several are listed in one sentence, with every related
 * location and the fix.
 */
function report(c: Check, call: PyNode, sdk: string, candidates: Array<Problem | undefined>): void {
  const problems = candidates.filter((problem): problem is Problem => !!problem);
  if (problems.length === 0) return;
  const data = Object.assign({ sdk: sdkName(sdk) }, ...problems.map((problem) => problem.data));
  const fixes = problems.flatMap((problem) => (problem.fix ? [problem.fix] : []));
  c.context.report({
    message: problems.length === 1 ? problems[0].message : 'pyAiUnbounded',
    data: { ...data, reasons: problems.map((problem) => ({ message: problem.reason })) },
    start: call.start,
    end: call.end,
    context: executionContextAt(c, call),
    related: problems.flatMap((problem) => (problem.related ? [problem.related] : [])),
    fixes: fixes.length ? fixes : undefined,
    details: Object.assign({ stack: stackOf(c.facts), sdk, reasons: problems.length }, ...problems.map((problem) => problem.details)),
  });
}

/** A file without AI imports can still call a client built elsewhere (`from .ai import client`). */
function mentionsModelCalls(c: Check): boolean {
  return /\.(?:completions|responses|messages)\.create\(/.test(c.tree.text);
}

function rememberModel(c: Check, call: PyNode, models: Set<string>): void {
  const parent = call.parent;
  if (parent?.type === 'assignment') {
    const left = field(parent, 'left');
    if (left?.type === 'identifier') models.add(c.tree.text.slice(left.start, left.end));
  }
}

function isLangchainRunnable(c: Check, at: PyNode, name: string, models: Set<string>): boolean {
  if (models.has(name)) return true;
  const value = unwrap(lastAssignment(c, at, name));
  // `chain = prompt | llm | parser`.
  if (value?.type === 'binary_operator') {
    let found = false;
    walk({ ...value, children: [value] } as PyNode, (node) => {
      if (node.type === 'identifier' && models.has(c.tree.text.slice(node.start, node.end))) found = true;
    });
    return found;
  }
  return false;
}

function limitsOf(c: Check, ai: AiCall): Problem | undefined {
  const noCap = !ai.hasCap;
  const noTimeout = ai.hasTimeout === false;
  if (!noCap && !noTimeout) return undefined;
  const slots = noCap ? undefined : knownRequestSlots(c.context.facts, c.context.settings.config.deployment);
  const message = noCap && noTimeout ? 'pyNoCapNoTimeout' : noCap ? 'pyNoCap' : slots ? 'pyNoTimeoutSlots' : 'pyNoTimeout';
  const added = [noCap ? `${ai.capKey}=1024` : '', noTimeout ? `${ai.timeoutKey}=30` : ''].filter(Boolean);
  const edit = keywordInsertion(c, ai, added.join(', '));
  return {
    message,
    reason: noCap && noTimeout ? 'pyReasonNoCapNoTimeout' : noCap ? 'pyReasonNoCap' : 'pyReasonNoTimeout',
    data: { cap: ai.capKey, ...slots },
    fix: edit ? { title: { id: 'pyAddLimits', data: { args: added.join(', ') } }, applicability: 'safe', edits: [edit] } : undefined,
    details: { maxTokens: ai.hasCap ? 'set' : 'none', timeout: ai.hasTimeout === false ? 'none' : 'set', defaultTimeoutSeconds: 600 },
  };
}

function loopOf(c: Check, call: PyNode): Problem | undefined {
  const loop = enclosingLoop(c.tree, call);
  if (!loop) return undefined;
  return {
    message: 'pyAiInLoop',
    reason: 'pyReasonInLoop',
    data: {},
    related: { location: c.context.locate(loop.start, Math.min(loop.end, lineEnd(c, loop.start))), message: 'pyAiLoopHere' },
    details: { callsPerRequest: 'per item' },
  };
}

/**
 * A check of a quota or a rate before the call counts as a limit as much as
 * a throttle class does: `if not can_perform_ai_request(space)`,
 * `check_quota(user)`, `credits_remaining(…)`, `raise Throttled()`.
 */
const QUOTA_CHECK = /quota|credit|rate_?limit|throttl|allowance|usage_?limit|can_perform|within_limit|check_limit|limit_exceeded|too_many/i;

function throttleOf(c: Check, call: PyNode): Problem | undefined {
  const reach = reachOf(c, call);
  if (!reach) return undefined;
  const entry = c.ws.function(reach.entry);
  if (!entry || entry.fn.throttled) return undefined;
  if ((entry.fn.view === 'drf') && c.ws.defaultThrottle) return undefined;
  // Staff alone run it: nobody outside can spend through it.
  if (staffOnlyAt(c, call)) return undefined;
  const own = functionFacts(c, call);
  if ([entry.fn, own].some((fn) => fn?.calls.some((site) => site.callee.some((part) => QUOTA_CHECK.test(part))))) return undefined;
  return {
    message: 'pyAiNoThrottle',
    reason: 'pyReasonNoThrottle',
    data: { view: reach.entryName },
    related: { location: reach.entryLocation, message: { id: 'pyAiViewHere', data: { view: reach.entryName } } },
    details: { throttle: 'none', ...(entry.fn.view === 'drf' ? { stack: 'drf' } : {}) },
  };
}

/** `, max_tokens=1024, timeout=30` before the closing parenthesis, after a trailing comma if there is one. */
function keywordInsertion(c: Check, ai: AiCall, text: string) {
  const args = ai.parts.args;
  if (!args || args.type !== 'argument_list') return undefined;
  const items = args.children.filter((child) => child.type !== 'comment');
  if (items.length === 0) return { file: c.path, start: args.end - 1, end: args.end - 1, newText: text };
  const last = items[items.length - 1];
  const between = c.tree.text.slice(last.end, args.end - 1);
  const comma = between.indexOf(',');
  if (comma >= 0) {
    const multiline = /[\r\n]/.test(between);
    if (multiline) {
      const indent = /^[ \t]*/.exec(c.tree.text.slice(c.tree.text.lastIndexOf('\n', last.start - 1) + 1))![0];
      const at = last.end + comma + 1;
      return { file: c.path, start: at, end: at, newText: text.split(', ').map((arg) => `\n${indent}${arg},`).join('') };
    }
    return { file: c.path, start: last.end + comma + 1, end: last.end + comma + 1, newText: ` ${text},` };
  }
  return { file: c.path, start: last.end, end: last.end, newText: `, ${text}` };
}

function lineEnd(c: Check, offset: number): number {
  const newline = c.tree.text.indexOf('\n', offset);
  return newline < 0 ? c.tree.text.length : newline;
}
