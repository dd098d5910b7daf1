import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

/**
 * Globs from a workspace (`.gitignore` lines, `.scalecheck.json` `ignore`
 * and `scripts`, `scalecheck.exclude`) are untrusted input to libraries that
 * compile them into backtracking regular expressions. A pattern with many
 * `*` in one path segment, or many `**`, costs polynomially more per path
 * (`*a*a*a*a*b` took 20 s for one 250-character file name), and a very long
 * one does not compile at all. So each pattern is checked against these
 * bounds and compiled once, on its own, before it is used; a rejected one is
 * dropped with a reason the host shows the user. The bounds and the cost of
 * the worst pattern they allow are in the README (Limits).
 */
export const MAX_GLOB_LENGTH = 1_000;
/** `*` (not `**`) in one path segment: each more multiplies the worst case by the segment's length. */
export const MAX_STARS_PER_SEGMENT = 2;
/** `**` in one pattern: each more multiplies the worst case by the path's depth. */
export const MAX_GLOBSTARS = 2;
/** Patterns read from one ignore file; the rest of a longer file is dropped (and said so). */
export const MAX_PATTERNS_PER_FILE = 2_000;
/**
 * Folders deeper than this are neither walked nor matched: real repositories
 * stay far below it, and it bounds what a `**` can cost on a crafted tree.
 */
export const MAX_PATH_DEPTH = 100;

/** Why a glob is refused, or undefined when it may be used. Never throws. */
export function globProblem(pattern: unknown): string | undefined {
  if (typeof pattern !== 'string') return 'is not a string';
  if (pattern.trim() === '') return 'is empty';
  if (pattern.length > MAX_GLOB_LENGTH) return `is longer than ${MAX_GLOB_LENGTH} characters`;
  if (/[\u0000-\u001f\u007f]/.test(pattern)) return 'contains a control character';
  let globstars = 0;
  for (const segment of pattern.split('/')) {
    if (segment === '**') {
      globstars++;
      continue;
    }
    const stars = segment.replace(/\\./g, '').match(/\*+/g) ?? [];
    if (stars.some((run) => run.length > 1)) globstars++;
    if (stars.length > MAX_STARS_PER_SEGMENT) return `has more than ${MAX_STARS_PER_SEGMENT} "*" in one path segment`;
  }
  if (globstars > MAX_GLOBSTARS) return `has more than ${MAX_GLOBSTARS} "**"`;
  return undefined;
}

export interface GlobIssue {
  /** Index of the pattern in the list it came from (for a file: its 0-based line). */
  index: number;
  reason: string;
}

/** A compiled list of gitignore-style patterns, with the patterns it refused. */
export interface CompiledIgnore {
  rules: Ignore;
  issues: GlobIssue[];
  /** Patterns beyond `MAX_PATTERNS_PER_FILE` that were dropped. */
  dropped: number;
}

/**
 * Compiles gitignore-style patterns one by one (so a failure names its
 * pattern) into one matcher that reuses each compiled rule. Blank lines and
 * comments are skipped as git skips them. Never throws.
 */
export function compileIgnore(patterns: readonly string[], { skipBlank = false }: { skipBlank?: boolean } = {}): CompiledIgnore {
  const rules = ignore();
  const issues: GlobIssue[] = [];
  let used = 0;
  let dropped = 0;
  patterns.forEach((pattern, index) => {
    if (skipBlank && (pattern.trim() === '' || pattern.startsWith('#'))) return;
    if (used >= MAX_PATTERNS_PER_FILE) {
      dropped++;
      return;
    }
    const problem = globProblem(pattern);
    if (problem) {
      issues.push({ index, reason: problem });
      return;
    }
    try {
      const one = ignore().add(pattern);
      one.ignores('compile/check'); // compiles the rule's expression now, so a bad one fails here and not mid-scan
      rules.add(one);
      used++;
    } catch (error) {
      issues.push({ index, reason: `does not compile (${error instanceof Error ? error.name : 'error'})` });
    }
  });
  return { rules, issues, dropped };
}

/** The lines of an ignore file, as `compileIgnore` indexes them. */
export function ignoreFileLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
}

/** Compiled picomatch globs (the `scripts` list): true when any matches. Refused patterns are left out. */
export function compileGlobs(patterns: readonly string[]): { matches: (path: string) => boolean; issues: GlobIssue[] } {
  const matchers: Array<(path: string) => boolean> = [];
  const issues: GlobIssue[] = [];
  patterns.forEach((pattern, index) => {
    const problem = globProblem(pattern);
    if (problem) {
      issues.push({ index, reason: problem });
      return;
    }
    try {
      matchers.push(picomatch(pattern, { dot: true }));
    } catch (error) {
      issues.push({ index, reason: `does not compile (${error instanceof Error ? error.name : 'error'})` });
    }
  });
  return { matches: (path) => matchers.some((match) => match(path)), issues };
}

/** Folders above a workspace-relative path (`a/b/c.ts` is 2 deep). */
export function pathDepth(path: string): number {
  let depth = 0;
  for (let i = path.indexOf('/'); i !== -1 && i < path.length - 1; i = path.indexOf('/', i + 1)) depth++;
  return depth;
}
