/**
 * Runs the built CLI over one checkout the way a user would (`cd <repo> &&
 * scalecheck --format json`) and turns its JSON into the check's findings.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { messageHash, type EcoFinding } from './findings';

export const ROOT = path.join(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

export interface ScanResult {
  findings: EcoFinding[];
  errors: number;
  skipped: number;
  seconds: number;
  /** Set when the CLI itself failed (exit 2, no JSON): the repository counts as not scanned. */
  failure?: string;
}

interface CliJson {
  findings: Array<{ ruleId: string; severity: string; message: string; file: string; line: number; confidence?: string; related?: Array<{ file: string; line: number }> }>;
  errors: unknown[];
  skipped: unknown[];
}

/** The commit a checkout is at, or why it cannot be used. */
export function checkoutState(dir: string, commit: string): 'ready' | 'missing' | string {
  if (!fs.existsSync(path.join(dir, '.git'))) return 'missing';
  try {
    const head = execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    return head === commit ? 'ready' : `at ${head.slice(0, 10)}, expected ${commit.slice(0, 10)}`;
  } catch (error) {
    return `not a git checkout (${(error as Error).message.split('\n')[0]})`;
  }
}

export function scanCheckout(repo: string, dir: string, extraArgs: readonly string[]): ScanResult {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [CLI, '--format', 'json', '--fail-on', 'never', '--lang', 'en', ...extraArgs], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: 30 * 60 * 1000,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) {
    const why = child.error?.message ?? (child.stderr.trim().split('\n').pop() || `exit ${child.status ?? child.signal}`);
    return { findings: [], errors: 0, skipped: 0, seconds, failure: why };
  }
  const output = JSON.parse(child.stdout) as CliJson;
  return {
    findings: output.findings.map((f) => ({
      repo,
      rule: f.ruleId,
      file: f.file,
      line: f.line,
      severity: f.severity,
      ...(f.confidence ? { confidence: f.confidence } : {}),
      hash: messageHash(f.message),
      message: f.message,
      ...(f.related?.length ? { related: f.related.map((r) => ({ file: r.file, line: r.line })) } : {}),
    })),
    errors: output.errors.length,
    skipped: output.skipped.length,
    seconds,
  };
}

/** The ScaleCheck commit being measured, marked when the code that decides findings has uncommitted changes. */
export function scalecheckRevision(): string {
  try {
    const head = execFileSync('git', ['-C', ROOT, 'rev-parse', '--short=10', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['-C', ROOT, 'status', '--porcelain', '--', 'analyzers', 'cli', 'host'], { encoding: 'utf8' }).trim();
    return dirty ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}
