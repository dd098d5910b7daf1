import type { Location, Severity } from '../core/types';
import type { PrismaField } from '../prisma/facts';
import { hasIndexLeadingWith, relationTarget, type ModelEntry } from '../prisma/schema-view';
import type { PrismaQuerySite, WhereCondition } from './query-sites';

/**
 * One Prisma query site against the indexes of its model: whether an index
 * serves its filter, or its sort for the first rows, and which index would.
 * `index-join.ts` then groups the sites that need the same index.
 */
export type VerdictKind = 'filter' | 'order' | 'distinct' | 'pattern';
export type PatternKind = 'contains' | 'startsWith' | 'insensitive';

/** What one query site needs that no index gives it. */
export interface SiteJudgement {
  kind: VerdictKind;
  patternKind?: PatternKind;
  severity: Severity;
  /** Only booleans and small enums are filtered: an index alone rarely pays off. */
  lowCardinality: boolean;
  /** The fields the query filters on (filter) or sorts / picks distinct by. */
  usedFields: string[];
  /** The index that would serve this query; empty for patterns. */
  columns: string[];
  /** Where the finding points in the querying file. */
  anchor: Location;
  /** A `findFirst` by a naturally unique field (`email`, `slug`, `handle`): `@unique` is an alternative. */
  uniqueField?: PrismaField;
  /** An index leads with the filter column, but the sort for the first rows is not the column after it. */
  sortUnserved?: boolean;
}

/** Operations whose `where` must name a unique field: an index always serves them. */
const UNIQUE_OPERATIONS = new Set(['findUnique', 'findUniqueOrThrow', 'update', 'delete', 'upsert']);
const FIND_FIRST = new Set(['findFirst', 'findFirstOrThrow']);
/** Columns that identify a row in practice, though the schema may not say so. */
const NATURALLY_UNIQUE = /^(?:email|emailAddress|slug|handle|username|userName|login)$/;
const SMALL_ENUM = 5;
const MAX_INDEX_COLUMNS = 3;
const MAX_DEPTH = 8;

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

export function judgeSite(site: PrismaQuerySite, entry: ModelEntry): SiteJudgement | undefined {
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
    // A yes/no column never leads an index we suggest: it splits the table in two at best.
    const booleans = fewValued.filter((name) => entry.fields.get(name)?.type === 'Boolean');
    const columns = unique([...selective, ...fewValued.filter((name) => !booleans.includes(name))]);
    const range = seeks.find((seek) => seek.kind === 'range' && !columns.includes(seek.field) && !booleans.includes(seek.field) && !nullChecks.includes(seek.field));
    if (range) columns.push(range.field);
    const usedFields = unique(seeks.map((seek) => seek.field));
    const sort = scalarSort(site, entry);
    const sorted = !range && !!sort && firstRowsOnly(site) && !columns.includes(sort) && !booleans.includes(sort);
    if (sorted) columns.push(sort);
    columns.push(...booleans.filter((name) => !columns.includes(name)));
    if (columns.length === 0) columns.push(...nullChecks);
    // A few-valued filter with a sort for the first rows is served well by the pair: not the low-value case.
    const lowCardinality = selective.length === 0 && !range && !sorted;
    // Only yes/no columns filter, and the sort leads the index: the table is walked in sort order for the first rows.
    if (sorted && columns[0] === sort) return { kind: 'order', severity: 'warning', lowCardinality: false, usedFields: [sort], columns: columns.slice(0, MAX_INDEX_COLUMNS), anchor: site.orderBy[0].location };
    const anchor = seeks.find((seek) => seek.field === columns[0])?.location ?? seeks[0].location;
    const only = usedFields.length === 1 && seeks.every((seek) => seek.kind === 'eq') ? entry.fields.get(usedFields[0]) : undefined;
    return {
      kind: 'filter',
      severity: lowCardinality ? 'info' : 'warning',
      lowCardinality,
      usedFields,
      columns: columns.slice(0, MAX_INDEX_COLUMNS),
      anchor,
      uniqueField: FIND_FIRST.has(site.operation) && only && only.type === 'String' && NATURALLY_UNIQUE.test(only.name) ? only : undefined,
      sortUnserved: unservedSort || undefined,
    };
  }
  if (access.patterns.length) {
    const pattern = access.patterns[0];
    return { kind: 'pattern', patternKind: pattern.kind, severity: 'info', lowCardinality: false, usedFields: [pattern.field], columns: [], anchor: pattern.location };
  }
  if (site.orderByOpaque) return undefined;
  // Nothing narrows the rows: sorting for the first page walks the whole table.
  const sort = scalarSort(site, entry);
  if (sort && firstRowsOnly(site) && !hasIndexLeadingWith(entry, sort)) {
    const columns = sortColumns(site, entry);
    return { kind: 'order', severity: 'warning', lowCardinality: false, usedFields: columns, columns, anchor: site.orderBy[0].location };
  }
  const distinct = site.distinct.filter((use) => isScalar(entry, entry.fields.get(use.field)));
  if (distinct.length && distinct.length === site.distinct.length && !hasIndexLeadingWith(entry, distinct[0].field)) {
    const columns = unique(distinct.map((use) => use.field)).slice(0, MAX_INDEX_COLUMNS);
    return { kind: 'distinct', severity: 'info', lowCardinality: false, usedFields: columns, columns, anchor: distinct[0].location };
  }
  return undefined;
}

/** Whether an index serves a filter as a whole (a relation read's own `where`, say). */
export function filterServed(conditions: readonly WhereCondition[], entry: ModelEntry): boolean {
  const access = evaluate(conditions, entry, 0);
  return access.covered && !access.opaque;
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
    // `equals`: a filter object held in a variable (`result: resultFilter`), which narrows by the key all the same.
    const narrows = ops.some((op) => op === 'some' || op === 'is' || op === 'nested' || op === 'null' || op === 'opaque' || op === 'equals');
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
  else if (ops.includes('startsWith')) {
    // MySQL serves a prefix match (`LIKE 'abc%'`) with an ordinary index on the column.
    if (entry.set.datasource?.provider === 'mysql' && hasIndexLeadingWith(entry, field.name)) access.seeks.push({ field: field.name, kind: 'range', location: condition.location });
    else access.patterns.push({ field: field.name, kind: 'startsWith', location: condition.location });
  }
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

export function isLowCardinality(entry: ModelEntry, field: PrismaField | undefined): boolean {
  if (!field) return false;
  if (field.type === 'Boolean') return true;
  const values = entry.set.enums.get(field.type)?.values;
  return !!values && values.length <= SMALL_ENUM;
}

export function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

