import { CONFIDENCE_LEVELS, lowerConfidence, type ExecutionContext } from '../../core/evidence';
import type { FactsIndex } from '../../core/facts';
import type { RuleContext, MessageIdOf, FixInput, RelatedInput } from '../../core/rule';
import type { GrowthReason } from '../../core/table-growth';
import type { Confidence, Location } from '../../core/types';
import type { DjangoField, LookupFact, QueryFact } from '../../python/facts-types';
import { djangoGrowth, scriptOnlyFunctions } from '../../python/table-growth';
import type { PyTree } from '../../python/tree';
import { pythonWorkspace, type PyWorkspace, type ResolvedModel } from '../../python/workspace';
import { pyCheck } from '../../python/check';
import type rule from './rule';

type MessageId = MessageIdOf<typeof rule>;
type Context = RuleContext<PyTree, typeof rule>;

/** Lookup suffixes a B-tree index on the column serves. */
const INDEXABLE_OPS = new Set(['exact', 'in', 'gt', 'gte', 'lt', 'lte', 'range', 'isnull', 'date', 'year', 'startswith']);
/** Lookups no plain index helps: case-folding, substring and pattern matches, full text. */
const UNINDEXABLE_OPS = new Set(['iexact', 'contains', 'icontains', 'istartswith', 'endswith', 'iendswith', 'regex', 'iregex', 'search', 'trigram_similar', 'unaccent', 'month', 'day', 'week_day', 'iso_week_day', 'week', 'quarter', 'hour', 'minute', 'second', 'time', 'iso_year', 'has_key', 'has_keys', 'has_any_keys', 'contained_by', 'overlap', 'len']);
const RANGE_OPS = /^(?:gt|gte|lt|lte|range|date|year|startswith)$/;
const YES_NO = new Set(['BooleanField', 'NullBooleanField']);

/** One unindexed column a query filters or sorts on. */
interface Miss {
  lookup: LookupFact;
  owner: ResolvedModel;
  field: DjangoField;
  fieldPath: string;
  /**
   * Where the column goes in an index: selective equality first, few-valued
   * (`choices`) next, then a range, then a sort; yes/no columns and `isnull`
   * checks last, so that no suggested index starts with one.
   */
  rank: number;
}

/** A query that no index serves, with the index that would. */
interface Verdict {
  query: QueryFact;
  path: string;
  owner: ResolvedModel;
  misses: Miss[];
  columns: string[];
  context: ExecutionContext;
  confidence: Confidence;
  growth: GrowthReason;
  /** Set on the one query a missing index is reported at: the other queries that need it. */
  others: Location[];
}

function analyze(index: FactsIndex, scripts: readonly string[]): Map<string, Verdict[]> {
  const ws = pythonWorkspace(index, scripts);
  const growthOf = djangoGrowth(index, scripts);
  const groups = new Map<string, Verdict[]>();
  const scriptsOnly = scriptOnlyFunctions(index, scripts);
  for (const [path, facts] of ws.files) {
    if (facts.isTest || ws.isScript(path) || facts.settings) continue;
    for (const query of facts.queries) {
      if (query.hasSplat || query.opaque) continue;
      const model = ws.model(path, query.model);
      if (!model) continue;
      for (const verdict of judgeQuery(ws, scriptsOnly, path, query, model)) {
        const { growth, reason } = growthOf(verdict.owner);
        // An index on a table that stays small buys nothing.
        if (growth === 'bounded') continue;
        verdict.confidence = growth === 'grows' ? 'high' : 'medium';
        // A bulk update or delete by a column is a cleanup or a cascade done by hand: a read by it makes it hot.
        if (query.bulkWrite) verdict.confidence = lowerConfidence(verdict.confidence);
        verdict.growth = reason;
        const key = `${verdict.owner.path}#${verdict.owner.name}.${verdict.columns[0]}`;
        groups.set(key, [...(groups.get(key) ?? []), verdict]);
      }
    }
  }
  // One finding per missing index: at the query with the strongest evidence, one a request runs first, then by place; the others are related locations.
  const byFile = new Map<string, Verdict[]>();
  const rank = (verdict: Verdict) => CONFIDENCE_LEVELS.indexOf(verdict.confidence) * 3 + (verdict.context === 'request' ? 0 : verdict.context === 'background' ? 2 : 1);
  for (const group of groups.values()) {
    const sorted = [...group].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path) || a.query.location.range.start.offset - b.query.location.range.start.offset);
    const best = sorted.map((verdict) => verdict.columns).sort((a, b) => b.length - a.length).find((columns) => sorted.every((verdict) => isPrefix(verdict.columns, columns)));
    const primary: Verdict = { ...sorted[0], columns: best ?? sorted[0].columns, others: sorted.slice(1).map((verdict) => anchorOf(verdict)) };
    byFile.set(primary.path, [...(byFile.get(primary.path) ?? []), primary]);
  }
  return byFile;
}

