import type { FactsIndex } from '../core/facts';
import type { Location, Severity } from '../core/types';
import type { PrismaField } from '../prisma/facts';
import type { TsFacts } from '../typescript/facts';
import type { PrismaQuerySite, WhereCondition } from './query-sites';
import {
  foreignKeyOf,
  foreignKeysNeedIndexes,
  hasIndexLeadingWith,
  hasIndexStartingWith,
  isRelationalProvider,
  modelForAccessor,
  relationTarget,
  schemaView,
  type ModelEntry,
  type SchemaView,
} from '../prisma/schema-view';

/**
 * The query ↔ index join: every Prisma Client call in the workspace set
 * against the indexes its model declares. Computed once per facts version
 * (`FactsIndex.derived`) and read from both sides: the TypeScript checker
 * reports the query sites of its file, the schema checker reports the
 * fields that need an index, with the sites as related locations.
 */
export interface IndexJoin {
  verdictsByFile: Map<string, SiteVerdict[]>;
  needsBySchemaFile: Map<string, FieldNeed[]>;
}

export type VerdictKind = 'filter' | 'order' | 'distinct' | 'pattern';
export type PatternKind = 'contains' | 'startsWith' | 'insensitive';

/** A query site that no index serves. */
export interface SiteVerdict {
  file: string;
  site: PrismaQuerySite;
  entry: ModelEntry;
  kind: VerdictKind;
  patternKind?: PatternKind;
  severity: Severity;
  /** Only booleans and small enums are filtered: an index alone rarely pays off. */
  lowCardinality: boolean;
  /** The fields the query filters on (filter) or sorts / picks distinct by. */
  usedFields: string[];
  /** The index that would serve this query; empty for patterns. */
  columns: string[];
  /** The index to offer: the field's shared best index when this query's index is a prefix of it. */
  fixColumns: string[];
  /** Where the finding points in the querying file. */
  anchor: Location;
  /** A `findFirst` by a naturally unique field (`email`, `slug`, `handle`): `@unique` is an alternative. */
  uniqueField?: PrismaField;
  /** An index leads with the filter column, but the sort for the first rows is not the column after it. */
  sortUnserved?: boolean;
}

/** A schema field that needs an index: a foreign key, or a column queried without one. */
export interface FieldNeed {
  entry: ModelEntry;
  field: PrismaField;
  kind: 'foreign-key' | 'queried';
  foreignKey?: { fields: string[]; target: string; emulated: boolean };
  verdicts: SiteVerdict[];
  /** Query sites that read the relation (include, select, relation filters). */
  relationUses: Location[];
  columns: string[];
  severity: Severity;
  lowCardinality: boolean;
}

export function indexJoin(index: FactsIndex): IndexJoin {
  return index.derived('prisma:index-join', buildIndexJoin, { movable: true });
}

/**
 * One querying file's verdicts. Read through a keyed view, the file depends
 * on its own entry only: a schema edit re-analyzes the files whose verdicts
 * it changes, not every file that queries (see ARCHITECTURE, Incremental analysis).
 */
export function verdictsOf(index: FactsIndex, file: string): SiteVerdict[] {
  return index.keyed('prisma:verdicts-by-file', (facts) => indexJoin(facts).verdictsByFile, { movable: true }).get(file) ?? [];
}

/** One schema file's field needs, read the same way. */
export function needsOf(index: FactsIndex, file: string): FieldNeed[] {
  return index.keyed('prisma:needs-by-schema-file', (facts) => indexJoin(facts).needsBySchemaFile, { movable: true }).get(file) ?? [];
}

/** Operations whose `where` must name a unique field: an index always serves them. */
const UNIQUE_OPERATIONS = new Set(['findUnique', 'findUniqueOrThrow', 'update', 'delete', 'upsert']);
const FIND_FIRST = new Set(['findFirst', 'findFirstOrThrow']);
/** Columns that identify a row in practice, though the schema may not say so. */
const NATURALLY_UNIQUE = /^(?:email|emailAddress|slug|handle|username|userName|login)$/;
const SMALL_ENUM = 5;
/**
 * Tests, seeds and fixtures query a database nobody waits on. The user's
 * `scripts` setting covers more (the checkers read it); these are the
 * conventions common enough to skip without asking.
 */
