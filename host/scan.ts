import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import { createEngine, FactsIndex, type AnalysisError, type AnalysisSettings, type AnalyzeOptions, type Engine, type FactsKey, type FileFacts, type FileResult, type SkippedFile } from '../analyzers';
import { SKIP_REASON_TEXT } from '../analyzers/core/guards';
import { nodeParserAssets } from './assets';
import type { DiscoveredFile } from './files';
import { bytesDigest, readBytes, refusal } from './read';
import { ReadsRecorder, staleReaders } from './reuse';
import { factsOf, serializeFacts, type CacheEntry, type CachedAnalysis, type FactsEntry, type ScanCache } from './scan-cache';
import { ScanPool } from './scan-pool';
import { shareFacts } from './shared-facts';
import { analyzeFile, confirmReads, indexFile, Speculation, type Analyzed, type IndexOutcome, type SeenReads } from './steps';
import type { AnalyzeItem, Noted, WorkerReply } from './worker-protocol';
import { viewName } from '../analyzers/core/facts';

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
   * Keep a cache across scans (`ScanResult.cache` is the next one to give):
   * `settings` spells everything besides the files that changes findings
   * (the host's choice: configuration, rules, locale, root); `previous` is
   * what the last scan left, if anything. The results are the same with or
   * without it.
   */
  cache?: { settings: string; previous?: ScanCache };
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
  /** With `ScanOptions.cache`: what to keep for the next scan, and how much of the last one served. */
  cache?: CacheOutcome;
}

export interface CacheOutcome {
  cache: ScanCache;
  /** False when the cache is what `previous` already was: nothing to write. */
  changed: boolean;
  /** Files whose findings came from the cache, and files analyzed again. */
  reused: number;
  analyzed: number;
  /** Why `previous` could not be used after all, when it could not. */
  problem?: string;
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
 *
 * With a cache, a file whose bytes did not change keeps its facts (no pass
 * 1) and its findings, unless something they read changed (`staleReaders`);
 * only the rest goes through the passes.
 */
export async function scanFiles(options: ScanOptions): Promise<ScanResult> {
  const scan = new Scan(options);
  try {
    return await scan.run();
  } finally {
    await scan.close();
  }
}

/** What the cache says about the files of this scan before anything is parsed. */
interface Known {
  /** Files whose bytes are those of their entry. */
  hits: Map<string, CacheEntry>;
  /** Files refused before reading (too large, not a regular file, unreadable): no parse needed to say so. */
  refused: SkippedFile[];
  /** Everything else goes through pass 1. */
  fresh: DiscoveredFile[];
}

/** What pass 1 made of a file, as far as the cache keeps it (facts serialized at once: the scan may drop its copy). */
interface Indexed {
  digest?: string;
  skipped?: string;
  facts?: Uint8Array;
}

class Scan {
  private readonly threads: number;
  private readonly workerScript: string;
  private readonly analyzeOptions: AnalyzeOptions;
  private readonly record: boolean;
  private readonly total: number;
  private done = 0;
  private local?: { engine: Engine; speculation: Speculation };
  private pool?: ScanPool;
  private disposeFacts = () => {};
  private readonly loadErrors: AnalysisError[] = [];
  private readonly outcomeErrors: AnalysisError[] = [];
  private readonly otherErrors: AnalysisError[] = [];
  private readonly skipped: SkippedFile[] = [];

  constructor(private readonly options: ScanOptions) {
    this.threads = options.threads ?? defaultThreads();
    this.workerScript = options.worker?.script ?? path.join(__dirname, 'scan-worker.js');
    this.analyzeOptions = options.analyze ?? {};
    this.record = options.cache !== undefined;
    this.total = options.files.length * 2;
  }

