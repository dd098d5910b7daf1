import { knownRequestSlots } from '../../config/deployment';
import type { RuleContext, MessageIdOf, RelatedInput, FixInput } from '../../core/rule';
import { aiCallOf, sdkName } from '../../python/ai-calls';
import { lastAssignment } from '../../python/rows';
import { callParts, dottedName, type CallParts } from '../../python/syntax';
import { field, unwrap, walk, type PyNode, type PyTree } from '../../python/tree';
import type { ExecutionContext } from '../../core/evidence';
import { executionContextAt, functionFacts, functionKey, pyCheck, staffOnlyAt, stackOf, type PyCheck } from '../../python/check';
import { enclosingLoop } from '../../python/loops';
import type rule from './rule';
import type { TaskFramework } from '../../python/facts-types';

type MessageId = MessageIdOf<typeof rule>;
type Context = RuleContext<PyTree, typeof rule>;
type Check = PyCheck<typeof rule>;

type SinkKind = 'email' | 'sleep' | 'http' | 'subprocess' | 'media' | 'ai' | 'task';

interface Sink {
  kind: SinkKind;
  /** What is called, for the message: `send_mail`, `requests.get`, `PIL.Image.open`. */
  what: string;
  parts: CallParts;
  /** For a task called directly: the call its framework queues with (`delay`, Dramatiq's `send`). */
  queueCall?: string;
}

/** How each framework queues a task; Huey's call itself queues, so it never needs one. */
const QUEUE_CALL: Record<TaskFramework, string> = { celery: 'delay', rq: 'delay', dramatiq: 'send', huey: '' };

const EMAIL = /^django\.core\.mail\.(?:send_mail|send_mass_mail|mail_admins|mail_managers)$/;
const EMAIL_CLASSES = /^django\.core\.mail\.(?:EmailMessage|EmailMultiAlternatives)$/;
const HTTP = /^requests\.(?:get|post|put|patch|delete|head|options|request)$/;
const SESSION_METHODS = /^(?:get|post|put|patch|delete|head|options|request)$/;
const SUBPROCESS = /^(?:subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|os\.(?:system|popen))$/;
const MEDIA = /^(?:PIL|cv2|ffmpeg|weasyprint|pdfkit|xhtml2pdf|moviepy|imageio|wand|pyvips|fitz|pdf2image|img2pdf)(?:\.|$)/;
/** Still-image libraries: one picture resized or re-encoded takes well under a second. */
const IMAGE = /^(?:PIL|wand|pyvips)(?:\.|$)/;
/** reportlab renders in its document templates, canvas and renderers; flowables and styles (`Paragraph`, `ParagraphStyle`, `Table`) only describe the page. */
const REPORTLAB_RENDER = /^reportlab\.(?:platypus\.(?:SimpleDocTemplate|BaseDocTemplate)$|platypus\.doctemplate\.|pdfgen\.|graphics\.render\w*\.)/;

export function check(context: Context): void {
  const c = pyCheck(context);
  if (!c) return;
  const mediaReported = new Set<string>();
  walk(c.tree.root, (node) => {
    if (node.type !== 'call') return;
    const sink = sinkOf(c, node);
    if (!sink) return;
    const key = functionKey(c, node);
    const reach = key ? c.ws.reach.get(key) : undefined;
    const where = executionContextAt(c, node);

    if (sink.kind === 'http') return reportHttp(c, node, sink, where);
    if (!reach) return;
    if (sink.kind === 'ai' && reach.entryAsync) return;
    if (sink.kind === 'media') {
      // One image resized per upload is bounded work; images handled per item of a list are not.
      if (IMAGE.test(sink.what) && !enclosingLoop(c.tree, node)) return;
      if (mediaReported.has(key!)) return;
      mediaReported.add(key!);
    }
    const related: RelatedInput<MessageId>[] | undefined = reach.depth > 0 ? [{ location: reach.entryLocation, message: { id: 'pyReachedFrom', data: { view: reach.entryName } } }] : undefined;
    const fixes: FixInput<MessageId>[] | undefined =
      sink.kind === 'task'
        ? [{ title: { id: 'pyUseDelay', data: { task: sink.what, call: sink.queueCall ?? 'delay' } }, applicability: 'unsafe' as const, edits: [{ file: c.path, start: sink.parts.callee.end, end: sink.parts.callee.end, newText: `.${sink.queueCall ?? 'delay'}` }] }]
        : undefined;
    const slots = sink.kind === 'sleep' ? knownRequestSlots(c.context.facts, c.context.settings.config.deployment) : undefined;
    context.report({
      message: slots ? 'pySleepInRequestSlots' : sink.queueCall === 'send' ? 'pyActorCalledDirectly' : MESSAGE_BY_KIND[sink.kind],
      data: { what: sink.what, view: reach.entryName, ...slots },
      start: node.start,
      end: node.end,
      context: where,
      // Only staff can run it: a rare action (an admin's maintenance view), whatever it does.
      confidence: staffOnlyAt(c, node) ? 'medium' : undefined,
      related,
      fixes,
      details: { stack: sink.kind === 'task' ? (sink.queueCall === 'send' ? 'dramatiq' : 'celery') : stackOf(c.facts), taskKind: sink.kind, chainLength: reach.depth },
    });
  });
}

