import { codeKindOfPath, isOffline } from '../core/code-kind';
import type { FactsIndex } from '../core/facts';
import { compileGlobs } from '../core/globs';
import { CONFIDENCE_LEVELS, lowerConfidence } from '../core/evidence';
import type { GrowthReason, TableGrowth } from '../core/table-growth';
import type { Confidence, Location, Severity } from '../core/types';
import type { PrismaField } from '../prisma/facts';
import { foreignKeyOf, foreignKeysNeedIndexes, hasIndexLeadingWith, isRelationalProvider, modelForAccessor, relationTarget, schemaView, twinKey, type ModelEntry, type SchemaView } from '../prisma/schema-view';
import type { TsFacts } from '../typescript/facts';
import type { PrismaQuerySite } from './query-sites';
import { filterServed, judgeSite, type SiteJudgement } from './site-verdict';
import { prismaGrowth, type GrowthOf, type PlacedSite } from './table-growth';

export type { PatternKind, VerdictKind } from './site-verdict';

/**
 * The query ↔ index join: every Prisma Client call in the workspace set
 * against the indexes its model declares, once per facts version
 * (`FactsIndex.derived`). A missing index is one finding: at a query site
 * that needs it when there is one (the TypeScript checker reports it, with
 * the other sites and the schema as related locations), at the schema only
 * for a foreign key no query site filters on (the schema checker).
 */
export interface IndexJoin {
  verdictsByFile: Map<string, SiteVerdict[]>;
  needsBySchemaFile: Map<string, FieldNeed[]>;
}

/** A query site that no index serves, reported for its whole group of sites. */
export interface SiteVerdict extends SiteJudgement {
  file: string;
  site: PrismaQuerySite;
  entry: ModelEntry;
  /** The index to offer: the longest one the group's other indexes are prefixes of. */
  fixColumns: string[];
  /** The schema field the index starts with. */
  field?: PrismaField;
  /** Every copy of the model (schemas made from one template) the fix adds the index to. */
  copies: ModelEntry[];
  /** Other places that need the same index: query sites, and reads of the relation whose key it is. */
  others: Array<{ location: Location; kind: 'filter' | 'order' | 'relation' }>;
  growth: TableGrowth;
  growthReason: GrowthReason;
  /** High when the table grows with use, medium when nothing shows whether it does. */
  confidence: Confidence;
}

/** A foreign key without an index that no query site filters on. */
export interface FieldNeed {
  entry: ModelEntry;
  field: PrismaField;
  foreignKey: { fields: string[]; target: string; emulated: boolean };
  /** Every copy of the model that lacks the index: the fix adds it to each. */
  copies: ModelEntry[];
  /** Query sites that read the relation from the other side (include, select, `some` filters). */
  relationUses: Location[];
  columns: string[];
  severity: Severity;
  /** Low when nothing reads the relation by it (only a cascade from the parent would). */
  confidence: Confidence;
  /** Every read of the relation is in background work. */
  background: boolean;
  growth: TableGrowth;
  growthReason: GrowthReason;
}

export function indexJoin(index: FactsIndex, scripts: readonly string[]): IndexJoin {
  return index.derived(`prisma:index-join:${scripts.join('\u0000')}`, (facts) => buildIndexJoin(facts, scripts), { movable: true });
}

/**
 * One querying file's verdicts. Read through a keyed view, the file depends
 * on its own entry only: a schema edit re-analyzes the files whose verdicts
 * it changes, not every file that queries (see ARCHITECTURE, Incremental analysis).
 */
export function verdictsOf(index: FactsIndex, file: string, scripts: readonly string[]): SiteVerdict[] {
  return index.keyed(`prisma:verdicts-by-file:${scripts.join('\u0000')}`, (facts) => indexJoin(facts, scripts).verdictsByFile, { movable: true }).get(file) ?? [];
}

