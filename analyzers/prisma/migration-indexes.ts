import type { SqlFacts } from '../sql/facts';
import type { PrismaModel } from './facts';

/** An index that exists after every migration has run: its table and leading plain columns, lower-cased. */
interface LiveIndex {
  name?: string;
  table: string;
  columns: string[];
  primary: boolean;
}

/**
 * Replays migration files in the order Prisma Migrate applies them (by
 * folder name) and returns the indexes left standing, by lower-cased table
 * name. A `DROP INDEX` removes the earlier index of that name, a renamed
 * table or column takes its indexes along. Names compare case-insensitively:
 * a folded unquoted name and its quoted spelling are the same index.
 */
export function replayMigrations(migrations: ReadonlyArray<{ path: string; data: SqlFacts }>): Map<string, LiveIndex[]> {
  const ordered = [...migrations].sort((a, b) => compare(a.data.migrationsDir, b.data.migrationsDir) || compare(a.data.migration, b.data.migration) || compare(a.path, b.path));
  let live: LiveIndex[] = [];
  const named = (name: string, table: string | undefined) => (index: LiveIndex) => index.name === name.toLowerCase() && (table === undefined || index.table === table.toLowerCase());
  for (const { data } of ordered) {
    for (const statement of data.statements) {
      switch (statement.kind) {
        case 'create-index':
          live.push({ name: statement.name?.toLowerCase(), table: statement.table.toLowerCase(), columns: statement.columns.map((column) => column.toLowerCase()), primary: !!statement.primary });
          break;
        case 'drop-index':
          live = live.filter((index) => !named(statement.name, statement.table)(index));
          break;
        case 'drop-primary':
          live = live.filter((index) => !(index.primary && index.table === statement.table.toLowerCase()));
          break;
        case 'drop-table':
          live = live.filter((index) => index.table !== statement.table.toLowerCase());
          break;
        case 'rename-index':
          for (const index of live) if (named(statement.name, statement.table)(index)) index.name = statement.to.toLowerCase();
          break;
        case 'rename-table':
          for (const index of live) if (index.table === statement.table.toLowerCase()) index.table = statement.to.toLowerCase();
          break;
        case 'rename-column': {
          const [table, from, to] = [statement.table, statement.column, statement.to].map((name) => name.toLowerCase());
          for (const index of live) if (index.table === table) index.columns = index.columns.map((column) => (column === from ? to : column));
          break;
        }
      }
    }
  }
  const byTable = new Map<string, LiveIndex[]>();
  for (const index of live) {
    const list = byTable.get(index.table) ?? [];
    list.push(index);
    byTable.set(index.table, list);
  }
  return byTable;
}

/**
 * A model's migration indexes as field-name lists: the table through
 * `@@map`, each column through `@map`. A column the model does not have
 * (dropped since, or a typo) ends the usable prefix there.
 */
export function migrationIndexesOf(model: PrismaModel, byTable: ReadonlyMap<string, LiveIndex[]>): string[][] {
  const indexes = byTable.get((model.dbName ?? model.name).toLowerCase());
  if (!indexes) return [];
  const fieldByColumn = new Map<string, string>();
  for (const field of model.fields) if (!field.relation) fieldByColumn.set((field.dbName ?? field.name).toLowerCase(), field.name);
  const out: string[][] = [];
  for (const index of indexes) {
    const fields: string[] = [];
    for (const column of index.columns) {
      const field = fieldByColumn.get(column);
      if (!field) break;
      fields.push(field);
    }
    if (fields.length) out.push(fields);
  }
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
