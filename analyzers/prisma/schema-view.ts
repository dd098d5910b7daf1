import type { FactsIndex } from '../core/facts';
import type { SqlFacts } from '../sql/facts';
import type { PrismaDatasource, PrismaEnum, PrismaField, PrismaFacts, PrismaModel } from './facts';
import { migrationIndexesOf, replayMigrations } from './migration-indexes';

/**
 * The workspace's Prisma schemas, merged across files. A schema is the
 * folder of a file with a `datasource` block plus everything below it, so a
 * multi-file schema (`prisma/schema/*.prisma`) is one set, and two apps in a
 * monorepo stay two sets. Files without a datasource above them form a set of
 * their own folder (provider unknown). A `migrations` folder belongs to the
 * set whose folder shares the longest path with it (`prisma/migrations` next
 * to `prisma/schema.prisma` or `prisma/schema/`).
 */
export interface SchemaSet {
  root: string;
  files: string[];
  datasource?: PrismaDatasource;
  models: Map<string, ModelEntry>;
  /** Client accessor (`prisma.blogPost`) → model. */
  byAccessor: Map<string, ModelEntry>;
  enums: Map<string, PrismaEnum>;
}

export interface ModelEntry {
  set: SchemaSet;
  /** The schema file the model is declared in. */
  file: string;
  model: PrismaModel;
  fields: Map<string, PrismaField>;
  /** Indexes that the set's SQL migrations leave on the model's table, as field names (leading plain columns only). */
  migrationIndexes: string[][];
}

export interface SchemaView {
  sets: SchemaSet[];
  /** Schema file → its set. */
  byFile: Map<string, SchemaSet>;
}

export function schemaView(index: FactsIndex): SchemaView {
  return index.derived('prisma:schemas', buildSchemaView, { movable: true });
}

/** Prisma Client's model accessor: the model name with its first letter lower-cased. */
export function accessorOf(modelName: string): string {
  return modelName.charAt(0).toLowerCase() + modelName.slice(1);
}

function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash >= 0 ? path.slice(0, slash) : '';
}

function isWithin(dir: string, root: string): boolean {
  return root === '' || dir === root || dir.startsWith(`${root}/`);
}

function buildSchemaView(index: FactsIndex): SchemaView {
  const files = index
    .ofLanguage('prisma')
    .map((facts) => ({ path: facts.path, data: facts.data as PrismaFacts }))
    .sort((a, b) => a.path.localeCompare(b.path));
  const roots = [...new Set(files.filter((file) => file.data.datasource).map((file) => dirOf(file.path)))].sort((a, b) => b.length - a.length);
  const sets = new Map<string, SchemaSet>();
  const byFile = new Map<string, SchemaSet>();
  for (const file of files) {
    const dir = dirOf(file.path);
    const root = roots.find((candidate) => isWithin(dir, candidate)) ?? dir;
    let set = sets.get(root);
    if (!set) {
      set = { root, files: [], models: new Map(), byAccessor: new Map(), enums: new Map() };
      sets.set(root, set);
    }
    set.files.push(file.path);
    byFile.set(file.path, set);
    if (file.data.datasource && !set.datasource) set.datasource = file.data.datasource;
    for (const model of file.data.models) {
      // A duplicate model (mid-edit, or a copy) never replaces the first one.
      if (set.models.has(model.name)) continue;
      const entry: ModelEntry = { set, file: file.path, model, fields: new Map(model.fields.map((field) => [field.name, field])), migrationIndexes: [] };
      set.models.set(model.name, entry);
      if (model.kind === 'model' && !model.ignored) set.byAccessor.set(accessorOf(model.name), entry);
    }
    for (const value of file.data.enums) if (!set.enums.has(value.name)) set.enums.set(value.name, value);
  }
  joinMigrations(index, [...sets.values()]);
  return { sets: [...sets.values()], byFile };
}

/** Gives every model the indexes its set's migrations leave on its table. */
function joinMigrations(index: FactsIndex, sets: readonly SchemaSet[]): void {
  const migrations = index.ofLanguage('sql');
  if (migrations.length === 0 || sets.length === 0) return;
  const bySet = new Map<SchemaSet, Array<{ path: string; data: SqlFacts }>>();
  for (const facts of migrations) {
    const data = facts.data as SqlFacts;
    const set = setOfMigrations(sets, dirOf(data.migrationsDir));
    if (!set) continue;
    const list = bySet.get(set) ?? [];
    list.push({ path: facts.path, data });
    bySet.set(set, list);
  }
  for (const [set, files] of bySet) {
    const byTable = replayMigrations(files);
    for (const entry of set.models.values()) entry.migrationIndexes = migrationIndexesOf(entry.model, byTable);
  }
}

/** The set whose folder shares the longest path with the folder holding `migrations/`; none when two sets tie. */
function setOfMigrations(sets: readonly SchemaSet[], parent: string): SchemaSet | undefined {
  let best: SchemaSet | undefined;
  let bestScore = -1;
  let tie = false;
  for (const set of sets) {
    const score = sharedPrefix(set.root, parent);
    if (score > bestScore) [best, bestScore, tie] = [set, score, false];
    else if (score === bestScore) tie = true;
  }
  return tie ? undefined : best;
}