/** One schema file's foreign-key needs, read the same way. */
export function needsOf(index: FactsIndex, file: string, scripts: readonly string[]): FieldNeed[] {
  return index.keyed(`prisma:needs-by-schema-file:${scripts.join('\u0000')}`, (facts) => indexJoin(facts, scripts).needsBySchemaFile, { movable: true }).get(file) ?? [];
}

/**
 * Tests, seeds and fixtures query a database nobody waits on. The user's
 * `scripts` setting and the shared code kinds cover more; these are the
 * conventions common enough to skip without asking.
 */
const BULK_WRITES = new Set(['updateMany', 'updateManyAndReturn', 'deleteMany']);

const OFF_REQUEST_PATH = [
  /(?:^|\/)(?:__tests__|__mocks__|tests?|e2e|cypress|playwright)\//i,
  /\.(?:test|spec|e2e|stories)\.[cm]?[jt]sx?$/i,
  /(?:^|\/)(?:seed|populate)[^/]*\.[cm]?[jt]sx?$/i,
];

function buildIndexJoin(index: FactsIndex, scripts: readonly string[]): IndexJoin {
  const view = schemaView(index);
  const isScript = compileGlobs(scripts).matches;
  const oneOff = (path: string) => OFF_REQUEST_PATH.some((pattern) => pattern.test(path)) || isOffline(codeKindOfPath(path)) || isScript(path);
  const placed: PlacedSite[] = [];
  for (const facts of index.ofLanguage('typescript')) {
    const sites = (facts.data as TsFacts | undefined)?.prismaQueries ?? [];
    const offline = oneOff(facts.path);
    for (const site of sites) placed.push({ file: facts.path, site, oneOff: offline });
  }
  const growthOf = prismaGrowth(view, placed);
  const relationUses = new Map<string, RelationUse[]>();
  const twins = new Map<string, ModelEntry[]>();
  for (const set of view.sets) for (const entry of set.models.values()) twins.set(twinKey(entry), [...(twins.get(twinKey(entry)) ?? []), entry]);
  const verdicts: SiteVerdict[] = [];
  for (const { file, site, oneOff: offline } of placed) {
    // Queries in seeds, scripts and tests make no column hot.
    if (offline) continue;
    const resolved = modelForAccessor(view, file, site.accessor);
    if (!resolved || !isRelationalProvider(resolved.set)) continue;
    collectRelationUses(resolved, site, relationUses);
    // The copies of the model in schemas made from one template are each deployed somewhere: the query needs what any of them lacks.
    const unserved = [resolved, ...(twins.get(twinKey(resolved)) ?? []).filter((twin) => twin !== resolved && isRelationalProvider(twin.set))]
      .map((copy) => ({ copy, judgement: judgeSite(site, copy) }))
      .filter((candidate): candidate is { copy: ModelEntry; judgement: SiteJudgement } => !!candidate.judgement);
    if (!unserved.length) continue;
    const { copy: entry, judgement } = unserved[0];
    const copies = unserved.map((candidate) => candidate.copy);
    const { growth, reason } = growthOf(entry);
    // An index on a table that stays small buys nothing.
    if (growth === 'bounded') continue;
    // A yes/no column or a small enum alone rarely pays for an index (as in Django): shown only when asked for.
    let confidence: Confidence = judgement.lowCardinality ? 'low' : growth === 'grows' ? 'high' : 'medium';
    // A cached function runs once per cache lifetime; a bulk update or delete by a column is a cleanup or a
    // cascade done by hand. Neither makes the column hot: a read by it does.
    if (site.cached || BULK_WRITES.has(site.operation)) confidence = lowerConfidence(confidence);
    verdicts.push({ ...judgement, file, site, entry, copies, fixColumns: judgement.columns, others: [], growth, growthReason: reason, confidence });
  }
  const groups = groupByLeadingField(verdicts);
  const verdictsByFile = new Map<string, SiteVerdict[]>();
  const report = (verdict: SiteVerdict) => verdictsByFile.set(verdict.file, [...(verdictsByFile.get(verdict.file) ?? []), verdict]);
  // Pattern searches need another kind of index (or a search service): each is its own finding.
  for (const verdict of verdicts) if (verdict.kind === 'pattern') report(verdict);
  for (const group of groups.values()) report(primaryOf(group, relationUses));
  return { verdictsByFile, needsBySchemaFile: foreignKeyNeeds(view, groups, relationUses, growthOf) };
}

