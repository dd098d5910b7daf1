import { declareRule } from '../../core/rule';

/** What an `unbounded-ai-call` finding tells its lesson, the report and the simulator. */
export type UnboundedAiCallDetails = {
  stack?: string;
  framework?: string;
  /** The provider (`openai`, `anthropic`, …) and API (`chat.completions`, `generateText`, …) of the call; Python names the SDK. */
  provider?: string;
  api?: string;
  sdk?: string;
  /** How many of the limits below are missing. */
  reasons?: number;
  /** Whether an output cap, a timeout and a rate limit are there, whether it runs once per item of a loop, whether it streams. */
  hasCap?: boolean;
  hasTimeout?: boolean;
  rateLimited?: boolean;
  inLoop?: boolean;
  streaming?: boolean;
  /** Paid with the caller's own stored key (bring your own key): cost is theirs. */
  ownKey?: boolean;
  /** The model the request names and its output cap, when they are written as literals: the simulator prices them. */
  model?: string;
  maxTokens?: number;
};

/** What the rule reports and what not, with examples `test/rules/docs.test.ts` runs: docs/rules/unbounded-ai-call.md. */
export default declareRule<UnboundedAiCallDetails>()({
  id: 'unbounded-ai-call',
  title: { en: 'AI call without limits', ko: '제한 없는 AI 호출' },
  summary: {
    en: 'A model call with no output cap, timeout or rate limit lets one user, one loop or one stuck request spend without bound.',
    ko: '출력 상한, 타임아웃, 호출 제한이 없는 모델 호출은 사용자 한 명, 반복문 하나, 멈춘 요청 하나가 비용을 끝없이 쓰게 둡니다.',
  },
  impact: {
    en: 'Unlimited calls cost one app $600–1,500 a month at 1,000 active users; a call without a timeout holds a worker for as long as the provider takes.',
    ko: '호출 제한이 없던 한 앱은 활성 사용자 1,000명에서 월 600~1,500달러를 썼습니다. 타임아웃이 없는 호출은 제공자가 응답할 때까지 워커 하나를 붙잡습니다.',
  },
  defaultSeverity: 'warning',
  lesson: 'unbounded-ai-call',
  fix: 'safe',
  languages: ['typescript', 'python'],
  stage: { at: 1 },
  contexts: { request: 'report', background: 'lower', unknown: 'report', script: 'skip', test: 'skip', build: 'skip' },
  readme: {
    catches: 'model calls run per item, or without an output cap, timeout or rate limit',
    matters: 'one loop or one user can spend without bound',
    where: 'OpenAI, Anthropic, Vercel AI SDK, LangChain in TS/JS and Python',
  },
  messages: {
    // typescript
    tsUnboundedAi: {
      en: '`{{call}}` has nothing to stop it: {{reasons}}.',
      ko: '`{{call}}` 호출을 막아 줄 장치가 없습니다: {{reasons}}.',
    },
    tsOwnKeyAi: {
      en: '`{{call}}` runs on the caller\'s own API key, read from their stored credentials, so its cost is theirs; still, {{reasons}}.',
      ko: '`{{call}}` 호출은 저장된 사용자 자신의 API 키로 실행되므로 비용은 사용자가 냅니다. 다만 {{reasons}}.',
    },
    // typescript: one clause per reason, listed in {{reasons}}
    tsReasonLoop: { en: 'it runs once per `{{item}}` of a loop', ko: '반복문에서 `{{item}}`마다 호출' },
    tsReasonLoopChain: { en: 'it runs once per item, through `{{caller}}`', ko: '`{{caller}}` 함수를 거쳐 항목마다 호출' },
    tsReasonNoCap: { en: 'no output cap (`{{key}}`)', ko: '출력 상한(`{{key}}`) 없음' },
    tsReasonNoRateLimit: { en: 'any client can trigger it through `{{handler}}` with no rate limit', ko: '호출 제한 없이 누구나 `{{handler}}` 핸들러로 실행 가능' },
    tsReasonNoTimeout: { en: 'no timeout (the SDK waits up to 10 minutes by default)', ko: '타임아웃 없음(SDK 기본값은 최대 10분 대기)' },
    tsReasonNoAbort: { en: 'no `abortSignal`, so a stuck call runs until the provider gives up', ko: '`abortSignal` 없음(멈춘 호출이 제공자가 끊을 때까지 계속됨)' },
    tsAiLoopHere: { en: 'called once per item here', ko: '여기서 항목마다 호출합니다' },
    tsAiHandlerHere: { en: 'reachable from `{{handler}}` without a rate limit', ko: '`{{handler}}` 핸들러에서 호출 제한 없이 도달합니다' },
    tsFixCap: { en: 'Cap the output: `{{key}}: {{value}}`', ko: '출력 상한 추가: `{{key}}: {{value}}`' },
    tsFixTimeout: { en: 'Give the client `timeout: 30_000` and `maxRetries: 2`', ko: '클라이언트에 `timeout: 30_000`, `maxRetries: 2` 추가' },
    tsFixAbort: { en: 'Abort after 30 s: `abortSignal: AbortSignal.timeout(30_000)`', ko: '30초 뒤 중단: `abortSignal: AbortSignal.timeout(30_000)` 추가' },
    tsFixAllLimits: { en: 'Add an output cap and a timeout', ko: '출력 상한과 타임아웃 추가' },

    // python
    pyAiUnbounded: {
      en: 'This {{sdk}} call has nothing to stop it: {{reasons}}.',
      ko: '이 {{sdk}} 호출을 막아 줄 장치가 없습니다: {{reasons}}.',
    },
    pyNoCapNoTimeout: {
      en: 'This {{sdk}} call sets no `{{cap}}` and no timeout: one answer can run as long and cost as much as the model allows, and a slow provider holds a worker for up to 10 minutes (the SDK default). Set both.',
      ko: '이 {{sdk}} 호출에는 `{{cap}}`도 타임아웃도 없습니다. 답변 하나가 모델이 허용하는 만큼 길어지고 비용도 그만큼 들며, 제공자가 느리면 워커 하나를 최대 10분(SDK 기본값) 붙잡습니다. 둘 다 지정하세요.',
    },
    pyNoCap: {
      en: 'This {{sdk}} call sets no `{{cap}}`: the length of each answer, and its bill, is up to the model. Cap the output.',
      ko: '이 {{sdk}} 호출에는 `{{cap}}`{{이/가}} 없어, 답변 길이와 그 비용이 모델에 달려 있습니다. 출력 상한을 정하세요.',
    },
    pyNoTimeout: {
      en: 'This {{sdk}} call has no timeout: a slow or stuck provider holds the worker for up to 10 minutes (the SDK default), and each such call keeps one of the app\'s request slots until then. Set `timeout=`.',
      ko: '이 {{sdk}} 호출에는 타임아웃이 없습니다. 제공자가 느리거나 멈추면 워커를 최대 10분(SDK 기본값) 붙잡고, 그동안 이런 호출 하나가 앱의 요청 슬롯 하나를 차지합니다. `timeout=`{{을/를}} 지정하세요.',
    },
    pyNoTimeoutSlots: {
      en: 'This {{sdk}} call has no timeout: a slow or stuck provider holds the worker for up to 10 minutes (the SDK default), and this app serves {{slots}} {{slots|request|requests}} at once ({{workers}} {{workers|worker|workers}} × {{threads}} {{threads|thread|threads}}), so {{slots}} such {{slots|call stops|calls stop}} it. Set `timeout=`.',
      ko: '이 {{sdk}} 호출에는 타임아웃이 없습니다. 제공자가 느리거나 멈추면 워커를 최대 10분(SDK 기본값) 붙잡는데, 이 앱은 요청을 한 번에 {{slots}}건(워커 {{workers}} × 스레드 {{threads}}) 처리하므로 이런 호출 {{slots}}건에 앱이 멈춥니다. `timeout=`{{을/를}} 지정하세요.',
    },
    pyAiInLoop: {
      en: 'A model call through {{sdk}} inside a loop: cost and latency grow with the number of items, with no upper bound. Batch the items into one call, cap the count, or move the loop to a background task.',
      ko: '반복문 안에서 {{sdk}} 모델을 호출합니다. 항목 수만큼 비용과 지연이 끝없이 늘어납니다. 항목을 한 번의 호출로 묶거나, 개수에 상한을 두거나, 반복을 백그라운드 작업으로 옮기세요.',
    },
    pyAiNoThrottle: {
      en: 'Request handler `{{view}}` reaches this {{sdk}} call with no rate limit: one user, or one script, can spend as fast as they can send requests. Add DRF throttling (`throttle_classes` / `DEFAULT_THROTTLE_CLASSES`) or django-ratelimit.',
      ko: '요청 핸들러 `{{view}}`{{이/가}} 호출 제한 없이 이 {{sdk}} 호출에 닿습니다. 사용자 한 명이나 스크립트 하나가 요청을 보내는 속도만큼 비용을 쓸 수 있습니다. DRF 스로틀링(`throttle_classes` / `DEFAULT_THROTTLE_CLASSES`)이나 django-ratelimit을 붙이세요.',
    },
    // python: one clause per reason, listed in {{reasons}} when a call has several
    pyReasonNoCapNoTimeout: { en: 'no `{{cap}}` and no timeout, so one answer costs and lasts as long as the model allows', ko: '`{{cap}}`도 타임아웃도 없어 답변 하나의 비용과 시간이 모델에 달려 있습니다' },
    pyReasonNoCap: { en: 'no `{{cap}}`, so the length of each answer, and its bill, is up to the model', ko: '`{{cap}}`{{이/가}} 없어 답변 길이와 그 비용이 모델에 달려 있습니다' },
    pyReasonNoTimeout: { en: 'no timeout, so a stuck provider holds the worker for up to 10 minutes', ko: '타임아웃이 없어 제공자가 멈추면 워커를 최대 10분 붙잡습니다' },
    pyReasonInLoop: { en: 'it runs once per item of a loop', ko: '반복문에서 항목마다 실행됩니다' },
    pyReasonNoThrottle: { en: 'request handler `{{view}}` reaches it with no rate limit', ko: '요청 핸들러 `{{view}}`{{이/가}} 호출 제한 없이 이 호출에 닿습니다' },
    pyAiLoopHere: { en: 'the loop', ko: '반복문' },
    pyAiViewHere: { en: 'request handler {{view}}', ko: '요청 핸들러 {{view}}' },
    pyAddLimits: { en: 'Add {{args}}', ko: '{{args}} 추가' },
  },
});
