import { declareRule } from '../../core/rule';

/** What a `missing-index` finding tells its lesson, the report and the simulator. */
export type MissingIndexDetails = {
  stack?: string;
  /** The model (Prisma or Django) and, for Prisma, its table. */
  model?: string;
  table?: string;
  /** The filtered or sorted fields, comma-separated, and the index the fix adds. */
  fields?: string;
  index?: string;
  /** The database provider of the Prisma datasource. */
  provider?: string;
  /** Prisma: the query's operation and the verdict's kind (`filter`, `order`, `foreign-key`, …). */
  operation?: string;
  kind?: string;
  /** How many query sites (or relation reads) need the index. */
  queries?: number;
  relationReads?: number;
  /** Django: the field, its lookup, and how many columns a composite needs. */
  field?: string;
  lookup?: string;
  columns?: number;
  /** Why the table counts as growing, or as unknown (`core/table-growth.ts`). */
  growth?: string;
};

/** What the rule reports and what not, with examples `test/rules/docs.test.ts` runs: docs/rules/missing-index.md. */
export default declareRule<MissingIndexDetails>()({
  id: 'missing-index',
  title: { en: 'Query on a column without an index', ko: '인덱스 없는 컬럼으로 조회' },
  summary: {
    en: 'Filtering or sorting on columns that no index starts with makes the database read every row of the table.',
    ko: '어떤 인덱스로도 시작하지 않는 컬럼으로 거르거나 정렬하면, 데이터베이스는 테이블의 모든 행을 읽어야 합니다.',
  },
  impact: {
    en: 'Unnoticeable at 1,000 rows, seconds at 1,000,000: the cost grows with the table, not with the result.',
    ko: '행이 1,000개일 때는 티가 나지 않지만 100만 개가 되면 몇 초씩 걸립니다. 비용이 결과가 아니라 테이블 크기를 따라 커집니다.',
  },
  defaultSeverity: 'warning',
  lesson: 'missing-index',
  fix: 'safe',
  languages: ['typescript', 'python', 'prisma'],
  stage: { at: 3 },
  contexts: { request: 'report', background: 'lower', unknown: 'report', script: 'skip', test: 'skip', build: 'skip' },
  readme: {
    catches: 'filters and sorts on columns no index covers',
    matters: 'every query reads the whole table; the cost grows with the table, not the result',
    where: 'Prisma schema (and indexes created by hand in `migrations/*/migration.sql`) ↔ TS query sites, Django models ↔ querysets',
  },
  messages: {
    // shared
    addIndex: {
      en: 'Add `@@index([{{columns}}])` to `{{model}}`, then run `prisma migrate dev`',
      ko: '`{{model}}`에 `@@index([{{columns}}])` 추가 (이어서 `prisma migrate dev` 실행)',
    },
    addUnique: {
      en: 'Make `{{model}}.{{field}}` `@unique` instead (duplicates will be rejected), then run `prisma migrate dev`',
      ko: '대신 `{{model}}.{{field}}` 필드를 `@unique`{{으로/로}} 지정 (중복 값은 거부됩니다. 이어서 `prisma migrate dev` 실행)',
    },

    // typescript
    queryFilter: {
      en: 'Filters `{{model}}` by {{fields}}, and no index starts with `{{lead}}`: the database reads every row of the table to answer. Add `@@index([{{columns}}])` to the schema, then run `prisma migrate dev`.',
      ko: '`{{model}}` 모델을 {{fields}} 조건으로 거르는데, `{{lead}}` 필드로 시작하는 인덱스가 없습니다. 답을 찾으려고 데이터베이스가 테이블의 모든 행을 읽습니다. 스키마에 `@@index([{{columns}}])`{{을/를}} 추가하고 `prisma migrate dev`{{을/를}} 실행하세요.',
    },
    queryFilterSortUnserved: {
      en: 'Filters `{{model}}` by {{fields}} and sorts for the first rows, but the index that starts with `{{lead}}` goes on with another column than the sort: the database sorts every matching row to answer. Add `@@index([{{columns}}])` to the schema, then run `prisma migrate dev`.',
      ko: '`{{model}}`{{을/를}} {{fields}} 조건으로 거르고 앞쪽 행만 정렬해 가져오는데, `{{lead}}`{{으로/로}} 시작하는 인덱스의 다음 컬럼이 정렬 컬럼이 아닙니다. 데이터베이스가 조건에 맞는 행을 모두 정렬합니다. 스키마에 `@@index([{{columns}}])`{{을/를}} 추가하고 `prisma migrate dev`{{을/를}} 실행하세요.',
    },
    queryFilterLowCardinality: {
      en: 'Filters `{{model}}` only by {{fields}}, which holds few distinct values, and no index starts with it. An index on such a column alone rarely helps unless the value looked for is rare (a few `pending` among millions of `done`); filter by a more selective column too, and index both.',
      ko: '`{{model}}` 모델을 값의 종류가 적은 {{fields}} 조건만으로 거르고, 이 필드로 시작하는 인덱스가 없습니다. 찾는 값이 드문 경우(수백만 건의 `done` 사이 몇 건의 `pending`)가 아니면 이런 컬럼 하나짜리 인덱스는 효과가 작습니다. 더 잘 걸러 내는 컬럼으로도 거르고, 둘을 묶어 인덱스를 만드세요.',
    },
    queryOrder: {
      en: 'Sorts the whole `{{model}}` table by `{{lead}}` to return the first rows, because no index starts with `{{lead}}`. Add `@@index([{{columns}}])` so the database reads rows already in order, then run `prisma migrate dev`.',
      ko: '첫 몇 행을 돌려주려고 `{{model}}` 테이블 전체를 `{{lead}}` 기준으로 정렬합니다. `{{lead}}` 필드로 시작하는 인덱스가 없기 때문입니다. `@@index([{{columns}}])`{{을/를}} 추가하면 데이터베이스가 이미 정렬된 순서로 읽습니다. 추가한 뒤 `prisma migrate dev`{{을/를}} 실행하세요.',
    },
    queryDistinct: {
      en: 'Picks distinct `{{model}}` rows by {{fields}} without a filter, and no index starts with `{{lead}}`: the database reads the whole table to find them. An index on them lets it read the values in order.',
      ko: '조건 없이 {{fields}} 기준으로 `{{model}}`의 중복 없는 행을 고르는데, `{{lead}}` 필드로 시작하는 인덱스가 없습니다. 값을 가려내려고 테이블 전체를 읽습니다. 인덱스가 있으면 값을 정렬된 순서로 읽을 수 있습니다.',
    },
    queryContains: {
      en: 'Searches `{{model}}.{{lead}}` with `contains` or `endsWith`: a pattern that starts with a wildcard cannot use an ordinary (B-tree) index, so this reads every row. For search, use a full-text index, a trigram index (PostgreSQL `pg_trgm`) or a search service.',
      ko: '`{{model}}.{{lead}}` 필드를 `contains`나 `endsWith`{{으로/로}} 찾습니다. 와일드카드로 시작하는 패턴은 일반(B-tree) 인덱스를 쓸 수 없어서 모든 행을 읽습니다. 검색 기능에는 전문 검색 인덱스, 트라이그램 인덱스(PostgreSQL `pg_trgm`), 또는 검색 서비스를 쓰세요.',
    },
    queryStartsWith: {
      en: 'Searches `{{model}}.{{lead}}` with `startsWith`: a prefix match uses an ordinary index only in some setups (MySQL, or PostgreSQL with a `text_pattern_ops` index or the C collation). Check the query plan (`EXPLAIN`) as the table grows.',
      ko: '`{{model}}.{{lead}}` 필드를 `startsWith`{{으로/로}} 찾습니다. 앞부분 일치 검색은 일부 환경(MySQL, 또는 `text_pattern_ops` 인덱스나 C 콜레이션을 쓰는 PostgreSQL)에서만 일반 인덱스를 씁니다. 테이블이 커지면 실행 계획(`EXPLAIN`)을 확인하세요.',
    },
    queryInsensitive: {
      en: "Compares `{{model}}.{{lead}}` with `mode: 'insensitive'`: the database lower-cases every value (PostgreSQL `ILIKE`), which an ordinary index on the column does not serve. Store a normalized copy (a lower-cased email) with `@unique` or an index, or add an index on `lower(column)` in a SQL migration.",
      ko: "`{{model}}.{{lead}}` 필드를 `mode: 'insensitive'`{{으로/로}} 비교합니다. 데이터베이스가 모든 값을 소문자로 바꿔 비교하므로(PostgreSQL `ILIKE`) 컬럼에 건 일반 인덱스를 쓰지 못합니다. 정규화한 값(소문자로 바꾼 이메일 등)을 따로 저장해 `@unique`나 인덱스를 걸거나, SQL 마이그레이션으로 `lower(column)` 인덱스를 추가하세요.",
    },
    modelDeclared: { en: '`{{model}}.{{lead}}` is declared here, and no index starts with it: the fix adds one here', ko: '`{{model}}.{{lead}}` 필드 선언: 이 필드로 시작하는 인덱스가 없어 수정하면 여기에 추가합니다' },

    // python
    pyFilterWithoutIndex: {
      en: '`{{lookup}}` filters `{{model}}` on `{{field}}`, which has no index: the database reads every row of the table to answer. Add `db_index=True` (or a `Meta.indexes` entry), then run `python manage.py makemigrations` and migrate.',
      ko: '`{{lookup}}`{{은/는}} 인덱스가 없는 `{{model}}.{{field}}`{{으로/로}} 거릅니다. 데이터베이스가 답하려면 테이블의 모든 행을 읽어야 합니다. `db_index=True`(또는 `Meta.indexes` 항목)를 추가하고 `python manage.py makemigrations`{{으로/로}} 마이그레이션을 만들어 적용하세요.',
    },
    pyOrderWithoutIndex: {
      en: 'Sorting all of `{{model}}` by `{{field}}` without an index makes the database read and sort the whole table for every page. Add `db_index=True`, then run `python manage.py makemigrations` and migrate.',
      ko: '인덱스 없이 `{{model}}` 전체를 `{{field}}`{{으로/로}} 정렬하면 페이지를 열 때마다 테이블 전체를 읽고 정렬합니다. `db_index=True`{{을/를}} 추가하고 `python manage.py makemigrations`{{으로/로}} 마이그레이션을 만들어 적용하세요.',
    },
    pyCompositeWithoutIndex: {
      en: 'This query filters or sorts `{{model}}` by {{fields}}, and no index starts with any of them: every row is read. Add `models.Index(fields=[{{fields}}])` to `Meta.indexes`, then run `python manage.py makemigrations` and migrate.',
      ko: '이 쿼리는 `{{model}}`{{을/를}} {{fields}}{{으로/로}} 거르거나 정렬하지만, 그중 어느 컬럼으로 시작하는 인덱스도 없어 모든 행을 읽습니다. `Meta.indexes`에 `models.Index(fields=[{{fields}}])`{{을/를}} 추가하고 `python manage.py makemigrations`{{으로/로}} 마이그레이션을 만들어 적용하세요.',
    },
    pyFieldDeclared: { en: 'the field is declared here', ko: '필드를 선언한 곳' },
    pyQueriedHere: { en: 'another {{model}} query filters or sorts on it here', ko: '여기서도 다른 {{model}} 쿼리가 이 필드로 거르거나 정렬합니다' },
    pyColumnUsed: { en: '`{{field}}` is used here', ko: '여기서 `{{field}}`{{을/를}} 씁니다' },
    pyAddDbIndex: { en: 'Add db_index=True to {{field}} (then makemigrations)', ko: '{{field}}에 db_index=True 추가 (이후 makemigrations)' },
    pyAddCompositeIndex: { en: 'Add models.Index(fields=[{{fields}}]) (then makemigrations)', ko: 'models.Index(fields=[{{fields}}]) 추가 (이후 makemigrations)' },

    // prisma
    foreignKey: {
      en: '`{{model}}.{{field}}` refers to `{{target}}`, but no index starts with it. {{provider}} does not index foreign keys by itself, so reading the {{model}} rows of one `{{target}}`, and checking them when a `{{target}}` is deleted, scans the whole `{{model}}` table.',
      ko: '`{{model}}.{{field}}` 필드는 `{{target}}` 모델을 가리키지만, 이 필드로 시작하는 인덱스가 없습니다. {{provider}}에서는 외래 키에 인덱스가 저절로 생기지 않습니다. 그래서 `{{target}}` 하나에 딸린 {{model}} 행을 읽을 때도, `{{target}}` 행을 지울 때 딸린 행을 확인할 때도 `{{model}}` 테이블 전체를 훑습니다.',
    },
    foreignKeyEmulated: {
      en: '`{{model}}.{{field}}` refers to `{{target}}`, but no index starts with it. With `{{setting}} = "prisma"` the database has no foreign key, so it creates no index for it either: reading the {{model}} rows of one `{{target}}` scans the whole `{{model}}` table.',
      ko: '`{{model}}.{{field}}` 필드는 `{{target}}` 모델을 가리키지만, 이 필드로 시작하는 인덱스가 없습니다. `{{setting}} = "prisma"`에서는 데이터베이스에 외래 키가 없으니 인덱스도 생기지 않습니다. `{{target}}` 하나에 딸린 {{model}} 행을 읽을 때마다 `{{model}}` 테이블 전체를 훑습니다.',
    },
    filteredHere: { en: 'another query filters on it here', ko: '여기서도 다른 쿼리가 이 필드로 거릅니다' },
    sortedHere: { en: 'another query sorts on it here', ko: '여기서도 다른 쿼리가 이 필드로 정렬합니다' },
    relationReadHere: { en: 'reads this relation here', ko: '여기서 이 관계를 읽습니다' },

  },
});
