import { codeKindOfPath, type CodeKind } from '../core/code-kind';

/** A test case class, wherever the file lives: `class OrderTests(APITestCase)`. */
const TEST_CLASS = /^class\s+\w+\s*\([^)]*\b\w*TestCase\b/m;
/** A migration, wherever `MIGRATION_MODULES` put it: Django runs it once, at deploy. */
const MIGRATION_CLASS = /^class\s+Migration\s*\(\s*migrations\.Migration\s*\)/m;

/**
 * What a Python file is for: its path decides first (`core/code-kind.ts`),
 * then its text. A test case class makes any file a test, even under
 * `scripts/`; a `Migration` class makes application code a migration.
 */
export function pythonCodeKind(path: string, text: string): CodeKind {
  const byPath = codeKindOfPath(path);
  if (byPath === 'test' || TEST_CLASS.test(text)) return 'test';
  if (byPath !== 'application') return byPath;
  return MIGRATION_CLASS.test(text) ? 'migration' : 'application';
}