  async run(): Promise<ScanResult> {
    const { files, cache } = this.options;
    let previous = cache?.previous;
    let known: Known = previous ? classify(files, previous) : { hits: new Map(), refused: [], fresh: [...files] };
    const reusable = previous !== undefined && previous.settings === cache!.settings;

    // Nothing changed: no parse, no facts, not even the engine.
    if (previous && reusable && this.options.keepFacts === false && unchanged(known, previous)) {
      const results: FileResult[] = [];
      this.skipped.push(...known.refused);
      for (const [file, entry] of known.hits) {
        if ('skipped' in entry) this.skipped.push({ file, reason: entry.skipped });
        else results.push(entry.analysis!.result);
      }
      this.progress(this.total);
      return this.finish(results, new FactsIndex(), { cache: previous, changed: false, reused: results.length, analyzed: 0 });
    }

    // The facts of the files whose bytes did not change, as the last scan extracted them.
    const cachedFacts = new Map<string, FileFacts>();
    let problem: string | undefined;
    if (previous) {
      try {
        for (const [file, entry] of known.hits) if ('facts' in entry) cachedFacts.set(file, factsOf(entry));
      } catch (error) {
        problem = `an entry is damaged (${(error as Error).message})`;
        previous = undefined;
        cachedFacts.clear();
        known = { hits: new Map(), refused: [], fresh: [...files] };
      }
    }
    this.skipped.push(...known.refused);
    this.progress(files.length - known.fresh.length);

    // Pass 1 for the files the cache does not know.
    const current = new Map<string, FileFacts>();
    const indexed = new Map<string, Indexed>();
    const kept = new Map<string, CachedAnalysis>();
    const speculative = new Map<string, { result: FileResult; reads: SeenReads }>();
    await this.index(known.fresh, (outcome) => {
      if (outcome.skipped) this.skipped.push(outcome.skipped);
      if (outcome.error) this.outcomeErrors.push(outcome.error);
      const file = outcome.facts?.path ?? outcome.skipped?.file;
      if (file === undefined) return;
      if (outcome.facts) current.set(file, outcome.facts);
      if (outcome.result) kept.set(file, { result: outcome.result, reads: [] });
      if (outcome.speculative) speculative.set(file, outcome.speculative);
      if (this.record) indexed.set(file, { digest: outcome.digest, skipped: outcome.skipped?.reason, facts: outcome.facts && serializeFacts(outcome.facts) });
    });
    for (const [file, entry] of known.hits) {
      if ('skipped' in entry) this.skipped.push({ file, reason: entry.skipped });
      else current.set(file, cachedFacts.get(file)!);
    }
    cachedFacts.clear();
    let snapshot: FileFacts[] | undefined = sortedFacts(current);
    let facts = FactsIndex.fromSnapshot(snapshot);
    const recorder = this.record ? new ReadsRecorder(facts) : undefined;

    // Cached findings stand unless something they read changed.
    const analyzed = new Map<string, Analyzed>();
    const reusedFiles = new Set<string>();
    if (previous && reusable) {
      const readers = new Map<string, readonly FactsKey[]>();
      for (const [file, entry] of known.hits) {
        if (!('facts' in entry) || !entry.analysis) continue;
        if (entry.analysis.reads.length) readers.set(file, entry.analysis.reads);
        else reusedFiles.add(file);
      }
      const byPath = new Map(files.map((file) => [file.relative, file]));
      const { stale, learned } = await staleReaders({
        readers,
        changed: changedFiles(previous, known, current),
        previous,
        recorder: recorder!,
        // A view nobody read yet in this thread is learned by analyzing one of its readers again.
        learn: async (_view, candidates) => {
          const file = candidates.length ? byPath.get(candidates[0]) : undefined;
          if (!file) return undefined;
          const { engine } = this.localEngine();
          this.loadErrors.push(...(await engine.prepare([file.relative], nodeParserAssets())));
          const result = analyzeFile(engine, file, facts, this.options.settings, this.analyzeOptions, true);
          if (result) {
            analyzed.set(file.relative, result);
            recorder!.note(result.reads ?? []);
          }
          return file.relative;
        },
      });
      for (const file of readers.keys()) if (!stale.has(file) && !learned.has(file)) reusedFiles.add(file);
      for (const file of reusedFiles) kept.set(file, (known.hits.get(file) as FactsEntry).analysis!);
    }

    // Pass 2: every other file with facts, against the whole workspace.
    const items: AnalyzeItem[] = [];
    for (const file of files) {
      if (current.has(file.relative) && !kept.has(file.relative) && !analyzed.has(file.relative)) items.push({ file, reads: speculative.get(file.relative)?.reads });
    }
    this.progress(files.length - items.length);
    if (items.length && this.useWorkers(items.length)) {
      this.shareFacts(snapshot);
      if (this.options.keepFacts === false) {
        facts = new FactsIndex();
        current.clear();
      }
    }
    snapshot = undefined;
    const recorded = { values: new Map<FactsKey, string>(), views: new Map<string, FactsKey[]>() };
    await this.analyze(items, facts, recorder, (results, confirmed, noted) => {
      for (const result of results) analyzed.set(result.result.file, result);
      for (const file of confirmed) {
        const guess = speculative.get(file)!;
        kept.set(file, { result: guess.result, reads: guess.reads.map(([key]) => key) });
      }
      for (const [key, fingerprint] of noted?.values ?? []) if (!recorded.values.has(key)) recorded.values.set(key, fingerprint);
      for (const [view, reads] of noted?.views ?? []) if (!recorded.views.has(view)) recorded.views.set(view, reads);
    });

    const results = [...[...kept.values()].map((entry) => entry.result), ...[...analyzed.values()].map((entry) => entry.result)];
    if (!cache) return this.finish(results, facts);
    const entries = new Map<string, CacheEntry>();
    for (const file of files) {
      const entry = entryFor(known.hits.get(file.relative), indexed.get(file.relative), kept.get(file.relative), analyzed.get(file.relative));
      if (entry) entries.set(file.relative, entry);
    }
    const { values, views } = keptReads(entries, reusedFiles, [recorder ?? { values: new Map(), views: new Map() }, recorded], previous);
    return this.finish(results, facts, { cache: { settings: cache.settings, entries, values, views }, changed: true, reused: reusedFiles.size, analyzed: results.length - reusedFiles.size, ...(problem ? { problem } : {}) });
  }

