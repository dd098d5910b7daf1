import type { Lesson } from '../types';
import { DJANGO_REQUIREMENTS, NEXT_PACKAGE, NEXT_TSCONFIG } from './context';

export const inMemoryState: Lesson = {
  id: 'in-memory-state',
  simulator: 'instances',
  text: {
    en: {
      keyPoints: [
        'Process memory is seen by that process alone.',
        'Add an instance or restart, and in-memory state splits or vanishes.',
        'Keep what must be shared in Redis or the database.',
      ],
      why: `A \`Map\` at the top of a module, a global counter, Django's \`LocMemCache\`: they all live in the memory of **one process**. On your laptop there is exactly one, so everything looks right. Production is different:

- **Several instances.** Scaling out, Gunicorn workers and serverless functions all mean several processes, each with its own copy. A rate limit of 100 a minute kept in memory lets 200 through with two instances; a view counter shows a different number depending on which instance answers; a session created on one is missing on the next.
- **Restarts.** Every deploy, crash or autoscaling event starts a process with empty memory. On serverless a cold start can happen at any request.
- **Memory growth.** A cache with no bound grows until the process is killed.

The Django analysis in our material found exactly this: the default cache was \`LocMemCache\`, so each of the processes warmed its own copy, the real hit rate stayed **under 25%**, and the cache would become useless once the app ran on several instances — while a Redis server was already running, used only for throttling. The fix was one setting: point the default cache at Redis. Stateless servers are what make scaling out a matter of adding instances behind a load balancer.`,
      diagramCaption: 'Each instance keeps its own copy and they disagree; a shared store gives every instance the same answer.',
      fix: `Keep anything that must be shared or survive a restart in a shared store: Redis (Upstash on serverless) for counters, rate limits, sessions and caches; the database for data that matters. Use atomic operations (\`INCR\`, \`INCRBY\`) rather than read-modify-write. In Django, set \`CACHES["default"]\` to \`django.core.cache.backends.redis.RedisCache\` and keep sessions there or in signed cookies.`,
      fine: `- **Read-only lookup tables** built at start-up (a list of countries, a parsed config): every instance builds the same copy.
- **Caches of pure computations** (a compiled template, a parsed schema) where a miss only costs a little time and every instance would compute the same value.
- **SDK and database clients** held at module level — that is the recommended pattern (one Prisma Client per process), not state.
- **A single-process tool** that will never run twice: a CLI, a local script, a desktop app.`,
      symptom: 'Counters and rate limits behave differently from one request to the next, users get logged out or lose data after a deploy, and the cache hit rate is low once several instances run.',
      question: 'What is the right shared store for this state on my platform (Redis, the database, signed cookies), how do I make updates atomic, and what changes when the app runs on several instances or serverless functions?',
    },
    ko: {
      keyPoints: [
        '프로세스 메모리는 그 프로세스만 본다',
        '인스턴스가 늘거나 재시작하면 메모리 속 상태는 갈라지거나 사라진다',
        '함께 봐야 하는 상태는 Redis나 데이터베이스에 둔다',
      ],
      why: `모듈 맨 위의 \`Map\`, 전역 카운터, Django의 \`LocMemCache\`는 모두 **프로세스 하나**의 메모리에 삽니다. 내 노트북에는 프로세스가 딱 하나라서 다 맞게 보입니다. 운영 환경은 다릅니다.

- **인스턴스가 여러 개입니다.** 스케일 아웃, Gunicorn 워커, 서버리스 함수는 모두 프로세스가 여럿이라는 뜻이고, 각자 자기 사본을 가집니다. 메모리에 둔 분당 100회 제한은 인스턴스가 둘이면 200회를 통과시키고, 조회수는 어느 인스턴스가 응답하느냐에 따라 다른 숫자를 보여 주고, 한쪽에서 만든 세션은 다음 요청에서 사라집니다.
- **재시작됩니다.** 배포, 장애, 오토스케일링이 일어날 때마다 빈 메모리로 프로세스가 새로 뜹니다. 서버리스에서는 어느 요청에서든 콜드 스타트가 날 수 있습니다.
- **메모리가 자랍니다.** 상한 없는 캐시는 프로세스가 죽을 때까지 커집니다.

우리 자료 속 Django 분석이 정확히 이 경우였습니다. 기본 캐시가 \`LocMemCache\`여서 프로세스마다 따로 캐시를 데웠고, 실제 적중률은 **25%에도 못 미쳤습니다**. 인스턴스를 늘리는 순간 캐시는 사실상 쓸모가 없어질 상황이었는데, 정작 Redis 서버는 이미 떠 있었고 throttling에만 쓰이고 있었습니다. 해법은 설정 한 줄, 기본 캐시를 Redis로 돌리는 것이었습니다. 서버에 상태가 없어야 스케일 아웃이 '로드 밸런서 뒤에 인스턴스를 하나 더 붙이는 일'로 끝납니다.`,
      diagramCaption: '인스턴스마다 자기 사본을 들고 있어 서로 다른 답을 하고, 공유 저장소를 쓰면 모든 인스턴스가 같은 답을 합니다.',
      fix: `여러 인스턴스가 함께 봐야 하거나 재시작 뒤에도 남아야 하는 것은 공유 저장소에 두세요. 카운터, 호출 제한, 세션, 캐시는 Redis(서버리스라면 Upstash)에, 중요한 데이터는 데이터베이스에 둡니다. 읽고-고치고-쓰는 대신 \`INCR\`, \`INCRBY\` 같은 원자적 연산을 쓰세요. Django라면 \`CACHES["default"]\`를 \`django.core.cache.backends.redis.RedisCache\`로 바꾸고, 세션도 그 캐시나 서명된 쿠키에 두면 됩니다.`,
      fine: `- 시작할 때 만들어 두고 **읽기만 하는 조회용 테이블**(국가 목록, 파싱한 설정): 어느 인스턴스든 똑같은 사본을 만듭니다.
- **순수한 계산 결과의 캐시**(컴파일한 템플릿, 파싱한 스키마): 놓쳐도 시간이 조금 더 들 뿐이고 어느 인스턴스가 계산해도 값이 같습니다.
- 모듈 수준에 둔 **SDK·데이터베이스 클라이언트**: 이것은 상태가 아니라 권장 패턴입니다(프로세스당 Prisma Client 하나).
- **절대 두 개가 뜨지 않는 단일 프로세스 도구**: CLI, 로컬 스크립트, 데스크톱 앱.`,
      symptom: '카운터와 호출 제한이 요청마다 다르게 동작하고, 배포 뒤에 사용자가 로그아웃되거나 데이터를 잃으며, 인스턴스를 여러 개 띄우자 캐시 적중률이 떨어졌습니다.',
      question: '제 플랫폼에서 이 상태를 둘 공유 저장소로는 무엇이 맞나요(Redis, 데이터베이스, 서명된 쿠키)? 업데이트를 원자적으로 만드는 방법과, 앱이 여러 인스턴스나 서버리스 함수로 돌 때 달라지는 점도 알려 주세요.',
    },
  },
  examples: [
    {
      stack: 'node',
      label: 'Next.js + Upstash Redis',
      frameworks: ['nextjs', 'node', 'prisma'],
      rule: 'in-memory-state',
      files: [
        NEXT_TSCONFIG,
        NEXT_PACKAGE,
        {
          path: 'app/api/views/route.ts',
          before: `import { NextResponse } from 'next/server';

// Page views per post, shown under each post.
const views = new Map<string, number>();

export async function POST(request: Request) {
  const { slug } = await request.json();
  const count = (views.get(slug) ?? 0) + 1;
  views.set(slug, count);
  return NextResponse.json({ views: count });
}
`,
          after: `import { NextResponse } from 'next/server';
import { Redis } from '@upstash/redis';

const redis = Redis.fromEnv();

// Page views per post, shown under each post.
export async function POST(request: Request) {
  const { slug } = await request.json();
  const count = await redis.incr(\`views:\${slug}\`);
  return NextResponse.json({ views: count });
}
`,
        },
      ],
      note: {
        en: 'One counter in Redis that every instance increments atomically: the number is right with one instance or fifty, and it survives deploys.',
        ko: '모든 인스턴스가 원자적으로 올리는 Redis 카운터 하나. 인스턴스가 하나든 쉰 개든 숫자가 맞고, 배포해도 사라지지 않습니다.',
      },
    },
    {
      stack: 'node',
      label: 'Express',
      frameworks: ['express', 'hono', 'fastify', 'koa'],
      rule: 'in-memory-state',
      files: [
        {
          path: 'src/server.ts',
          before: `import express from 'express';

const app = express();

// 100 requests per minute per IP.
const hits = new Map<string, { count: number; resetAt: number }>();

app.use((req, res, next) => {
  const key = req.ip ?? 'unknown';
  const now = Date.now();
  const entry = hits.get(key);
  if (!entry || entry.resetAt < now) {
    hits.set(key, { count: 1, resetAt: now + 60_000 });
    return next();
  }
  entry.count += 1;
  if (entry.count > 100) return res.status(429).json({ error: 'Too many requests' });
  next();
});

app.listen(3000);
`,
          after: `import express from 'express';
import Redis from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';

const app = express();

// 100 requests per minute per IP, counted in Redis so every instance shares the count.
const limiter = new RateLimiterRedis({ storeClient: new Redis(process.env.REDIS_URL!), keyPrefix: 'rl', points: 100, duration: 60 });

app.use(async (req, res, next) => {
  try {
    await limiter.consume(req.ip ?? 'unknown');
    next();
  } catch {
    res.status(429).json({ error: 'Too many requests' });
  }
});

app.listen(3000);
`,
        },
      ],
      note: {
        en: 'The limiter keeps its counts in Redis, so three instances enforce one limit of 100 a minute instead of three separate ones.',
        ko: '제한 카운트를 Redis에 두므로, 인스턴스가 셋이어도 분당 100회 제한이 세 개가 아니라 하나로 지켜집니다.',
      },
    },
    {
      stack: 'python',
      label: 'Django',
      frameworks: ['django', 'drf', 'python', 'celery'],
      rule: 'in-memory-state',
      files: [
        DJANGO_REQUIREMENTS,
        {
          path: 'Dockerfile',
          hidden: true,
          before: `FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
CMD ["gunicorn", "config.wsgi:application", "--workers", "2", "--threads", "2"]
`,
        },
        {
          path: 'config/settings.py',
          before: `import os

DEBUG = False
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "").split(",")

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
`,
          after: `import os

DEBUG = False
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "").split(",")

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "TIMEOUT": 300,
    }
}
`,
        },
      ],
      note: {
        en: 'Every Gunicorn worker and every instance now reads and writes the same cache. Django ships the Redis backend since 4.0; add the `redis` package.',
        ko: '이제 모든 Gunicorn 워커와 인스턴스가 같은 캐시를 읽고 씁니다. Redis 백엔드는 Django 4.0부터 기본 포함이고, `redis` 패키지만 설치하면 됩니다.',
      },
    },
  ],
  learnMore: [
    { title: { en: 'Django: cache framework (Redis backend)', ko: 'Django: 캐시 프레임워크 (Redis 백엔드)' }, url: 'https://docs.djangoproject.com/en/stable/topics/cache/#redis' },
    { title: { en: 'Django: session backends', ko: 'Django: 세션 백엔드' }, url: 'https://docs.djangoproject.com/en/stable/topics/http/sessions/#configuring-the-session-engine' },
    { title: { en: 'Upstash Redis for serverless', ko: '서버리스용 Upstash Redis' }, url: 'https://upstash.com/docs/redis/overall/getstarted' },
    { title: { en: 'Redis: INCR and the rate limiter pattern', ko: 'Redis: INCR와 호출 제한 패턴' }, url: 'https://redis.io/docs/latest/commands/incr/' },
    { title: { en: 'Vercel: how functions scale', ko: 'Vercel: 함수가 확장되는 방식' }, url: 'https://vercel.com/docs/functions/concurrency-scaling' },
  ],
  related: ['caching', 'write-contention', 'deployment-capacity'],
};
