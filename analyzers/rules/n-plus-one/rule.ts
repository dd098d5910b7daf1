import { declareRule } from '../../core/rule';

/** What a `n-plus-one` finding tells its lesson, the report and the simulator. */
export type NPlusOneDetails = {
  /** The stack the code is written for (`nextjs`, `express`, `django`, `drf`, …): which fix the lesson shows first. */
  stack?: string;
  /** The entry point's framework kind, or `none`. */
  framework?: string;
  /** TypeScript: the loop construct (`for-of`, `map`, …), whether it runs its items concurrently, and whether a handler reaches it. */
  loopKind?: string;
  concurrent?: boolean;
  perRequest?: boolean;
  /** TypeScript: the database library and operation of the query, whether it reads, and how many calls away from the loop it is. */
  library?: string;
  operation?: string;
  read?: boolean;
  chainLength?: number;
  /** Python: which per-row pattern (`query-per-row`, `fk-per-row`, `serializer-many-per-row`, …), the model, and queries each row adds. */
  pattern?: string;
  model?: string;
  queriesPerRow?: number;
};

/** What the rule reports and what not, with examples `test/rules/docs.test.ts` runs: docs/rules/n-plus-one.md. */
export default declareRule<NPlusOneDetails>()({
  id: 'n-plus-one',
  title: { en: 'Query run once per item (N+1)', ko: '항목마다 실행되는 쿼리 (N+1)' },
  summary: {
    en: 'A query inside a loop runs once per row: 1 + N round trips to the database where one or two would do.',
    ko: '반복문 안의 쿼리는 행마다 한 번씩 실행됩니다. 한두 번이면 될 데이터베이스 왕복이 1 + N번이 됩니다.',
  },
  impact: {
    en: 'A page of 50 posts makes 51 queries; at 20 requests/s that is 1,020 queries/s instead of 40. One Django app went from 41 queries per page to 2 with select_related.',
    ko: '글 50개짜리 페이지는 쿼리 51번을 실행합니다. 초당 20요청이면 40번이면 될 쿼리가 초당 1,020번이 됩니다. 한 Django 앱은 select_related 하나로 페이지당 쿼리를 41번에서 2번으로 줄였습니다.',
  },
  defaultSeverity: 'warning',
  lesson: 'n-plus-one',
  fix: 'unsafe',
  languages: ['typescript', 'python'],
  stage: { at: 2 },
  contexts: { request: 'report', background: 'lower', unknown: 'lower', script: 'skip', test: 'skip', build: 'skip' },
  readme: {
    catches: 'a database query run once per item of a loop, directly or through the functions the loop calls',
    matters: '50 rows, 51 queries: fine in development, the first thing to fall over under traffic',
    where: 'TS/JS (Prisma, Drizzle, TypeORM, Mongoose, …), Django ORM and DRF serializers',
  },
  messages: {
    // typescript
    tsLoopHere: { en: 'the loop', ko: '반복문' },
    tsQueryHere: { en: '`{{call}}` runs here', ko: '여기서 `{{call}}` 쿼리를 실행합니다' },
    tsCallsStep: { en: 'calls `{{callee}}`', ko: '`{{callee}}` 호출' },
    tsPerItem: {
      en: '`{{call}}` runs once per `{{item}}` in this loop: N+1 queries, one round trip to the database per row.',
      ko: '이 반복문에서 `{{item}}`마다 `{{call}}` 쿼리를 한 번씩 실행합니다. 행마다 데이터베이스를 왕복하는 N+1 쿼리입니다.',
    },
    tsPerItemConcurrent: {
      en: '`{{call}}` runs once per `{{item}}`: `Promise.all` runs the queries side by side, but it is still N+1 queries and N connections at once.',
      ko: '`{{item}}`마다 `{{call}}` 쿼리를 실행합니다. `Promise.all`{{으로/로}} 동시에 보내도 쿼리는 여전히 N+1번이고, 한꺼번에 커넥션 N개를 씁니다.',
    },
    tsPerItemInTransaction: {
      en: '`{{call}}` is queued once per `{{item}}` into one transaction: N statements where one bulk query (`updateMany`, `createMany`, raw `UPDATE … WHERE id IN`) may do.',
      ko: '`{{item}}`마다 `{{call}}` 쿼리를 트랜잭션 하나에 쌓습니다. 대량 쿼리 하나(`updateMany`, `createMany`, `UPDATE … WHERE id IN`)로 될 일을 문장 N개로 실행합니다.',
    },
    tsOwnApiPerItem: {
      en: '`{{call}}` calls your own API once per `{{item}}`: N+1 HTTP round trips, each with its own queries. Add an endpoint that takes all ids at once.',
      ko: '`{{item}}`마다 `{{call}}`{{으로/로}} 자기 API를 호출합니다. HTTP 왕복이 N+1번이고 요청마다 쿼리도 따로 돕니다. id를 한꺼번에 받는 엔드포인트를 만드세요.',
    },
    tsChainPerItem: {
      en: '`{{callee}}` runs a query (`{{call}}`) and is called once per `{{item}}`: N+1 queries through {{chain}}.',
      ko: '`{{callee}}` 함수는 쿼리(`{{call}}`)를 실행하는데, `{{item}}`마다 한 번씩 호출됩니다. {{chain}} 경로로 N+1 쿼리가 발생합니다.',
    },
    tsFixBatch: {
      en: 'Load every `{{model}}` with one `findMany({ where: { {{key}}: { in: … } } })` before the loop and look it up in a Map',
      ko: '반복문 전에 `findMany({ where: { {{key}}: { in: … } } })` 한 번으로 `{{model}}` 행을 모두 불러와 Map에서 찾기',
    },
    tsFixInclude: {
      en: 'Include `{{relation}}` in the `{{parent}}` query and read it from each row (check the relation name)',
      ko: '`{{parent}}` 쿼리에 `{{relation}}` 관계를 include하고 각 행에서 읽기 (관계 이름을 확인하세요)',
    },
    tsChainPerItemConcurrent: {
      en: '`{{callee}}` runs a query (`{{call}}`) and is called once per `{{item}}` under `Promise.all`: still N+1 queries, through {{chain}}.',
      ko: '`{{callee}}` 함수는 쿼리(`{{call}}`)를 실행하는데, `Promise.all` 안에서 `{{item}}`마다 호출됩니다. {{chain}} 경로로 여전히 N+1 쿼리입니다.',
    },

    // python
    pyQueryInLoop: {
      en: '`{{model}}.objects…{{method}}()` runs inside a loop: one database query per item. Fetch the rows once before the loop (`filter(…__in=…)`, `select_related`, `prefetch_related`, or an annotation) and look them up in memory.',
      ko: '`{{model}}.objects…{{method}}()`{{이/가}} 반복문 안에서 실행되어 항목마다 쿼리를 한 번씩 보냅니다. 반복문 전에 한 번에 가져오고(`filter(…__in=…)`, `select_related`, `prefetch_related`, 집계) 메모리에서 찾아 쓰세요.',
    },
    pyWriteInLoop: {
      en: '`{{model}}.objects.{{method}}()` inside a loop writes one row per round trip. `bulk_create` / `bulk_update` or a single `update()` does it in one query.',
      ko: '반복문 안의 `{{model}}.objects.{{method}}()`{{은/는}} 왕복 한 번에 한 행씩 씁니다. `bulk_create` / `bulk_update`나 `update()` 한 번이면 쿼리 하나로 끝납니다.',
    },
    pyRelatedInLoop: {
      en: '`.{{relation}}.{{method}}()` on each `{{model}}` runs one query per row. Add `prefetch_related("{{relation}}")` to the queryset: two queries in total, however many rows.',
      ko: '`{{model}}` 행마다 `.{{relation}}.{{method}}()`{{이/가}} 쿼리를 한 번씩 실행합니다. 쿼리셋에 `prefetch_related("{{relation}}")`{{을/를}} 더하면 행이 몇 개든 쿼리 두 번으로 끝납니다.',
    },
    pyRelatedQueryInLoop: {
      en: '`.{{relation}}.{{method}}()` on each `{{model}}` builds a new query per row, which `prefetch_related` cannot answer. Use `Prefetch("{{relation}}", queryset=…)` or an annotation (`Count`, `Subquery`) on the outer queryset.',
      ko: '`{{model}}` 행마다 `.{{relation}}.{{method}}()`{{이/가}} 새 쿼리를 만들며, `prefetch_related`로는 해결되지 않습니다. 바깥 쿼리셋에 `Prefetch("{{relation}}", queryset=…)`나 집계(`Count`, `Subquery`)를 쓰세요.',
    },
    pyRelationInLoop: {
      en: '`{{access}}` loads a related row per `{{model}}`: N extra queries for N rows. Add `select_related("{{relation}}")` to the queryset to join it in the same query.',
      ko: '`{{access}}`{{은/는}} `{{model}}` 행마다 관련 행을 따로 불러옵니다. 행이 N개면 쿼리가 N번 더 나갑니다. 쿼리셋에 `select_related("{{relation}}")`{{을/를}} 더해 한 쿼리로 조인하세요.',
    },
    pySerializerRelation: {
      en: '`{{serializer}}` reads `{{relation}}` of every `{{model}}`, but the queryset does not join it: one extra query per row in the response. Add `select_related("{{relation}}")`.',
      ko: '`{{serializer}}`{{이/가}} `{{model}}`마다 `{{relation}}`{{을/를}} 읽지만 쿼리셋이 조인하지 않아, 응답의 행마다 쿼리가 하나씩 더 나갑니다. `select_related("{{relation}}")`{{을/를}} 더하세요.',
    },
    pySerializerMany: {
      en: '`{{serializer}}` reads the `{{relation}}` list of every `{{model}}` without `prefetch_related`: one extra query per row in the response. Add `prefetch_related("{{relation}}")`.',
      ko: '`{{serializer}}`{{이/가}} `{{model}}`마다 `{{relation}}` 목록을 읽는데 `prefetch_related`{{이/가}} 없어, 응답의 행마다 쿼리가 하나씩 더 나갑니다. `prefetch_related("{{relation}}")`{{을/를}} 더하세요.',
    },
    pySerializerRelations: {
      en: '`{{serializer}}` reads {{relations}} of every `{{model}}`, but the queryset loads none of them: {{count}} extra queries per row in the response. Add {{calls}}.',
      ko: '`{{serializer}}`{{이/가}} `{{model}}`마다 {{relations}}{{을/를}} 읽지만 쿼리셋이 하나도 미리 불러오지 않아, 응답의 행마다 쿼리가 {{count}}번씩 더 나갑니다. {{calls}}{{을/를}} 더하세요.',
    },
    pySerializerMethodQuery: {
      en: '`{{serializer}}.{{method}}` runs `{{model}}.objects…{{call}}()` for every serialized row: a list of 50 makes 50 queries. Annotate the value on the view\'s queryset (`annotate(...)`) or prefetch it, and read it here.',
      ko: '`{{serializer}}.{{method}}`{{이/가}} 직렬화하는 행마다 `{{model}}.objects…{{call}}()`{{을/를}} 실행합니다. 목록이 50개면 쿼리도 50번입니다. 뷰의 쿼리셋에서 `annotate(...)`나 prefetch로 미리 계산해 두고 여기서는 읽기만 하세요.',
    },
    pyLoopHere: { en: 'the loop', ko: '반복문' },
    pyRowsFromHere: { en: 'rows come from this queryset', ko: '이 쿼리셋에서 행을 가져옵니다' },
    pySerializerReadsHere: { en: 'the serializer reads the relation here', ko: '시리얼라이저가 여기서 관계를 읽습니다' },
    pyAddSelectRelated: { en: 'Add .select_related("{{relation}}")', ko: '.select_related("{{relation}}") 추가' },
    pyAddPrefetchRelated: { en: 'Add .prefetch_related("{{relation}}")', ko: '.prefetch_related("{{relation}}") 추가' },
    pyAddEagerLoading: { en: 'Add {{calls}}', ko: '{{calls}} 추가' },

  },
});
