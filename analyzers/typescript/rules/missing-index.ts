import type { FixInput, RuleContext } from '../../core/rule';
import { addIndexEdits, addUniqueEdit, codeList } from '../../prisma/index-fix';
import { verdictsOf, type SiteVerdict } from '../../prisma/index-join';
import type { LanguageRule } from '../../rules/define';
import type { TsTree } from '../parse';

/**
 * The query side of missing-index: each Prisma Client call of this file that
 * no index of its model serves, with the fix placed in the schema file.
 */
function check(context: RuleContext<TsTree>): void {
  // Seeds and one-off scripts run once, not per request.
  if (context.isScript) return;
  const verdicts = verdictsOf(context.facts, context.file.path);
  for (const verdict of verdicts) {
    const { entry } = verdict;
    const model = entry.model.name;
    const fixes: FixInput[] = [];
    const edits = verdict.kind !== 'pattern' && !verdict.lowCardinality ? addIndexEdits(entry, verdict.fixColumns) : [];
    if (edits.length) fixes.push({ title: { id: 'addIndex', data: { model, columns: verdict.fixColumns.join(', ') } }, applicability: 'safe', edits });
    const unique = verdict.uniqueField && addUniqueEdit(entry, verdict.uniqueField);
    if (unique) fixes.push({ title: { id: 'addUnique', data: { model, field: verdict.uniqueField!.name } }, applicability: 'unsafe', edits: [unique] });
    context.report({
      message: messageOf(verdict),
      data: { model, fields: codeList(verdict.usedFields), lead: verdict.columns[0] ?? verdict.usedFields[0], columns: verdict.fixColumns.join(', ') },
      start: verdict.anchor.range.start.offset,
      end: verdict.anchor.range.end.offset,
      severity: verdict.severity,
      related: [{ location: entry.model.nameLocation, message: 'modelDeclared' }],
      fixes,
      details: {
        stack: 'prisma',
        model,
        table: entry.model.dbName ?? model,
        fields: verdict.usedFields.join(', '),
        index: verdict.fixColumns.join(', '),
        provider: entry.set.datasource?.provider ?? 'unknown',
        operation: verdict.site.operation,
        kind: verdict.kind,
      },
    });
  }
}

function messageOf(verdict: SiteVerdict): string {
  switch (verdict.kind) {
    case 'filter':
      if (verdict.sortUnserved) return 'queryFilterSortUnserved';
      return verdict.lowCardinality ? 'queryFilterLowCardinality' : 'queryFilter';
    case 'order':
      return 'queryOrder';
    case 'distinct':
      return 'queryDistinct';
    case 'pattern':
      return verdict.patternKind === 'startsWith' ? 'queryStartsWith' : verdict.patternKind === 'insensitive' ? 'queryInsensitive' : 'queryContains';
  }
}

