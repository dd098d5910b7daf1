/**
 * The committed metadata of the ecosystem check: which public repositories, at
 * which commits, and the real scaling fixes found in their histories. Only
 * metadata lives in the project — never the repositories' code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Stack = 'typescript' | 'django';
export type Half = 'tuning' | 'held-out';
export const HALVES: readonly Half[] = ['tuning', 'held-out'];

export interface Repository {
  /** Folder name under ECOSYSTEM_DIR and the key of every finding. */
  name: string;
  url: string;
  /** 40 hex digits. */
  commit: string;
  /** Scan this folder of the checkout instead of its root ('' or absent: the root). */
  subfolder?: string;
  stack: Stack;
  size: 'small' | 'medium' | 'large';
  /** Tune rules on the tuning half; the held-out half is judged before and after, never read in between. */
  half: Half;
  /** What the application is, in a few words (framework, ORM, AI SDK). */
  about: string;
}

/** A scaling problem a maintainer fixed: ScaleCheck should report it at the parent and less after the fix. */
export interface RealFix {
  /** A folder name: a manifest repository's name, or a repository of its own with `url` and `stack`. */
  repo: string;
  /** Only for a repository that is not in `repositories`. */
  url?: string;
  stack?: Stack;
  /** The commit that fixed the problem. */
  fix: string;
  /** Its parent: the code with the problem. */
  parent: string;
  /** The file (at the parent) holding the problem. */
  file: string;
  /** Inclusive 1-based line range at the parent where a finding counts as finding the problem. */
  lines: [number, number];
  rule: string;
  /** The problem in one line, our own words. */
  problem: string;
  /** The fixed file's path at the fix commit, when it moved. */
  fixedFile?: string;
}

/** The URL, stack and subfolder a fix is scanned with. */
export function fixRepository(manifest: Manifest, fix: RealFix): { url: string; stack: Stack; subfolder?: string } {
  const listed = manifest.repositories.find((repo) => repo.name === fix.repo);
  return listed ? { url: listed.url, stack: listed.stack, subfolder: listed.subfolder } : { url: fix.url!, stack: fix.stack! };
}

export interface Manifest {
  repositories: Repository[];
  fixes: RealFix[];
}

export const ECOSYSTEM_FOLDER = path.join(__dirname);
export const MANIFEST_PATH = path.join(ECOSYSTEM_FOLDER, 'repos.json');

export function loadManifest(file = MANIFEST_PATH): Manifest {
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  const problems = manifestProblems(manifest);
  if (problems.length) throw new Error(`${path.basename(file)}:\n  ${problems.join('\n  ')}`);
  return manifest;
}

/** Everything wrong with a manifest, so a bad entry is named instead of breaking a run halfway. */
export function manifestProblems(manifest: Manifest): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const repo of manifest.repositories ?? []) {
    const label = repo.name || '(unnamed)';
    if (!/^[A-Za-z0-9._-]+$/.test(repo.name ?? '')) problems.push(`${label}: name must be a plain folder name`);
    if (names.has(repo.name)) problems.push(`${label}: listed twice`);
    names.add(repo.name);
    if (!/^[0-9a-f]{40}$/.test(repo.commit ?? '')) problems.push(`${label}: commit must be 40 hex digits`);
    if (!/^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/.test(repo.url ?? '')) problems.push(`${label}: url must be https://github.com/<owner>/<name>`);
    if (repo.stack !== 'typescript' && repo.stack !== 'django') problems.push(`${label}: stack must be typescript or django`);
    if (!HALVES.includes(repo.half)) problems.push(`${label}: half must be tuning or held-out`);
    if (repo.subfolder && (path.isAbsolute(repo.subfolder) || repo.subfolder.split('/').includes('..'))) problems.push(`${label}: subfolder must stay inside the checkout`);
  }
  for (const fix of manifest.fixes ?? []) {
    const label = `fix ${fix.repo}@${(fix.fix ?? '').slice(0, 10)}`;
    if (!names.has(fix.repo) && !(fix.url && fix.stack)) problems.push(`${label}: repo is not in repositories, so it needs url and stack`);
    for (const key of ['fix', 'parent'] as const) if (!/^[0-9a-f]{40}$/.test(fix[key] ?? '')) problems.push(`${label}: ${key} must be 40 hex digits`);
    if (!Array.isArray(fix.lines) || fix.lines.length !== 2 || !(fix.lines[0] >= 1 && fix.lines[1] >= fix.lines[0])) problems.push(`${label}: lines must be [first, last]`);
    if (!fix.rule || !fix.file || !fix.problem) problems.push(`${label}: rule, file and problem are required`);
  }
  return problems;
}