const OFF_REQUEST_PATH = [
  /(?:^|\/)(?:__tests__|__mocks__|tests?|e2e|cypress|playwright)\//i,
  /\.(?:test|spec|e2e|stories)\.[cm]?[jt]sx?$/i,
  /(?:^|\/)(?:seed|populate)[^/]*\.[cm]?[jt]sx?$/i,
];

function isOffRequestPath(path: string): boolean {
  return OFF_REQUEST_PATH.some((pattern) => pattern.test(path));
}
const MAX_INDEX_COLUMNS = 3;
const MAX_DEPTH = 8;

function buildIndexJoin(index: FactsIndex): IndexJoin {
  const view = schemaView(index);
  const verdictsByFile = new Map<string, SiteVerdict[]>();
  const relationUses = new Map<string, Location[]>();
  const verdicts: SiteVerdict[] = [];
  for (const facts of index.ofLanguage('typescript')) {
    if (isOffRequestPath(facts.path)) continue;
    const sites = (facts.data as TsFacts | undefined)?.prismaQueries ?? [];
    for (const site of sites) {
      const entry = modelForAccessor(view, facts.path, site.accessor);
      if (!entry || !isRelationalProvider(entry.set)) continue;
      collectRelationUses(entry, site, relationUses);
      const verdict = judgeSite(facts.path, site, entry);
      if (!verdict) continue;
      verdicts.push(verdict);
      const list = verdictsByFile.get(facts.path) ?? [];
      list.push(verdict);
      verdictsByFile.set(facts.path, list);
    }
  }
  const groups = groupByLeadingField(verdicts);
  for (const group of groups.values()) shareBestIndex(group);
  return { verdictsByFile, needsBySchemaFile: fieldNeeds(view, groups, relationUses) };
}

// ---------------------------------------------------------------------------
// One query site

interface Seek {
  field: string;
  kind: 'eq' | 'range';
  /** `field: null`: an `IS NULL` check. */
  isNull?: boolean;
  location: Location;
}

interface Access {
  covered: boolean;
  opaque: boolean;
  seeks: Seek[];
  patterns: Array<{ field: string; kind: PatternKind; location: Location }>;
  /** The seeks of the first branch of an `OR` no index serves, when every branch could use one. */
  orSeeks?: Seek[];
}

