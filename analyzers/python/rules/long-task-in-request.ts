import type { RuleContext } from '../../core/rule';
import type { LanguageRule } from '../../rules/define';
import { aiCallOf } from '../ai-calls';
import { lastAssignment } from '../rows';
import { callParts, dottedName, type CallParts } from '../syntax';
import { field, unwrap, walk, type PyNode, type PyTree } from '../tree';
import { functionFacts, functionKey, pyCheck, stackOf, type PyCheck } from './common';
import { sdkName } from './unbounded-ai-call';

type SinkKind = 'email' | 'sleep' | 'http' | 'subprocess' | 'media' | 'ai' | 'task';

interface Sink {
  kind: SinkKind;
  /** What is called, for the message: `send_mail`, `requests.get`, `PIL.Image.open`. */
  what: string;
  parts: CallParts;
}

const EMAIL = /^django\.core\.mail\.(?:send_mail|send_mass_mail|mail_admins|mail_managers)$/;
const EMAIL_CLASSES = /^django\.core\.mail\.(?:EmailMessage|EmailMultiAlternatives)$/;
const HTTP = /^requests\.(?:get|post|put|patch|delete|head|options|request)$/;
const SESSION_METHODS = /^(?:get|post|put|patch|delete|head|options|request)$/;
const SUBPROCESS = /^(?:subprocess\.(?:run|call|check_call|check_output|Popen|getoutput|getstatusoutput)|os\.(?:system|popen))$/;
const MEDIA = /^(?:PIL|cv2|ffmpeg|weasyprint|pdfkit|xhtml2pdf|moviepy|imageio|wand|pyvips|fitz|pdf2image|img2pdf)(?:\.|$)/;
/** reportlab renders in its document templates, canvas and renderers; flowables and styles (`Paragraph`, `ParagraphStyle`, `Table`) only describe the page. */
const REPORTLAB_RENDER = /^reportlab\.(?:platypus\.(?:SimpleDocTemplate|BaseDocTemplate)$|platypus\.doctemplate\.|pdfgen\.|graphics\.render\w*\.)/;

function check(context: RuleContext<PyTree>): void {
  const c = pyCheck(context);
  if (!c) return;
  const mediaReported = new Set<string>();
  walk(c.tree.root, (node) => {
    if (node.type !== 'call') return;
    const sink = sinkOf(c, node);
    if (!sink) return;
    const key = functionKey(c, node);
    const reach = key ? c.ws.reach.get(key) : undefined;

    if (sink.kind === 'http') return reportHttp(c, node, sink, reach !== undefined);
    if (!reach) return;
    if (sink.kind === 'ai' && reach.entryAsync) return;
    if (sink.kind === 'media') {
      if (mediaReported.has(key!)) return;
      mediaReported.add(key!);
    }
    const related = reach.depth > 0 ? [{ location: reach.entryLocation, message: { id: 'pyReachedFrom', data: { view: reach.entryName } } }] : undefined;
    const fixes =
      sink.kind === 'task'
        ? [{ title: { id: 'pyUseDelay', data: { task: sink.what } }, applicability: 'unsafe' as const, edits: [{ file: c.path, start: sink.parts.callee.end, end: sink.parts.callee.end, newText: '.delay' }] }]
        : undefined;
    context.report({
      message: MESSAGE_BY_KIND[sink.kind],
      data: { what: sink.what, view: reach.entryName },
      start: node.start,
      end: node.end,
      related,
      fixes,
      details: { stack: sink.kind === 'task' ? 'celery' : stackOf(c.facts), work: sink.kind, callDepth: reach.depth },
    });
  });
}

const MESSAGE_BY_KIND: Record<Exclude<SinkKind, 'http'>, string> = {
  email: 'pyEmailInRequest',
  sleep: 'pySleepInRequest',
  subprocess: 'pySubprocessInRequest',
  media: 'pyMediaInRequest',
  ai: 'pyAiInRequest',
  task: 'pyTaskCalledDirectly',
};

function reportHttp(c: PyCheck, call: PyNode, sink: Sink, inRequest: boolean): void {
  const args = sink.parts.args;
  const explicitNone = sink.parts.keywords.get('timeout');
  let fix;
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
    fixes: fix,
    details: { stack: stackOf(c.facts), work: 'http', timeout: 'none', inRequest },
  });
}

/** The slow work a call does, if it is one ScaleCheck knows. */
function sinkOf(c: PyCheck, call: PyNode): Sink | undefined {
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
    if (fn && c.ws.callTargets(c.path, fn, callee).some((key) => c.ws.tasks.has(key)) && !queuesElsewhere(fn.calls, callee)) return { kind: 'task', what: callee.join('.'), parts };
  }
  return undefined;
}

/**
 * `if settings.CELERY_ENABLED: task.delay(...) else: task(...)`: the direct call
 * is a deliberate fallback for setups without a broker.
 */
