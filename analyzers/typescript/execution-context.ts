import type { ExecutionContext } from '../core/evidence';
import { codeKindOfPath } from '../core/code-kind';
import { entryRunsOf, isBackgroundFile } from './entry-context';
import type { TsScope } from './scope';

/**
 * Where a unit of the checked file runs (see `ExecutionContext`): a test or
 * a script by its path, the user's `scripts` globs or its own account;
 * otherwise what the workspace derives from the entry points that reach it
 * (`contexts.ts`). While the file's facts are stale, its own evidence
 * decides: a background or build entry point, a handler, else `unknown`.
 */
export function executionContextOf(scope: TsScope, path: string, unit: number): ExecutionContext {
  if (scope.offline) return codeKindOfPath(path) === 'test' ? 'test' : 'script';
  if (scope.fresh) return scope.answers.context(path, unit);
  const runs = entryRunsOf(scope.model, unit, isBackgroundFile(path, scope.model.sourceFile.text));
  if (runs) return runs;
  return scope.model.units[unit].handler ? 'request' : 'unknown';
}

/** Where the checked file's top-level code runs: wherever the file is loaded. */
export function moduleContextOf(scope: TsScope, path: string): ExecutionContext {
  if (scope.offline) return codeKindOfPath(path) === 'test' ? 'test' : 'script';
  return scope.fresh ? scope.answers.fileContext(path) : 'unknown';
}
