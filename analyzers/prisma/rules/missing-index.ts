import { PathFilter } from '../../core/config';
import type { RuleContext } from '../../core/rule';
import type { LanguageRule } from '../../rules/define';
import type { PrismaTree } from '../facts';
import { addIndexEdits } from '../index-fix';
import { needsOf, type FieldNeed } from '../index-join';
import { PROVIDER_NAMES } from '../schema-view';

/** Related locations shown per finding; the count of all of them goes in `details`. */
const MAX_RELATED = 20;

/**
 * The schema side of missing-index: foreign keys without an index, and
 * columns that queries in the workspace filter or sort on without one.
 */
function check(context: RuleContext<PrismaTree>): void {
  const needs = needsOf(context.facts, context.file.path);
  if (needs.length === 0) return;
  const paths = new PathFilter(context.settings.config);
  for (const need of needs) {
    // Seeds and one-off scripts are not on a request path: they do not make a column hot.
    const verdicts = need.verdicts.filter((verdict) => !paths.isScript(verdict.file));
    if (need.kind === 'queried' && verdicts.length === 0) continue;
    const { entry, field } = need;
    const model = entry.model.name;
    const provider = entry.set.datasource?.provider ?? 'unknown';
    const related = [
      ...verdicts.map((verdict) => ({ location: verdict.anchor, message: verdict.kind === 'filter' ? 'filteredHere' : 'sortedHere' })),
      ...need.relationUses.map((location) => ({ location, message: 'relationReadHere' })),
    ].filter((entry, i, all) => all.findIndex((other) => other.location.file === entry.location.file && other.location.range.start.offset === entry.location.range.start.offset) === i);
    const edits = need.lowCardinality ? [] : addIndexEdits(entry, need.columns);
    context.report({
      message: messageOf(need, verdicts.length),
      data: {
        model,
        field: field.name,
        target: need.foreignKey?.target ?? '',
        provider: PROVIDER_NAMES[provider] ?? provider,
        setting: entry.set.datasource?.relationModeSetting ?? 'relationMode',
        count: verdicts.length,
      },
      start: field.location.range.start.offset,
      end: field.location.range.end.offset,
      severity: need.severity,
      related: related.slice(0, MAX_RELATED),
      fixes: edits.length ? [{ title: { id: 'addIndex', data: { model, columns: need.columns.join(', ') } }, applicability: 'safe', edits }] : undefined,
      details: {
        stack: 'prisma',
        model,
        table: entry.model.dbName ?? model,
        fields: need.columns.join(', '),
        provider,
        kind: need.kind,
        queries: verdicts.length,
        relationReads: related.filter((entry) => entry.message === 'relationReadHere').length,
      },
    });
  }
}

function messageOf(need: FieldNeed, count: number): string {
  if (need.kind === 'foreign-key') return need.foreignKey?.emulated ? 'foreignKeyEmulated' : 'foreignKey';
  if (need.lowCardinality) return 'fieldLowCardinality';
  if (need.verdicts.length > 0 && need.verdicts.every((verdict) => verdict.sortUnserved)) return 'fieldSortUnserved';
  const kinds = new Set(need.verdicts.map((verdict) => verdict.kind));
  if (kinds.has('filter')) return count === 1 ? 'fieldFilteredOnce' : 'fieldFiltered';
  if (kinds.has('order')) return count === 1 ? 'fieldSortedOnce' : 'fieldSorted';
  return 'fieldDistinct';
}

