import type { FactsIndex } from '../../core/facts';
import type { RuleContext } from '../../core/rule';
import type { Severity } from '../../core/types';
import type { LanguageRule } from '../../rules/define';
import type { DjangoField, LookupFact, QueryFact } from '../facts-types';
import type { PyTree } from '../tree';
import { pythonWorkspace, type ResolvedModel } from '../workspace';
import { pyCheck } from './common';

/** Lookup suffixes a B-tree index on the column serves. */
const INDEXABLE_OPS = new Set(['exact', 'in', 'gt', 'gte', 'lt', 'lte', 'range', 'isnull', 'date', 'year', 'startswith']);
/** Lookups no plain index helps: case-folding, substring and pattern matches, full text. */
const UNINDEXABLE_OPS = new Set(['iexact', 'contains', 'icontains', 'istartswith', 'endswith', 'iendswith', 'regex', 'iregex', 'search', 'trigram_similar', 'unaccent', 'month', 'day', 'week_day', 'iso_week_day', 'week', 'quarter', 'hour', 'minute', 'second', 'time', 'iso_year', 'has_key', 'has_keys', 'has_any_keys', 'contained_by', 'overlap', 'len']);

/** One unindexed column a query filters or sorts on. */
interface Miss {
  query: QueryFact;
  queryPath: string;
  lookup: LookupFact;
  owner: ResolvedModel;
  field: DjangoField;
  fieldPath: string;
  severity: Severity;
}

interface Analysis {
  /** Single-column misses by query file. */
  byQueryFile: Map<string, Miss[]>;
  /** Composite misses (several columns of one table in one query) by query file. */
  composites: Map<string, Miss[][]>;
  /** Single-column misses by `path#Model.field` of the field's declaration. */
  byField: Map<string, Miss[]>;
}

function analyze(index: FactsIndex, scripts: readonly string[]): Analysis {
  const ws = pythonWorkspace(index, scripts);
  const analysis: Analysis = { byQueryFile: new Map(), composites: new Map(), byField: new Map() };
  for (const [path, facts] of ws.files) {
    if (facts.isTest || ws.isScript(path) || facts.settings) continue;
    for (const query of facts.queries) {
      if (query.hasSplat || query.opaque) continue;
      const model = ws.model(path, query.model);
      if (!model) continue;
      const resolved = query.lookups.map((lookup) => ({ lookup, target: resolveLookup(model, lookup.path) }));
      // One indexed equality already narrows the rows: the other columns are checked on few rows.
      if (resolved.some((entry) => entry.target === 'indexed')) continue;
      const misses: Miss[] = [];
      for (const { lookup, target } of resolved) {
        if (!target || target === 'indexed' || target === 'skip') continue;
        // Sorting a filtered subset needs no index of its own, unless the filter is a few-valued
        // column (`status="published"`): then (status, created_at) serves the first page directly.
        if (lookup.kind === 'order' && query.filtered && resolved.some((entry) => entry.lookup.kind === 'filter' && entry.target !== 'skip' && !(typeof entry.target === 'object' && entry.target.field.lowCardinality))) continue;
        const { owner, field } = target;
        const declared = owner.fields.get(field.name)!;
        misses.push({ query, queryPath: path, lookup, owner, field, fieldPath: declared.path, severity: field.lowCardinality ? 'info' : 'warning' });
      }
      const distinct = new Map<string, Miss>();
      for (const miss of misses) if (!distinct.has(`${miss.owner.path}#${miss.owner.name}.${miss.field.name}`)) distinct.set(`${miss.owner.path}#${miss.owner.name}.${miss.field.name}`, miss);
      const unique = [...distinct.values()];
      const sameTable = unique.length > 1 && unique.every((miss) => miss.owner === unique[0].owner);
      if (sameTable && unique.some((miss) => miss.severity === 'warning')) {
        analysis.composites.set(path, [...(analysis.composites.get(path) ?? []), unique]);
        continue;
      }
      // A yes/no or few-valued column alone: an index would rarely be used. Not worth a finding.
      for (const miss of unique.filter((candidate) => candidate.severity === 'warning')) {
        analysis.byQueryFile.set(path, [...(analysis.byQueryFile.get(path) ?? []), miss]);
        const key = `${miss.fieldPath}#${miss.field.name}@${miss.field.location.range.start.offset}`;
        analysis.byField.set(key, [...(analysis.byField.get(key) ?? []), miss]);
      }
    }
  }
  return analysis;
}

type LookupTarget = { owner: ResolvedModel; field: DjangoField } | 'indexed' | 'skip' | undefined;

