import { DependencyGraph } from './dependencies';
import type { AnalyzeOptions, Engine, SourceFile } from './engine';
import { FactsIndex, type FactsKey, type FileFacts } from './facts';
import type { AnalysisSettings, ParsedFile } from './rule';
import { contentHash } from './text';
import type { AnalysisError, FileResult, Language, SkippedFile } from './types';

export interface FactsChange {
  /** True when the file's facts changed (appeared, disappeared or differ), not when their positions only moved. */
  factsChanged: boolean;
  /**
   * Other files the session analyzed whose findings may depend on what
   * changed: re-analyze them. Sorted; never includes the file itself.
   */
  affected: string[];
}

export interface UpdateOutcome extends FactsChange {
  /** False when the text was identical to what the session already had. */
  changed: boolean;
  skipped?: SkippedFile;
  error?: AnalysisError;
}

/** Parse results the session keeps, keyed by path and content hash: undo and redo hit them. */
const PARSE_CACHE_SIZE = 64;

interface CachedParse {
  file: ParsedFile;
  facts?: FileFacts;
  error?: AnalysisError;
}

/**
 * A long-lived analysis state for an editor: the facts of every known file,
 * the parse trees and facts of recent texts keyed by content hash, what each
 * analyzed file's findings read from the facts, and the settings. Each
 * keystroke updates one file; the host re-analyzes that file and the
 * `affected` files the update returns.
 */
export class AnalysisSession {
  readonly facts = new FactsIndex();
  private readonly texts = new Map<string, string>();
  private readonly parsed = new Map<string, CachedParse>();
  private readonly dependencies = new DependencyGraph();

  constructor(
    private readonly engine: Engine,
    private settings: AnalysisSettings,
  ) {}

  /** New settings change every file's findings: the host re-analyzes all of them. */
  setSettings(settings: AnalysisSettings): void {
    this.settings = settings;
  }

  has(path: string): boolean {
    return this.texts.has(path);
  }

  /**
   * `affected: false` skips working out which analyzed files the change
   * affects, for a background index that re-checks them all once it is
   * done: answering it compares every view an open file read, after every
   * indexed file (a 300-file index took three times as long with one file open).
   */
  update(source: SourceFile, options: { affected?: boolean } = {}): UpdateOutcome {
    const previousText = this.texts.get(source.path);
    if (previousText === source.text) return { changed: false, factsChanged: false, affected: [] };
    this.texts.set(source.path, source.text);
    const hash = contentHash(source.text);
    let cached = this.parsed.get(cacheKey(source.path, hash));
    const hit = cached !== undefined;
    if (!cached) {
      const outcome = this.engine.parse(source, previousText === undefined ? undefined : this.takeForReparse(source.path, previousText));
      if (outcome.kind !== 'parsed') {
        // Keep the last good facts of a file that stops parsing; drop them for skipped files.
        // Fixes other files computed against the old facts keep the old hash, so hosts drop them.
        const change = outcome.kind === 'skipped' ? this.applyFacts(source.path, undefined, true) : { factsChanged: false, affected: [] };
        return {
          changed: true,
          ...change,
          skipped: outcome.kind === 'skipped' ? outcome.skipped : undefined,
          error: outcome.kind === 'failed' ? outcome.error : undefined,
        };
      }
      const extracted = this.engine.extractFacts(outcome.file);
      cached = { file: outcome.file, facts: extracted.facts, error: extracted.error };
    }
    this.remember(cached);
    if (!cached.facts) return { changed: true, factsChanged: false, affected: [], error: cached.error };
    // The index moves positions in place in the data it holds (FactsIndex.set). A fresh parse's
    // entry is taken out of the cache before the next text moves them (takeForReparse); an entry
    // that stays cached gives the index a copy, so its facts stay true for its own text.
    const facts = hit ? ({ ...cached.facts, data: structuredClone(cached.facts.data) } as FileFacts) : cached.facts;
    return { changed: true, ...this.applyFacts(source.path, facts, true, options.affected ?? true) };
  }

