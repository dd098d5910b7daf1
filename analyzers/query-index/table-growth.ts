import { noWrites, tableGrowth, type Growth, type WriteCounts } from '../core/table-growth';
import type { PrismaField } from '../prisma/facts';
import { modelForAccessor, relationTarget, twinKey, type ModelEntry, type SchemaView } from '../prisma/schema-view';
import type { PrismaQuerySite } from './query-sites';
import { isLowCardinality } from './site-verdict';

/**
 * Table growth for Prisma models (`core/table-growth.ts`): where the
 * workspace's Prisma calls create rows of each model (`create`, `upsert`,
 * nested `create`s), and whether a unique key allows one row per parent.
 */
export type GrowthOf = (entry: ModelEntry) => Growth;

/** A query site with what its file is: one-off code (a seed, a script, a test) or not. */
export interface PlacedSite {
  file: string;
  site: PrismaQuerySite;
  oneOff: boolean;
}

const CREATES = new Set(['create', 'createMany', 'createManyAndReturn', 'upsert']);
const BULK_CREATES = new Set(['createMany', 'createManyAndReturn']);

export function prismaGrowth(view: SchemaView, sites: readonly PlacedSite[]): GrowthOf {
  // By twin: a query resolved to one copy of a model writes the rows of the copy that is deployed too.
  const writes = new Map<string, WriteCounts>();
  const count = (entry: ModelEntry | undefined, kind: keyof WriteCounts) => {
    if (!entry) return;
    const counts = writes.get(twinKey(entry)) ?? noWrites();
    counts[kind]++;
    writes.set(twinKey(entry), counts);
  };
  for (const { file, site, oneOff } of sites) {
    if (!CREATES.has(site.operation) && !site.nestedCreates.length) continue;
    const entry = modelForAccessor(view, file, site.accessor);
    if (!entry) continue;
    const kind: keyof WriteCounts = oneOff ? 'oneOff' : BULK_CREATES.has(site.operation) || site.inLoop || site.background ? 'bulk' : 'app';
    if (CREATES.has(site.operation)) count(entry, kind);
    for (const path of site.nestedCreates) count(followPath(entry, path), kind);
  }
  const memo = new Map<ModelEntry, Growth>();
  const growthOf = (entry: ModelEntry): Growth => {
    let judged = memo.get(entry);
    if (!judged) {
      // A parent chain that comes back to this model (self-relations) knows nothing more.
      memo.set(entry, { growth: 'unknown', reason: 'no-evidence' });
      const parent = parentOf(entry);
      judged = tableGrowth({ name: entry.model.name, parent: parent && growthOf(parent), writes: writes.get(twinKey(entry)) ?? noWrites() });
      memo.set(entry, judged);
    }
    return judged;
  };
  return growthOf;
}

function followPath(entry: ModelEntry, path: readonly string[]): ModelEntry | undefined {
  let current: ModelEntry | undefined = entry;
  for (const name of path) {
    const field: PrismaField | undefined = current?.fields.get(name);
    current = current && field ? relationTarget(current, field) : undefined;
  }
  return current;
}

/**
 * The parent of a unique key made of one parent's foreign key, alone or with
 * few-valued columns (`@@unique([projectId])`, `userId @unique`,
 * `@@unique([userId, provider])` with an enum): the model holds one row, or
 * a few, per parent.
 */
function parentOf(entry: ModelEntry): ModelEntry | undefined {
  const relations = entry.model.fields.filter((field) => field.relation?.fields.length && relationTarget(entry, field));
  for (const index of entry.model.indexes) {
    if (index.kind !== 'id' && index.kind !== 'unique') continue;
    const relation = relations.find((field) => field.relation!.fields.some((key) => index.fields.includes(key)));
    if (!relation || !index.fields.every((name) => relation.relation!.fields.includes(name) || isLowCardinality(entry, entry.fields.get(name)))) continue;
    const parent = relationTarget(entry, relation);
    if (parent && !isSatellite(parent, entry)) return parent;
  }
  return undefined;
}

/**
 * A row made for each row of `of` (a document's metadata, one per document):
 * its only relations lead back to `of`, and `of` also belongs to another
 * parent by a key that is not unique (many documents per user). One row of
 * `of` per row of it then bounds nothing. A parent with nothing else in the
 * schema, over a model with no other owner, still counts.
 */
function isSatellite(parent: ModelEntry, of: ModelEntry): boolean {
  const relations = parent.model.fields.filter((field) => relationTarget(parent, field));
  if (!relations.length || relations.some((field) => relationTarget(parent, field) !== of)) return false;
  return of.model.fields.some((field) => {
    const keys = field.relation?.fields ?? [];
    const target = relationTarget(of, field);
    return keys.length > 0 && !!target && target !== parent && !of.model.indexes.some((index) => (index.kind === 'id' || index.kind === 'unique') && index.fields.every((name) => keys.includes(name)));
  });
}