// ---------------------------------------------------------------------------
// One finding per missing index

/** One missing index: the copies of a model in schemas made from one template share it. */
function groupKey(entry: ModelEntry, field: string): string {
  return `${twinKey(entry)}\0${field}`;
}

function groupByLeadingField(verdicts: readonly SiteVerdict[]): Map<string, SiteVerdict[]> {
  const groups = new Map<string, SiteVerdict[]>();
  for (const verdict of verdicts) {
    if (verdict.kind === 'pattern') continue;
    const key = groupKey(verdict.entry, verdict.columns[0]);
    groups.set(key, [...(groups.get(key) ?? []), verdict]);
  }
  return groups;
}

/**
 * The site a group's finding is reported at: the one whose evidence is
 * strongest (a read before a bulk write or a cached function), one a request
 * may run before one in background work, a warning before an info, then the
 * first by file and position, so the choice is stable. The others become its related
 * locations, and every fix offers the one index that serves them all.
 */
function primaryOf(group: SiteVerdict[], relationUses: Map<string, RelationUse[]>): SiteVerdict {
  const rank = (verdict: SiteVerdict) => CONFIDENCE_LEVELS.indexOf(verdict.confidence) * 4 + (verdict.site.background ? 2 : 0) + (verdict.severity === 'warning' ? 0 : 1);
  const sorted = [...group].sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file) || a.anchor.range.start.offset - b.anchor.range.start.offset);
  const primary = sorted[0];
  const { entry } = primary;
  const lead = primary.columns[0];
  const fk = entry.model.fields.find((field) => field.relation?.fields[0] === lead && relationTarget(entry, field));
  const reads = fk ? relationUses.get(fkKey(entry, fk.relation!.fields)) ?? [] : [];
  const best = bestIndex(group.map((verdict) => verdict.columns));
  return {
    ...primary,
    fixColumns: isPrefix(primary.columns, best) ? best : primary.columns,
    copies: [...new Set(group.flatMap((verdict) => verdict.copies))],
    field: entry.fields.get(lead),
    others: [
      ...sorted.slice(1).map((verdict) => ({ location: verdict.anchor, kind: verdict.kind === 'filter' ? ('filter' as const) : ('order' as const) })),
      ...reads.map((use) => ({ location: use.location, kind: 'relation' as const })),
    ],
  };
}

function bestIndex(candidates: readonly string[][]): string[] {
  const sorted = [...candidates].sort((a, b) => b.length - a.length);
  // Queries that want different second columns: the first one's index serves the field, and its fix is the same line.
  return sorted.find((candidate) => candidates.every((other) => isPrefix(other, candidate))) ?? candidates[0];
}

function isPrefix(prefix: readonly string[], of: readonly string[]): boolean {
  return prefix.length <= of.length && prefix.every((name, i) => of[i] === name);
}

// ---------------------------------------------------------------------------
// Relations read by queries (related locations of foreign-key findings)

/** A foreign key, the same for its copies in schemas generated from one template. */
function fkKey(holder: ModelEntry, fields: readonly string[]): string {
  return `${twinKey(holder)}\0${fields.join(',')}`;
}

interface RelationUse {
  location: Location;
  background: boolean;
}

/**
 * The foreign keys a query reads rows by, from the other side of their
 * relation: `include: { comments }` (or `select`, `_count`) on posts reads
 * Comment `WHERE postId IN (…)`, one lookup per page of posts. Not counted:
 * reading the to-one side (`include: { author }` goes by the author's
 * primary key); a relation read of every parent row (no filter, no `take`),
 * which reads every child row anyway; a read whose own `where` an index
 * serves; and relation filters
 * (`where: { comments: { some } }`), which the database answers with a
 * semi-join, one pass over the child table, index or not.
 */