  /**
   * Facts of a file the session does not hold text for, from a background
   * workspace scan. An open file's own update always wins over them.
   */
  indexFacts(facts: FileFacts): boolean {
    if (!this.acceptsIndexed(facts)) return false;
    this.applyFacts(facts.path, facts, false);
    return true;
  }

  /** `indexFacts`, telling which analyzed files the new facts affect. */
  updateFacts(facts: FileFacts): FactsChange {
    if (!this.acceptsIndexed(facts)) return { factsChanged: false, affected: [] };
    return this.applyFacts(facts.path, facts, false);
  }

  remove(path: string): boolean {
    const known = this.texts.has(path) || this.facts.has(path);
    this.removeFile(path);
    return known;
  }

  /** Forgets a file, telling which analyzed files its facts affected. */
  removeFile(path: string): FactsChange {
    this.texts.delete(path);
    for (const key of [...this.parsed.keys()]) if (key.startsWith(path + '\0')) this.evict(key);
    this.dependencies.forget(path);
    return this.applyFacts(path, undefined, false);
  }

  /** Findings for a known file, reusing its parse tree when the text is unchanged. */
  analyze(path: string, options: AnalyzeOptions = {}): FileResult | undefined {
    const text = this.texts.get(path);
    if (text === undefined) return undefined;
    let cached = this.parsed.get(cacheKey(path, contentHash(text)));
    if (!cached) {
      const outcome = this.engine.parse({ path, text });
      if (outcome.kind !== 'parsed') return undefined;
      cached = { file: outcome.file };
    }
    this.remember(cached);
    const reads = new Map<FactsKey, unknown>();
    const result = this.facts.observe({ read: (key, value) => reads.set(key, value) }, () => this.engine.analyze(cached.file, this.facts, this.settings, options));
    this.dependencies.record(path, reads, this.facts);
    return result;
  }

  /** The facts keys `path`'s findings read when it was last analyzed. */
  dependenciesOf(path: string): ReadonlySet<FactsKey> {
    return this.dependencies.readsOf(path);
  }

  /** Stores new facts (or none) for `path` and works out what that affects. */
  private applyFacts(path: string, facts: FileFacts | undefined, textChanged: boolean, findAffected = true): FactsChange {
    const previous = this.facts.get(path);
    const versionBefore = this.facts.version;
    const movesBefore = this.facts.moves;
    if (facts) this.facts.set(facts);
    else this.facts.delete(path);
    // Data that changed or only moved: either way some views recomputed, and their readers (a related
    // location into this file) are compared; the views that moved in place compare equal and affect nobody.
    const dataChanged = this.facts.version !== versionBefore;
    const factsChanged = dataChanged && this.facts.moves === movesBefore;
    if (!findAffected || (!dataChanged && !textChanged && previous?.hash === facts?.hash)) return { factsChanged, affected: [] };
    const languages = new Set<Language>();
    if (dataChanged && previous) languages.add(previous.language);
    if (dataChanged && facts) languages.add(facts.language);
    const affected = this.dependencies.affected({ facts: dataChanged ? [path] : [], texts: [path], languages: [...languages] }, this.facts);
    return { factsChanged, affected };
  }

  private acceptsIndexed(facts: FileFacts): boolean {
    return !this.texts.has(facts.path) && this.facts.hashOf(facts.path) !== facts.hash;
  }

  private remember(entry: CachedParse): void {
    const key = cacheKey(entry.file.path, entry.file.hash);
    this.parsed.delete(key);
    this.parsed.set(key, entry);
    while (this.parsed.size > PARSE_CACHE_SIZE) this.evict(this.parsed.keys().next().value as string);
  }

  /** The cached parse of the previous text, handed over to an incremental re-parse (which may change it in place). */
  private takeForReparse(path: string, previousText: string): ParsedFile | undefined {
    const key = cacheKey(path, contentHash(previousText));
    const entry = this.parsed.get(key);
    this.parsed.delete(key);
    return entry?.file;
  }

  private evict(key: string): void {
    const entry = this.parsed.get(key);
    this.parsed.delete(key);
    if (entry) this.engine.dispose(entry.file);
  }
}

function cacheKey(path: string, hash: string): string {
  return `${path}\0${hash}`;
}