function judgeSite(file: string, site: PrismaQuerySite, entry: ModelEntry): SiteVerdict | undefined {
  if (UNIQUE_OPERATIONS.has(site.operation)) return undefined;
  const access = evaluate(site.where, entry, 0);
  const unservedSort = access.covered && sortUnserved(site, entry, access.seeks);
  if ((access.covered && !unservedSort) || site.whereOpaque || access.opaque) return undefined;

  const seeks = access.seeks.length ? access.seeks : access.orSeeks ?? [];
  if (seeks.length) {
    // Selective equality columns lead, few-valued ones follow; `IS NULL` checks (soft deletes) match most rows and only fill in.
    const equalSeeks = seeks.filter((seek) => seek.kind === 'eq');
    const selective = unique(equalSeeks.filter((seek) => !seek.isNull && !isLowCardinality(entry, entry.fields.get(seek.field))).map((seek) => seek.field));
    const fewValued = unique(equalSeeks.filter((seek) => !seek.isNull && isLowCardinality(entry, entry.fields.get(seek.field))).map((seek) => seek.field));
    const nullChecks = unique(equalSeeks.filter((seek) => seek.isNull).map((seek) => seek.field));
    const columns = unique([...selective, ...fewValued]);
    const range = seeks.find((seek) => seek.kind === 'range' && !columns.includes(seek.field) && !nullChecks.includes(seek.field));
    if (range) columns.push(range.field);
    if (columns.length === 0) columns.push(...nullChecks);
    const usedFields = unique(seeks.map((seek) => seek.field));
    const sort = scalarSort(site, entry);
    const sorted = !range && !!sort && firstRowsOnly(site) && !columns.includes(sort);
    if (sorted) columns.push(sort);
    // A few-valued filter with a sort for the first rows is served well by the pair: not the low-value case.
    const lowCardinality = selective.length === 0 && !range && !sorted;
    const lead = seeks.find((seek) => seek.field === columns[0])!;
    const only = usedFields.length === 1 && seeks.every((seek) => seek.kind === 'eq') ? entry.fields.get(usedFields[0]) : undefined;
    return {
      file,
      site,
      entry,
      kind: 'filter',
      severity: lowCardinality ? 'info' : 'warning',
      lowCardinality,
      usedFields,
      columns: columns.slice(0, MAX_INDEX_COLUMNS),
      fixColumns: columns.slice(0, MAX_INDEX_COLUMNS),
      anchor: lead.location,
      uniqueField: FIND_FIRST.has(site.operation) && only && only.type === 'String' && NATURALLY_UNIQUE.test(only.name) ? only : undefined,
      sortUnserved: unservedSort || undefined,
    };
  }
  if (access.patterns.length) {
    const pattern = access.patterns[0];
    return { file, site, entry, kind: 'pattern', patternKind: pattern.kind, severity: 'info', lowCardinality: false, usedFields: [pattern.field], columns: [], fixColumns: [], anchor: pattern.location };
  }
  if (site.orderByOpaque) return undefined;
  // Nothing narrows the rows: sorting for the first page walks the whole table.
  const sort = scalarSort(site, entry);
  if (sort && firstRowsOnly(site) && !hasIndexLeadingWith(entry, sort)) {
    const columns = sortColumns(site, entry);
    return { file, site, entry, kind: 'order', severity: 'warning', lowCardinality: false, usedFields: columns, columns, fixColumns: columns, anchor: site.orderBy[0].location };
  }
  const distinct = site.distinct.filter((use) => isScalar(entry, entry.fields.get(use.field)));
  if (distinct.length && distinct.length === site.distinct.length && !hasIndexLeadingWith(entry, distinct[0].field)) {
    const columns = unique(distinct.map((use) => use.field)).slice(0, MAX_INDEX_COLUMNS);
    return { file, site, entry, kind: 'distinct', severity: 'info', lowCardinality: false, usedFields: columns, columns, fixColumns: columns, anchor: distinct[0].location };
  }
  return undefined;
}

function evaluate(conditions: readonly WhereCondition[], entry: ModelEntry, depth: number): Access {
  const access: Access = { covered: false, opaque: false, seeks: [], patterns: [] };
  if (depth > MAX_DEPTH) return { ...access, opaque: true };
  for (const condition of conditions) {
    if (condition.kind === 'opaque') access.opaque = true;
    else if (condition.kind === 'or') evaluateOr(condition.branches, entry, depth, access);
    else if (condition.kind === 'field') evaluateField(condition, entry, access);
  }
  if (indexServes(entry, access.seeks)) access.covered = true;
  return access;
}

/**
 * Whether an index serves these seeks. One that leads with a few-valued
 * column (a boolean, a small enum, an IS NULL check) narrows little: it
 * serves only when nothing more selective is filtered on, or when a
 * selective column of the query follows its few-valued ones
 * (`@@index([isAnonymous, lastSeenAt])` for both).
 */
function indexServes(entry: ModelEntry, seeks: readonly Seek[]): boolean {
  const fewValued = new Set(seeks.filter((seek) => seek.isNull || isLowCardinality(entry, entry.fields.get(seek.field))).map((seek) => seek.field));
  const selective = new Set(seeks.map((seek) => seek.field).filter((field) => !fewValued.has(field)));
  if (!selective.size) return seeks.some((seek) => hasIndexLeadingWith(entry, seek.field));
  if ([...selective].some((field) => hasIndexLeadingWith(entry, field))) return true;
  const serves = (fields: readonly string[]) => {
    let next = 0;
    while (next < fields.length && fewValued.has(fields[next])) next++;
    return selective.has(fields[next]);
  };
  return entry.model.indexes.some((index) => index.kind !== 'fulltext' && serves(index.fields)) || entry.migrationIndexes.some(serves);
}