  private finish(results: FileResult[], facts: FactsIndex, cache?: CacheOutcome): ScanResult {
    results.sort(byFile);
    this.skipped.sort(byFile);
    const errors = [...dedupe(this.loadErrors), ...this.outcomeErrors.sort(byFile), ...this.otherErrors];
    for (const result of results) errors.push(...result.errors);
    return { results, errors, skipped: this.skipped, facts, ...(cache ? { cache } : {}) };
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.disposeFacts();
  }

  private progress(files: number): void {
    if (files <= 0) return;
    this.done += files;
    this.options.onProgress?.(this.done, this.total);
  }

  private useWorkers(count: number): boolean {
    if (this.pool) return true;
    if (this.threads <= 1 || count < MIN_FILES_FOR_WORKERS || !fs.existsSync(this.workerScript)) return false;
    this.pool = new ScanPool({ size: this.threads, script: this.workerScript, resourceLimits: this.options.worker?.resourceLimits });
    this.pool.broadcast({ type: 'setup', settings: this.options.settings, analyze: this.analyzeOptions, record: this.record });
    return true;
  }

  private localEngine(): { engine: Engine; speculation: Speculation } {
    return (this.local ??= { engine: createEngine(), speculation: new Speculation() });
  }

  private lost(files: string[], reason: string): void {
    for (const file of files) this.otherErrors.push({ file, message: `Not analyzed: the scan worker stopped on this file twice (${reason}).` });
    this.progress(files.length);
  }

  private onError(reply: WorkerReply): boolean {
    if (reply.type !== 'error') return false;
    this.otherErrors.push(...reply.errors);
    return true;
  }