const MESSAGE_BY_KIND: Record<Exclude<SinkKind, 'http'>, MessageId> = {
  email: 'pyEmailInRequest',
  sleep: 'pySleepInRequest',
  subprocess: 'pySubprocessInRequest',
  media: 'pyMediaInRequest',
  ai: 'pyAiInRequest',
  task: 'pyTaskCalledDirectly',
};

function reportHttp(c: Check, call: PyNode, sink: Sink, where: ExecutionContext): void {
  const inRequest = where === 'request';
  const args = sink.parts.args;
  const explicitNone = sink.parts.keywords.get('timeout');
  let fix: FixInput<MessageId>[] | undefined;
  if (explicitNone) {
    fix = [{ title: 'pyAddTimeout', applicability: 'safe' as const, edits: [{ file: c.path, start: explicitNone.start, end: explicitNone.end, newText: '10' }] }];
  } else if (args?.type === 'argument_list') {
    const items = args.children.filter((child) => child.type !== 'comment');
    const last = items[items.length - 1];
    const between = last ? c.tree.text.slice(last.end, args.end - 1) : '';
    const comma = between.indexOf(',');
    const edit = !last
      ? { file: c.path, start: args.end - 1, end: args.end - 1, newText: 'timeout=10' }
      : comma >= 0
        ? { file: c.path, start: last.end + comma + 1, end: last.end + comma + 1, newText: ' timeout=10,' }
        : { file: c.path, start: last.end, end: last.end, newText: ', timeout=10' };
    fix = [{ title: 'pyAddTimeout', applicability: 'safe' as const, edits: [edit] }];
  }
  c.context.report({
    message: inRequest ? 'pyHttpNoTimeoutInRequest' : 'pyHttpNoTimeout',
    data: { what: sink.what },
    start: call.start,
    end: call.end,
    context: where,
    confidence: inRequest && staffOnlyAt(c, call) ? 'medium' : undefined,
    fixes: fix,
    details: { stack: stackOf(c.facts), taskKind: 'http', inRequest },
  });
}

