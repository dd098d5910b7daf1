import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import { createEngine, FactsIndex, type AnalysisError, type FileFacts, type AnalysisSettings, type AnalyzeOptions, type FileResult, type SkippedFile } from '../analyzers';
import { nodeParserAssets } from './assets';
import type { DiscoveredFile } from './files';
import { analyzeFile, confirmReads, indexFile, Speculation, type IndexOutcome, type SeenReads } from './steps';
import { ScanPool } from './scan-pool';
import { shareFacts } from './shared-facts';
import type { AnalyzeItem, WorkerReply } from './worker-protocol';

export interface ScanOptions {
  files: readonly DiscoveredFile[];
  settings: AnalysisSettings;
  analyze?: AnalyzeOptions;
  /** Worker threads; 0 or 1 analyzes in this thread. Defaults to the cores available. */
  threads?: number;
  /** Called as files finish; `total` counts both passes. */
  onProgress?: (done: number, total: number) => void;
  /**
   * False lets the scan drop its copy of the workspace facts once the
   * workers have theirs (the CLI needs only findings): one copy fewer at the
   * memory peak. `ScanResult.facts` is then empty.
   */
  keepFacts?: boolean;
  /**
   * The worker script and its limits; the defaults are `scan-worker.js` next
   * to this bundle and Node's own limits. Tests give a heap cap or a worker
   * that dies on purpose; nothing a workspace contains reaches these.
   */
  worker?: { script?: string; resourceLimits?: ResourceLimits };
}

export interface ScanResult {
  results: FileResult[];
  errors: AnalysisError[];
  skipped: SkippedFile[];
  facts: FactsIndex;
}

/**
 * Worker threads only from four cores up. Measured on the 2-core benchmark
 * machine, two workers took as long as one thread (TypeScript 28.2 s vs
 * 28.1 s, Python 20.9 s vs 22.4 s) for 1.5× the CPU time and 1.4–2.7× the
 * memory: parsing in parallel ran at half speed per thread, and each worker
 * holds its own copy of the facts and views. `--threads N` still chooses.
 */
function defaultThreads(): number {
  const cores = os.availableParallelism();
  return cores >= 4 ? Math.min(cores, 4) : 1;
}

/** Below this many files, starting workers costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 150;
const CHUNK_SIZE = 40;

/**
 * Scans files in two passes. Pass 1 parses each file once, extracts its
 * facts and analyzes it right away; that result is final when the rules read
 * nothing but the file's own facts (see `indexFile`). Pass 2 parses again only
 * the files whose rules read other files' facts, and analyzes them against
 * the complete index. Large scans spread both passes over worker threads;
 * the results are the same either way.
 */
export async function scanFiles(options: ScanOptions): Promise<ScanResult> {
  const threads = options.threads ?? defaultThreads();
  const workerScript = options.worker?.script ?? path.join(__dirname, 'scan-worker.js');
  if (threads > 1 && options.files.length >= MIN_FILES_FOR_WORKERS && fs.existsSync(workerScript)) {
    return scanWithWorkers(options, threads, workerScript);
  }
  return scanInProcess(options);
}

async function scanInProcess(options: ScanOptions): Promise<ScanResult> {
  const engine = createEngine();
  const errors = await engine.prepare(options.files.map((file) => file.relative), nodeParserAssets());
  const pass1 = { settings: options.settings, analyze: options.analyze ?? {}, speculation: new Speculation() };
  const facts = new FactsIndex();
  const skipped: SkippedFile[] = [];
  const results: FileResult[] = [];
  const total = options.files.length * 2;
  let done = 0;
  const speculative = new Map<string, { result: FileResult; reads: SeenReads }>();
  for (const file of options.files) {
    collectIndexOutcome(indexFile(engine, file, pass1), facts, skipped, errors, results, speculative);
    options.onProgress?.(++done, total);
  }
  const finished = new Set(results.map((result) => result.file));
  for (const file of options.files) {
    if (facts.has(file.relative) && !finished.has(file.relative)) {
      const guess = speculative.get(file.relative);
      const result = guess && confirmReads(guess.reads, facts) ? guess.result : analyzeFile(engine, file, facts, options.settings, pass1.analyze);
      if (result) results.push(result);
    }
    options.onProgress?.(++done, total);
  }
  for (const result of results) errors.push(...result.errors);
  results.sort(byFile);
  return { results, errors, skipped, facts };
}