/** Follows `author__profile__city__in` through relations to the column it filters. */
function resolveLookup(model: ResolvedModel, path: readonly string[]): LookupTarget {
  let current = model;
  for (let i = 0; i < path.length; i++) {
    const name = path[i];
    const rest = path.slice(i + 1);
    if (name === 'pk' || name === 'id') return rest.length === 0 || INDEXABLE_OPS.has(rest[0]) ? 'indexed' : 'skip';
    const relation = current.lookupHops.get(name) ?? (name.endsWith('_id') ? current.lookupHops.get(name.slice(0, -3)) : undefined);
    if (relation) {
      // The relation itself (`author=…`, `author__in=…`, `comments__isnull`): joined on indexed keys.
      if (rest.length === 0 || INDEXABLE_OPS.has(rest[0]) || rest[0] === 'pk' || rest[0] === 'id') {
        // Many-to-many and reverse lookups join on the other table's indexed keys.
        const own = current.fields.get(name)?.field;
        return own && own.relation !== 'm2m' && !own.indexed ? 'skip' : 'indexed';
      }
      if (UNINDEXABLE_OPS.has(rest[0]) || !relation.target) return 'skip';
      current = relation.target;
      continue;
    }
    const entry = current.fields.get(name);
    if (!entry) return 'skip'; // an annotation, a property, a JSON key: nothing to index here
    if (rest.length > 1) return 'skip';
    if (rest.length === 1 && !INDEXABLE_OPS.has(rest[0])) return 'skip';
    // Indexed itself, or the leading column of a composite index or unique constraint.
    if (entry.field.indexed || current.indexes.some((columns) => columns[0] === name)) return 'indexed';
    // Text search and big blobs are not served by a B-tree index.
    if (/^(?:TextField|JSONField|BinaryField|FileField|ImageField|ArrayField|HStoreField)$/.test(entry.field.fieldClass)) return 'skip';
    return { owner: current, field: entry.field };
  }
  return 'skip';
}

function check(context: RuleContext<PyTree>): void {
  const c = pyCheck(context);
  if (!c) return;
  const scripts = context.settings.config.scripts;
  const analysis = context.facts.derived(`python:missing-index:${scripts.join('\u0000')}`, (index) => analyze(index, scripts));

  for (const miss of analysis.byQueryFile.get(c.path) ?? []) {
    const start = miss.lookup.location.range.start.offset;
    context.report({
      message: miss.lookup.kind === 'order' ? 'pyOrderWithoutIndex' : 'pyFilterWithoutIndex',
      data: { model: miss.owner.name, field: miss.field.name, lookup: miss.lookup.path.join('__') },
      start,
      end: miss.lookup.location.range.end.offset,
      severity: miss.severity,
      related: [{ location: miss.field.location, message: 'pyFieldDeclared' }],
      fixes: dbIndexFix(miss),
      details: { stack: 'django', model: miss.owner.name, field: miss.field.name, lookup: miss.lookup.kind },
    });
  }

  for (const group of analysis.composites.get(c.path) ?? []) {
    const query = group[0].query;
    const owner = group[0].owner;
    const columns = orderColumns(group);
    const fix = compositeFix(owner, columns);
    context.report({
      message: 'pyCompositeWithoutIndex',
      data: { model: owner.name, fields: columns.map((column) => `"${column}"`).join(', ') },
      start: query.location.range.start.offset,
      end: query.location.range.end.offset,
      related: group.map((miss) => ({ location: miss.lookup.location, message: { id: 'pyColumnUsed', data: { field: miss.field.name } } })),
      fixes: fix ? [fix] : undefined,
      details: { stack: 'django', model: owner.name, columns: columns.length },
    });
  }

  // Once per model field, in the models file: every query that would use an index on it.
  for (const model of c.facts.models) {
    for (const field of model.fields) {
      const misses = analysis.byField.get(`${c.path}#${field.name}@${field.location.range.start.offset}`);
      if (!misses?.length) continue;
      const severity: Severity = misses.some((miss) => miss.severity === 'warning') ? 'warning' : 'info';
      context.report({
        message: 'pyFieldWithoutIndex',
        data: { model: model.name, field: field.name, count: misses.length },
        start: field.location.range.start.offset,
        end: field.location.range.end.offset,
        severity,
        related: misses.slice(0, 10).map((miss) => ({ location: miss.lookup.location, message: { id: 'pyQueriedHere', data: { model: miss.query.model } } })),
        fixes: dbIndexFix(misses[0]),
        details: { stack: 'django', model: model.name, field: field.name, queries: misses.length },
      });
    }
  }
}

function dbIndexFix(miss: Miss) {
  const fix = miss.field.indexFix;
  // A yes/no column rarely pays for an index: the finding stays, without a one-click fix.
  if (!fix || miss.field.lowCardinality) return undefined;
  return [{ title: { id: 'pyAddDbIndex', data: { field: miss.field.name } }, applicability: 'safe' as const, edits: [{ file: miss.fieldPath, start: fix.at, end: fix.at, newText: fix.text }] }];
}

