/**
 * The ecosystem check's bookkeeping, pure: keys of findings, the baseline
 * diff, the judged sample and precision. No I/O here (run.ts does it), so
 * every number the check prints is unit-tested.
 */
import { createHash } from 'node:crypto';
import type { Half } from './manifest';

export type VerdictValue = 'TRUE' | 'DEBATABLE' | 'FALSE';
export const VERDICTS: readonly VerdictValue[] = ['TRUE', 'DEBATABLE', 'FALSE'];

/** One finding of one scan, as the check keeps it. */
export interface EcoFinding {
  repo: string;
  rule: string;
  /** Relative to the scanned folder, with `/`. */
  file: string;
  line: number;
  severity: string;
  /** `high` / `medium` / `low` once the CLI reports it. */
  confidence?: string;
  /** Hash of the English message: a changed message is a changed finding. */
  hash: string;
  /** Only in memory: printed for the tuning half, never stored. */
  message?: string;
  /** Only in memory: the finding's related locations (the schema line of a missing index reported at its query). */
  related?: Array<{ file: string; line: number }>;
}

/** A hand judgement of a finding, matched by repository, rule, file and line. */
export interface Verdict {
  repo: string;
  file: string;
  line: number;
  rule: string;
  verdict: VerdictValue;
  /** One line, our own words: why it is (not) worth changing before growth. */
  reason: string;
  /** The day it was judged (YYYY-MM-DD). */
  judged: string;
}

/** A stored scan of one half: per repository, its findings as compact rows. */
export interface Baseline {
  generated: string;
  /** The ScaleCheck commit that produced it. */
  scalecheck: string;
  repositories: Record<string, { commit: string; findings: BaselineRow[] }>;
}
/** [rule, file, line, hash, severity, confidence?] */
export type BaselineRow = [string, string, number, string, string, string?];

export function messageHash(message: string): string {
  return createHash('sha1').update(message).digest('hex').slice(0, 10);
}

/** Identity of a finding: a change of message, line or file makes it another finding. */
export function findingKey(finding: Pick<EcoFinding, 'repo' | 'rule' | 'file' | 'line' | 'hash'>): string {
  return `${finding.repo}\t${finding.rule}\t${finding.file}\t${finding.line}\t${finding.hash}`;
}

/** What a verdict is attached to: the same place and rule, whatever the message says. */
export function placeKey(finding: Pick<EcoFinding, 'repo' | 'rule' | 'file' | 'line'>): string {
  return `${finding.repo}\t${finding.rule}\t${finding.file}\t${finding.line}`;
}

export function languageOfFile(file: string): string {
  if (/\.(c|m)?(t|j)sx?$/.test(file)) return 'typescript';
  if (/\.py$/.test(file)) return 'python';
  if (/\.prisma$/.test(file)) return 'prisma';
  if (/\.sql$/.test(file)) return 'sql';
  return 'config';
}

export function toRows(findings: readonly EcoFinding[]): BaselineRow[] {
  return findings
    .map((f): BaselineRow => (f.confidence ? [f.rule, f.file, f.line, f.hash, f.severity, f.confidence] : [f.rule, f.file, f.line, f.hash, f.severity]))
    .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] - b[2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[3] < b[3] ? -1 : 1)));
}

export function fromRows(repo: string, rows: readonly BaselineRow[]): EcoFinding[] {
  return rows.map(([rule, file, line, hash, severity, confidence]) => ({ repo, rule, file, line, hash, severity, ...(confidence ? { confidence } : {}) }));
}

export interface Diff {
  added: EcoFinding[];
  removed: EcoFinding[];
  /** Same place and rule, another message: [before, after]. */
  changed: Array<[EcoFinding, EcoFinding]>;
}

export function diffFindings(before: readonly EcoFinding[], after: readonly EcoFinding[]): Diff {
  const beforeKeys = new Set(before.map(findingKey));
  const afterKeys = new Set(after.map(findingKey));
  const gone = before.filter((f) => !afterKeys.has(findingKey(f)));
  const fresh = after.filter((f) => !beforeKeys.has(findingKey(f)));
  const goneByPlace = new Map<string, EcoFinding[]>();
  for (const f of gone) goneByPlace.set(placeKey(f), [...(goneByPlace.get(placeKey(f)) ?? []), f]);
  const changed: Array<[EcoFinding, EcoFinding]> = [];
  const added: EcoFinding[] = [];
  for (const f of fresh) {
    const candidates = goneByPlace.get(placeKey(f));
    const previous = candidates?.shift();
    if (previous) changed.push([previous, f]);
    else added.push(f);
  }
  const removed = [...goneByPlace.values()].flat();
  return { added, removed, changed };
}

/**
 * The findings a judge must read: per repository and rule, the first `perStratum`
 * by a hash of their place. A finding's rank depends only on its own place, so
 * the sample moves only where findings come or go.
 */