async function scanWithWorkers(options: ScanOptions, threads: number, workerScript: string): Promise<ScanResult> {
  const pool = new ScanPool({ size: threads, script: workerScript, resourceLimits: options.worker?.resourceLimits });
  let facts = new FactsIndex();
  const skipped: SkippedFile[] = [];
  const errors: AnalysisError[] = [];
  const results: FileResult[] = [];
  const total = options.files.length * 2;
  let done = 0;
  let disposeFacts = () => {};
  const lost = (files: string[], reason: string) => {
    for (const file of files) errors.push({ file, message: `Not analyzed: the scan worker stopped on this file twice (${reason}).` });
    done += files.length;
    options.onProgress?.(done, total);
  };
  const onError = (reply: WorkerReply) => {
    if (reply.type !== 'error') return false;
    errors.push(...reply.errors);
    return true;
  };
  try {
    pool.broadcast({ type: 'setup', settings: options.settings, analyze: options.analyze ?? {} });
    const speculative = new Map<string, { result: FileResult; reads: SeenReads }>();
    await pool.run(
      chunk(options.files),
      (files) => ({ type: 'index', files }),
      (reply) => {
        if (onError(reply) || reply.type !== 'indexed') return;
        for (const outcome of reply.outcomes) collectIndexOutcome(outcome, facts, skipped, errors, results, speculative);
        done += reply.outcomes.length;
        options.onProgress?.(done, total);
      },
      (files, reason) => lost(files.map((file) => file.relative), reason),
    );
    const finished = new Set(results.map((result) => result.file));
    const remaining = options.files.filter((file) => facts.has(file.relative) && !finished.has(file.relative));
    done += options.files.length - remaining.length;
    options.onProgress?.(done, total);
    if (remaining.length) {
      // Live workers get the facts as a message (freed as soon as each has read it); a worker
      // restarted during pass 2 reads them from a serialized copy the scan keeps outside its heap.
      let snapshot: FileFacts[] | undefined = facts.snapshot();
      const kept = shareFacts(snapshot);
      disposeFacts = kept.dispose;
      pool.broadcast({ type: 'facts', snapshot }, { type: 'facts', facts: kept.facts });
      snapshot = undefined;
      if (options.keepFacts === false) facts = new FactsIndex();
      const items: AnalyzeItem[] = remaining.map((file) => ({ file, reads: speculative.get(file.relative)?.reads }));
      await pool.run(
        chunk(items),
        (files) => ({ type: 'analyze', files }),
        (reply) => {
          if (onError(reply) || reply.type !== 'analyzed') return;
          results.push(...reply.results);
          for (const path of reply.confirmed) results.push(speculative.get(path)!.result);
          done += reply.count;
          options.onProgress?.(done, total);
        },
        (files, reason) => lost(files.map((item) => item.file.relative), reason),
      );
    }
  } finally {
    await pool.close();
    disposeFacts();
  }
  for (const result of results) errors.push(...result.errors);
  results.sort(byFile);
  return { results, errors, skipped, facts };
}

function byFile(a: FileResult, b: FileResult): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

function chunk<T>(files: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < files.length; i += CHUNK_SIZE) chunks.push(files.slice(i, i + CHUNK_SIZE));
  return chunks;
}

function collectIndexOutcome(
  outcome: IndexOutcome,
  facts: FactsIndex,
  skipped: SkippedFile[],
  errors: AnalysisError[],
  results: FileResult[],
  speculative: Map<string, { result: FileResult; reads: SeenReads }>,
): void {
  if (outcome.facts) facts.set(outcome.facts);
  if (outcome.result) results.push(outcome.result);
  if (outcome.speculative) speculative.set(outcome.speculative.result.file, outcome.speculative);
  if (outcome.skipped) skipped.push(outcome.skipped);
  if (outcome.error) errors.push(outcome.error);
}
