import type { FactsIndex } from '../../core/facts';
import type { RuleContext, MessageIdOf, FixInput } from '../../core/rule';
import type { Severity } from '../../core/types';
import type { DjangoField, LookupFact, QueryFact } from '../../python/facts-types';
import type { PyTree } from '../../python/tree';
import { pythonWorkspace, type ResolvedModel } from '../../python/workspace';
import { pyCheck } from '../../python/check';
import type rule from './rule';

type MessageId = MessageIdOf<typeof rule>;
type Context = RuleContext<PyTree, typeof rule>;

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

export function check(context: Context): void {
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

function dbIndexFix(miss: Miss): FixInput<MessageId>[] | undefined {
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

function compositeFix(owner: ResolvedModel, columns: string[]): FixInput<MessageId> | undefined {
  const at = owner.facts.compositeFix;
  if (!at) return undefined;
  const index = `models.Index(fields=[${columns.map((column) => `"${column}"`).join(', ')}])`;
  return { title: { id: 'pyAddCompositeIndex', data: { fields: columns.map((column) => `"${column}"`).join(', ') } }, applicability: 'safe' as const, edits: [{ file: owner.path, start: at.at, end: at.at, newText: `${at.before}${index}${at.after}` }] };
}