function collectRelationUses(entry: ModelEntry, site: PrismaQuerySite, out: Map<string, RelationUse[]>): void {
  const everyRow = site.operation === 'findMany' && site.where.length === 0 && !site.whereOpaque && !site.take && site.cursor.length === 0;
  if (everyRow) return;
  for (const use of site.relations) {
    let current: ModelEntry | undefined = entry;
    for (const name of use.path) {
      const field: PrismaField | undefined = current?.fields.get(name);
      if (!current || !field) break;
      const fk = name === use.path[use.path.length - 1] ? foreignKeyOf(current, field) : undefined;
      // The read's own filter may lead it to the rows by another index (`where: { objectId }`).
      const served = !!fk && !!use.where && filterServed(use.where, fk.holder);
      if (fk && fk.relationField !== field && !served) {
        const key = fkKey(fk.holder, fk.fields);
        out.set(key, [...(out.get(key) ?? []), { location: use.location, background: site.background }]);
      }
      current = relationTarget(current, field);
    }
  }
}

// ---------------------------------------------------------------------------
// Schema side: foreign keys no query site filters on

function foreignKeyNeeds(view: SchemaView, groups: Map<string, SiteVerdict[]>, relationUses: Map<string, RelationUse[]>, growthOf: GrowthOf): Map<string, FieldNeed[]> {
  const candidates: Array<{ entry: ModelEntry; relationField: PrismaField; fks: string[]; twin: string; queried: boolean }> = [];
  const copies = new Map<string, ModelEntry[]>();
  for (const set of view.sets) {
    if (!foreignKeysNeedIndexes(set)) continue;
    for (const entry of set.models.values()) {
      if (entry.model.kind !== 'model' || entry.model.ignored) continue;
      const seen = new Set<string>();
      for (const relationField of entry.model.fields) {
        const fks = relationField.relation?.fields ?? [];
        if (!fks.length || relationField.ignored || !relationTarget(entry, relationField)) continue;
        const key = fks.join(',');
        // An index that leads with any column of the key finds one parent's rows.
        if (seen.has(key) || fks.some((fk) => hasIndexLeadingWith(entry, fk))) continue;
        seen.add(key);
        // Schemas generated from one template (a PostgreSQL and a MySQL copy) hold the same model twice: one finding.
        const twin = fkKey(entry, fks);
        // A query site that filters on the key carries the finding.
        candidates.push({ entry, relationField, fks, twin, queried: groups.has(groupKey(entry, fks[0])) });
        copies.set(twin, [...(copies.get(twin) ?? []), entry]);
      }
    }
  }
  const settled = new Set(candidates.filter((candidate) => candidate.queried).map((candidate) => candidate.twin));
  const needs = new Map<string, FieldNeed[]>();
  for (const { entry, relationField, fks, twin } of candidates) {
    if (settled.has(twin)) continue;
    settled.add(twin);
    const { growth, reason } = growthOf(entry);
    // An index on a table that stays small buys nothing.
    if (growth === 'bounded') continue;
    const uses = relationUses.get(fkKey(entry, fks)) ?? [];
    const need: FieldNeed = {
      entry,
      field: entry.fields.get(fks[0]) ?? relationField,
      foreignKey: { fields: fks, target: relationField.type, emulated: entry.set.datasource?.relationMode === 'prisma' },
      copies: copies.get(twin) ?? [entry],
      relationUses: uses.map((use) => use.location),
      columns: fks,
      severity: 'warning',
      // Nothing reads the relation by this key: only deleting a parent would, and that is rare.
      confidence: uses.length === 0 ? 'low' : growth === 'grows' ? 'high' : 'medium',
      background: uses.length > 0 && uses.every((use) => use.background),
      growth,
      growthReason: reason,
    };
    needs.set(entry.file, [...(needs.get(entry.file) ?? []), need]);
  }
  return needs;
}