function isPrefix(prefix: readonly string[], of: readonly string[]): boolean {
  return prefix.length <= of.length && prefix.every((name, i) => of[i] === name);
}

/** A single-column finding points at its lookup, a composite one at the query. */
function anchorOf(verdict: Verdict): Location {
  return verdict.misses.length === 1 ? verdict.misses[0].lookup.location : verdict.query.location;
}

/** The tables a query reads without an index, each with the index that would serve it. */
function judgeQuery(ws: PyWorkspace, scriptsOnly: ReadonlySet<string>, path: string, query: QueryFact, model: ResolvedModel): Verdict[] {
  const context = contextOf(ws, scriptsOnly, path, query);
  // django-scopes adds its scope's filter to every query of the model.
  const scoped = (model.facts.scopedBy ?? []).map((lookup): { lookup: LookupFact; target: LookupTarget } => ({ lookup: { path: lookup.split('__'), location: query.location, kind: 'filter' }, target: resolveLookup(model, lookup.split('__')) }));
  const resolved = [...scoped, ...query.lookups.map((lookup) => ({ lookup, target: resolveLookup(model, lookup.path) }))];
  // One indexed equality already narrows the rows: the other columns are checked on few rows.
  if (resolved.some((entry) => entry.target === 'indexed')) return [];
  const selectiveFilter = resolved.some((entry) => entry.lookup.kind === 'filter' && typeof entry.target === 'object' && !entry.target.fewValued);
  const misses = new Map<string, Miss>();
  for (const { lookup, target } of resolved) {
    if (typeof target !== 'object') continue;
    // Sorting a filtered subset needs no index of its own, unless the filter is a few-valued
    // column (`status="published"`): then (status, created_at) serves the first page directly.
    if (lookup.kind === 'order' && selectiveFilter) continue;
    const { owner, field } = target;
    const key = `${owner.path}#${owner.name}.${field.name}`;
    if (misses.has(key)) continue;
    const op = lookup.path[lookup.path.length - 1];
    const rank = lookup.kind === 'order' ? 3 : target.yesNo ? 4 : RANGE_OPS.test(op) ? 2 : target.fewValued ? 1 : 0;
    misses.set(key, { lookup, owner, field, fieldPath: owner.fields.get(field.name)!.path, rank });
  }
  const byOwner = new Map<ResolvedModel, Miss[]>();
  for (const miss of misses.values()) byOwner.set(miss.owner, [...(byOwner.get(miss.owner) ?? []), miss]);
  const verdicts: Verdict[] = [];
  for (const [owner, list] of byOwner) {
    // A yes/no or few-valued column alone: an index would rarely be used. Not worth a finding.
    if (list.every((miss) => miss.rank === 1 || miss.rank === 4)) continue;
    const ordered = [...list].sort((a, b) => a.rank - b.rank);
    verdicts.push({ query, path, owner, misses: ordered, columns: ordered.map((miss) => miss.field.name), context, confidence: 'high', growth: 'no-evidence', others: [] });
  }
  return verdicts;
}

/**
 * Where a query runs: a request when a view reaches its function, the
 * background in a task, a script when only management commands and scripts
 * reach it (`populatedb`'s helpers), else unknown.
 */
function contextOf(ws: PyWorkspace, scriptsOnly: ReadonlySet<string>, path: string, query: QueryFact): ExecutionContext {
  const key = query.inFunction ? `${path}#${query.inFunction}` : undefined;
  if (!key) return 'unknown';
  if (ws.reach.has(key)) return 'request';
  if (ws.tasks.has(key)) return 'background';
  return scriptsOnly.has(key) ? 'script' : 'unknown';
}

type LookupTarget = { owner: ResolvedModel; field: DjangoField; fewValued: boolean; yesNo: boolean } | 'indexed' | 'skip' | undefined;

