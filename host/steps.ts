import { FactsIndex, FactsKeys, type AnalysisError, type AnalysisSettings, type AnalyzeOptions, type Engine, type FactsKey, type FileFacts, type FileResult, type ParsedFile, type SkippedFile } from '../analyzers';
import { deepEqual } from '../analyzers/core/dependencies';
import type { DiscoveredFile } from './files';
import { readSource } from './read';

/** What a pass-1 analysis read from other files, with the values it saw. */
export type SeenReads = Array<[FactsKey, unknown]>;

export interface IndexOutcome {
  facts?: FileFacts;
  skipped?: SkippedFile;
  error?: AnalysisError;
  /** The file's final findings: its analysis in pass 1 read no other file's facts. */
  result?: FileResult;
  /** Findings computed in pass 1 that read other files' facts: final if pass 2 sees the same values there. */
  speculative?: { result: FileResult; reads: SeenReads };
  /** SHA-256 of the bytes read, when the scan keeps a cache (`Pass1Settings.digest`). */
  digest?: string;
}

export interface Pass1Settings {
  settings: AnalysisSettings;
  analyze: AnalyzeOptions;
  /** Shared across the files of one thread: stops analyzing in pass 1 where it does not pay. */
  speculation: Speculation;
  /** Return the digest of each file's bytes (the scan cache's key). */
  digest?: boolean;
}

/**
 * Whether pass-1 analysis is worth trying for a language. When its rules
 * read values that cannot be checked later (a workspace view holding
 * functions, which cannot cross threads), every pass-1 result is thrown away
 * and the rules run twice; after 50 files of a language with fewer than one
 * in ten usable, this thread stops trying for it.
 */
export class Speculation {
  private readonly tried = new Map<string, { attempts: number; kept: number }>();

  worthTrying(language: string): boolean {
    const entry = this.tried.get(language);
    return !entry || entry.attempts < 50 || entry.kept * 10 >= entry.attempts;
  }

  record(language: string, kept: boolean): void {
    const entry = this.tried.get(language) ?? { attempts: 0, kept: 0 };
    entry.attempts++;
    if (kept) entry.kept++;
    this.tried.set(language, entry);
  }
}

/**
 * Pass 1 for one file: read, parse, extract its facts, then analyze it at
 * once against an index holding only its own facts, observing every read
 * with the value it returned. A rule's findings are a function of the tree
 * and the values it read, so:
 * - if it read nothing but the file's own facts, the result is final;
 * - otherwise the result stands if every value it read from other files is
 *   the same in the full index, which pass 2 checks (`confirmReads`) before
 *   it parses the file again. Files without Prisma calls read an empty
 *   verdict list either way, for instance.
 */
export function indexFile(engine: Engine, file: DiscoveredFile, pass1?: Pass1Settings): IndexOutcome {
  const read = readSource(file.absolute, { digest: pass1?.digest });
  const digest = read.digest ? { digest: read.digest } : {};
  if ('skipped' in read) return { skipped: { file: file.relative, reason: read.skipped }, ...digest };
  const outcome = engine.parse({ path: file.relative, text: read.text });
  if (outcome.kind === 'skipped') return { skipped: outcome.skipped, ...digest };
  if (outcome.kind === 'failed') return { error: outcome.error };
  if (outcome.kind === 'unsupported') return {};
  const extracted = engine.extractFacts(outcome.file);
  const indexed: IndexOutcome = { facts: extracted.facts, error: extracted.error, ...digest };
  if (pass1 && extracted.facts && pass1.speculation.worthTrying(outcome.file.language)) {
    Object.assign(indexed, analyzeAlone(engine, outcome.file, extracted.facts, pass1));
    pass1.speculation.record(outcome.file.language, indexed.result !== undefined || indexed.speculative !== undefined);
  }
  engine.dispose(outcome.file);
  return indexed;
}

function analyzeAlone(engine: Engine, file: ParsedFile, facts: FileFacts, pass1: Pass1Settings): Pick<IndexOutcome, 'result' | 'speculative'> {
  const own = new Set([FactsKeys.file(file.path), FactsKeys.text(file.path)]);
  const alone = FactsIndex.fromSnapshot([facts]);
  const reads = new Map<FactsKey, unknown>();
  const result = alone.observe({ read: (key, value) => own.has(key) || reads.has(key) || reads.set(key, value) }, () => engine.analyze(file, alone, pass1.settings, pass1.analyze));
  if (reads.size === 0) return { result };
  const seen: SeenReads = [...reads];
  try {
    // The values cross to another thread for the check; a value that cannot (a view holding functions) cannot be checked.
    return { speculative: { result, reads: structuredClone(seen) } };
  } catch {
    return {};
  }
}

/** True when every read returns, against the full index, what it returned in pass 1. */
export function confirmReads(reads: SeenReads, facts: FactsIndex): boolean {
  try {
    return reads.every(([key, seen]) => deepEqual(seen, facts.valueOf(key)));
  } catch {
    return false;
  }
}

/** A pass-2 result; with `record`, also the keys of the other files' facts it read and the digest of the bytes it came from. */
export interface Analyzed {
  result: FileResult;
  reads?: FactsKey[];
  digest?: string;
}

/**
 * Pass 2 for one file: read and parse again, run the rules against the
 * whole workspace's facts. `record` observes the reads for the scan cache:
 * the findings stand as long as the file's bytes and every value behind
 * these keys stay the same.
 */
export function analyzeFile(engine: Engine, file: DiscoveredFile, facts: FactsIndex, settings: AnalysisSettings, options: AnalyzeOptions, record = false): Analyzed | undefined {
  const read = readSource(file.absolute, { digest: record });
  if ('skipped' in read) return undefined;
  const outcome = engine.parse({ path: file.relative, text: read.text });
  if (outcome.kind !== 'parsed') return undefined;
  let analyzed: Analyzed;
  if (record) {
    const own = new Set([FactsKeys.file(file.relative), FactsKeys.text(file.relative)]);
    const reads = new Set<FactsKey>();
    const result = facts.observe({ read: (key) => own.has(key) || reads.add(key) }, () => engine.analyze(outcome.file, facts, settings, options));
    analyzed = { result, reads: [...reads], digest: read.digest };
  } else {
    analyzed = { result: engine.analyze(outcome.file, facts, settings, options) };
  }
  engine.dispose(outcome.file);
  return analyzed;
}