/**
 * The model a query in `fromFile` reaches through `accessor`: among the
 * schemas that have it, the one whose folder shares the longest path with the
 * querying file (the app's own schema in a monorepo).
 */
export function modelForAccessor(view: SchemaView, fromFile: string, accessor: string): ModelEntry | undefined {
  let best: ModelEntry | undefined;
  let bestScore = -1;
  for (const set of view.sets) {
    const entry = set.byAccessor.get(accessor);
    if (!entry) continue;
    const score = sharedPrefix(set.root, fromFile);
    if (score > bestScore) {
      best = entry;
      bestScore = score;
    }
  }
  return best;
}

function sharedPrefix(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  let count = 0;
  while (count < left.length && count < right.length && left[count] === right[count]) count++;
  return count;
}

/**
 * A model's name and fields: equal for the copies of one model in schemas
 * generated from one template (a PostgreSQL and a MySQL schema of the same
 * app), which a query in either may reach.
 */
export function twinKey(entry: ModelEntry): string {
  return `${entry.model.name}\0${entry.model.fields.map((field) => `${field.name}:${field.type}`).join(',')}`;
}

/** The model a relation field points to, when its type is a model of the same schema. */
export function relationTarget(entry: ModelEntry, field: PrismaField): ModelEntry | undefined {
  const target = entry.set.models.get(field.type);
  return target && target.model.kind === 'model' ? target : undefined;
}

/**
 * Where the foreign key of a relation field lives: on this model when it
 * declares `@relation(fields: …)`, else on the opposite field of the target.
 */
export function foreignKeyOf(entry: ModelEntry, field: PrismaField): { holder: ModelEntry; fields: string[]; relationField: PrismaField } | undefined {
  const target = relationTarget(entry, field);
  if (!target) return undefined;
  if (field.relation?.fields.length) return { holder: entry, fields: field.relation.fields, relationField: field };
  const name = field.relation?.name;
  for (const candidate of target.model.fields) {
    if (candidate === field || candidate.type !== entry.model.name || !candidate.relation?.fields.length) continue;
    if ((candidate.relation.name ?? undefined) !== name) continue;
    return { holder: target, fields: candidate.relation.fields, relationField: candidate };
  }
  return undefined;
}

/**
 * True when some index starts with exactly these fields, in any order: one
 * the schema declares (not a full-text one), or one the migrations create.
 */
export function hasIndexStartingWith(entry: ModelEntry, fields: readonly string[]): boolean {
  if (fields.length === 0) return true;
  const wanted = new Set(fields);
  const leads = (indexFields: readonly string[]) => {
    if (indexFields.length < wanted.size) return false;
    const leading = new Set(indexFields.slice(0, wanted.size));
    return [...wanted].every((name) => leading.has(name));
  };
  return entry.model.indexes.some((index) => index.kind !== 'fulltext' && leads(index.fields)) || entry.migrationIndexes.some(leads);
}

/**
 * Whether the database has an index whose first column is `field`: a
 * declared one, or the index MySQL's InnoDB creates for every foreign key.
 */
export function hasIndexLeadingWith(entry: ModelEntry, field: string): boolean {
  if (hasIndexStartingWith(entry, [field])) return true;
  const { datasource } = entry.set;
  if (datasource?.provider !== 'mysql' || datasource.relationMode === 'prisma') return false;
  return entry.model.fields.some((candidate) => candidate.relation?.fields[0] === field);
}

/** Providers that create no index for a foreign key by themselves. */
const PROVIDERS_WITHOUT_FK_INDEXES = new Set(['postgresql', 'postgres', 'sqlite', 'sqlserver', 'cockroachdb']);

/**
 * Whether a relation scalar without an index is a finding in this schema:
 * PostgreSQL, SQLite, SQL Server and CockroachDB never index foreign keys on
 * their own; MySQL's InnoDB does, unless `relationMode = "prisma"` leaves
 * the database without foreign keys. MongoDB and unknown providers: no.
 */
export function foreignKeysNeedIndexes(set: SchemaSet): boolean {
  const provider = set.datasource?.provider;
  if (!provider) return false;
  if (PROVIDERS_WITHOUT_FK_INDEXES.has(provider)) return true;
  return provider === 'mysql' && set.datasource?.relationMode === 'prisma';
}

/** SQL databases whose query planner reads B-tree indexes the way the rule reasons about. */
export function isRelationalProvider(set: SchemaSet): boolean {
  const provider = set.datasource?.provider;
  return provider !== 'mongodb';
}

export const PROVIDER_NAMES: Record<string, string> = {
  postgresql: 'PostgreSQL',
  postgres: 'PostgreSQL',
  mysql: 'MySQL',
  sqlite: 'SQLite',
  sqlserver: 'SQL Server',
  cockroachdb: 'CockroachDB',
  mongodb: 'MongoDB',
};