/** Follows `author__profile__city__in` through relations to the column it filters. */
function resolveLookup(model: ResolvedModel, path: readonly string[]): LookupTarget {
  let current = model;
  for (let i = 0; i < path.length; i++) {
    const name = path[i];
    const rest = path.slice(i + 1);
    if (name === 'pk' || name === 'id') return rest.length === 0 || INDEXABLE_OPS.has(rest[0]) ? 'indexed' : 'skip';
    const relationName = current.lookupHops.has(name) ? name : name.endsWith('_id') ? name.slice(0, -3) : undefined;
    const relation = relationName ? current.lookupHops.get(relationName) : undefined;
    if (relation && relationName) {
      // The relation itself (`author=…`, `author__in=…`, `comments__isnull`): joined on indexed keys.
      if (rest.length === 0 || INDEXABLE_OPS.has(rest[0]) || rest[0] === 'pk' || rest[0] === 'id') {
        // Many-to-many and reverse lookups join on the other table's indexed keys; a foreign key
        // declared with `db_index=False` is served by an index that leads with it, if any.
        const own = current.fields.get(relationName)?.field;
        if (!own || own.relation === 'm2m' || own.indexed || leadsAnIndex(current, relationName)) return 'indexed';
        return 'skip';
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
    if (entry.field.indexed || leadsAnIndex(current, name)) return 'indexed';
    // Text search and big blobs are not served by a B-tree index.
    if (/^(?:TextField|JSONField|BinaryField|FileField|ImageField|ArrayField|HStoreField)$/.test(entry.field.fieldClass)) return 'skip';
    // `isnull` splits the table in two, like a yes/no column.
    const yesNo = YES_NO.has(entry.field.fieldClass) || rest[0] === 'isnull';
    return { owner: current, field: entry.field, fewValued: yesNo || entry.field.lowCardinality, yesNo };
  }
  return 'skip';
}

function leadsAnIndex(model: ResolvedModel, name: string): boolean {
  return model.indexes.some((columns) => columns[0] === name);
}

export function check(context: Context): void {
  const c = pyCheck(context);
  if (!c) return;
  const scripts = context.settings.config.scripts;
  const verdicts = context.facts.derived(`python:missing-index:${scripts.join('\u0000')}`, (index) => analyze(index, scripts), { movable: true });
  for (const verdict of verdicts.get(c.path) ?? []) {
    const { owner, misses } = verdict;
    const lead = misses.find((miss) => miss.field.name === verdict.columns[0]) ?? misses[0];
    const anchor = anchorOf(verdict);
    const fields = verdict.columns.map((column) => `"${column}"`).join(', ');
    const related: RelatedInput<MessageId>[] = [
      { location: lead.field.location, message: 'pyFieldDeclared' },
      ...(misses.length > 1 ? misses.map((miss): RelatedInput<MessageId> => ({ location: miss.lookup.location, message: { id: 'pyColumnUsed', data: { field: miss.field.name } } })) : []),
      ...verdict.others.slice(0, 10).map((location): RelatedInput<MessageId> => ({ location, message: { id: 'pyQueriedHere', data: { model: owner.name } } })),
    ];
    const fix = verdict.columns.length === 1 ? dbIndexFix(lead) : compositeFix(owner, verdict.columns);
    context.report({
      message: misses.length > 1 ? 'pyCompositeWithoutIndex' : lead.lookup.kind === 'order' ? 'pyOrderWithoutIndex' : 'pyFilterWithoutIndex',
      data: { model: owner.name, field: lead.field.name, lookup: lead.lookup.path.join('__'), fields },
      start: anchor.range.start.offset,
      end: anchor.range.end.offset,
      confidence: verdict.confidence,
      context: verdict.context,
      related,
      fixes: fix ? [fix] : undefined,
      details: {
        stack: 'django',
        model: owner.name,
        field: lead.field.name,
        lookup: lead.lookup.kind,
        columns: verdict.columns.length,
        queries: 1 + verdict.others.length,
        growth: verdict.growth,
      },
    });
  }
}

function dbIndexFix(miss: Miss): FixInput<MessageId> | undefined {
  const fix = miss.field.indexFix;
  if (!fix) return undefined;
  return { title: { id: 'pyAddDbIndex', data: { field: miss.field.name } }, applicability: 'safe' as const, edits: [{ file: miss.fieldPath, start: fix.at, end: fix.at, newText: fix.text }] };
}

function compositeFix(owner: ResolvedModel, columns: string[]): FixInput<MessageId> | undefined {
  const at = owner.facts.compositeFix;
  if (!at) return undefined;
  const index = `models.Index(fields=[${columns.map((column) => `"${column}"`).join(', ')}])`;
  return { title: { id: 'pyAddCompositeIndex', data: { fields: columns.map((column) => `"${column}"`).join(', ') } }, applicability: 'safe' as const, edits: [{ file: owner.path, start: at.at, end: at.at, newText: `${at.before}${index}${at.after}` }] };
}