/**
 * A filter on few-valued columns only, sorted for its first rows, is served
 * by an index of those columns followed by the sort column (or one leading
 * with the sort column): one that goes on with another column, such as a
 * composite made for another sort, still sorts every matching row.
 */
function sortUnserved(site: PrismaQuerySite, entry: ModelEntry, seeks: readonly Seek[]): boolean {
  if (!seeks.length || seeks.some((seek) => !seek.isNull && !isLowCardinality(entry, entry.fields.get(seek.field)))) return false;
  const sort = scalarSort(site, entry);
  if (!sort || !firstRowsOnly(site) || seeks.some((seek) => seek.field === sort) || hasIndexLeadingWith(entry, sort)) return false;
  const filtered = new Set(seeks.map((seek) => seek.field));
  const serves = (fields: readonly string[]) => {
    let next = 0;
    while (next < fields.length && filtered.has(fields[next])) next++;
    return next > 0 && fields[next] === sort;
  };
  return !entry.model.indexes.some((index) => index.kind !== 'fulltext' && serves(index.fields)) && !entry.migrationIndexes.some(serves);
}

function evaluateOr(branches: readonly WhereCondition[][], entry: ModelEntry, depth: number, access: Access): void {
  if (branches.length === 0) return;
  const results = branches.map((branch) => evaluate(branch, entry, depth + 1));
  if (results.every((result) => result.covered)) {
    access.covered = true;
    return;
  }
  if (results.some((result) => result.opaque)) {
    access.opaque = true;
    return;
  }
  // One branch that nothing narrows makes the whole OR a table scan whatever the others use.
  if (results.every((result) => result.covered || result.seeks.length > 0)) {
    access.orSeeks ??= results.find((result) => !result.covered)!.seeks;
    return;
  }
  for (const result of results) access.patterns.push(...result.patterns);
}

function evaluateField(condition: Extract<WhereCondition, { kind: 'field' }>, entry: ModelEntry, access: Access): void {
  const field = entry.fields.get(condition.field);
  // A field the schema does not have (mid-edit schema, a typo): the query cannot be judged.
  if (!field) {
    access.opaque = true;
    return;
  }
  if (field.ignored) return;
  const ops = condition.ops;
  const target = relationTarget(entry, field);
  if (target) {
    // Whatever a to-one or `some` filter holds (even a spread we cannot read), it narrows by the relation's key.
    const narrows = ops.some((op) => op === 'some' || op === 'is' || op === 'nested' || op === 'null' || op === 'opaque');
    if (!narrows) return;
    if (field.relation?.fields.length) {
      // Filtering through a to-one relation compares this model's foreign key.
      for (const fk of field.relation.fields) access.seeks.push({ field: fk, kind: 'eq', location: condition.location });
    } else if (!ops.includes('null')) {
      // The other side holds the key: Prisma matches this model's primary key against a subquery.
      access.covered = true;
    }
    return;
  }
  if (!isScalar(entry, field) || field.list || field.type === 'Json' || field.type === 'Unsupported') return;
  if (ops.includes('opaque')) {
    access.opaque = true;
    return;
  }
  const equal = ops.some((op) => op === 'equals' || op === 'in' || op === 'null');
  const range = ops.some((op) => op === 'lt' || op === 'lte' || op === 'gt' || op === 'gte');
  if ((equal || range) && condition.insensitive) access.patterns.push({ field: field.name, kind: 'insensitive', location: condition.location });
  else if (equal) access.seeks.push({ field: field.name, kind: 'eq', isNull: ops.every((op) => op === 'null'), location: condition.location });
  else if (range) access.seeks.push({ field: field.name, kind: 'range', location: condition.location });
  else if (ops.includes('startsWith')) access.patterns.push({ field: field.name, kind: 'startsWith', location: condition.location });
  else if (ops.some((op) => op === 'contains' || op === 'endsWith' || op === 'search')) access.patterns.push({ field: field.name, kind: 'contains', location: condition.location });
}

