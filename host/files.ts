import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { languageOf, type PathFilter } from '../analyzers';

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
 * not followed, so a link loop cannot hang a scan.
 */
export function discoverFiles(root: string, targets: readonly string[], filter: PathFilter): DiscoveredFile[] {
  const found = new Map<string, DiscoveredFile>();
  for (const target of targets) {
    const absolute = path.resolve(root, target);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      continue;
    }
    if (stat.isFile()) {
      // A file named explicitly is analyzed even if ignore rules cover it, as ESLint does.
      const relative = toRelative(root, absolute);
      if (languageOf(relative)) found.set(absolute, { absolute, relative });
    } else if (stat.isDirectory()) {
      walkDirectory(root, absolute, filter, gitIgnoresAbove(root, absolute), found);
    }
  }
  return [...found.values()].sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
}

export function toRelative(root: string, absolute: string): string {
  const relative = path.relative(root, absolute);
  return relative.split(path.sep).join('/');
}

function walkDirectory(root: string, start: string, filter: PathFilter, inherited: GitIgnoreScope[], found: Map<string, DiscoveredFile>): void {
  const queue: Array<{ dir: string; scopes: GitIgnoreScope[] }> = [{ dir: start, scopes: inherited }];
  while (queue.length) {
    const { dir, scopes: parentScopes } = queue.shift()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    if (dir !== start && entries.some((entry) => entry.name === 'pyvenv.cfg')) continue;
    const scopes = [...parentScopes];
    if (entries.some((entry) => entry.name === '.gitignore' && entry.isFile())) {
      const scope = readGitIgnore(root, dir);
      if (scope) scopes.push(scope);
    }
    for (const entry of entries) {
      const absolute = path.join(dir, entry.name);
      const relative = toRelative(root, absolute);
      if (entry.isDirectory()) {
        if (isIgnored(relative + '/', filter, scopes)) continue;
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
    if (inScope && !inScope.startsWith('../') && scope.rules.ignores(inScope)) return true;
  }
  return false;
}

/** `.gitignore` files between the root and a starting folder apply to it too. */
function gitIgnoresAbove(root: string, start: string): GitIgnoreScope[] {
  const scopes: GitIgnoreScope[] = [];
  const relative = toRelative(root, start);
  if (relative.startsWith('..')) return scopes;
  const parts = relative ? relative.split('/') : [];
  for (let depth = 0; depth < parts.length; depth++) {
    const scope = readGitIgnore(root, path.join(root, ...parts.slice(0, depth)));
    if (scope) scopes.push(scope);
  }
  return scopes;
}

function readGitIgnore(root: string, dir: string): GitIgnoreScope | undefined {
  try {
    const content = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
    return { dir: toRelative(root, dir), rules: ignore().add(content) };
  } catch {
    return undefined;
  }
}
