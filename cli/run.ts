import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allRuleIds, PathFilter, type Finding } from '../analyzers';
import { loadConfig } from '../host/config';
import { discoverFiles, type DiscoveryProblem } from '../host/files';
import { scanFiles } from '../host/scan';
import { readScanCache, writeScanCache, type ScanCache } from '../host/scan-cache';
import type { CliOptions } from './args';
import { cacheFile, cacheSettings, engineIdentity } from './cache';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText, printable } from './format-text';
import { Progress } from './progress';
import type { ConfigurationNote, Report } from './report';

/** Scans, prints the report, and returns the exit code. */
export async function run(options: CliOptions): Promise<number> {
  const cwd = process.cwd();
  // Targets are relative to where the user stands, whatever root the scan ends up with.
  const targets = options.paths.map((target) => path.resolve(cwd, target));
  for (const [index, target] of targets.entries()) {
    if (!fs.existsSync(target)) {
      process.stderr.write(`scalecheck: no such file or folder: ${printable(options.paths[index])}\n`);
      return 2;
    }
  }
  const unknownRules = options.rules?.filter((id) => !allRuleIds.includes(id)) ?? [];
  if (unknownRules.length) {
    process.stderr.write(`scalecheck: unknown rule ${unknownRules.map(printable).join(', ')}. Known rules: ${allRuleIds.join(', ')}\n`);
    return 2;
  }
  const notes: string[] = [];
  const threads = clampThreads(options.threads, notes);

  const root = workspaceRoot(cwd, targets);
  // Engine paths are relative to the root; printed paths are relative to where the user stands.
  const toCwd = (file: string) => (root === cwd || !file ? file : path.relative(cwd, path.join(root, file)).split(path.sep).join('/'));
  const loaded = loadConfig(root);
  if (options.minConfidence) loaded.config.minConfidence = options.minConfidence;
  const configuration: ConfigurationNote[] = loaded.problems.map((problem) => ({ file: toCwd(path.relative(root, loaded.file ?? '').split(path.sep).join('/')), message: problem.message, range: problem.range }));
  const started = Date.now();
  const discovery: DiscoveryProblem[] = [];
  const files = discoverFiles(root, targets, new PathFilter(loaded.config), (problem) => discovery.push(problem));
  const settings = { locale: options.locale, config: loaded.config };
  const cache = options.cache ? openCache(cacheFile(cwd, root, targets, options.cacheLocation)) : undefined;
  const progress = new Progress(process.stderr, files.length);
  const scan = await scanFiles({
    files,
    settings,
    analyze: { onlyRules: options.rules },
    threads,
    keepFacts: false,
    onProgress: (done, total) => progress.update(done, total),
    ...(cache ? { cache: { settings: cacheSettings(root, settings, options.rules), previous: cache.previous } } : {}),
  });
  progress.done();
  if (cache && scan.cache) {
    if (scan.cache.problem) cacheNote(cwd, cache.file, `it was not used: ${scan.cache.problem}`);
    const problem = scan.cache.changed ? writeScanCache(cache.file, cache.engine, scan.cache.cache) : undefined;
    if (problem) cacheNote(cwd, cache.file, `it could not be written (${problem})`);
  }

  const report: Report = {
    findings: scan.results.flatMap((result) => result.findings).map((finding) => relocate(finding, toCwd)),
    suppressed: scan.results.flatMap((result) => result.suppressed).map((entry) => ({ ...entry, finding: relocate(entry.finding, toCwd) })),
    errors: [...discovery.filter((problem) => problem.kind === 'folder'), ...scan.errors].map((error) => ({ file: toCwd(error.file), message: error.message, ...('ruleId' in error && error.ruleId ? { ruleId: error.ruleId } : {}) })),
    configuration: [...configuration, ...discovery.filter((problem) => problem.kind === 'ignore-file').map((problem) => ({ file: toCwd(problem.file), message: problem.message, line: problem.line }))],
    skipped: scan.skipped.map((entry) => ({ ...entry, file: toCwd(entry.file) })),
    notes,
    filesAnalyzed: scan.results.length,
    durationMs: Date.now() - started,
    locale: options.locale,
    cwd,
    root,
  };

  let output: string;
  if (options.format === 'json') output = formatJson(report);
  else if (options.format === 'sarif') output = formatSarif(report);
  else output = formatText(report, { color: options.color ?? colorWanted(process.stdout) });
  process.stdout.write(output);
  // Text output lists these itself; with JSON or SARIF on stdout, a CI log still shows them.
  if (options.format !== 'text') {
    for (const note of [...report.notes, ...report.configuration.map((entry) => `${entry.file}: ${entry.message}`)]) process.stderr.write(`scalecheck: ${printable(note)}\n`);
  }
  if (options.format === 'text') {
    for (const error of report.errors) process.stderr.write(`scalecheck: ${printable(error.file ? error.file + ': ' : '')}${printable(error.message)}\n`);
  }
  return failed(report.findings, options.failOn) ? 1 : 0;
}

/**
 * The cache `--cache` reads and writes. A cache file that cannot be used
 * (unreadable, damaged, truncated, another version's) is passed over with
 * one line on stderr: the scan then runs as without it and replaces it.
 */
function openCache(file: string): { file: string; engine: string; previous?: ScanCache } | undefined {
  const engine = engineIdentity();
  if (!engine) {
    process.stderr.write('scalecheck: --cache is off: this build of ScaleCheck has no engine id (dist/engine-id; run `npm run build`).\n');
    return undefined;
  }
  const read = readScanCache(file, engine);
  if ('problem' in read) cacheNote(process.cwd(), file, `it was not used: ${read.problem}`);
  return { file, engine, ...('cache' in read ? { previous: read.cache } : {}) };
}

function cacheNote(cwd: string, file: string, message: string): void {
  process.stderr.write(`scalecheck: cache ${printable(path.relative(cwd, file).split(path.sep).join('/'))}: ${message}.\n`);
}

/** `--threads` beyond the cores only adds memory (each worker holds its own copy of the facts): clamped, with a note. */
function clampThreads(requested: number | undefined, notes: string[]): number | undefined {
  if (requested === undefined) return undefined;
  const cores = os.availableParallelism();
  if (requested <= cores) return requested;
  notes.push(`--threads ${requested} is more than the ${cores} cores here; using ${cores}.`);
  return cores;
}

function relocate(finding: Finding, toCwd: (file: string) => string): Finding {
  return {
    ...finding,
    file: toCwd(finding.file),
    related: finding.related?.map((related) => ({ ...related, file: toCwd(related.file) })),
    fixes: finding.fixes?.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, file: toCwd(edit.file) })) })),
  };
}

/** The current folder, or the folder holding both it and every (absolute) target outside it. */
function workspaceRoot(cwd: string, targets: readonly string[]): string {
  let root = cwd;
  for (const target of targets) {
    while (path.relative(root, target).startsWith('..')) root = path.dirname(root);
  }
  return root;
}

function failed(findings: readonly Finding[], failOn: CliOptions['failOn']): boolean {
  if (failOn === 'never') return false;
  const rank = { info: 0, warning: 1, error: 2 } as const;
  return findings.some((finding) => rank[finding.severity] >= rank[failOn]);
}

function colorWanted(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}
