/**
 * Recall on real fixes: for each scaling problem a maintainer fixed, does
 * ScaleCheck report it at the parent commit (with the whole repository in
 * view), and does the rule fire less in that file after the fix?
 */
import * as path from 'node:path';
import type { EcoFinding } from './findings';
import { fixRepository, type Manifest, type RealFix } from './manifest';
import { checkoutState, scanCheckout } from './scan';

/** Where a commit of a fix is checked out: one folder per repository and commit, beside the pinned checkouts. */
export function fixCheckout(ecosystemDir: string, repo: string, commit: string): string {
  return path.join(ecosystemDir, '.fixes', `${repo}-${commit.slice(0, 10)}`);
}

export interface FixOutcome {
  fix: RealFix;
  /** A finding of the rule inside the fix's lines at the parent. */
  found: boolean;
  before: number;
  after: number;
}

/**
 * Pure: the verdict for one fix from the findings of both scans. A finding
 * counts for a file when it sits there or points there as evidence: a
 * missing index is reported once, at a query, with the schema line the fix
 * edits as a related location.
 */
export function judgeFix(fix: RealFix, parent: readonly EcoFinding[], fixed: readonly EcoFinding[]): FixOutcome {
  const places = (f: EcoFinding) => [{ file: f.file, line: f.line }, ...(f.related ?? [])];
  const inFile = (findings: readonly EcoFinding[], file: string) => findings.filter((f) => f.rule === fix.rule && places(f).some((place) => place.file === file));
  const before = inFile(parent, fix.file);
  return {
    fix,
    found: before.some((f) => places(f).some((place) => place.file === fix.file && place.line >= fix.lines[0] && place.line <= fix.lines[1])),
    before: before.length,
    after: inFile(fixed, fix.fixedFile ?? fix.file).length,
  };
}

export function runFixes(manifest: Manifest, ecosystemDir: string, cliArgs: readonly string[]): void {
  const needed = manifest.fixes.flatMap((fix) => [
    { fix, commit: fix.parent },
    { fix, commit: fix.fix },
  ]);
  const missing = [...new Map(needed.map((n) => [fixCheckout(ecosystemDir, n.fix.repo, n.commit), n])).entries()].filter(([dir, n]) => checkoutState(dir, n.commit) !== 'ready');
  if (missing.length) {
    console.log('Checkouts of fix commits missing — get them with:\n');
    for (const [dir, n] of missing) {
      const pinned = path.join(ecosystemDir, n.fix.repo);
      const { url } = fixRepository(manifest, n.fix);
      console.log(`git -C ${pinned} worktree add --detach ${dir} ${n.commit}   # or: git clone ${url} ${dir} && git -C ${dir} checkout ${n.commit}`);
    }
    console.log('');
  }
  const scans = new Map<string, EcoFinding[] | string>();
  const scanOnce = (fix: RealFix, commit: string): EcoFinding[] | string => {
    const dir = fixCheckout(ecosystemDir, fix.repo, commit);
    if (!scans.has(dir)) {
      process.stderr.write(`scanning ${fix.repo}@${commit.slice(0, 10)}…`);
      const result = scanCheckout(fix.repo, path.join(dir, fixRepository(manifest, fix).subfolder ?? ''), cliArgs);
      process.stderr.write(` ${result.failure ?? result.findings.length + ' findings'}\n`);
      scans.set(dir, result.failure ?? result.findings);
    }
    return scans.get(dir)!;
  };
  const outcomes: FixOutcome[] = [];
  console.log('| repository | fix | rule | file | found at parent | in file before → after |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const fix of manifest.fixes) {
    const ready = [fix.parent, fix.fix].every((commit) => checkoutState(fixCheckout(ecosystemDir, fix.repo, commit), commit) === 'ready');
    if (!ready) continue;
    const parent = scanOnce(fix, fix.parent);
    const fixed = scanOnce(fix, fix.fix);
    if (typeof parent === 'string' || typeof fixed === 'string') {
      console.log(`| ${fix.repo} | ${fix.fix.slice(0, 10)} | ${fix.rule} | ${fix.file} | scan failed | |`);
      continue;
    }
    const outcome = judgeFix(fix, parent, fixed);
    outcomes.push(outcome);
    console.log(`| ${fix.repo} | ${fix.fix.slice(0, 10)} | ${fix.rule} | ${fix.file}:${fix.lines.join('-')} | ${outcome.found ? 'yes' : 'no'} | ${outcome.before} → ${outcome.after} |`);
  }
  const stack = (fix: RealFix) => fixRepository(manifest, fix).stack;
  console.log('');
  for (const name of ['typescript', 'django'] as const) {
    const mine = outcomes.filter((o) => stack(o.fix) === name);
    if (!mine.length) continue;
    const found = mine.filter((o) => o.found).length;
    const both = mine.filter((o) => o.found && o.after < o.before).length;
    console.log(`${name}: found at the parent ${found}/${mine.length} (${Math.round((found / mine.length) * 100)}%); found and firing less after the fix ${both}/${mine.length} (${Math.round((both / mine.length) * 100)}%).`);
  }
}