  /** Pass 1 over `files`. */
  private async index(files: readonly DiscoveredFile[], collect: (outcome: IndexOutcome) => void): Promise<void> {
    if (files.length === 0) return;
    if (this.useWorkers(files.length)) {
      await this.pool!.run(
        chunk(files),
        (chunkFiles) => ({ type: 'index', files: chunkFiles }),
        (reply) => {
          if (this.onError(reply) || reply.type !== 'indexed') return;
          for (const outcome of reply.outcomes) {
            // A parser that failed to load comes as an error of no file (see scan-worker.ts).
            if (outcome.error?.file === '' && !outcome.facts) this.loadErrors.push(outcome.error);
            else collect(outcome);
          }
          this.progress(reply.outcomes.length);
        },
        (lostFiles, reason) => this.lost(lostFiles.map((file) => file.relative), reason),
      );
      return;
    }
    const { engine, speculation } = this.localEngine();
    this.loadErrors.push(...(await engine.prepare(files.map((file) => file.relative), nodeParserAssets())));
    const pass1 = { settings: this.options.settings, analyze: this.analyzeOptions, speculation, digest: this.record };
    for (const file of files) {
      collect(indexFile(engine, file, pass1));
      this.progress(1);
    }
  }

  /**
   * The workspace facts for pass 2 in workers. Live workers get them as a
   * message (freed as soon as each has read it); a worker restarted during
   * pass 2 reads them from a serialized copy the scan keeps outside its heap.
   */
  private shareFacts(snapshot: FileFacts[]): void {
    const kept = shareFacts(snapshot);
    this.disposeFacts = kept.dispose;
    this.pool!.broadcast({ type: 'facts', snapshot }, { type: 'facts', facts: kept.facts });
  }

