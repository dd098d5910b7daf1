import type { ParsedFile } from '../core/rule';
import type { IndexStatement } from './statements';

/**
 * What one migration file (`…/migrations/<timestamp>_<name>/migration.sql`)
 * contributes: the index statements it runs, in order. Positions are left
 * out on purpose: nothing points into a migration yet, and without them an
 * edit that only moves text changes no facts.
 */
export interface SqlFacts {
  /** The `migrations` folder the file belongs to. */
  migrationsDir: string;
  /** The migration's folder name: migrations apply in the order of these names. */
  migration: string;
  statements: IndexStatement[];
}

declare module '../core/facts' {
  interface FactsByLanguage {
    sql: SqlFacts;
  }
}

export interface SqlTree {
  statements: IndexStatement[];
}

const MIGRATION_PATH = /^(.*?)\/?([^/]+)\/migration\.sql$/i;

export function extractSqlFacts(file: ParsedFile<SqlTree>): SqlFacts {
  const match = MIGRATION_PATH.exec(file.path);
  return { migrationsDir: match?.[1] ?? '', migration: match?.[2] ?? '', statements: file.tree.statements };
}
