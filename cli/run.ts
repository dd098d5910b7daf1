import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRuleIds, PathFilter, type Finding } from '../analyzers';
import { loadConfig } from '../host/config';
import { discoverFiles } from '../host/files';
import { scanFiles } from '../host/scan';
import type { CliOptions } from './args';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { Progress } from './progress';
import type { Report } from './report';

/** Scans, prints the report, and returns the exit code. */
export async function run(options: CliOptions): Promise<number> {
  const cwd = process.cwd();
  for (const target of options.paths) {
    if (!fs.existsSync(path.resolve(cwd, target))) {
      process.stderr.write(`scalecheck: no such file or folder: ${target}\n`);
      return 2;
    }
  }
  const unknownRules = options.rules?.filter((id) => !allRuleIds.includes(id)) ?? [];
  if (unknownRules.length) {
    process.stderr.write(`scalecheck: unknown rule ${unknownRules.join(', ')}. Known rules: ${allRuleIds.join(', ')}\n`);
    return 2;
  }

  const root = workspaceRoot(cwd, options.paths);
  const loaded = loadConfig(root);
  for (const problem of loaded.problems) process.stderr.write(`scalecheck: ${problem}\n`);
  const started = Date.now();
  const files = discoverFiles(root, options.paths, new PathFilter(loaded.config));
  const progress = new Progress(process.stderr, files.length);
  const scan = await scanFiles({
    files,
    settings: { locale: options.locale, config: loaded.config },
    analyze: { onlyRules: options.rules },
    threads: options.threads,
    keepFacts: false,
    onProgress: (done, total) => progress.update(done, total),
  });
  progress.done();

  // Engine paths are relative to the root; printed paths are relative to where the user stands.
  const toCwd = (file: string) => (root === cwd || !file ? file : path.relative(cwd, path.join(root, file)).split(path.sep).join('/'));
  const report: Report = {
    findings: scan.results.flatMap((result) => result.findings).map((finding) => relocate(finding, toCwd)),
    suppressed: scan.results.flatMap((result) => result.suppressed).map((entry) => ({ ...entry, finding: relocate(entry.finding, toCwd) })),
    errors: scan.errors.map((error) => ({ ...error, file: toCwd(error.file) })),
    skipped: scan.skipped.map((entry) => ({ ...entry, file: toCwd(entry.file) })),
    filesAnalyzed: scan.results.length,
    durationMs: Date.now() - started,
    locale: options.locale,
    cwd,
  };

  let output: string;
  if (options.format === 'json') output = formatJson(report);
  else if (options.format === 'sarif') output = formatSarif(report);
  else output = formatText(report, { color: options.color ?? colorWanted(process.stdout) });
  process.stdout.write(output);
  if (options.format === 'text' && report.errors.length) {
    for (const error of report.errors) process.stderr.write(`scalecheck: ${error.file ? error.file + ': ' : ''}${error.message}\n`);
  }
  return failed(report.findings, options.failOn) ? 1 : 0;
}

function relocate(finding: Finding, toCwd: (file: string) => string): Finding {
  return {
    ...finding,
    file: toCwd(finding.file),
    related: finding.related?.map((related) => ({ ...related, file: toCwd(related.file) })),
    fixes: finding.fixes?.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, file: toCwd(edit.file) })) })),
  };
}

/** The current folder, or the folder holding both it and every target outside it. */
function workspaceRoot(cwd: string, targets: readonly string[]): string {
  let root = cwd;
  for (const target of targets) {
    const absolute = path.resolve(cwd, target);
    while (path.relative(root, absolute).startsWith('..')) root = path.dirname(root);
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