export const missingIndexTs: LanguageRule<TsTree> = {
  check,
  messages: {
    queryFilter: {
      en: 'Filters `{{model}}` by {{fields}}, and no index starts with `{{lead}}`: the database reads every row of the table to answer. Add `@@index([{{columns}}])` to the schema, then run `prisma migrate dev`.',
      ko: '`{{model}}` 모델을 {{fields}} 조건으로 거르는데, `{{lead}}` 필드로 시작하는 인덱스가 없습니다. 답을 찾으려고 데이터베이스가 테이블의 모든 행을 읽습니다. 스키마에 `@@index([{{columns}}])`를 추가하고 `prisma migrate dev`를 실행하세요.',
    },
    queryFilterSortUnserved: {
      en: 'Filters `{{model}}` by {{fields}} and sorts for the first rows, but the index that starts with `{{lead}}` goes on with another column than the sort: the database sorts every matching row to answer. Add `@@index([{{columns}}])` to the schema, then run `prisma migrate dev`.',
      ko: '`{{model}}`{{을/를}} {{fields}} 조건으로 거르고 앞쪽 행만 정렬해 가져오는데, `{{lead}}`{{으로/로}} 시작하는 인덱스의 다음 컬럼이 정렬 컬럼이 아닙니다. 데이터베이스가 조건에 맞는 행을 모두 정렬합니다. 스키마에 `@@index([{{columns}}])`를 추가하고 `prisma migrate dev`를 실행하세요.',
    },
    queryFilterLowCardinality: {
      en: 'Filters `{{model}}` only by {{fields}}, which holds few distinct values, and no index starts with it. An index on such a column alone rarely helps unless the value looked for is rare (a few `pending` among millions of `done`); filter by a more selective column too, and index both.',
      ko: '`{{model}}` 모델을 값의 종류가 적은 {{fields}} 조건만으로 거르고, 이 필드로 시작하는 인덱스가 없습니다. 찾는 값이 드문 경우(수백만 건의 `done` 사이 몇 건의 `pending`)가 아니면 이런 컬럼 하나짜리 인덱스는 효과가 작습니다. 더 잘 걸러 내는 컬럼으로도 거르고, 둘을 묶어 인덱스를 만드세요.',
    },
    queryOrder: {
      en: 'Sorts the whole `{{model}}` table by `{{lead}}` to return the first rows, because no index starts with `{{lead}}`. Add `@@index([{{columns}}])` so the database reads rows already in order, then run `prisma migrate dev`.',
      ko: '첫 몇 행을 돌려주려고 `{{model}}` 테이블 전체를 `{{lead}}` 기준으로 정렬합니다. `{{lead}}` 필드로 시작하는 인덱스가 없기 때문입니다. `@@index([{{columns}}])`를 추가하면 데이터베이스가 이미 정렬된 순서로 읽습니다. 추가한 뒤 `prisma migrate dev`를 실행하세요.',
    },
    queryDistinct: {
      en: 'Picks distinct `{{model}}` rows by {{fields}} without a filter, and no index starts with `{{lead}}`: the database reads the whole table to find them. An index on them lets it read the values in order.',
      ko: '조건 없이 {{fields}} 기준으로 `{{model}}`의 중복 없는 행을 고르는데, `{{lead}}` 필드로 시작하는 인덱스가 없습니다. 값을 가려내려고 테이블 전체를 읽습니다. 인덱스가 있으면 값을 정렬된 순서로 읽을 수 있습니다.',
    },
    queryContains: {
      en: 'Searches `{{model}}.{{lead}}` with `contains` or `endsWith`: a pattern that starts with a wildcard cannot use an ordinary (B-tree) index, so this reads every row. For search, use a full-text index, a trigram index (PostgreSQL `pg_trgm`) or a search service.',
      ko: '`{{model}}.{{lead}}` 필드를 `contains`나 `endsWith`로 찾습니다. 와일드카드로 시작하는 패턴은 일반(B-tree) 인덱스를 쓸 수 없어서 모든 행을 읽습니다. 검색 기능에는 전문 검색 인덱스, 트라이그램 인덱스(PostgreSQL `pg_trgm`), 또는 검색 서비스를 쓰세요.',
    },
    queryStartsWith: {
      en: 'Searches `{{model}}.{{lead}}` with `startsWith`: a prefix match uses an ordinary index only in some setups (MySQL, or PostgreSQL with a `text_pattern_ops` index or the C collation). Check the query plan (`EXPLAIN`) as the table grows.',
      ko: '`{{model}}.{{lead}}` 필드를 `startsWith`로 찾습니다. 앞부분 일치 검색은 일부 환경(MySQL, 또는 `text_pattern_ops` 인덱스나 C 콜레이션을 쓰는 PostgreSQL)에서만 일반 인덱스를 씁니다. 테이블이 커지면 실행 계획(`EXPLAIN`)을 확인하세요.',
    },
    queryInsensitive: {
      en: "Compares `{{model}}.{{lead}}` with `mode: 'insensitive'`: the database lower-cases every value (PostgreSQL `ILIKE`), which an ordinary index on the column does not serve. Store a normalized copy (a lower-cased email) with `@unique` or an index, or add an index on `lower(column)` in a SQL migration.",
      ko: "`{{model}}.{{lead}}` 필드를 `mode: 'insensitive'`로 비교합니다. 데이터베이스가 모든 값을 소문자로 바꿔 비교하므로(PostgreSQL `ILIKE`) 컬럼에 건 일반 인덱스를 쓰지 못합니다. 정규화한 값(소문자로 바꾼 이메일 등)을 따로 저장해 `@unique`나 인덱스를 걸거나, SQL 마이그레이션으로 `lower(column)` 인덱스를 추가하세요.",
    },
    modelDeclared: { en: '`{{model}}` is declared here; no index starts with `{{lead}}`', ko: '`{{model}}` 모델 선언: `{{lead}}` 필드로 시작하는 인덱스가 없습니다' },
  },
};