function queuesElsewhere(calls: ReadonlyArray<{ callee: string[] }>, callee: string[]): boolean {
  return calls.some((call) => call.callee.length === callee.length + 1 && /^(?:delay|apply_async)$/.test(call.callee[callee.length]) && callee.every((part, i) => call.callee[i] === part));
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
function qualify(c: PyCheck, callee: string[]): string | undefined {
  const entry = [...c.facts.imports].reverse().find((candidate) => candidate.local === callee[0]);
  if (!entry) return callee.join('.');
  const rest = callee.slice(1);
  if (entry.name) return [entry.module, entry.name, ...rest].join('.');
  const aliased = entry.local !== entry.module.split('.')[0];
  return aliased ? [entry.module, ...rest].join('.') : callee.join('.');
}

/** True when `receiver` is a constructor call, or a name assigned from one, whose qualified name matches. */
function constructedFrom(c: PyCheck, at: PyNode, receiver: PyNode, pattern: RegExp): boolean {
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

export const longTaskInRequestPy: LanguageRule<PyTree> = {
  check,
  messages: {
    pyEmailInRequest: {
      en: '`{{what}}` sends email while request `{{view}}` waits: an SMTP round trip takes seconds and fails when the mail server does. Queue it (a Celery task with `.delay()`) and answer right away.',
      ko: '요청 `{{view}}`가 기다리는 동안 `{{what}}`로 메일을 보냅니다. SMTP 왕복은 몇 초씩 걸리고 메일 서버가 멈추면 함께 실패합니다. Celery 작업(`.delay()`)으로 큐에 넣고 바로 응답하세요.',
    },
    pySleepInRequest: {
      en: '`time.sleep` inside request `{{view}}` holds a worker slot doing nothing; with 4 slots, four sleeping requests stop the app. Retry or wait in a background task instead.',
      ko: '요청 `{{view}}` 안의 `time.sleep`은 아무 일도 하지 않으면서 워커 슬롯을 붙잡습니다. 슬롯이 4개라면 잠든 요청 네 개에 앱이 멈춥니다. 재시도나 대기는 백그라운드 작업에서 하세요.',
    },
    pySubprocessInRequest: {
      en: '`{{what}}` starts a process while request `{{view}}` waits for it. Run it in a background task and let the client poll for the result.',
      ko: '요청 `{{view}}`가 기다리는 동안 `{{what}}`로 프로세스를 실행합니다. 백그라운드 작업에서 실행하고 클라이언트가 결과를 조회하게 하세요.',
    },
    pyMediaInRequest: {
      en: 'Image, video or PDF work (`{{what}}`) runs inside request `{{view}}`: CPU-heavy and slow with big files. Move it to a background task and return 202 Accepted.',
      ko: '요청 `{{view}}` 안에서 이미지·영상·PDF 처리(`{{what}}`)를 합니다. CPU를 많이 쓰고 파일이 크면 오래 걸립니다. 백그라운드 작업으로 옮기고 202 Accepted로 응답하세요.',
    },
    pyAiInRequest: {
      en: 'A call to the {{what}} model API inside synchronous request `{{view}}`: it takes seconds to minutes and holds a worker thread the whole time. Stream the answer, or run it in a background task and poll.',
      ko: '동기 요청 `{{view}}` 안에서 {{what}} 모델을 호출합니다. 몇 초에서 몇 분이 걸리고 그동안 워커 스레드를 계속 붙잡습니다. 답을 스트리밍하거나, 백그라운드 작업으로 돌리고 결과를 조회하세요.',
    },
    pyTaskCalledDirectly: {
      en: 'Celery task `{{what}}` is called directly, so it runs inside request `{{view}}` instead of on a worker. Call `{{what}}.delay(...)` (or `.apply_async`) to queue it.',
      ko: 'Celery 작업 `{{what}}`를 직접 호출해서, 워커가 아니라 요청 `{{view}}` 안에서 실행됩니다. `{{what}}.delay(...)`(또는 `.apply_async`)로 큐에 넣으세요.',
    },
    pyHttpNoTimeoutInRequest: {
      en: '`{{what}}` has no timeout, inside a request: without one, `requests` and `urllib` wait forever, so a slow API holds this worker until it answers. Add `timeout=`.',
      ko: '요청 안의 `{{what}}` 호출에 타임아웃이 없습니다. 타임아웃이 없으면 `requests`와 `urllib`은 끝없이 기다리므로, 외부 API가 느리면 응답할 때까지 이 워커를 붙잡습니다. `timeout=`을 지정하세요.',
    },
    pyHttpNoTimeout: {
      en: '`{{what}}` has no timeout: without one, `requests` and `urllib` wait forever, so one unresponsive server hangs this worker or task for good. Add `timeout=`.',
      ko: '`{{what}}` 호출에 타임아웃이 없습니다. 타임아웃이 없으면 `requests`와 `urllib`은 끝없이 기다리므로, 응답 없는 서버 하나가 이 워커나 작업을 영영 멈춰 세웁니다. `timeout=`을 지정하세요.',
    },
    pyReachedFrom: { en: 'request handler {{view}} reaches this code', ko: '요청 핸들러 {{view}}에서 이 코드에 닿습니다' },
    pyUseDelay: { en: 'Queue it: {{task}}.delay(...)', ko: '큐에 넣기: {{task}}.delay(...)' },
    pyAddTimeout: { en: 'Add timeout=10', ko: 'timeout=10 추가' },
  },
};