/** The slow work a call does, if it is one ScaleCheck knows. */
function sinkOf(c: Check, call: PyNode): Sink | undefined {
  const parts = callParts(c.tree, call);
  if (!parts) return undefined;
  const callee = dottedName(c.tree, parts.callee);
  const qualified = callee ? qualify(c, callee) : undefined;

  if (qualified) {
    if (EMAIL.test(qualified)) return { kind: 'email', what: callee!.join('.'), parts };
    if (qualified === 'time.sleep') return { kind: 'sleep', what: 'time.sleep', parts };
    if (HTTP.test(qualified)) return noTimeout(parts) ? { kind: 'http', what: qualified, parts } : undefined;
    if (qualified === 'urllib.request.urlopen') return noTimeout(parts, 2) ? { kind: 'http', what: 'urlopen', parts } : undefined;
    if (SUBPROCESS.test(qualified)) return { kind: 'subprocess', what: qualified, parts };
    if (MEDIA.test(qualified) || REPORTLAB_RENDER.test(qualified)) return { kind: 'media', what: qualified, parts };
  }
  // `msg.send()` on an EmailMessage, `requests.Session().get(...)`, `session.post(...)`.
  if (parts.name === 'send' && parts.receiver && constructedFrom(c, call, parts.receiver, EMAIL_CLASSES)) return { kind: 'email', what: 'EmailMessage.send', parts };
  if (parts.name === 'email_user' && parts.receiver) return { kind: 'email', what: 'email_user', parts };
  if (parts.name && SESSION_METHODS.test(parts.name) && parts.receiver && constructedFrom(c, call, parts.receiver, /^requests\.(?:Session|session)$/)) {
    return noTimeout(parts) ? { kind: 'http', what: `Session.${parts.name}`, parts } : undefined;
  }
  const ai = aiCallOf(c, call);
  if (ai?.kind === 'generate') return { kind: 'ai', what: sdkName(ai.sdk), parts };
  if (callee) {
    const fn = functionFacts(c, call);
    // A task that only touches the database (a grade recomputed) is quick inline; one that calls out to a service is not.
    // A Huey task queues itself when called: the direct call already is the enqueue.
    const task = fn ? c.ws.callTargets(c.path, fn, callee).find((key) => c.ws.tasks.has(key) && c.ws.function(key)?.fn.taskFramework !== 'huey' && c.ws.waitsOnIo(key)) : undefined;
    if (fn && task && !queuesElsewhere(fn.calls, callee)) return { kind: 'task', what: callee.join('.'), parts, queueCall: QUEUE_CALL[c.ws.function(task)?.fn.taskFramework ?? 'celery'] };
  }
  return undefined;
}

/**
 * `if settings.CELERY_ENABLED: task.delay(...) else: task(...)`: the direct call
 * is a deliberate fallback for setups without a broker.
 */
function queuesElsewhere(calls: ReadonlyArray<{ callee: string[] }>, callee: string[]): boolean {
  return calls.some((call) => call.callee.length === callee.length + 1 && /^(?:delay|apply_async|send)$/.test(call.callee[callee.length]) && callee.every((part, i) => call.callee[i] === part));
}

function noTimeout(parts: CallParts, positionalIndex?: number): boolean {
  const timeout = parts.keywords.get('timeout');
  // `timeout=None` is spelled out, but it is the same endless wait.
  if (timeout) return unwrap(timeout)?.type === 'none';
  if (parts.hasKwargsSplat) return false;
  if (positionalIndex !== undefined && parts.positional.length > positionalIndex) return false;
  return !parts.positional.some((arg) => arg.type === 'list_splat');
}

/** The dotted name with its first part replaced by what the import binds: `sleep` → `time.sleep`. */
function qualify(c: Check, callee: string[]): string | undefined {
  const entry = [...c.facts.imports].reverse().find((candidate) => candidate.local === callee[0]);
  if (!entry) return callee.join('.');
  const rest = callee.slice(1);
  if (entry.name) return [entry.module, entry.name, ...rest].join('.');
  const aliased = entry.local !== entry.module.split('.')[0];
  return aliased ? [entry.module, ...rest].join('.') : callee.join('.');
}

/** True when `receiver` is a constructor call, or a name assigned from one, whose qualified name matches. */
function constructedFrom(c: Check, at: PyNode, receiver: PyNode, pattern: RegExp): boolean {
  let value: PyNode | undefined = unwrap(receiver);
  if (value?.type === 'identifier') {
    const name = c.tree.text.slice(value.start, value.end);
    value = unwrap(lastAssignment(c, at, name));
    if (!value) {
      const moduleLevel = c.tree.root.children.find((statement) => statement.type === 'expression_statement' && statement.children[0]?.type === 'assignment' && c.tree.text.slice(field(statement.children[0], 'left')!.start, field(statement.children[0], 'left')!.end) === name);
      value = moduleLevel ? unwrap(field(moduleLevel.children[0], 'right')) : undefined;
    }
  }
  if (value?.type !== 'call') return false;
  const callee = dottedName(c.tree, field(value, 'function'));
  const qualified = callee ? qualify(c, callee) : undefined;
  return qualified !== undefined && pattern.test(qualified);
}