  /**
   * Pass 2 over `items` against `facts`, in workers when `shareFacts` gave
   * them the facts; with a cache, what the analyses read is noted in
   * `recorder` here, or comes back from the workers.
   */
  private async analyze(items: AnalyzeItem[], facts: FactsIndex, recorder: ReadsRecorder | undefined, collect: (results: Analyzed[], confirmed: string[], noted?: Noted) => void): Promise<void> {
    if (items.length === 0) return;
    if (this.pool) {
      await this.pool.run(
        chunk(items),
        (chunkItems) => ({ type: 'analyze', files: chunkItems }),
        (reply) => {
          if (this.onError(reply) || reply.type !== 'analyzed') return;
          collect(reply.results, reply.confirmed, reply.noted);
          this.progress(reply.count);
        },
        (lostItems, reason) => this.lost(lostItems.map((item) => item.file.relative), reason),
      );
      return;
    }
    const { engine } = this.localEngine();
    this.loadErrors.push(...(await engine.prepare(items.map((item) => item.file.relative), nodeParserAssets())));
    for (const { file, reads } of items) {
      if (reads && confirmReads(reads, facts)) {
        recorder?.note(reads.map(([key]) => key));
        collect([], [file.relative]);
      } else {
        const analyzed = analyzeFile(engine, file, facts, this.options.settings, this.analyzeOptions, this.record);
        if (analyzed) {
          recorder?.note(analyzed.reads ?? []);
          collect([analyzed], []);
        }
      }
      this.progress(1);
    }
  }
}

/** What the next scan gets for one file: its digest, facts or skip reason, and its findings when they can be reused. */
function entryFor(hit: CacheEntry | undefined, outcome: Indexed | undefined, kept: CachedAnalysis | undefined, analyzed: Analyzed | undefined): CacheEntry | undefined {
  if (hit && 'skipped' in hit) return hit;
  let entry: FactsEntry;
  if (hit) entry = { digest: hit.digest, facts: hit.facts };
  // How deep a parser can recurse depends on the thread's stack: that reason is found again each time.
  else if (outcome?.digest && outcome.skipped && outcome.skipped !== SKIP_REASON_TEXT['parser-overflow']) return { digest: outcome.digest, skipped: outcome.skipped };
  else if (outcome?.digest && outcome.facts) entry = { digest: outcome.digest, facts: outcome.facts };
  else return undefined;
  const analysis = kept ?? (analyzed?.reads && analyzed.digest === entry.digest ? { result: analyzed.result, reads: analyzed.reads } : undefined);
  // A rule that failed may not fail next time (a stack overflow, memory): such findings are not kept.
  if (analysis && analysis.result.errors.length === 0) entry.analysis = analysis;
  return entry;
}

/**
 * The fingerprints and view reads the next scan needs: what this scan
 * recorded, else, for findings kept from the last scan (whose values did
 * not change), what the last one did; only for keys a kept analysis read.
 * A key read by an analysis of this scan never falls back to the last
 * scan's fingerprint: its value may have changed since.
 */
function keptReads(entries: ReadonlyMap<string, CacheEntry>, reusedFiles: ReadonlySet<string>, recorded: ReadonlyArray<Pick<ScanCache, 'values' | 'views'>>, previous: ScanCache | undefined): Pick<ScanCache, 'values' | 'views'> {
  const readNow = new Set<FactsKey>();
  for (const [file, entry] of entries) {
    if ('facts' in entry && entry.analysis && !reusedFiles.has(file)) for (const key of entry.analysis.reads) readNow.add(key);
  }
  const viewsReadNow = new Set([...readNow].map(viewName));
  const first = <T>(get: (source: Pick<ScanCache, 'values' | 'views'>) => T | undefined, last: boolean): T | undefined => {
    for (const source of recorded) {
      const value = get(source);
      if (value !== undefined) return value;
    }
    return last && previous ? get(previous) : undefined;
  };
  const values = new Map<FactsKey, string>();
  const views = new Map<string, FactsKey[]>();
  for (const entry of entries.values()) {
    if (!('facts' in entry) || !entry.analysis) continue;
    for (const key of entry.analysis.reads) {
      const view = viewName(key);
      if (view === undefined || values.has(key)) continue;
      const fingerprint = first((source) => source.values.get(key), !readNow.has(key));
      if (fingerprint) values.set(key, fingerprint);
      if (views.has(view)) continue;
      const reads = first((source) => source.views.get(view), !viewsReadNow.has(view));
      if (reads) views.set(view, reads);
    }
  }
  return { values, views };
}

/**
 * Reads the bytes of every file the cache has an entry for: the same digest
 * makes a hit. Files without an entry are left to pass 1, which reads them
 * once anyway, unless they are not read at all (a file over 2 MB has no
 * entry, and must not stop a scan where nothing changed from being one).
 */
function classify(files: readonly DiscoveredFile[], cache: ScanCache): Known {
  const known: Known = { hits: new Map(), refused: [], fresh: [] };
  for (const file of files) {
    const entry = cache.entries.get(file.relative);
    if (!entry) {
      const refused = refusal(file.absolute);
      if (refused) known.refused.push({ file: file.relative, reason: refused });
      else known.fresh.push(file);
      continue;
    }
    const read = readBytes(file.absolute);
    if ('skipped' in read) known.refused.push({ file: file.relative, reason: read.skipped });
    else if (bytesDigest(read.bytes) === entry.digest) known.hits.set(file.relative, entry);
    else known.fresh.push(file);
  }
  return known;
}

/** Files whose facts are not those the cached findings saw: added, removed, other bytes, or no facts any more. */
function changedFiles(previous: ScanCache, known: Known, current: ReadonlyMap<string, FileFacts>): string[] {
  const before = [...previous.entries].filter(([, entry]) => 'facts' in entry).map(([file]) => file);
  const sameFacts = (file: string) => 'facts' in (known.hits.get(file) ?? {});
  return [...new Set([...before, ...current.keys()])].filter((file) => !sameFacts(file));
}

/** Every file is a hit with its findings, and every file of the last scan is here: the last results are this scan's. */
function unchanged(known: Known, previous: ScanCache): boolean {
  if (known.fresh.length || known.hits.size !== previous.entries.size) return false;
  for (const entry of known.hits.values()) if (!('skipped' in entry) && !entry.analysis) return false;
  return true;
}

/** The index is always built in path order: views computed from it then do not depend on which files came from where. */
function sortedFacts(facts: ReadonlyMap<string, FileFacts>): FileFacts[] {
  return [...facts.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function dedupe(errors: AnalysisError[]): AnalysisError[] {
  const seen = new Set<string>();
  return errors.filter((error) => !seen.has(error.message) && seen.add(error.message) !== undefined);
}

function byFile(a: { file: string }, b: { file: string }): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

function chunk<T>(files: readonly T[]): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < files.length; i += CHUNK_SIZE) chunks.push(files.slice(i, i + CHUNK_SIZE));
  return chunks;
}
