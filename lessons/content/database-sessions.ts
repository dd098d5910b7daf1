import type { Lesson } from '../types';
import { DJANGO_CONTEXT, NEXT_CONTEXT } from './context';

export const databaseSessions: Lesson = {
  id: 'database-sessions',
  simulator: 'cache',
  text: {
    en: {
      keyPoints: [
        'A database session costs one read on every request a signed-in user makes.',
        'Sessions are read far more often than they change: a cache answers them.',
        'Keep the database as the record, and let a shared cache serve the reads.',
      ],
      why: `Django keeps sessions in the database unless you say otherwise: \`SESSION_ENGINE\` defaults to \`django.contrib.sessions.backends.db\`. Each request that carries a session cookie starts with a query on the \`django_session\` table before your view runs, and a login, a logout or a changed session adds a write.

One Django + DRF app we studied counted what that means: **1,000 users making about 20 requests each is 20,000 session queries a day**, every one of them a round trip that holds a database connection — on a small Postgres plan where connections are the scarcest thing you have. Read from Redis instead, the same lookup went from about **50 ms to 5 ms**. The table itself also grows: expired rows stay until something runs \`clearsessions\`.

None of this shows with ten test users. It shows when traffic multiplies every request's fixed cost, and the session read is the one cost every signed-in request pays.`,
      diagramCaption: 'With database sessions every request reads the session table first; with cached_db most reads stop at the shared cache.',
      fix: `Point sessions at a cache that every worker and instance shares (Redis or Memcached in \`CACHES["default"]\`). \`django.contrib.sessions.backends.cached_db\` is the safe step: it reads sessions from the cache and writes them through to the database, so nothing is lost when the cache restarts. The pure \`cache\` backend skips the database entirely; use it only when losing every session on a cache flush is acceptable. Never put sessions in a per-process cache (\`LocMemCache\`): each worker would see a different session.`,
      fine: `Database sessions are fine when:
- **Few requests carry a session**: an API that authenticates with tokens (DRF \`TokenAuthentication\`, JWT) and uses sessions only for the admin.
- **There is no shared cache yet** and traffic is small: a primary-key lookup is cheap, and adding Redis for sessions alone may not pay off. Plan the switch with your first cache server.
- **Development and test settings**: what matters is the settings module production runs with.

Whatever the backend, schedule \`python manage.py clearsessions\` (a daily cron) so the table does not keep every expired session.`,
      symptom: 'Every signed-in page view starts with the same small query on django_session; database connections and query counts grow with traffic even on pages that read nothing else.',
      question: 'Which session backend should my Django app use in production, how do I move to cached_db on a shared cache without logging everyone out, and which cache server fits my platform?',
    },
    ko: {
      keyPoints: [
        'DB 세션은 로그인한 사용자의 모든 요청마다 읽기 한 번을 치른다',
        '세션은 바뀌는 것보다 훨씬 자주 읽힌다: 캐시가 답하게 하라',
        '기록은 DB에 두고, 읽기는 공유 캐시가 맡게 하라',
      ],
      why: `Django는 따로 정하지 않으면 세션을 데이터베이스에 둡니다. \`SESSION_ENGINE\`의 기본값이 \`django.contrib.sessions.backends.db\`이기 때문입니다. 세션 쿠키를 가진 요청은 뷰가 돌기도 전에 \`django_session\` 테이블을 조회하고, 로그인, 로그아웃, 세션 변경 때마다 쓰기가 더해집니다.

우리가 살펴본 한 Django + DRF 앱은 이것을 숫자로 따져 봤습니다. **사용자 1,000명이 평균 20번씩 요청하면 하루 세션 조회가 20,000번**이고, 그 하나하나가 데이터베이스 연결을 붙잡는 왕복입니다. 연결 수가 가장 귀한 작은 Postgres 요금제에서 말이죠. 같은 조회를 Redis에서 하면 **약 50ms에서 5ms**로 줄었습니다. 테이블도 계속 커집니다. 만료된 행은 누군가 \`clearsessions\`를 실행할 때까지 남아 있습니다.

테스트 사용자 열 명으로는 아무것도 보이지 않습니다. 트래픽이 모든 요청의 고정 비용을 곱하기 시작할 때 드러나고, 세션 읽기는 로그인한 모든 요청이 내는 바로 그 비용입니다.`,
      diagramCaption: 'DB 세션은 요청마다 세션 테이블부터 읽고, cached_db는 대부분의 읽기를 공유 캐시에서 끝냅니다.',
      fix: `세션을 모든 워커와 인스턴스가 함께 쓰는 캐시(\`CACHES["default"]\`의 Redis나 Memcached)로 옮기세요. \`django.contrib.sessions.backends.cached_db\`가 안전한 첫걸음입니다. 읽기는 캐시에서 하고 쓰기는 데이터베이스에도 함께 하므로, 캐시가 재시작해도 잃는 것이 없습니다. 순수한 \`cache\` 백엔드는 데이터베이스를 아예 거치지 않으니, 캐시를 비울 때 모든 세션이 사라져도 괜찮을 때만 쓰세요. 세션을 프로세스별 캐시(\`LocMemCache\`)에 두면 안 됩니다. 워커마다 다른 세션을 보게 됩니다.`,
      fine: `DB 세션으로 충분한 경우도 있습니다.
- **세션을 가진 요청이 적을 때**: 토큰(DRF \`TokenAuthentication\`, JWT)으로 인증하고 세션은 관리자 화면에만 쓰는 API.
- **아직 공유 캐시가 없고** 트래픽이 작을 때: 기본 키 조회는 싸고, 세션 하나 때문에 Redis를 들이는 것은 손해일 수 있습니다. 첫 캐시 서버를 들일 때 함께 옮기세요.
- **개발용, 테스트용 설정**: 중요한 것은 운영에서 쓰는 설정 모듈입니다.

어떤 백엔드든 \`python manage.py clearsessions\`를 (매일 도는 cron으로) 예약해서 만료된 세션이 테이블에 쌓이지 않게 하세요.`,
      symptom: '로그인한 사용자의 페이지 조회마다 django_session에 같은 작은 쿼리가 먼저 나갑니다. 다른 것은 읽지 않는 페이지에서도 DB 연결 수와 쿼리 수가 트래픽을 따라 늘어납니다.',
      question: '운영 중인 제 Django 앱은 어떤 세션 백엔드를 써야 하나요? 모두를 로그아웃시키지 않고 공유 캐시 위의 cached_db로 옮기려면 어떻게 하고, 제 플랫폼에는 어떤 캐시 서버가 맞나요?',
    },
  },
  examples: [
    {
      stack: 'python',
      label: 'Django',
      frameworks: ['django', 'drf', 'python', 'celery'],
      files: [
        ...DJANGO_CONTEXT,
        {
          path: 'mysite/settings.py',
          before: `INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "blog",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache:6379/0",
    }
}
`,
          after: `INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "blog",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache:6379/0",
    }
}
`,
        },
      ],
      rule: 'database-sessions',
      note: {
        en: 'Sessions are now read from Redis and written through to the database: signed-in requests skip the session query, and a Redis restart costs a few cache misses, not everyone’s login.',
        ko: '이제 세션은 Redis에서 읽고 데이터베이스에도 함께 씁니다. 로그인한 요청은 세션 쿼리를 건너뛰고, Redis가 재시작해도 캐시를 몇 번 놓칠 뿐 모두의 로그인이 풀리지는 않습니다.',
      },
    },
    {
      stack: 'node',
      label: 'Next.js + Auth.js',
      frameworks: ['nextjs', 'express', 'hono', 'node', 'prisma'],
      files: [
        ...NEXT_CONTEXT,
        {
          path: 'auth.ts',
          before: `import NextAuth from 'next-auth';
import GitHub from 'next-auth/providers/github';
import { PrismaAdapter } from '@auth/prisma-adapter';
import { prisma } from '@/lib/prisma';

export const { handlers, auth } = NextAuth({
  adapter: PrismaAdapter(prisma),
  providers: [GitHub],
  session: { strategy: 'database' },
});
`,
          after: `import NextAuth from 'next-auth';
import GitHub from 'next-auth/providers/github';
import { PrismaAdapter } from '@auth/prisma-adapter';
import { prisma } from '@/lib/prisma';

export const { handlers, auth } = NextAuth({
  adapter: PrismaAdapter(prisma),
  providers: [GitHub],
  // A signed, encrypted cookie: checking it needs no database read.
  session: { strategy: 'jwt', maxAge: 60 * 60 * 24 * 7 },
});
`,
        },
      ],
      note: {
        en: 'The same cost exists in Node: Auth.js with `strategy: "database"` reads the session table on every `auth()` call. A JWT session is checked from the cookie; keep database sessions only where you must revoke a session instantly. ScaleCheck does not check this in TypeScript yet.',
        ko: 'Node에도 같은 비용이 있습니다. Auth.js를 `strategy: "database"`로 쓰면 `auth()`를 부를 때마다 세션 테이블을 읽습니다. JWT 세션은 쿠키만으로 확인됩니다. 세션을 즉시 끊어야 하는 경우에만 DB 세션을 남기세요. ScaleCheck는 아직 TypeScript에서 이것을 검사하지 않습니다.',
      },
    },
  ],
  learnMore: [
    { title: { en: 'Django: configuring the session engine', ko: 'Django: 세션 엔진 설정' }, url: 'https://docs.djangoproject.com/en/stable/topics/http/sessions/#configuring-the-session-engine' },
    { title: { en: 'Django: clearing the session store', ko: 'Django: 세션 저장소 비우기' }, url: 'https://docs.djangoproject.com/en/stable/topics/http/sessions/#clearing-the-session-store' },
    { title: { en: 'Auth.js: session strategies', ko: 'Auth.js: 세션 전략' }, url: 'https://authjs.dev/concepts/session-strategies' },
  ],
  related: ['caching', 'in-memory-state', 'deployment-capacity'],
};
