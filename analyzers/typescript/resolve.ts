import type { ConfigFacts } from '../config/facts';
import type { FactsIndex } from '../core/facts';

/**
 * Resolves import specifiers to workspace files the way TypeScript and
 * bundlers do, from facts alone: relative paths with extension and `index`
 * lookup (and `.js` written for a `.ts` file), `tsconfig`/`jsconfig` `paths`
 * and `baseUrl` (following a relative `extends`), and packages of the same
 * monorepo by their package.json `name` and `exports`. Packages from
 * node_modules are not in the workspace and resolve to nothing.
 */
export class ModuleResolver {
  private readonly files = new Set<string>();
  private readonly configs = new Map<string, TsConfig>();
  private readonly packages: PackageEntry[] = [];
  private readonly configByDir = new Map<string, EffectiveConfig | null>();
  private readonly cache = new Map<string, string | null>();

  constructor(index: FactsIndex) {
    for (const facts of index.ofLanguage('typescript')) this.files.add(facts.path);
    for (const facts of index.ofLanguage('config')) {
      const data = facts.data as ConfigFacts;
      if (data.kind === 'tsconfig') this.configs.set(facts.path, { path: facts.path, dir: data.dir, baseUrl: data.baseUrl, paths: data.paths, extends: data.extends });
      else if (data.kind === 'package-json' && data.name) this.packages.push({ name: data.name, dir: data.dir, entries: data.entries ?? {} });
    }
    // Longest names first, so `@acme/db-utils` wins over `@acme/db`.
    this.packages.sort((a, b) => b.name.length - a.name.length);
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  /** The workspace file `specifier` means in `fromPath`, or undefined. */
  resolve(fromPath: string, specifier: string): string | undefined {
    const dir = dirName(fromPath);
    const key = `${dir}\u0000${specifier}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.compute(dir, specifier);
    this.cache.set(key, found ?? null);
    return found;
  }

  private compute(dir: string, specifier: string): string | undefined {
    if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') return this.file(join(dir, specifier));
    if (specifier.startsWith('/')) return undefined;
    const config = this.effectiveConfig(dir);
    if (config) {
      for (const [pattern, targets] of config.paths) {
        const star = pattern.indexOf('*');
        let rest: string | undefined;
        if (star < 0) rest = pattern === specifier ? '' : undefined;
        else if (specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1)) && specifier.length >= pattern.length - 1) {
          rest = specifier.slice(star, specifier.length - (pattern.length - star - 1));
        }
        if (rest === undefined) continue;
        for (const target of targets) {
          const found = this.file(join(config.pathsBase, target.replace('*', rest)));
          if (found) return found;
        }
      }
      if (config.baseUrl !== undefined) {
        const found = this.file(join(config.baseUrl, specifier));
        if (found) return found;
      }
    }
    const fromPackage = this.fromPackage(specifier);
    if (fromPackage) return fromPackage;
    // `@/lib/db` or `~/lib/db` with no config in the workspace: the usual meanings, the app root or its src/.
    const alias = /^[@~]\/(.*)$/.exec(specifier);
    if (alias) {
      for (let current: string | undefined = dir; current !== undefined; current = current === '' ? undefined : dirName(current)) {
        for (const base of [current, join(current, 'src')]) {
          const found = base !== undefined ? this.file(join(base, alias[1])) : undefined;
          if (found) return found;
        }
      }
    }
    return undefined;
  }

  private fromPackage(specifier: string): string | undefined {
    for (const entry of this.packages) {
      if (specifier !== entry.name && !specifier.startsWith(`${entry.name}/`)) continue;
      const subpath = specifier === entry.name ? '.' : `.${specifier.slice(entry.name.length)}`;
      const mapped = entry.entries[subpath] ?? wildcard(entry.entries, subpath);
      const candidates = [mapped, subpath === '.' ? 'src/index' : `src/${subpath.slice(2)}`, subpath === '.' ? 'index' : subpath.slice(2)];
      for (const candidate of candidates) {
        if (!candidate) continue;
        const found = this.file(join(entry.dir, candidate)) ?? this.file(join(entry.dir, candidate.replace(/^\.?\/?(?:dist|build|lib|out)\//, 'src/')));
        if (found) return found;
      }
      return undefined;
    }
    return undefined;
  }

  /** A file for a path written without (or with a JS) extension, or a folder's index. */
  private file(base: string | undefined): string | undefined {
    if (base === undefined) return undefined;
    if (this.files.has(base)) return base;
    const stem = base.replace(/\.(?:[cm]?js|jsx|d\.ts)$/, '');
    for (const extension of EXTENSIONS) if (this.files.has(stem + extension)) return stem + extension;
    for (const extension of EXTENSIONS) if (this.files.has(`${base}/index${extension}`)) return `${base}/index${extension}`;
    return undefined;
  }

  /** The tsconfig that governs files in `dir`, with `extends` applied. */
  private effectiveConfig(dir: string): EffectiveConfig | undefined {
    const cached = this.configByDir.get(dir);
    if (cached !== undefined) return cached ?? undefined;
    let found: EffectiveConfig | undefined;
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const config = this.configs.get(dir ? `${dir}/${name}` : name);
      if (config) {
        found = this.flatten(config, 0);
        break;
      }
    }
    if (!found && dir !== '') found = this.effectiveConfig(dirName(dir));
    this.configByDir.set(dir, found ?? null);
    return found;
  }

  private flatten(config: TsConfig, depth: number): EffectiveConfig {
    let base: EffectiveConfig = { paths: [], pathsBase: config.dir };
    if (config.extends && depth < 5 && (config.extends.startsWith('.') || config.extends.startsWith('/'))) {
      const target = join(config.dir, config.extends);
      const parent = target && (this.configs.get(target) ?? this.configs.get(`${target}.json`));
      if (parent) base = this.flatten(parent, depth + 1);
    }
    const baseUrl = config.baseUrl !== undefined ? join(config.dir, config.baseUrl) : base.baseUrl;
    const entries = Object.entries(config.paths);
    if (entries.length) return { baseUrl, paths: entries, pathsBase: baseUrl ?? config.dir };
    return { baseUrl, paths: base.paths, pathsBase: base.pathsBase };
  }
}

interface TsConfig {
  path: string;
  dir: string;
  baseUrl?: string;
  paths: Record<string, string[]>;
  extends?: string;
}

interface EffectiveConfig {
  baseUrl?: string;
  paths: Array<[string, string[]]>;
  /** Folder `paths` targets are relative to: `baseUrl` when set, else the declaring config's folder. */
  pathsBase: string;
}

interface PackageEntry {
  name: string;
  dir: string;
  entries: Record<string, string>;
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

function wildcard(entries: Record<string, string>, subpath: string): string | undefined {
  for (const [key, value] of Object.entries(entries)) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.startsWith(prefix) && subpath.endsWith(suffix)) return value.replace('*', subpath.slice(prefix.length, subpath.length - suffix.length));
  }
  return undefined;
}

export function dirName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash >= 0 ? path.slice(0, slash) : '';
}

/** Joins workspace-relative paths, resolving `.` and `..`; undefined when it climbs above the root. */
export function join(base: string, relative: string): string | undefined {
  const parts = base ? base.split('/') : [];
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!parts.length) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}
