import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Ignore } from 'ignore';
import { compileIgnore, ignoreFileLines, ignores, languageOf, MAX_PATH_DEPTH, MAX_PATTERNS_PER_FILE, type PathFilter } from '../analyzers';
import { readWorkspaceFile } from './workspace-file';

/** Something under the targets that could not be read or used; `kind` tells configuration (an ignore file) from content (a folder). */
export interface DiscoveryProblem {
  kind: 'ignore-file' | 'folder';
  /** Path relative to the root, `/` separators. */
  file: string;
  /** 1-based line of the ignore file the problem is on. */
  line?: number;
  message: string;
}

export interface DiscoveredFile {
  /** Absolute path on disk. */
  absolute: string;
  /** Path relative to the workspace root, `/` separators: the engine's file id. */
  relative: string;
}

interface GitIgnoreScope {
  /** Directory of the .gitignore, relative to the root ('' for the root). */
  dir: string;
  rules: Ignore;
}

/**
 * Lists the files ScaleCheck analyzes under `targets` (files or folders),
 * skipping the defaults and configured `ignore` globs, every `.gitignore` on
 * the way down, and virtualenvs (folders holding `pyvenv.cfg`). Symlinks are
 * not followed, so a link loop cannot hang a scan. Targets are absolute or
 * relative to `root`. What could not be read or used (a folder, a
 * `.gitignore`, one of its patterns) goes to `report`: nothing is skipped
 * silently.
 */
export function discoverFiles(root: string, targets: readonly string[], filter: PathFilter, report: (problem: DiscoveryProblem) => void = () => {}): DiscoveredFile[] {
  const found = new Map<string, DiscoveredFile>();
  const walk: Walk = { root, filter, report, found, deepReported: false };
  for (const target of targets) {
    const absolute = path.resolve(root, target);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (error) {
      report({ kind: 'folder', file: toRelative(root, absolute), message: `Could not be read (${errorCode(error)}).` });
      continue;
    }
    if (stat.isFile()) {
      // A file named explicitly is analyzed even if ignore rules cover it, as ESLint does.
      const relative = toRelative(root, absolute);
      if (languageOf(relative)) found.set(absolute, { absolute, relative });
    } else if (stat.isDirectory()) {
      walkDirectory(walk, absolute, gitIgnoresAbove(walk, absolute));
    }
  }
  return [...found.values()].sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
}

export function toRelative(root: string, absolute: string): string {
  const relative = path.relative(root, absolute);
  return relative.split(path.sep).join('/');
}

interface Walk {
  root: string;
  filter: PathFilter;
  report: (problem: DiscoveryProblem) => void;
  found: Map<string, DiscoveredFile>;
  deepReported: boolean;
}

function walkDirectory(walk: Walk, start: string, inherited: GitIgnoreScope[]): void {
  const { root, filter, found } = walk;
  const queue: Array<{ dir: string; scopes: GitIgnoreScope[] }> = [{ dir: start, scopes: inherited }];
  while (queue.length) {
    const { dir, scopes: parentScopes } = queue.shift()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      const relative = toRelative(root, dir) || '.';
      walk.report({ kind: 'folder', file: relative, message: `This folder could not be read (${errorCode(error)}); its files are not analyzed.` });
      continue;
    }
    if (dir !== start && entries.some((entry) => entry.name === 'pyvenv.cfg')) continue;
    const scopes = [...parentScopes];
    if (entries.some((entry) => entry.name === '.gitignore' && !entry.isDirectory())) {
      const scope = readGitIgnore(walk, dir);
      if (scope) scopes.push(scope);
    }
    for (const entry of entries) {
      const absolute = path.join(dir, entry.name);
      const relative = toRelative(root, absolute);
      if (entry.isDirectory()) {
        if (isIgnored(relative + '/', filter, scopes)) continue;
        if (relative.split('/').length > MAX_PATH_DEPTH) {
          if (!walk.deepReported) walk.report({ kind: 'folder', file: relative, message: `Folders nested more than ${MAX_PATH_DEPTH} deep are not analyzed (this is the first).` });
          walk.deepReported = true;
          continue;
        }
        queue.push({ dir: absolute, scopes });
      } else if (entry.isFile()) {
        if (!languageOf(relative) || isIgnored(relative, filter, scopes)) continue;
        found.set(absolute, { absolute, relative });
      }
    }
  }
}

function isIgnored(relative: string, filter: PathFilter, scopes: readonly GitIgnoreScope[]): boolean {
  if (filter.isIgnored(relative)) return true;
  for (const scope of scopes) {
    const inScope = scope.dir === '' ? relative : relative.startsWith(scope.dir + '/') ? relative.slice(scope.dir.length + 1) : undefined;
    if (inScope && !inScope.startsWith('../') && ignores(scope.rules, inScope)) return true;
  }
  return false;
}

/** `.gitignore` files between the root and a starting folder apply to it too. */
function gitIgnoresAbove(walk: Walk, start: string): GitIgnoreScope[] {
  const scopes: GitIgnoreScope[] = [];
  const relative = toRelative(walk.root, start);
  if (relative.startsWith('..')) return scopes;
  const parts = relative ? relative.split('/') : [];
  for (let depth = 0; depth < parts.length; depth++) {
    const scope = readGitIgnore(walk, path.join(walk.root, ...parts.slice(0, depth)));
    if (scope) scopes.push(scope);
  }
  return scopes;
}

/** A folder's `.gitignore`, read safely (see `readWorkspaceFile`), each pattern checked; what is left out is reported. */
function readGitIgnore(walk: Walk, dir: string): GitIgnoreScope | undefined {
  const file = toRelative(walk.root, path.join(dir, '.gitignore'));
  const read = readWorkspaceFile(walk.root, path.join(dir, '.gitignore'));
  if (read.kind === 'absent') return undefined;
  if (read.kind === 'refused') {
    walk.report({ kind: 'ignore-file', file, message: `Not read: ${read.reason}. Its patterns do not apply.` });
    return undefined;
  }
  const compiled = compileIgnore(ignoreFileLines(read.text), { skipBlank: true });
  for (const issue of compiled.issues.slice(0, 20)) walk.report({ kind: 'ignore-file', file, line: issue.index + 1, message: `The pattern on line ${issue.index + 1} ${issue.reason}; it is left out.` });
  if (compiled.issues.length > 20) walk.report({ kind: 'ignore-file', file, message: `${compiled.issues.length - 20} more patterns are left out.` });
  if (compiled.dropped) walk.report({ kind: 'ignore-file', file, message: `More than ${MAX_PATTERNS_PER_FILE} patterns; the last ${compiled.dropped} are left out.` });
  return { dir: toRelative(walk.root, dir), rules: compiled.rules };
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}
