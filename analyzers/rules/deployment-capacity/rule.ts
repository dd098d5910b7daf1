import { declareRule } from '../../core/rule';

/** What a `deployment-capacity` finding tells its lesson, the report and the simulator. */
export type DeploymentCapacityDetails = {
  stack?: string;
  /** Gunicorn's workers and threads per worker, the requests they serve at once, and whether the workers are async. */
  workers?: number;
  threads?: number;
  concurrentRequests?: number;
  asyncWorkers?: boolean;
  /** Django's `CONN_MAX_AGE` and the database connections one instance then keeps open. */
  connMaxAge?: number | 'persistent';
  connectionsPerInstance?: number;
};

/** What the rule reports and what not, with examples `test/rules/docs.test.ts` runs: docs/rules/deployment-capacity.md. */
export default declareRule<DeploymentCapacityDetails>()({
  id: 'deployment-capacity',
  title: { en: 'Concurrency set by deployment', ko: '배포 설정이 정한 동시 처리량' },
  summary: {
    en: 'Workers × threads caps how many requests run at once; every other request waits in line.',
    ko: '워커 수 × 스레드 수가 동시에 처리할 수 있는 요청 수의 상한입니다. 나머지 요청은 줄을 서서 기다립니다.',
  },
  impact: {
    en: '2 Gunicorn workers × 2 threads = 4 requests at once: about 40 requests/s at 100 ms each, and one 30-second AI call takes a quarter of it.',
    ko: 'Gunicorn 워커 2 × 스레드 2 = 동시 요청 4건. 요청당 100ms라면 초당 약 40건이고, 30초짜리 AI 호출 하나가 그중 4분의 1을 차지합니다.',
  },
  defaultSeverity: 'info',
  lesson: 'deployment-capacity',
  fix: 'none',
  languages: ['python', 'config'],
  stage: { at: 2, firstWhen: [{ detail: 'concurrentRequests', atMost: 2 }] },
  contexts: { request: 'report', background: 'report', unknown: 'report', script: 'skip', test: 'skip', build: 'skip' },
  readme: {
    catches: 'Gunicorn workers × threads',
    matters: 'how many requests your app serves at once',
    where: 'Dockerfile, Procfile, `gunicorn.conf.py`, Django settings',
  },
  messages: {
    // python
    pyGunicornCpuWorkers: {
      en: 'Gunicorn\'s worker count follows the CPU count here, × {{threads}} {{threads|thread|threads}}: on a small container that may be 1–2 workers. Know the number: it is how many requests run at once.',
      ko: '여기서는 Gunicorn 워커 수가 CPU 수를 따르고, 워커마다 스레드 {{threads}}개입니다. 작은 컨테이너라면 워커 1~2개일 수 있습니다. 이 숫자가 동시에 처리하는 요청 수이니 알고 있어야 합니다.',
    },
    pyConnMaxAgeWithGunicorn: {
      en: 'CONN_MAX_AGE={{seconds}} keeps a database connection open per thread: {{workers}} {{workers|worker|workers}} × {{threads}} {{threads|thread|threads}} = {{connections}} connections per instance, plus Celery workers. Multiply by instances and compare with your database\'s connection limit (60 on a small Supabase plan), or put PgBouncer in front.',
      ko: 'CONN_MAX_AGE={{seconds}}이면 스레드마다 데이터베이스 연결을 열어 둡니다. 워커 {{workers}} × 스레드 {{threads}} = 인스턴스당 연결 {{connections}}개에 Celery 워커 몫이 더해집니다. 인스턴스 수를 곱해 데이터베이스 연결 한도(작은 Supabase 요금제는 60)와 비교하거나, 앞에 PgBouncer를 두세요.',
    },
    pyConnMaxAge: {
      en: 'CONN_MAX_AGE={{seconds}} keeps one database connection open per worker thread. Workers × threads × instances, plus Celery, must stay under your database\'s connection limit (60 on a small Supabase plan).',
      ko: 'CONN_MAX_AGE={{seconds}}이면 워커 스레드마다 데이터베이스 연결 하나를 열어 둡니다. 워커 × 스레드 × 인스턴스에 Celery 몫까지 더한 수가 데이터베이스 연결 한도(작은 Supabase 요금제는 60)보다 작아야 합니다.',
    },
    pyGunicornHere: { en: 'Gunicorn workers and threads are set here', ko: '여기서 Gunicorn 워커와 스레드 수를 정합니다' },

    // config
    gunicornCapacity: {
      en: 'Gunicorn serves {{workers}} {{workers|worker|workers}} × {{threads}} {{threads|thread|threads}} = {{concurrency}} {{concurrency|request|requests}} at once per instance: about {{perSecond}} requests/s if each takes 100 ms, and every slow call (an AI answer, an email) takes one slot away for its whole duration.',
      ko: 'Gunicorn은 인스턴스당 워커 {{workers}} × 스레드 {{threads}} = 요청 {{concurrency}}건을 동시에 처리합니다. 요청당 100ms라면 초당 약 {{perSecond}}건이고, 느린 호출(AI 답변, 메일 발송) 하나가 끝날 때까지 슬롯 하나를 통째로 차지합니다.',
    },
    gunicornAsyncCapacity: {
      en: 'Gunicorn runs {{workers}} async {{workers|worker|workers}}: one blocking call (a sync database driver, `requests`, `time.sleep`) stalls every request that worker is serving.',
      ko: 'Gunicorn이 비동기 워커 {{workers}}개로 돕니다. 블로킹 호출(동기 DB 드라이버, `requests`, `time.sleep`) 하나가 그 워커가 맡은 모든 요청을 멈춰 세웁니다.',
    },
  },
});