/** Equality columns first, then ranges, then sort columns: the order a composite index serves. */
function orderColumns(group: Miss[]): string[] {
  const rank = (miss: Miss) => {
    if (miss.lookup.kind === 'order') return 3;
    const op = miss.lookup.path[miss.lookup.path.length - 1];
    if (/^(?:gt|gte|lt|lte|range|date|year|startswith)$/.test(op)) return 2;
    // Among equality columns, the one with many distinct values narrows first.
    return miss.field.lowCardinality ? 1 : 0;
  };
  return [...group].sort((a, b) => rank(a) - rank(b)).map((miss) => miss.field.name);
}

function compositeFix(owner: ResolvedModel, columns: string[]) {
  const at = owner.facts.compositeFix;
  if (!at) return undefined;
  const index = `models.Index(fields=[${columns.map((column) => `"${column}"`).join(', ')}])`;
  return { title: { id: 'pyAddCompositeIndex', data: { fields: columns.map((column) => `"${column}"`).join(', ') } }, applicability: 'safe' as const, edits: [{ file: owner.path, start: at.at, end: at.at, newText: `${at.before}${index}${at.after}` }] };
}

export const missingIndexPy: LanguageRule<PyTree> = {
  check,
  messages: {
    pyFilterWithoutIndex: {
      en: '`{{lookup}}` filters `{{model}}` on `{{field}}`, which has no index: the database reads every row of the table to answer. Add `db_index=True` (or a `Meta.indexes` entry), then run `python manage.py makemigrations` and migrate.',
      ko: '`{{lookup}}`는 인덱스가 없는 `{{model}}.{{field}}`로 거릅니다. 데이터베이스가 답하려면 테이블의 모든 행을 읽어야 합니다. `db_index=True`(또는 `Meta.indexes` 항목)를 추가하고 `python manage.py makemigrations`로 마이그레이션을 만들어 적용하세요.',
    },
    pyOrderWithoutIndex: {
      en: 'Sorting all of `{{model}}` by `{{field}}` without an index makes the database read and sort the whole table for every page. Add `db_index=True`, then run `python manage.py makemigrations` and migrate.',
      ko: '인덱스 없이 `{{model}}` 전체를 `{{field}}`로 정렬하면 페이지를 열 때마다 테이블 전체를 읽고 정렬합니다. `db_index=True`를 추가하고 `python manage.py makemigrations`로 마이그레이션을 만들어 적용하세요.',
    },
    pyCompositeWithoutIndex: {
      en: 'This query filters or sorts `{{model}}` by {{fields}}, and no index starts with any of them: every row is read. Add `models.Index(fields=[{{fields}}])` to `Meta.indexes`, then run `python manage.py makemigrations` and migrate.',
      ko: '이 쿼리는 `{{model}}`을 {{fields}}(으)로 거르거나 정렬하지만, 그중 어느 컬럼으로 시작하는 인덱스도 없어 모든 행을 읽습니다. `Meta.indexes`에 `models.Index(fields=[{{fields}}])`를 추가하고 `python manage.py makemigrations`로 마이그레이션을 만들어 적용하세요.',
    },
    pyFieldWithoutIndex: {
      en: '`{{model}}.{{field}}` is used to find rows in {{count}} {{count|place|places}} but has no index: each of those queries scans the table, and gets slower as it grows. Add `db_index=True`, then run `python manage.py makemigrations` and migrate.',
      ko: '`{{model}}.{{field}}`는 {{count}}곳에서 행을 찾는 데 쓰이지만 인덱스가 없습니다. 그 쿼리들은 매번 테이블 전체를 훑고, 테이블이 커질수록 느려집니다. `db_index=True`를 추가하고 `python manage.py makemigrations`로 마이그레이션을 만들어 적용하세요.',
    },
    pyFieldDeclared: { en: 'the field is declared here', ko: '필드를 선언한 곳' },
    pyQueriedHere: { en: 'a {{model}} query filters or sorts on it here', ko: '여기서 {{model}} 쿼리가 이 필드로 거르거나 정렬합니다' },
    pyColumnUsed: { en: '`{{field}}` is used here', ko: '여기서 `{{field}}`를 씁니다' },
    pyAddDbIndex: { en: 'Add db_index=True to {{field}} (then makemigrations)', ko: '{{field}}에 db_index=True 추가 (이후 makemigrations)' },
    pyAddCompositeIndex: { en: 'Add models.Index(fields=[{{fields}}]) (then makemigrations)', ko: 'models.Index(fields=[{{fields}}]) 추가 (이후 makemigrations)' },
  },
};

