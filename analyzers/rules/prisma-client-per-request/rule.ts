import { declareRule } from '../../core/rule';

/** What a `prisma-client-per-request` finding tells its lesson, the report and the simulator. */
export type PrismaClientPerRequestDetails = {
  stack?: string;
  framework?: string;
  /** Whether the client is made inside a function, and whether a request reaches that function (else: once per hot reload). */
  inFunction?: boolean;
  perRequest?: boolean;
};

/** What the rule reports and what not, with examples `test/rules/docs.test.ts` runs: docs/rules/prisma-client-per-request.md. */
export default declareRule<PrismaClientPerRequestDetails>()({
  id: 'prisma-client-per-request',
  title: { en: 'New PrismaClient per request', ko: '요청마다 새로 만드는 PrismaClient' },
  summary: {
    en: 'Every PrismaClient opens its own connection pool; creating one per request or per hot reload exhausts database connections.',
    ko: 'PrismaClient는 만들 때마다 자기 커넥션 풀을 엽니다. 요청마다, 또는 핫 리로드마다 새로 만들면 데이터베이스 연결이 바닥납니다.',
  },
  impact: {
    en: 'With a pool of 10 connections per client, 10 concurrent requests can open 100 connections, past the limit of a small Postgres or a Supabase plan.',
    ko: '클라이언트당 풀이 10개라면 동시 요청 10건이 연결 100개를 엽니다. 작은 Postgres나 Supabase 요금제의 한도를 넘는 숫자입니다.',
  },
  defaultSeverity: 'warning',
  lesson: 'prisma-client-per-request',
  fix: 'safe',
  languages: ['typescript'],
  stage: { at: 1 },
  contexts: { request: 'report', background: 'report', unknown: 'report', script: 'skip', test: 'skip', build: 'skip' },
  readme: {
    catches: '`new PrismaClient()` per request (or per hot reload in Next.js)',
    matters: 'every client opens its own connection pool',
    where: 'TS/JS',
  },
  messages: {
    tsPrismaPerRequest: {
      en: '`new PrismaClient()` runs on every request to `{{handler}}`: each client opens its own connection pool, and the database runs out of connections under load.',
      ko: '`{{handler}}` 요청마다 `new PrismaClient()`{{이/가}} 실행됩니다. 클라이언트마다 커넥션 풀을 따로 열어, 부하가 걸리면 데이터베이스 연결이 바닥납니다.',
    },
    tsPrismaPerCall: {
      en: '`new PrismaClient()` runs on every call of `{{fn}}`: each client opens its own connection pool. Create one client per process and reuse it.',
      ko: '`{{fn}}` 함수를 호출할 때마다 `new PrismaClient()`{{이/가}} 실행됩니다. 클라이언트마다 커넥션 풀을 따로 엽니다. 프로세스당 클라이언트 하나를 만들어 재사용하세요.',
    },
    tsPrismaHotReload: {
      en: 'In development, Next.js re-runs this module on every edit, and each run opens another connection pool. Keep the client on `globalThis`.',
      ko: '개발 중에는 Next.js가 수정할 때마다 이 모듈을 다시 실행하고, 그때마다 커넥션 풀이 하나씩 더 열립니다. 클라이언트를 `globalThis`에 보관하세요.',
    },
    tsPrismaCalledFrom: { en: 'reached from `{{handler}}` on every request', ko: '요청마다 `{{handler}}`에서 도달합니다' },
    tsFixUseShared: { en: 'Use the shared client: `import { {{name}} } from "{{specifier}}"`', ko: '공유 클라이언트 사용: `import { {{name}} } from "{{specifier}}"`' },
    tsFixHoistSingleton: { en: 'Create one client per process, kept on `globalThis`', ko: '프로세스당 클라이언트 하나를 `globalThis`에 보관' },
    tsFixGlobalSingleton: { en: 'Reuse the client across hot reloads (`globalThis` singleton)', ko: '핫 리로드 사이에 클라이언트 재사용 (`globalThis` 싱글턴)' },

  },
});