export const missingIndexPrisma: LanguageRule<PrismaTree> = {
  check,
  messages: {
    foreignKey: {
      en: '`{{model}}.{{field}}` refers to `{{target}}`, but no index starts with it. {{provider}} does not index foreign keys by itself, so reading the {{model}} rows of one `{{target}}`, and checking them when a `{{target}}` is deleted, scans the whole `{{model}}` table.',
      ko: '`{{model}}.{{field}}` 필드는 `{{target}}` 모델을 가리키지만, 이 필드로 시작하는 인덱스가 없습니다. {{provider}}에서는 외래 키에 인덱스가 저절로 생기지 않습니다. 그래서 `{{target}}` 하나에 딸린 {{model}} 행을 읽을 때도, `{{target}}` 행을 지울 때 딸린 행을 확인할 때도 `{{model}}` 테이블 전체를 훑습니다.',
    },
    foreignKeyEmulated: {
      en: '`{{model}}.{{field}}` refers to `{{target}}`, but no index starts with it. With `{{setting}} = "prisma"` the database has no foreign key, so it creates no index for it either: reading the {{model}} rows of one `{{target}}` scans the whole `{{model}}` table.',
      ko: '`{{model}}.{{field}}` 필드는 `{{target}}` 모델을 가리키지만, 이 필드로 시작하는 인덱스가 없습니다. `{{setting}} = "prisma"`에서는 데이터베이스에 외래 키가 없으니 인덱스도 생기지 않습니다. `{{target}}` 하나에 딸린 {{model}} 행을 읽을 때마다 `{{model}}` 테이블 전체를 훑습니다.',
    },
    fieldFiltered: {
      en: '`{{model}}.{{field}}` is filtered in {{count}} places and no index starts with it: each of those queries scans the whole table.',
      ko: '`{{model}}.{{field}}` 필드로 거르는 곳이 {{count}}곳인데, 이 필드로 시작하는 인덱스가 없습니다. 그 쿼리마다 테이블 전체를 훑습니다.',
    },
    fieldSortUnserved: {
      en: '`{{model}}.{{field}}` is filtered and sorted for the first rows in {{count}} {{count|place|places}}; the indexes that start with it go on with other columns than the sort, so those queries sort every matching row.',
      ko: '`{{model}}.{{field}}` 필드로 거르고 앞쪽 행만 정렬해 가져오는 곳이 {{count}}곳 있는데, 이 필드로 시작하는 인덱스의 다음 컬럼이 정렬 컬럼이 아닙니다. 그 쿼리들은 조건에 맞는 행을 모두 정렬합니다.',
    },
    fieldFilteredOnce: {
      en: '`{{model}}.{{field}}` is filtered in 1 place and no index starts with it: that query scans the whole table.',
      ko: '`{{model}}.{{field}}` 필드로 거르는 곳이 1곳 있는데, 이 필드로 시작하는 인덱스가 없습니다. 그 쿼리는 테이블 전체를 훑습니다.',
    },
    fieldSorted: {
      en: '`{{model}}.{{field}}` is sorted on in {{count}} places to fetch the first rows, and no index starts with it: each of those queries sorts the whole table.',
      ko: '첫 몇 행을 가져오려고 `{{model}}.{{field}}` 기준으로 정렬하는 곳이 {{count}}곳인데, 이 필드로 시작하는 인덱스가 없습니다. 그 쿼리마다 테이블 전체를 정렬합니다.',
    },
    fieldSortedOnce: {
      en: '`{{model}}.{{field}}` is sorted on in 1 place to fetch the first rows, and no index starts with it: that query sorts the whole table.',
      ko: '첫 몇 행을 가져오려고 `{{model}}.{{field}}` 기준으로 정렬하는 곳이 1곳 있는데, 이 필드로 시작하는 인덱스가 없습니다. 그 쿼리는 테이블 전체를 정렬합니다.',
    },
    fieldDistinct: {
      en: '`{{model}}.{{field}}` picks distinct rows without a filter ({{count}}×) and no index starts with it: finding the distinct values reads the whole table.',
      ko: '조건 없이 `{{model}}.{{field}}` 기준으로 중복 없는 행을 고르는 곳이 있는데({{count}}곳), 이 필드로 시작하는 인덱스가 없습니다. 값을 가려내려고 테이블 전체를 읽습니다.',
    },
    fieldLowCardinality: {
      en: '`{{model}}.{{field}}` is the only filter of some queries ({{count}}×) and no index starts with it, but it holds few distinct values: an index on it alone rarely helps unless the value looked for is rare. Pair it with a more selective column.',
      ko: '`{{model}}.{{field}}` 필드 하나로만 거르는 쿼리가 있고({{count}}곳) 이 필드로 시작하는 인덱스가 없습니다. 하지만 값의 종류가 적어서, 찾는 값이 드문 경우가 아니면 이 필드만의 인덱스는 효과가 작습니다. 더 잘 걸러 내는 컬럼과 함께 묶으세요.',
    },
    filteredHere: { en: 'filtered here', ko: '여기서 이 필드로 거릅니다' },
    sortedHere: { en: 'sorted here', ko: '여기서 이 필드로 정렬합니다' },
    relationReadHere: { en: 'reads this relation here', ko: '여기서 이 관계를 읽습니다' },
  },
};
