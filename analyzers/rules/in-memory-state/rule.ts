import { declareRule } from '../../core/rule';

/** What an `in-memory-state` finding tells its lesson, the report and the simulator. */
export type InMemoryStateDetails = {
  stack?: string;
  framework?: string;
  /** What is kept (`rate-limit`, `session`, `cache`, `counter`, `timer`, `file`, `function-cache`, …) and how many places write it. */
  stateKind?: string;
  writes?: number;
  /** Python: a function cache that has no size bound. */
  unbounded?: boolean;
  /** The deployment runs several processes or instances, or serverless functions. */
  multiInstance?: boolean;
  serverless?: boolean;
  /** Gunicorn processes that each keep their own copy. */
  workers?: number;
  /** Django settings: the cache backend, the session engine or the throttle store kept in one process. */
  cacheBackend?: string;
  sessions?: string;
  throttleStore?: string;
};

/** What the rule reports and what not, with examples `test/rules/docs.test.ts` runs: docs/rules/in-memory-state.md. */
export default declareRule<InMemoryStateDetails>()({
  id: 'in-memory-state',
  title: { en: 'State kept in server memory', ko: '서버 메모리에 담아 둔 상태' },
  summary: {
    en: 'Data kept in one process is invisible to the other instances and lost on every restart or deploy.',
    ko: '한 프로세스 메모리에 둔 데이터는 다른 인스턴스에서 보이지 않고, 재시작이나 배포 때마다 사라집니다.',
  },
  impact: {
    en: 'With 2 instances a rate limit of 100/min lets 200 through and a cache hits half as often; on serverless every cold start begins empty.',
    ko: '인스턴스가 2개면 분당 100회 제한이 200회까지 통과하고 캐시 적중률은 절반이 됩니다. 서버리스에서는 콜드 스타트마다 빈 상태로 시작합니다.',
  },
  defaultSeverity: 'warning',
  lesson: 'in-memory-state',
  fix: 'unsafe',
  languages: ['typescript', 'python'],
  stage: { at: 2, firstWhen: [{ serverless: true }, { detail: 'multiInstance' }] },
  contexts: { request: 'report', background: 'report', unknown: 'report', script: 'skip', test: 'skip', build: 'skip' },
  readme: {
    catches: 'module-level state, in-process rate limiters and sessions, timers and local files written per request; LocMem caches',
    matters: 'each instance keeps its own copy; restarts and scale-out lose it',
    where: 'TS/JS; Python modules and Django settings',
  },
  messages: {
    // shared
    writtenHere: { en: 'written here, per request', ko: '요청마다 여기서 값을 바꿉니다' },

    // typescript: why several instances matter here, filled in as {{instances}}
    tsInstancesServerless: { en: 'on serverless, requests land on many short-lived instances', ko: '서버리스에서는 요청마다 다른 인스턴스가 뜰 수 있습니다' },
    tsInstancesMany: { en: 'this deployment runs several processes or instances', ko: '이 배포는 프로세스나 인스턴스가 여러 개입니다' },
    tsInstancesSecond: { en: 'it breaks the moment you add a second instance', ko: '인스턴스를 늘리는 순간 문제가 됩니다' },
    // typescript: what the state is, filled in as {{type}} (Map, Set and other class names as they are)
    tsTypeObject: { en: 'object', ko: '객체' },
    tsTypeArray: { en: 'array', ko: '배열' },
    tsTypeLruCache: { en: 'LRU cache', ko: 'LRU 캐시' },

    // typescript
    moduleVariable: {
      en: '`{{name}}` is a module-level variable changed while serving requests: each server instance counts on its own, and a restart resets it ({{instances}}).',
      ko: '`{{name}}`: 요청을 처리하면서 바뀌는 모듈 수준 변수입니다. 서버 인스턴스마다 따로 세고, 재시작하면 처음으로 돌아갑니다({{instances}}).',
    },
    moduleCollection: {
      en: '`{{name}}` is a module-level {{type}} written while serving requests: each server instance keeps its own copy, and a restart empties it ({{instances}}).',
      ko: '`{{name}}`: 요청을 처리하면서 채워지는 모듈 수준 {{type}}입니다. 서버 인스턴스마다 따로 가지며, 재시작하면 비워집니다({{instances}}).',
    },
    tsStateRateLimit: {
      en: '`{{name}}` counts requests in this process\'s memory: each instance counts on its own, so 3 instances let 3× the limit through, and a restart resets every count ({{instances}}). Keep the counts in Redis.',
      ko: '`{{name}}`: 요청 수를 이 프로세스 메모리에서 셉니다. 인스턴스마다 따로 세므로 인스턴스가 3개면 제한의 3배가 통과하고, 재시작하면 모든 횟수가 초기화됩니다({{instances}}). 횟수는 Redis에 두세요.',
    },
    tsStateSession: {
      en: '`{{name}}` keeps sessions in this process\'s memory: a request that lands on another instance finds no session, and every deploy logs everyone out ({{instances}}). Use a shared store or signed tokens.',
      ko: '`{{name}}`: 세션을 이 프로세스 메모리에 둡니다. 다른 인스턴스로 간 요청은 세션을 찾지 못하고, 배포할 때마다 모두 로그아웃됩니다({{instances}}). 공유 저장소나 서명된 토큰을 쓰세요.',
    },
    tsStateCache: {
      en: '`{{name}}` caches per-user data in this process\'s memory: every instance fills its own copy, an update on one is never seen by the others, and it grows with every user ({{instances}}). Use Redis with a TTL.',
      ko: '`{{name}}`: 사용자별 데이터를 이 프로세스 메모리에 캐시합니다. 인스턴스마다 따로 채워지고, 한 곳의 갱신이 다른 곳에 닿지 않으며, 사용자가 늘수록 커집니다({{instances}}). TTL을 둔 Redis를 쓰세요.',
    },
    tsStateSharedCache: {
      en: '`{{name}}` is an in-process cache: each instance keeps its own copy, so a change made through one is not seen by the others until theirs expires.',
      ko: '`{{name}}`: 프로세스 안의 캐시입니다. 인스턴스마다 따로 가지므로, 한 인스턴스에서 바꾼 내용이 다른 인스턴스에는 만료될 때까지 보이지 않습니다.',
    },
    tsStatePureCache: {
      en: '`{{name}}` memoizes a computation in process memory: correct on any instance, but rebuilt after every restart or cold start and never shared.',
      ko: '`{{name}}`: 계산 결과를 프로세스 메모리에 저장해 둡니다. 어느 인스턴스에서든 결과는 맞지만, 재시작이나 콜드 스타트마다 다시 만들고 서로 공유하지 않습니다.',
    },
    tsStateMemoryStore: {
      en: '`{{call}}()` has no `store`, so it counts in this process\'s memory: each instance enforces its own limit and a restart resets it ({{instances}}). Pass a Redis store (`{{store}}`).',
      ko: '`{{call}}()`에 `store`{{이/가}} 없어 이 프로세스 메모리에서 횟수를 셉니다. 인스턴스마다 제한이 따로 걸리고 재시작하면 초기화됩니다({{instances}}). Redis 저장소(`{{store}}`)를 넘기세요.',
    },
    tsStateLimiterMemory: {
      en: '`{{call}}` keeps its counters in this process\'s memory: each instance enforces its own limit ({{instances}}). Use `RateLimiterRedis`.',
      ko: '`{{call}}`: 횟수를 이 프로세스 메모리에 둡니다. 인스턴스마다 제한이 따로 걸립니다({{instances}}). `RateLimiterRedis`{{을/를}} 쓰세요.',
    },
    tsStateSessionStore: {
      en: '`{{call}}()` has no `store`, so sessions live in MemoryStore: they vanish on restart, are not shared between instances, and leak memory ({{instances}}). Pass a Redis or database store.',
      ko: '`{{call}}()`에 `store`{{이/가}} 없어 세션이 MemoryStore에 저장됩니다. 재시작하면 사라지고, 인스턴스끼리 공유되지 않으며, 메모리도 샙니다({{instances}}). Redis나 데이터베이스 저장소를 넘기세요.',
    },
    tsStateThrottlerStorage: {
      en: '`{{call}}()` has no `storage`, so the throttler counts in this process\'s memory: each instance enforces its own limit and a restart resets it ({{instances}}). Pass a Redis storage (`{{store}}`).',
      ko: '`{{call}}()`에 `storage`{{이/가}} 없어 스로틀러가 이 프로세스 메모리에서 횟수를 셉니다. 인스턴스마다 제한이 따로 걸리고 재시작하면 초기화됩니다({{instances}}). Redis 저장소(`{{store}}`)를 넘기세요.',
    },
    tsStatePubSub: {
      en: '`{{call}}` publishes only to subscribers connected to this process: a client subscribed on another instance never hears the event ({{instances}}). Use a shared PubSub (`{{store}}`).',
      ko: '`{{call}}`{{은/는}} 이 프로세스에 연결된 구독자에게만 이벤트를 보냅니다. 다른 인스턴스에 구독한 클라이언트는 이벤트를 받지 못합니다({{instances}}). `{{store}}` 같은 공유 PubSub을 쓰세요.',
    },
    tsStateTimer: {
      en: '`setInterval` in server code runs once in every instance, and on serverless it stops between requests ({{instances}}). Schedule it as a cron job.',
      ko: '서버 코드의 `setInterval`{{은/는}} 인스턴스마다 따로 돌고, 서버리스에서는 요청 사이에 멈춥니다({{instances}}). 크론 작업으로 예약하세요.',
    },
    tsStateTimerPerRequest: {
      en: '`setInterval` started while serving a request: each request adds another timer to this instance, and none of them run on the others ({{instances}}).',
      ko: '요청을 처리하면서 `setInterval`{{을/를}} 시작합니다. 요청마다 이 인스턴스에 타이머가 하나씩 늘고, 다른 인스턴스에서는 돌지 않습니다({{instances}}).',
    },
    tsStateFile: {
      en: '`{{call}}` writes to this instance\'s own disk while serving a request: other instances cannot read the file, and deploys and cold starts wipe it ({{instances}}). Store it in object storage or the database.',
      ko: '`{{call}}`: 요청을 처리하면서 이 인스턴스의 디스크에 씁니다. 다른 인스턴스는 그 파일을 읽을 수 없고, 배포나 콜드 스타트 때 지워집니다({{instances}}). 오브젝트 스토리지나 데이터베이스에 저장하세요.',
    },
    tsStateReachedFrom: { en: 'runs on requests to `{{handler}}`', ko: '`{{handler}}` 요청마다 실행됩니다' },

    // python
    pyModuleCollection: {
      en: '`{{name}}` is a module-level collection written while serving requests: every Gunicorn worker and every instance keeps its own copy, and a restart or deploy empties it. Keep it in the database or a shared cache (Redis).',
      ko: '`{{name}}`{{은/는}} 요청을 처리하며 값을 쓰는 모듈 수준 컬렉션입니다. Gunicorn 워커와 인스턴스마다 따로 가지고, 재시작이나 배포 때 비워집니다. 데이터베이스나 공유 캐시(Redis)에 두세요.',
    },
    pyModuleCounter: {
      en: '`{{name}}` is a module-level counter changed while serving requests: each worker counts on its own, concurrent threads race on it, and a restart resets it. Use the database (`F()` updates) or Redis `INCR`.',
      ko: '`{{name}}`{{은/는}} 요청을 처리하며 바뀌는 모듈 수준 카운터입니다. 워커마다 따로 세고, 스레드끼리 경쟁하며, 재시작하면 처음으로 돌아갑니다. 데이터베이스(`F()` 업데이트)나 Redis `INCR`{{을/를}} 쓰세요.',
    },
    pyPerUserCache: {
      en: '`@lru_cache` on `{{name}}` keys entries by `{{param}}`: each worker caches its own users, entries go stale across workers, and the cache takes memory for every user. Use Django\'s cache framework with a shared backend.',
      ko: '`{{name}}`의 `@lru_cache`{{은/는}} `{{param}}`별로 값을 저장합니다. 워커마다 자기 사용자만 캐시하고, 워커끼리 값이 어긋나며, 사용자 수만큼 메모리를 씁니다. 공유 백엔드를 쓰는 Django 캐시 프레임워크를 쓰세요.',
    },
    pyUnboundedPerUserCache: {
      en: 'An unbounded cache on `{{name}}` keyed by `{{param}}` grows with every user and never shrinks, separately in each worker. Use Django\'s cache framework with a shared backend and a timeout.',
      ko: '`{{param}}`{{을/를}} 키로 쓰는 `{{name}}`의 무제한 캐시는 사용자마다 커지기만 하고 줄지 않으며, 워커마다 따로 쌓입니다. 타임아웃이 있는 공유 백엔드로 Django 캐시 프레임워크를 쓰세요.',
    },
    pyLocMemCache: {
      en: 'Cache `{{alias}}` uses LocMemCache: memory of one process. Each Gunicorn worker and each instance keeps its own cache, hit rates fall and invalidation misses the others. Use Redis or Memcached.',
      ko: '`{{alias}}` 캐시가 LocMemCache, 즉 한 프로세스의 메모리를 씁니다. Gunicorn 워커와 인스턴스가 저마다 따로 캐시하므로 적중률이 떨어지고 무효화가 다른 프로세스에 닿지 않습니다. Redis나 Memcached를 쓰세요.',
    },
    pyFileCache: {
      en: 'Cache `{{alias}}` uses FileBasedCache: files on one machine\'s disk. Other instances never see them and container restarts wipe them. Use Redis or Memcached.',
      ko: '`{{alias}}` 캐시가 FileBasedCache, 즉 한 머신의 디스크 파일을 씁니다. 다른 인스턴스는 볼 수 없고 컨테이너를 재시작하면 사라집니다. Redis나 Memcached를 쓰세요.',
    },
    pyLocalSessions: {
      en: 'Sessions are stored in this process (a local cache) or on this machine\'s disk: a user whose next request lands on another worker or instance is logged out. Use the database, `cached_db`, or a shared cache.',
      ko: '세션을 이 프로세스(로컬 캐시)나 이 머신의 디스크에 저장합니다. 다음 요청이 다른 워커나 인스턴스로 가면 사용자가 로그아웃됩니다. 데이터베이스, `cached_db`, 또는 공유 캐시를 쓰세요.',
    },
    pyLocalThrottle: {
      en: 'DRF throttles count requests in the default cache, which is LocMemCache here: each process counts separately, so with N workers or instances the real limit is N times the configured rate. Point the default cache at Redis.',
      ko: 'DRF 스로틀은 기본 캐시에 요청 수를 세는데, 여기서는 LocMemCache입니다. 프로세스마다 따로 세므로 워커나 인스턴스가 N개면 실제 한도는 설정한 비율의 N배가 됩니다. 기본 캐시를 Redis로 바꾸세요.',
    },
    pyCacheStoredHere: { en: 'the app stores data in this cache here: a worker other than the one that stored it never sees it', ko: '앱이 여기서 이 캐시에 데이터를 저장합니다. 저장한 워커가 아닌 다른 워커는 이 값을 보지 못합니다' },
    pySeveralProcesses: { en: 'more than one process or instance serves requests', ko: '요청을 처리하는 프로세스나 인스턴스가 여럿입니다' },
    pyUseRedisCache: { en: 'Use RedisCache with LOCATION from REDIS_URL', ko: 'REDIS_URL을 LOCATION으로 쓰는 RedisCache로 바꾸기' },

  },
});
