/**
 * What a file is for, named once for every language. Rules speak of
 * `application` code; the others never run at user traffic:
 *
 * - `test`: test cases, their helpers, fixtures and stories;
 * - `script`: one-off code a person runs (seeds, scripts, management commands);
 * - `migration`: schema and data migrations, run once at deploy;
 * - `generated`: written by a tool (the engine skips it before parsing, `guards.ts`).
 *
 * Paths decide first, the same for every language; each language then adds
 * what its text shows (a Python `TestCase` class, a Django `Migration`
 * class). The user's `scripts` globs (`.scalecheck.json`) add to these.
 */
export type CodeKind = 'application' | 'test' | 'script' | 'migration' | 'generated';

/**
 * Folders of tests and what only tests use, in any language. Storybook is
 * known by its file names and its `.storybook/` folder, not by a folder named
 * `stories/`, which is as often a route or a Django app.
 */
const TEST_FOLDER = /(?:^|\/)(?:__tests__|__mocks__|tests?|testing|test[-_]?utils|test[-_]?helpers|testcontainers|e2e|cypress|playwright|fixtures?|factories|mocks?)\//;
/** Test files by name: `*.test.ts`, `*.spec.js`, `*.stories.tsx`; `test_*.py`, `*_tests.py`, `conftest.py`, `tests.py`, `*_test_case.py`. */
const TEST_NAME = /\.(?:test|spec|stories|e2e|cy)\.[cm]?[jt]sx?$|(?:^|\/)(?:test_[^/]*|[^/]*_tests?|[^/]*_test_case|conftest|tests?|testing|test_utils|fixtures|factories)\.py$/;
/**
 * Folders whose name starts with a dot hold tooling (`.github/` helpers,
 * `.storybook/`, `.semgrep/` rule fixtures), never the application.
 */
const TOOLING_FOLDER = /(?:^|\/)\.[^/.][^/]*\//;
/** Script folders: `scripts/` or `script/`, Django's management commands. */
const SCRIPT_FOLDER = /(?:^|\/)(?:scripts?|management\/commands)\//;
/** Migration folders (Django's `migrations/`, Prisma's and custom data migrations in `migration/`). */
const MIGRATION_FOLDER = /(?:^|\/)migrations?\//;

/** The kind a path alone shows; `application` when it shows none. */
export function codeKindOfPath(path: string): CodeKind {
  if (TEST_FOLDER.test(path) || TEST_NAME.test(path) || TOOLING_FOLDER.test(path)) return 'test';
  if (MIGRATION_FOLDER.test(path)) return 'migration';
  if (SCRIPT_FOLDER.test(path)) return 'script';
  return 'application';
}

/** Code that never runs at user traffic: nothing a rule says about requests applies to it. */
export function isOffline(kind: CodeKind): boolean {
  return kind !== 'application';
}
