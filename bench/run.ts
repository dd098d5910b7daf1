/**
 * `npm run bench`: ScaleCheck against the reference tools, side by side, in
 * one run. By default over the generated corpora (bench/corpus/, written on
 * first use); `BENCH_DIR=<path>[:<path>...]` measures those checkouts
 * instead, or beside them with `--with-generated`.
 *
 * Every tool runs cold, in its own child process, over the same files:
 * ScaleCheck's built CLI; ESLint 9 + @typescript-eslint/parser with only
 * no-await-in-loop on the TS/JS files; `flake8 --select F` on the Python
 * files when flake8 is installed. Each runs `BENCH_RUNS` times (default 3),
 * the tools taking turns so that a change in the machine's load reaches all
 * of them, and a row gives the medians. Prints a table and writes
 * bench/results.json; `--readme` also puts the table into README.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEngine, defaultConfig, languageOf, PathFilter } from '../analyzers';
import { discoverFiles } from '../host/files';
import { ensureGeneratedCorpora, type Corpus } from './corpus';
import type { FloorResult } from './floor';
import type { LatencyResult } from './latency';
import { spawnJson } from './child';
import { measure, type Measurement } from './measure';
import { medianRun } from './median';

const ROOT = path.join(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const ESLINT = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
const LATENCY_FILES = ['lib/services/reporting.ts', 'apps/reporting/views.py'];

interface Row {
  corpus: string;
  /** The checkout's commit, for a corpus that is a git checkout. */
  commit?: string;
  tool: string;
  files: number;
  seconds: number;
  filesPerSecond: number;
  peakRssMb: number;
  /** CPU seconds over wall seconds: how many cores the tool kept busy. */
  cores: number;
  /** The fastest and slowest of the runs, in seconds. */
  spread: [number, number];
  /** The reference tool's time over ScaleCheck's on the same files (ScaleCheck's row: 1). */
  ratio?: number;
  note?: string;
}

async function main(): Promise<void> {
  if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first (npm run bench does).');
  const loadBefore = os.loadavg();
  const corpora = chosenCorpora();
  const runs = runCount();
  const engine = createEngine();
  const rows: Row[] = [];
  const floors: Array<FloorResult & { corpus: string }> = [];
  const notes: string[] = [];
  const latency: Array<LatencyResult | { file: string; unsupported: string }> = [];

  for (const corpus of corpora) {
    const files = discoverFiles(corpus.dir, ['.'], new PathFilter(defaultConfig())).map((file) => file.relative);
    const tsFiles = files.filter((file) => languageOf(file) === 'typescript');
    const pyFiles = files.filter((file) => languageOf(file) === 'python');
    const analyzable = files.filter((file) => engine.languageOf(file));
    const unsupported = files.length - analyzable.length;
    if (unsupported) notes.push(`${corpus.name}: ${unsupported} files have no analyzer on this branch yet (${[...new Set(files.filter((file) => !engine.languageOf(file)).map((file) => languageOf(file)))].join(', ')}); ScaleCheck only discovers them.`);

    const tools: Array<{ tool: string; command: string; args: string[]; files: number }> = [
      { tool: 'scalecheck', command: process.execPath, args: [CLI, '.', '--format', 'json', '--fail-on', 'never'], files: analyzable.length },
    ];
    if (tsFiles.length) tools.push({ tool: 'eslint no-await-in-loop', command: process.execPath, args: [ESLINT, '--config', path.join(__dirname, 'eslint.config.mjs'), '--no-warn-ignored', '--format', 'json', ...tsFiles], files: tsFiles.length });
    if (pyFiles.length) {
      if (hasFlake8()) tools.push({ tool: 'flake8 --select F', command: 'flake8', args: ['--select', 'F', '--exit-zero', ...pyFiles], files: pyFiles.length });
      else notes.push(`${corpus.name}: flake8 is not installed (apt-get install -y flake8); its row is left out.`);
    }
    const measured: Measurement[][] = tools.map(() => []);
    for (let run = 0; run < runs; run++) {
      for (const [index, tool] of tools.entries()) measured[index].push(await measure(tool.command, tool.args, { cwd: corpus.dir }));
    }
    const commit = gitCommit(corpus.dir);
    const scan = medianRun(measured[0]);
    const report = parseReport(scan, 'scalecheck');
    rows.push(row(corpus.name, commit, 'scalecheck', tools[0].files - report.skipped, measured[0], `${report.findings} findings, ${report.skipped} skipped, ${report.errors} errors`));
    for (const [index, tool] of tools.entries()) {
      if (index === 0) continue;
      const median = medianRun(measured[index]);
      const findings = tool.command === 'flake8' ? median.stdout.split('\n').filter(Boolean).length : countEslintMessages(median);
      rows.push({ ...row(corpus.name, commit, tool.tool, tool.files, measured[index], `${findings} findings`), ratio: median.seconds / scan.seconds });
    }

    const floor = spawnJson<FloorResult[]>(['floor', corpus.dir]);
    for (const entry of floor ?? []) floors.push({ ...entry, corpus: corpus.name });
    for (const target of LATENCY_FILES) {
      if (!fs.existsSync(path.join(corpus.dir, target))) continue;
      const result = spawnJson<LatencyResult | { unsupported: string }>(['latency', corpus.dir, target]);
      if (result) latency.push({ file: target, ...result });
    }
  }

  const startup = startupTime();
  const loadAfter = os.loadavg();
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadAverageBefore: loadBefore.map((value) => Math.round(value * 100) / 100),
    loadAverageAfter: loadAfter.map((value) => Math.round(value * 100) / 100),
  };
  const results = { date: new Date().toISOString(), machine, runs, rows, floors, latency, startup, notes };
  fs.writeFileSync(path.join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  const table = render(results);
  process.stdout.write(table);
  if (process.argv.includes('--readme')) updateReadme(table);
}