/** The caller wants the first rows of an ordering: `take`, a cursor, or `findFirst` (which is `LIMIT 1`). */
function firstRowsOnly(site: PrismaQuerySite): boolean {
  return site.take || site.cursor.length > 0 || FIND_FIRST.has(site.operation);
}

/** The first sort key when it is a plain column of the model. */
function scalarSort(site: PrismaQuerySite, entry: ModelEntry): string | undefined {
  if (site.orderByOpaque) return undefined;
  const first = site.orderBy[0];
  if (!first || first.nested) return undefined;
  const field = entry.fields.get(first.field);
  return field && isScalar(entry, field) && !field.list ? field.name : undefined;
}

function sortColumns(site: PrismaQuerySite, entry: ModelEntry): string[] {
  const columns: string[] = [];
  for (const use of site.orderBy) {
    const field = entry.fields.get(use.field);
    if (use.nested || !field || !isScalar(entry, field) || columns.includes(field.name)) break;
    columns.push(field.name);
    // A unique key ends an ordering: nothing after it changes the order.
    if (hasIndexLeadingWith(entry, field.name)) break;
  }
  return columns.slice(0, MAX_INDEX_COLUMNS);
}

function isScalar(entry: ModelEntry, field: PrismaField | undefined): boolean {
  return !!field && !field.ignored && !entry.set.models.has(field.type);
}

