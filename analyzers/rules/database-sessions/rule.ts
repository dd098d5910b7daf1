import { declareRule } from '../../core/rule';

/** What a `database-sessions` finding tells its lesson, the report and the simulator. See docs/rules/database-sessions.md. */
export type DatabaseSessionsDetails = {
  stack?: string;
  /** True when the settings name the database backend; false when they leave Django's default in place. */
  explicit?: boolean;
  /** A Redis or Memcached cache is configured, so `cached_db` is a one-line change. */
  sharedCache?: boolean;
};

export default declareRule<DatabaseSessionsDetails>()({
  id: 'database-sessions',
  title: { en: 'Sessions read from the database on every request', ko: '요청마다 데이터베이스에서 읽는 세션' },
  summary: {
    en: 'With Django’s database session backend, every request that carries a session cookie starts with a query on the session table.',
    ko: 'Django의 데이터베이스 세션 백엔드를 쓰면, 세션 쿠키가 있는 모든 요청이 세션 테이블 조회로 시작합니다.',
  },
  impact: {
    en: '1,000 users making 20 requests each is 20,000 session queries a day, each holding a database connection; from Redis the same read took 5 ms instead of 50 ms.',
    ko: '사용자 1,000명이 20번씩 요청하면 하루 세션 조회가 20,000번이고, 하나하나가 DB 연결을 붙잡습니다. 같은 읽기를 Redis에서 하면 50ms가 5ms로 줄었습니다.',
  },
  defaultSeverity: 'info',
  languages: ['python'],
  lesson: 'database-sessions',
  fix: 'unsafe',
  stage: { at: 2 },
  contexts: { request: 'report', background: 'report', unknown: 'report', script: 'skip', test: 'skip', build: 'skip' },
  readme: {
    catches: 'Django sessions left in (or set to) the database backend in the settings production uses',
    matters: 'every signed-in request pays one session query before the view runs',
    where: 'Django settings',
  },
  messages: {
    pySessionsInDatabase: {
      en: 'Sessions are stored in the database here: every request with a session cookie reads `django_session` before the view runs. The `{{alias}}` cache is shared: `cached_db` serves those reads from it and still writes sessions to the database.',
      ko: '여기서 세션을 데이터베이스에 저장합니다. 세션 쿠키가 있는 모든 요청이 뷰보다 먼저 `django_session`{{을/를}} 읽습니다. `{{alias}}` 캐시가 공유 캐시이니, `cached_db`{{으로/로}} 읽기는 캐시에서 하고 세션은 데이터베이스에도 남기세요.',
    },
    pySessionsInDatabaseNoCache: {
      en: 'Sessions are stored in the database here: every request with a session cookie reads `django_session` before the view runs. With a shared cache (Redis, Memcached), `cached_db` serves those reads from it.',
      ko: '여기서 세션을 데이터베이스에 저장합니다. 세션 쿠키가 있는 모든 요청이 뷰보다 먼저 `django_session`{{을/를}} 읽습니다. 공유 캐시(Redis, Memcached)를 두면 `cached_db`{{으로/로}} 읽기를 캐시에서 할 수 있습니다.',
    },
    pySessionsByDefault: {
      en: 'Sessions are on and no `SESSION_ENGINE` is set, so Django keeps them in the database: every request with a session cookie reads `django_session` before the view runs. The `{{alias}}` cache is shared: `cached_db` serves those reads from it and still writes sessions to the database.',
      ko: '세션을 쓰는데 `SESSION_ENGINE`{{을/를}} 정하지 않아서 Django가 세션을 데이터베이스에 둡니다. 세션 쿠키가 있는 모든 요청이 뷰보다 먼저 `django_session`{{을/를}} 읽습니다. `{{alias}}` 캐시가 공유 캐시이니, `cached_db`{{으로/로}} 읽기는 캐시에서 하고 세션은 데이터베이스에도 남기세요.',
    },
    pySessionsByDefaultNoCache: {
      en: 'Sessions are on and no `SESSION_ENGINE` is set, so Django keeps them in the database: every request with a session cookie reads `django_session` before the view runs. With a shared cache (Redis, Memcached), `cached_db` serves those reads from it.',
      ko: '세션을 쓰는데 `SESSION_ENGINE`{{을/를}} 정하지 않아서 Django가 세션을 데이터베이스에 둡니다. 세션 쿠키가 있는 모든 요청이 뷰보다 먼저 `django_session`{{을/를}} 읽습니다. 공유 캐시(Redis, Memcached)를 두면 `cached_db`{{으로/로}} 읽기를 캐시에서 할 수 있습니다.',
    },
    pySharedCacheHere: { en: 'a shared cache is configured here', ko: '여기에 공유 캐시가 설정되어 있습니다' },
    pyUseCachedDb: {
      en: 'Keep sessions in the cache, written through to the database (`cached_db`)',
      ko: '세션을 캐시에 두고 데이터베이스에도 쓰기 (`cached_db`)',
    },
  },
});