/** `npm run bench -- --readme` puts the table between the README's bench markers. */
function updateReadme(table: string): void {
  const file = path.join(ROOT, 'README.md');
  const readme = fs.readFileSync(file, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  if (!readme.includes(start) || !readme.includes(end)) throw new Error('README.md has no bench markers');
  fs.writeFileSync(file, readme.slice(0, readme.indexOf(start) + start.length) + '\n' + table + readme.slice(readme.indexOf(end)));
}

/** `BENCH_DIR`'s checkouts (separated like PATH), the generated corpora, or both with `--with-generated`. */
function chosenCorpora(): Corpus[] {
  const dirs = (process.env.BENCH_DIR ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.resolve(dir));
  for (const dir of dirs) if (!fs.existsSync(dir)) throw new Error(`BENCH_DIR: ${dir} does not exist`);
  const named = dirs.map((dir) => ({ name: path.basename(dir), dir }));
  if (!named.length) return ensureGeneratedCorpora();
  return process.argv.includes('--with-generated') ? [...ensureGeneratedCorpora(), ...named] : named;
}

function runCount(): number {
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`BENCH_RUNS must be a whole number ≥ 1, not ${process.env.BENCH_RUNS}`);
  return runs;
}

function gitCommit(dir: string): string | undefined {
  const result = spawnSync('git', ['-C', dir, 'rev-parse', '--short=10', 'HEAD'], { encoding: 'utf8' });
  return result.status === 0 && fs.existsSync(path.join(dir, '.git')) ? result.stdout.trim() : undefined;
}

function row(corpus: string, commit: string | undefined, tool: string, files: number, runs: Measurement[], note: string): Row {
  for (const run of runs) if (run.exitCode !== 0 && run.exitCode !== 1) throw new Error(`${tool} exited with ${run.exitCode}:\n${run.stderr.slice(0, 2000)}`);
  const median = medianRun(runs);
  const seconds = runs.map((run) => run.seconds);
  return {
    corpus,
    commit,
    tool,
    files,
    seconds: round(median.seconds),
    filesPerSecond: Math.round(files / median.seconds),
    peakRssMb: Math.round(medianRun(runs, (run) => run.peakRssMb).peakRssMb),
    cores: round(median.cpuSeconds / median.seconds),
    spread: [round(Math.min(...seconds)), round(Math.max(...seconds))],
    ratio: tool === 'scalecheck' ? 1 : undefined,
    note,
  };
}

