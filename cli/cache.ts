import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { version } from '../package.json';
import type { AnalysisSettings } from '../analyzers';

/** Where `--cache` keeps its file unless `--cache-location` says: ESLint's and Babel's place for caches. */
export const DEFAULT_CACHE_FOLDER = path.join('node_modules', '.cache', 'scalecheck');

/**
 * The cache file: `--cache-location` itself, unless it names a folder (it
 * exists as one, or ends with a slash), in which case a file in it named
 * after what is scanned (the root and the targets): a cache holds one scan,
 * so `scalecheck src` and `scalecheck .` keep one each rather than replace
 * each other's.
 */
export function cacheFile(cwd: string, root: string, targets: readonly string[], location: string | undefined): string {
  const given = path.resolve(cwd, location ?? DEFAULT_CACHE_FOLDER);
  const folder = location === undefined || /[\\/]$/.test(location) || isDirectory(given);
  if (!folder) return given;
  const scanned = JSON.stringify([root, ...[...targets].sort()]);
  return path.join(given, `scan-${crypto.createHash('sha256').update(scanned).digest('hex').slice(0, 16)}`);
}

/**
 * The engine a cache belongs to: the package version, the digest of the
 * built engine (`dist/engine-id`, written by scripts/build.mjs) and the
 * Node.js version (its serializer writes the file; its regular expressions
 * run the rules). Undefined when this build has none (running from
 * sources): the cache is then not used, rather than kept across engine
 * changes nobody can see.
 */
export function engineIdentity(): string | undefined {
  try {
    const id = fs.readFileSync(path.join(__dirname, 'engine-id'), 'utf8').trim();
    return id ? `${version}+${id} node ${process.version}` : undefined;
  } catch {
    return undefined;
  }
}

/** Everything besides the files that changes findings; a cache made under other settings keeps only its facts. */
export function cacheSettings(root: string, settings: AnalysisSettings, rules: readonly string[] | undefined): string {
  return JSON.stringify({ root, locale: settings.locale, config: settings.config, rules: rules ?? null });
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
