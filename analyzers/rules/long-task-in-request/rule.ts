import { declareRule } from '../../core/rule';

/** What a `long-task-in-request` finding tells its lesson, the report and the simulator. */
export type LongTaskInRequestDetails = {
  stack?: string;
  framework?: string;
  /** The kind of slow work (`email`, `media`, `sleep`, `http`, `ai`, `task`, `bulk-loop`, …). */
  taskKind?: string;
  /** Whether the handler runs as a serverless function, and that platform's time limit in seconds (0 when unknown). */
  serverless?: boolean;
  maxDurationSeconds?: number;
  /** True when the work is known to outlast the platform's time limit: the request is cut off, not just slow. */
  exceedsTimeout?: boolean;
  /** How many calls away from the handler the work is (0: in it). */
  chainLength?: number;
  /** How many request handlers wait for it, when it is reported once at a shared helper. */
  handlers?: number;
  /** Whether the work runs once per item of a loop, and whether the handler is itself background work (a cron, a queue's endpoint). */
  perItem?: boolean;
  background?: boolean;
  /** Python: whether a view reaches it directly (false for code only signals or helpers reach). */
  inRequest?: boolean;
};

/** What the rule reports and what not, with examples `test/rules/docs.test.ts` runs: docs/rules/long-task-in-request.md. */
export default declareRule<LongTaskInRequestDetails>()({
  id: 'long-task-in-request',
  title: { en: 'Slow work inside a request', ko: '요청 안에서 하는 느린 작업' },
  summary: {
    en: 'Email, media processing, sleeps and slow third-party calls inside a handler hold the request, and a worker, until they finish.',
    ko: '핸들러 안의 메일 발송, 미디어 처리, 대기, 느린 외부 호출은 끝날 때까지 요청과 워커를 붙잡아 둡니다.',
  },
  impact: {
    en: 'With 4 request slots (2 workers × 2 threads), four 5-second emails stall everyone; serverless functions are cut off at their time limit.',
    ko: '요청 슬롯이 4개(워커 2 × 스레드 2)라면 5초짜리 메일 발송 네 건에 모두가 멈춥니다. 서버리스 함수는 시간 제한에서 강제로 끊깁니다.',
  },
  defaultSeverity: 'warning',
  lesson: 'long-task-in-request',
  fix: 'safe',
  languages: ['typescript', 'python'],
  stage: { at: 2, firstWhen: [{ serverless: true }, { detail: 'exceedsTimeout' }] },
  contexts: { request: 'report', background: 'skip', unknown: 'lower', script: 'skip', test: 'skip', build: 'skip' },
  readme: {
    catches: 'email, media work, sleeps, slow calls inside a handler',
    matters: 'a request slot (or a serverless function) is held until the work ends',
    where: 'Next.js, Express, Hono, Fastify; Django views, DRF, signals',
  },
  messages: {
    // typescript
    tsTask: {
      en: '`{{call}}` {{what}} while the request waits.{{limit}} {{advice}}',
      ko: '`{{call}}`: 요청이 기다리는 동안 {{what}}.{{limit}} {{advice}}',
    },
    tsTaskChain: {
      en: '`{{call}}` {{what}} while the request waits ({{chain}}).{{limit}} {{advice}}',
      ko: '`{{call}}`: 요청이 기다리는 동안 {{what}} ({{chain}}).{{limit}} {{advice}}',
    },
    tsTaskPerItem: {
      en: '`{{call}}` {{what}} once per `{{item}}` while the request waits: the wait grows with the list.{{limit}} {{advice}}',
      ko: '`{{call}}`: 요청이 기다리는 동안 `{{item}}`마다 한 번씩 {{what}}. 목록이 길어질수록 기다림도 길어집니다.{{limit}} {{advice}}',
    },
    tsTaskChainPerItem: {
      en: '`{{call}}` {{what}} once per `{{item}}` while the request waits ({{chain}}).{{limit}} {{advice}}',
      ko: '`{{call}}`: 요청이 기다리는 동안 `{{item}}`마다 한 번씩 {{what}} ({{chain}}).{{limit}} {{advice}}',
    },
    tsTaskBulkLoop: {
      en: 'This loop {{what}} (`{{query}}`) and awaits `{{call}}` for each `{{item}}` while the request waits: the time grows with the table.{{limit}} {{advice}}',
      ko: '이 반복문은 요청이 기다리는 동안 {{what}} (`{{query}}`). `{{item}}`마다 `{{call}}` 호출을 기다리므로 테이블이 커질수록 시간도 늘어납니다.{{limit}} {{advice}}',
    },
    tsTaskShared: {
      en: '`{{call}}` {{what}} while the request waits, in {{count}} request handlers that call this helper.{{limit}} {{advice}}',
      ko: '`{{call}}`: 이 도우미 함수를 부르는 요청 핸들러 {{count}}곳에서 요청이 기다리는 동안 {{what}}.{{limit}} {{advice}}',
    },
    // typescript: what the slow call does, filled in as {{what}}
    tsWhatEmail: { en: 'sends an email', ko: '메일을 보냅니다' },
    tsWhatMedia: { en: 'processes images or video', ko: '이미지나 영상을 처리합니다' },
    tsWhatProcess: { en: 'runs a child process', ko: '자식 프로세스를 실행합니다' },
    tsWhatBrowser: { en: 'starts a headless browser', ko: '헤드리스 브라우저를 띄웁니다' },
    tsWhatPdf: { en: 'renders a PDF', ko: 'PDF를 만듭니다' },
    tsWhatSleep: { en: 'sleeps', ko: '일부러 기다립니다' },
    tsWhatFetch: { en: 'waits on a third-party host with no timeout', ko: '타임아웃 없이 외부 서버의 응답을 기다립니다' },
    tsWhatAi: { en: 'waits for a whole AI generation', ko: 'AI 생성이 끝날 때까지 기다립니다' },
    tsWhatBulkLoop: { en: 'works through every row of an unbounded query', ko: '개수 제한 없는 쿼리의 모든 행을 처리합니다' },
    // typescript: what waiting costs where the app runs, filled in as {{limit}}
    tsLimitSeconds: { en: ' The function is cut off at {{seconds}} s.', ko: ' 서버리스 함수는 {{seconds}}초에서 끊깁니다.' },
    tsLimitUnknown: { en: ' Serverless functions are cut off at their time limit.', ko: ' 서버리스 함수는 시간 제한에서 끊깁니다.' },
    tsLimitEventLoop: { en: ' It blocks the event loop: every other request this process serves waits too.', ko: ' 이벤트 루프를 막아서, 이 프로세스가 처리하는 다른 요청도 모두 기다립니다.' },
    // typescript: advice, filled in as {{advice}}; serverless platforms have `after()` and a time limit
    tsAdviceEmailServerless: { en: 'Hand it to a queue or `after()` and answer right away.', ko: '큐나 `after()`에 넘기고 바로 응답하세요.' },
    tsAdviceBackgroundJob: { en: 'Move it to a background job.', ko: '백그라운드 작업으로 옮기세요.' },
    tsAdviceSleep: { en: 'Schedule a retry in a queue instead of waiting here.', ko: '여기서 기다리지 말고 큐에서 재시도를 예약하세요.' },
    tsAdviceFetch: { en: 'Add `signal: AbortSignal.timeout(…)`.', ko: '`signal: AbortSignal.timeout(…)`{{을/를}} 추가하세요.' },
    tsAdviceAiServerless: { en: 'Stream the answer or run it as a background job.', ko: '응답을 스트리밍하거나 백그라운드 작업으로 돌리세요.' },
    tsAdviceRowsServerless: { en: 'Process the rows in a background job, in batches.', ko: '행 처리는 백그라운드 작업에서 묶음 단위로 하세요.' },
    // typescript: advice on a long-running server (NestJS, Express, Hono, Fastify in a container)
    tsAdviceEmailServer: { en: 'Put it on a queue (BullMQ, for one) that a worker sends from, and answer right away.', ko: '워커가 처리하는 큐(예: BullMQ)에 넣고 바로 응답하세요.' },
    tsAdviceWorker: { en: 'Move it to a worker fed by a queue (BullMQ, for one).', ko: '큐(예: BullMQ)로 받는 워커로 옮기세요.' },
    tsAdviceAiServer: { en: 'Stream the answer, or run it in a worker and let the client poll.', ko: '응답을 스트리밍하거나, 워커에서 돌리고 클라이언트가 결과를 조회하게 하세요.' },
    tsAdviceRowsServer: { en: 'Process the rows in a worker, in batches.', ko: '행 처리는 워커에서 묶음 단위로 하세요.' },
    tsAdviceResultNeeded: {
      en: 'The response needs its result: produce it ahead of time and cache it, or answer 202 and let the client poll.',
      ko: '응답에 그 결과가 필요합니다. 미리 만들어 캐시해 두거나, 202로 먼저 응답하고 클라이언트가 결과를 확인하게 하세요.',
    },
    tsTaskEntry: { en: 'request handler `{{handler}}` waits for it', ko: '요청 핸들러 `{{handler}}`{{이/가}} 이 작업을 기다립니다' },
    tsTaskHere: { en: '`{{call}}` runs here', ko: '여기서 `{{call}}` 호출을 실행합니다' },
    tsTaskCalls: { en: 'calls `{{callee}}`', ko: '`{{callee}}` 호출' },
    tsTaskLoopHere: { en: 'once per item of this loop', ko: '이 반복문의 항목마다' },
    tsTaskRowsFrom: { en: 'every row comes from this query', ko: '모든 행이 이 쿼리에서 옵니다' },
    tsTaskPerRow: { en: 'awaited once per row', ko: '행마다 기다립니다' },
    tsFixFetchTimeout: { en: 'Give up after 10 s: `signal: AbortSignal.timeout(10_000)`', ko: '10초 뒤 포기: `signal: AbortSignal.timeout(10_000)` 추가' },
    tsFixAfter: { en: 'Run it after the response with `after()`', ko: '`after()`{{으로/로}} 응답 뒤에 실행' },

    // python
    pyEmailInRequest: {
      en: '`{{what}}` sends email while request `{{view}}` waits: an SMTP round trip takes seconds and fails when the mail server does. Queue it (a Celery task with `.delay()`) and answer right away.',
      ko: '요청 `{{view}}`{{이/가}} 기다리는 동안 `{{what}}`{{으로/로}} 메일을 보냅니다. SMTP 왕복은 몇 초씩 걸리고 메일 서버가 멈추면 함께 실패합니다. Celery 작업(`.delay()`)으로 큐에 넣고 바로 응답하세요.',
    },
    pySleepInRequest: {
      en: '`time.sleep` inside request `{{view}}` holds a worker slot doing nothing; a few sleeping requests at once take every slot the app has. Retry or wait in a background task instead.',
      ko: '요청 `{{view}}` 안의 `time.sleep`{{은/는}} 아무 일도 하지 않으면서 워커 슬롯을 붙잡습니다. 잠든 요청 몇 개가 겹치면 앱의 슬롯이 모두 찹니다. 재시도나 대기는 백그라운드 작업에서 하세요.',
    },
    pySleepInRequestSlots: {
      en: '`time.sleep` inside request `{{view}}` holds a worker slot doing nothing; this app serves {{slots}} {{slots|request|requests}} at once ({{workers}} {{workers|worker|workers}} × {{threads}} {{threads|thread|threads}}), so {{slots}} sleeping {{slots|request stops|requests stop}} it. Retry or wait in a background task instead.',
      ko: '요청 `{{view}}` 안의 `time.sleep`{{은/는}} 아무 일도 하지 않으면서 워커 슬롯을 붙잡습니다. 이 앱은 요청을 한 번에 {{slots}}건(워커 {{workers}} × 스레드 {{threads}}) 처리하므로 잠든 요청 {{slots}}개에 앱이 멈춥니다. 재시도나 대기는 백그라운드 작업에서 하세요.',
    },
    pySubprocessInRequest: {
      en: '`{{what}}` starts a process while request `{{view}}` waits for it. Run it in a background task and let the client poll for the result.',
      ko: '요청 `{{view}}`{{이/가}} 기다리는 동안 `{{what}}`{{으로/로}} 프로세스를 실행합니다. 백그라운드 작업에서 실행하고 클라이언트가 결과를 조회하게 하세요.',
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
      ko: 'Celery 작업 `{{what}}`{{을/를}} 직접 호출해서, 워커가 아니라 요청 `{{view}}` 안에서 실행됩니다. `{{what}}.delay(...)`(또는 `.apply_async`)로 큐에 넣으세요.',
    },
    pyActorCalledDirectly: {
      en: 'Dramatiq actor `{{what}}` is called directly, so it runs inside request `{{view}}` instead of on a worker. Call `{{what}}.send(...)` to queue it.',
      ko: 'Dramatiq 액터 `{{what}}`{{을/를}} 직접 호출해서, 워커가 아니라 요청 `{{view}}` 안에서 실행됩니다. `{{what}}.send(...)`{{으로/로}} 큐에 넣으세요.',
    },
    pyHttpNoTimeoutInRequest: {
      en: '`{{what}}` has no timeout, inside a request: without one, `requests` and `urllib` wait forever, so a slow API holds this worker until it answers. Add `timeout=`.',
      ko: '요청 안의 `{{what}}` 호출에 타임아웃이 없습니다. 타임아웃이 없으면 `requests`{{와/과}} `urllib`{{은/는}} 끝없이 기다리므로, 외부 API가 느리면 응답할 때까지 이 워커를 붙잡습니다. `timeout=`{{을/를}} 지정하세요.',
    },
    pyHttpNoTimeout: {
      en: '`{{what}}` has no timeout: without one, `requests` and `urllib` wait forever, so one unresponsive server hangs this worker or task for good. Add `timeout=`.',
      ko: '`{{what}}` 호출에 타임아웃이 없습니다. 타임아웃이 없으면 `requests`{{와/과}} `urllib`{{은/는}} 끝없이 기다리므로, 응답 없는 서버 하나가 이 워커나 작업을 영영 멈춰 세웁니다. `timeout=`{{을/를}} 지정하세요.',
    },
    pyReachedFrom: { en: 'request handler {{view}} reaches this code', ko: '요청 핸들러 {{view}}에서 이 코드에 닿습니다' },
    pyUseDelay: { en: 'Queue it: {{task}}.{{call}}(...)', ko: '큐에 넣기: {{task}}.{{call}}(...)' },
    pyAddTimeout: { en: 'Add timeout=10', ko: 'timeout=10 추가' },

  },
});