function parseReport(run: Measurement, tool: string): { findings: number; skipped: number; errors: number } {
  try {
    const report = JSON.parse(run.stdout) as { findings: unknown[]; skipped: unknown[]; errors: unknown[] };
    return { findings: report.findings.length, skipped: report.skipped.length, errors: report.errors.length };
  } catch {
    throw new Error(`${tool} printed no JSON report (exit ${run.exitCode}):\n${run.stderr.slice(0, 2000)}`);
  }
}

function countEslintMessages(run: Measurement): number {
  try {
    return (JSON.parse(run.stdout) as Array<{ messages: unknown[] }>).reduce((sum, file) => sum + file.messages.length, 0);
  } catch {
    throw new Error(`ESLint printed no JSON report (exit ${run.exitCode}):\n${run.stderr.slice(0, 2000)}`);
  }
}

function hasFlake8(): boolean {
  return spawnSync('flake8', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** `scalecheck --version`, cold, ten times: the median and the slowest. */
function startupTime(): { medianMs: number; maxMs: number } {
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const started = process.hrtime.bigint();
    execFileSync(process.execPath, [CLI, '--version'], { stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { medianMs: Math.round(times[5]), maxMs: Math.round(times[9]) };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

type Results = {
  date: string;
  machine: { cpu: string; cores: number; memoryGb: number; node: string; loadAverageBefore: number[]; loadAverageAfter: number[] };
  runs: number;
  rows: Row[];
  floors: Array<FloorResult & { corpus: string }>;
  latency: Array<LatencyResult | { file: string; unsupported: string }>;
  startup: { medianMs: number; maxMs: number };
  notes: string[];
};

/** The table the README shows, in Markdown so it can be pasted as is. */
export function render(results: Results): string {
  const { machine } = results;
  const lines = [
    `ScaleCheck benchmark, ${results.date.slice(0, 10)}: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}; load average ${machine.loadAverageBefore.join(' ')} before, ${machine.loadAverageAfter.join(' ')} after.`,
    '',
    `Medians of ${results.runs} ${results.runs === 1 ? 'run' : 'runs'} per tool, the tools taking turns; the fastest and slowest run in brackets.`,
    '',
    '| corpus | tool | files | seconds | files/s | peak RSS | cores used | time vs ScaleCheck |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const entry of results.rows) {
    const corpus = entry.commit ? `${entry.corpus} @ ${entry.commit}` : entry.corpus;
    lines.push(`| ${corpus} | ${entry.tool} | ${entry.files} | ${entry.seconds.toFixed(2)} (${entry.spread[0].toFixed(1)}–${entry.spread[1].toFixed(1)}) | ${entry.filesPerSecond} | ${entry.peakRssMb} MB | ${entry.cores.toFixed(2)} | ${entry.ratio === undefined ? '' : entry.ratio.toFixed(1) + '×'} |`);
  }
  lines.push('', 'Parse floor (the parser alone, one thread, no reading):', '');
  for (const floor of results.floors) lines.push(`- ${floor.corpus}, ${floor.language}: ${floor.files} files in ${floor.seconds.toFixed(2)} s`);
  lines.push('', 'On-type latency (update + analyze of one file, facts of the whole corpus indexed):', '');
  for (const entry of results.latency) {
    if ('unsupported' in entry) lines.push(`- ${entry.file}: not measured, ${entry.unsupported}`);
    else lines.push(`- ${entry.file} (${entry.lines} lines, ${entry.keystrokes} keystrokes, ${entry.factsChanges} changed its facts, at most ${entry.maxAffected} other files affected): p50 ${entry.p50} ms, p95 ${entry.p95} ms, max ${entry.max} ms`);
  }
  lines.push('', `\`scalecheck --version\`: median ${results.startup.medianMs} ms, slowest ${results.startup.maxMs} ms of 10 cold starts.`);
  lines.push('', 'Details per row (findings, skipped files):', '');
  for (const entry of results.rows) lines.push(`- ${entry.corpus}, ${entry.tool}: ${entry.note}`);
  for (const note of results.notes) lines.push(`- ${note}`);
  return lines.join('\n') + '\n';
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
