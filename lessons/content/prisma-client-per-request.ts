import type { Lesson } from '../types';
import { DJANGO_REQUIREMENTS, NEXT_PACKAGE, NEXT_TSCONFIG, PRISMA_CLIENT_MODULE, PRISMA_SCHEMA } from './context';

export const prismaClientPerRequest: Lesson = {
  id: 'prisma-client-per-request',
  simulator: 'connections',
  text: {
    en: {
      keyPoints: [
        'Database connections are a budget, and a small one.',
        'Every new client opens a pool of its own.',
        'Create the client once per process and share it.',
      ],
      why: `\`new PrismaClient()\` is not a cheap object: it starts a query engine and a **connection pool** (by default \`num_physical_cpus × 2 + 1\` connections). Created inside a request handler, every request builds a new pool and leaves it open until the process exits or the garbage collector gets to it. The database sees connections pile up with traffic.

Databases accept a small, fixed number of connections, because each one costs memory on the server. The Django analysis in our material lists **60 connections on Supabase's free tier** and about 200 on a paid plan; the Next.js scaling plan names the Postgres connection pool (max 100) as the first bottleneck at 50,000 daily users, before CPU or disk. When the budget is spent, new requests fail with errors like \`remaining connection slots are reserved\` or Prisma's "too many connections" — not slowly, but all at once.

In development, hot reloading re-runs modules, so even a module-level \`new PrismaClient()\` multiplies unless it is kept on \`globalThis\`. On serverless, every function instance has its own client; there the answer is one client per instance plus a pooler (PgBouncer, Supabase's pooler, Prisma Accelerate) in front of the database.`,
      diagramCaption: 'Left: each request opens its own pool and the database runs out of connections. Right: one client per process shares one pool.',
      fix: `Create the client in one module, keep it on \`globalThis\` in development so hot reloads reuse it, and import it everywhere. On serverless platforms, also connect through a pooler (Supabase's transaction pooler on port 6543 or PgBouncer, with \`?pgbouncer=true\`) and keep \`connection_limit\` low per instance. Django's equivalent is persistent connections (\`CONN_MAX_AGE\`) or the connection pool built into Django 5.1+ for PostgreSQL — never a connection per query.`,
      fine: `- **Scripts and one-off jobs** that create a client, do their work and call \`$disconnect()\`.
- **Tests** that create a client per test file and disconnect in teardown.
- **Several clients on purpose**: one for the primary and one for a read replica (the Next.js plan does exactly this) — each created once, not per request.`,
      symptom: 'Under load the app fails with "too many connections" / "remaining connection slots are reserved" errors, and the database shows far more open connections than requests in flight.',
      question: 'How should I create and share the database client in my stack and platform (serverless or long-running), how large should the pool be, and do I need a connection pooler such as PgBouncer?',
    },
    ko: {
      keyPoints: [
        'DB 연결은 예산이고, 그 예산은 작다',
        '클라이언트를 새로 만들 때마다 자기만의 커넥션 풀이 열린다',
        '클라이언트는 프로세스당 한 번 만들어 함께 쓴다',
      ],
      why: `\`new PrismaClient()\`는 가벼운 객체가 아닙니다. 쿼리 엔진을 띄우고 **커넥션 풀**(기본 \`물리 CPU 수 × 2 + 1\`개)을 엽니다. 요청 핸들러 안에서 만들면 요청마다 새 풀이 생기고, 프로세스가 끝나거나 가비지 컬렉터가 치울 때까지 열린 채로 남습니다. DB 입장에서는 트래픽에 비례해 연결이 쌓이는 것이죠.

데이터베이스가 받을 수 있는 연결 수는 작고 고정되어 있습니다. 연결 하나하나가 서버 메모리를 먹기 때문입니다. 우리 자료의 Django 분석은 **Supabase 무료 티어를 연결 60개**, 유료 요금제를 200개 안팎으로 적고 있고, Next.js 확장 계획은 일 사용자 5만 명 단계의 첫 병목으로 CPU나 디스크가 아니라 Postgres 커넥션 풀(최대 100)을 꼽았습니다. 예산이 바닥나면 새 요청은 \`remaining connection slots are reserved\`나 Prisma의 "too many connections" 같은 오류로 실패합니다. 천천히가 아니라 한꺼번에요.

개발 중에는 핫 리로드가 모듈을 다시 실행하기 때문에, 모듈 수준의 \`new PrismaClient()\`조차 \`globalThis\`에 붙여 두지 않으면 계속 늘어납니다. 서버리스에서는 함수 인스턴스마다 클라이언트가 따로 생기므로, 인스턴스당 클라이언트 하나에 더해 DB 앞에 풀러(PgBouncer, Supabase 풀러, Prisma Accelerate)를 두는 것이 답입니다.`,
      diagramCaption: '왼쪽: 요청마다 풀을 새로 열어 DB 연결이 바닥납니다. 오른쪽: 프로세스당 클라이언트 하나가 풀 하나를 함께 씁니다.',
      fix: `클라이언트는 한 모듈에서 만들고, 개발 중에는 \`globalThis\`에 붙여 핫 리로드 때 재사용하게 한 뒤, 모든 곳에서 그 모듈을 import하세요. 서버리스라면 풀러(6543 포트의 Supabase 트랜잭션 풀러나 PgBouncer, \`?pgbouncer=true\`)를 거쳐 연결하고 인스턴스당 \`connection_limit\`을 낮게 유지하세요. Django라면 영속 연결(\`CONN_MAX_AGE\`)이나 Django 5.1부터 들어간 PostgreSQL 커넥션 풀이 같은 역할을 합니다. 쿼리마다 연결을 새로 맺는 일은 없어야 합니다.`,
      fine: `- 클라이언트를 만들고, 일을 마치고, \`$disconnect()\`를 부르는 **스크립트와 일회성 작업**.
- 테스트 파일마다 클라이언트를 만들고 정리 단계에서 연결을 끊는 **테스트**.
- **일부러 여러 개를 쓰는 경우**: 주 DB용 하나, 읽기 복제본용 하나(Next.js 확장 계획이 바로 이렇게 합니다). 각각 한 번만 만들고 요청마다 만들지 않으면 됩니다.`,
      symptom: '부하가 걸리면 "too many connections" / "remaining connection slots are reserved" 오류로 요청이 실패하고, DB에 열린 연결 수가 처리 중인 요청 수보다 훨씬 많습니다.',
      question: '제 스택과 플랫폼(서버리스인지 상시 서버인지)에서 DB 클라이언트를 어떻게 만들고 공유해야 하나요? 풀 크기는 얼마가 적당하고, PgBouncer 같은 커넥션 풀러가 필요한가요?',
    },
  },
  examples: [
    {
      stack: 'node',
      label: 'Next.js + Prisma',
      frameworks: ['nextjs', 'express', 'hono', 'node', 'prisma'],
      rule: 'prisma-client-per-request',
      files: [
        NEXT_TSCONFIG,
        NEXT_PACKAGE,
        PRISMA_SCHEMA,
        { path: 'lib/db.ts', after: PRISMA_CLIENT_MODULE },
        {
          path: 'app/api/users/route.ts',
          before: `import { NextResponse } from 'next/server';
import { PrismaClient } from '@prisma/client';

// GET /api/users — the newest members.
export async function GET() {
  const prisma = new PrismaClient();
  const users = await prisma.user.findMany({ orderBy: { createdAt: 'desc' }, take: 20 });
  return NextResponse.json(users);
}
`,
          after: `import { NextResponse } from 'next/server';
import { prisma } from '@/lib/db';

// GET /api/users — the newest members.
export async function GET() {
  const users = await prisma.user.findMany({ orderBy: { createdAt: 'desc' }, take: 20 });
  return NextResponse.json(users);
}
`,
        },
      ],
      note: {
        en: '`lib/db.ts` creates the client once per process (and once across hot reloads); every route imports it.',
        ko: '`lib/db.ts`가 프로세스당 한 번(핫 리로드를 거쳐도 한 번) 클라이언트를 만들고, 모든 라우트가 그것을 import합니다.',
      },
    },
    {
      stack: 'python',
      label: 'Django',
      frameworks: ['django', 'drf', 'python', 'celery'],
      files: [
        DJANGO_REQUIREMENTS,
        {
          path: 'config/settings.py',
          before: `import os

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ["POSTGRES_DB"],
        "HOST": os.environ["POSTGRES_HOST"],
        "CONN_MAX_AGE": 0,
    }
}
`,
          after: `import os

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ["POSTGRES_DB"],
        "HOST": os.environ["POSTGRES_HOST"],
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }
}
`,
        },
      ],
      note: {
        en: 'With `CONN_MAX_AGE = 0` every request opens and closes a connection; 60 keeps one per worker thread alive. Count the budget: workers × threads × instances + Celery must stay under the database limit.',
        ko: '`CONN_MAX_AGE = 0`이면 요청마다 연결을 열고 닫습니다. 60으로 두면 워커 스레드마다 연결 하나를 유지합니다. 예산을 세어 보세요. 워커 × 스레드 × 인스턴스 + Celery가 DB 한도 아래여야 합니다.',
      },
    },
  ],
  learnMore: [
    { title: { en: 'Prisma: instantiating PrismaClient with Next.js', ko: 'Prisma: Next.js에서 PrismaClient 만들기' }, url: 'https://www.prisma.io/docs/orm/more/help-and-troubleshooting/nextjs-help' },
    { title: { en: 'Prisma: connection pool', ko: 'Prisma: 커넥션 풀' }, url: 'https://www.prisma.io/docs/orm/prisma-client/setup-and-configuration/databases-connections/connection-pool' },
    { title: { en: 'Prisma: connection management in serverless', ko: 'Prisma: 서버리스의 연결 관리' }, url: 'https://www.prisma.io/docs/orm/prisma-client/setup-and-configuration/databases-connections' },
    { title: { en: 'Supabase: connecting to Postgres (poolers)', ko: 'Supabase: Postgres 연결 (풀러)' }, url: 'https://supabase.com/docs/guides/database/connecting-to-postgres' },
    { title: { en: 'Django: persistent connections', ko: 'Django: 영속 연결' }, url: 'https://docs.djangoproject.com/en/stable/ref/databases/#persistent-connections' },
  ],
  related: ['deployment-capacity', 'in-memory-state', 'growth-stages'],
};