function isLowCardinality(entry: ModelEntry, field: PrismaField | undefined): boolean {
  if (!field) return false;
  if (field.type === 'Boolean') return true;
  const values = entry.set.enums.get(field.type)?.values;
  return !!values && values.length <= SMALL_ENUM;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

// ---------------------------------------------------------------------------
// Relations read by queries (for the foreign-key findings' related locations)

function fkKey(holder: ModelEntry, fields: readonly string[]): string {
  return `${holder.file}\0${holder.model.name}\0${fields.join(',')}`;
}

function collectRelationUses(entry: ModelEntry, site: PrismaQuerySite, out: Map<string, Location[]>): void {
  const add = (holder: ModelEntry, fields: readonly string[], location: Location) => {
    const key = fkKey(holder, fields);
    const list = out.get(key) ?? [];
    list.push(location);
    out.set(key, list);
  };
  for (const use of site.relations) {
    let current: ModelEntry | undefined = entry;
    for (const name of use.path) {
      const field: PrismaField | undefined = current?.fields.get(name);
      if (!current || !field) break;
      const fk = foreignKeyOf(current, field);
      if (fk && name === use.path[use.path.length - 1]) add(fk.holder, fk.fields, use.location);
      current = relationTarget(current, field);
    }
  }
  const visit = (conditions: readonly WhereCondition[], model: ModelEntry, depth: number) => {
    if (depth > MAX_DEPTH) return;
    for (const condition of conditions) {
      if (condition.kind === 'or') condition.branches.forEach((branch) => visit(branch, model, depth + 1));
      if (condition.kind !== 'field') continue;
      const field = model.fields.get(condition.field);
      const target = field && relationTarget(model, field);
      if (!field || !target) continue;
      const fk = foreignKeyOf(model, field);
      if (fk) add(fk.holder, fk.fields, condition.location);
      if (condition.nested) visit(condition.nested, target, depth + 1);
    }
  };
  visit(site.where, entry, 0);
}

// ---------------------------------------------------------------------------
// Schema side: fields that need an index

function groupKey(entry: ModelEntry, field: string): string {
  return `${entry.file}\0${entry.model.name}\0${field}`;
}

function groupByLeadingField(verdicts: readonly SiteVerdict[]): Map<string, SiteVerdict[]> {
  const groups = new Map<string, SiteVerdict[]>();
  for (const verdict of verdicts) {
    if (verdict.kind === 'pattern') continue;
    const key = groupKey(verdict.entry, verdict.columns[0]);
    const list = groups.get(key) ?? [];
    list.push(verdict);
    groups.set(key, list);
  }
  return groups;
}

/**
 * Queries that lead with the same field share one index when they can: the
 * longest suggested index that every other one is a prefix of. Their fixes
 * then insert the same line, which applying all fixes writes once.
 */
function shareBestIndex(group: SiteVerdict[]): void {
  const best = bestIndex(group.map((verdict) => verdict.columns));
  for (const verdict of group) if (isPrefix(verdict.columns, best)) verdict.fixColumns = best;
}

function bestIndex(candidates: readonly string[][]): string[] {
  const sorted = [...candidates].sort((a, b) => b.length - a.length);
  // Queries that want different second columns: the first one's index serves the field, and its fix is the same line.
  return sorted.find((candidate) => candidates.every((other) => isPrefix(other, candidate))) ?? candidates[0];
}

function isPrefix(prefix: readonly string[], of: readonly string[]): boolean {
  return prefix.length <= of.length && prefix.every((name, i) => of[i] === name);
}

function fieldNeeds(view: SchemaView, groups: Map<string, SiteVerdict[]>, relationUses: Map<string, Location[]>): Map<string, FieldNeed[]> {
  const needs = new Map<string, FieldNeed[]>();
  const add = (need: FieldNeed) => {
    const list = needs.get(need.entry.file) ?? [];
    list.push(need);
    needs.set(need.entry.file, list);
  };
  const claimed = new Set<string>();
  for (const set of view.sets) {
    if (!foreignKeysNeedIndexes(set)) continue;
    for (const entry of set.models.values()) {
      if (entry.model.kind !== 'model' || entry.model.ignored) continue;
      const seen = new Set<string>();
      for (const relationField of entry.model.fields) {
        const fks = relationField.relation?.fields ?? [];
        if (!fks.length || relationField.ignored || !relationTarget(entry, relationField)) continue;
        const key = fks.join(',');
        if (seen.has(key) || hasIndexStartingWith(entry, fks)) continue;
        seen.add(key);
        const field = entry.fields.get(fks[0]) ?? relationField;
        const groupId = groupKey(entry, fks[0]);
        const verdicts = groups.get(groupId) ?? [];
        claimed.add(groupId);
        const shared = verdicts.length ? bestIndex(verdicts.map((verdict) => verdict.columns)) : [];
        add({
          entry,
          field,
          kind: 'foreign-key',
          foreignKey: { fields: fks, target: relationField.type, emulated: set.datasource?.relationMode === 'prisma' },
          verdicts,
          relationUses: relationUses.get(fkKey(entry, fks)) ?? [],
          columns: hasAllLeading(shared, fks) ? shared : fks,
          severity: 'warning',
          lowCardinality: false,
        });
      }
    }
  }
  for (const [key, verdicts] of groups) {
    if (claimed.has(key)) continue;
    const { entry } = verdicts[0];
    const field = entry.fields.get(verdicts[0].columns[0]);
    if (!field) continue;
    const lowCardinality = verdicts.every((verdict) => verdict.lowCardinality);
    add({
      entry,
      field,
      kind: 'queried',
      verdicts,
      relationUses: [],
      columns: bestIndex(verdicts.map((verdict) => verdict.columns)),
      severity: verdicts.some((verdict) => verdict.severity === 'warning') ? 'warning' : 'info',
      lowCardinality,
    });
  }
  return needs;
}

function hasAllLeading(columns: readonly string[], fields: readonly string[]): boolean {
  if (columns.length < fields.length) return false;
  const leading = new Set(columns.slice(0, fields.length));
  return fields.every((name) => leading.has(name));
}