export function sampleFindings(findings: readonly EcoFinding[], perStratum: number): EcoFinding[] {
  const strata = new Map<string, EcoFinding[]>();
  for (const f of findings) {
    const stratum = `${f.repo}\t${f.rule}`;
    strata.set(stratum, [...(strata.get(stratum) ?? []), f]);
  }
  const rank = (f: EcoFinding) => createHash('sha1').update(placeKey(f)).digest('hex');
  const sample: EcoFinding[] = [];
  for (const members of strata.values()) {
    const unique = [...new Map(members.map((f) => [placeKey(f), f])).values()];
    sample.push(...unique.sort((a, b) => (rank(a) < rank(b) ? -1 : 1)).slice(0, perStratum));
  }
  return sample;
}

export function verdictIndex(verdicts: readonly Verdict[]): Map<string, Verdict> {
  return new Map(verdicts.map((v) => [placeKey(v), v]));
}

export interface Tally {
  TRUE: number;
  DEBATABLE: number;
  FALSE: number;
  unjudged: number;
}

export function emptyTally(): Tally {
  return { TRUE: 0, DEBATABLE: 0, FALSE: 0, unjudged: 0 };
}

/** true / (true + false); undefined when nothing decisive was judged. */
export function precision(tally: Tally): number | undefined {
  const decisive = tally.TRUE + tally.FALSE;
  return decisive ? tally.TRUE / decisive : undefined;
}

/** debatable / judged */
export function debatableShare(tally: Tally): number | undefined {
  const judged = tally.TRUE + tally.DEBATABLE + tally.FALSE;
  return judged ? tally.DEBATABLE / judged : undefined;
}

/** Tallies by `group(finding)`; each place counts once, however many messages it has. */
export function tallyBy(findings: readonly EcoFinding[], verdicts: Map<string, Verdict>, group: (f: EcoFinding) => string): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  const seen = new Set<string>();
  for (const f of findings) {
    const place = placeKey(f);
    if (seen.has(place)) continue;
    seen.add(place);
    const key = group(f);
    const tally = tallies.get(key) ?? emptyTally();
    const verdict = verdicts.get(place);
    if (verdict) tally[verdict.verdict]++;
    else tally.unjudged++;
    tallies.set(key, tally);
  }
  return tallies;
}

/**
 * Judged findings no longer reported, whatever baseline the diff is against: a verdict
 * names a place that once had a finding, so a lost TRUE needs a stated reason.
 */
export function lostVerdicts(verdicts: readonly Verdict[], current: readonly EcoFinding[]): Verdict[] {
  const reported = new Set(current.map(placeKey));
  return verdicts.filter((v) => !reported.has(placeKey(v)));
}

/**
 * Of the lost verdicts, those whose place is now evidence of another finding
 * of the same rule (one finding per root cause: a missing index reported at
 * its query, with the schema line related), with the finding that holds it.
 * The problem is still reported there, so it is not lost to a user.
 */
export function keptAsEvidence(lost: readonly Verdict[], current: readonly EcoFinding[]): Array<{ verdict: Verdict; by: EcoFinding }> {
  const holders = new Map<string, EcoFinding>();
  for (const f of current) {
    for (const at of f.related ?? []) {
      const place = placeKey({ ...f, ...at });
      if (!holders.has(place)) holders.set(place, f);
    }
  }
  return lost.flatMap((verdict) => {
    const by = holders.get(placeKey(verdict));
    return by ? [{ verdict, by }] : [];
  });
}

export function verdictProblems(verdicts: readonly Verdict[], half: Half, repos: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const places = new Set<string>();
  for (const v of verdicts) {
    const label = `${half} verdict ${v.repo}:${v.file}:${v.line} ${v.rule}`;
    if (!repos.has(v.repo)) problems.push(`${label}: repository is not in the ${half} half`);
    if (!VERDICTS.includes(v.verdict)) problems.push(`${label}: verdict must be TRUE, DEBATABLE or FALSE`);
    if (!v.reason || v.reason.includes('\n')) problems.push(`${label}: reason must be one line`);
    if (places.has(placeKey(v))) problems.push(`${label}: judged twice`);
    places.add(placeKey(v));
  }
  return problems;
}

export function percent(value: number | undefined): string {
  return value === undefined ? '—' : `${(value * 100).toFixed(0)}%`;
}

/** One finding per line, so a baseline update reads as a diff of findings in review. */
export function formatBaseline(baseline: Baseline): string {
  const repos = Object.entries(baseline.repositories);
  const lines = ['{', `  "generated": ${JSON.stringify(baseline.generated)},`, `  "scalecheck": ${JSON.stringify(baseline.scalecheck)},`, '  "repositories": {'];
  repos.forEach(([name, repo], i) => {
    lines.push(`    ${JSON.stringify(name)}: {`, `      "commit": ${JSON.stringify(repo.commit)},`, '      "findings": [');
    repo.findings.forEach((row, j) => lines.push(`        ${JSON.stringify(row)}${j < repo.findings.length - 1 ? ',' : ''}`));
    lines.push('      ]', `    }${i < repos.length - 1 ? ',' : ''}`);
  });
  lines.push('  }', '}');
  return lines.join('\n') + '\n';
}
