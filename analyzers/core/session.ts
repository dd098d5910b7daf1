import type { AnalyzeOptions, Engine, SourceFile } from './engine';
import { FactsIndex, type FileFacts } from './facts';
import type { AnalysisSettings, ParsedFile } from './rule';
import { contentHash } from './text';
import type { AnalysisError, FileResult, SkippedFile } from './types';

export interface UpdateOutcome {
  /** False when the text was identical to what the session already had. */
  changed: boolean;
  /** True when the file's facts changed: other files' findings may depend on them. */
  factsChanged: boolean;
  skipped?: SkippedFile;
  error?: AnalysisError;
}

/** How many parsed trees a session keeps; the editor re-parses the rest on demand. */
const PARSE_CACHE_SIZE = 64;

/**
 * A long-lived analysis state for an editor: the facts of every known file,
 * the parse trees of recently analyzed ones keyed by content hash, and the
 * settings. Each keystroke updates one file; the host re-analyzes that file
 * and, when its facts changed, the other files it shows findings for.
 */
export class AnalysisSession {
  readonly facts = new FactsIndex();
  private readonly texts = new Map<string, string>();
  private readonly parsed = new Map<string, ParsedFile>();

  constructor(
    private readonly engine: Engine,
    private settings: AnalysisSettings,
  ) {}

  setSettings(settings: AnalysisSettings): void {
    this.settings = settings;
  }

  has(path: string): boolean {
    return this.texts.has(path);
  }

  update(source: SourceFile): UpdateOutcome {
    if (this.texts.get(source.path) === source.text) return { changed: false, factsChanged: false };
    this.texts.set(source.path, source.text);
    this.parsed.delete(source.path);
    const outcome = this.engine.parse(source);
    if (outcome.kind !== 'parsed') {
      // Keep the last good facts of a file that stops parsing; drop them for skipped files.
      const factsChanged = outcome.kind === 'skipped' ? this.facts.delete(source.path) : false;
      return { changed: true, factsChanged, skipped: outcome.kind === 'skipped' ? outcome.skipped : undefined, error: outcome.kind === 'failed' ? outcome.error : undefined };
    }
    this.remember(outcome.file);
    const extracted = this.engine.extractFacts(outcome.file);
    if (!extracted.facts) return { changed: true, factsChanged: false, error: extracted.error };
    const previous = this.facts.get(source.path);
    const factsChanged = !previous || JSON.stringify(previous.data) !== JSON.stringify(extracted.facts.data);
    this.facts.set(extracted.facts);
    return { changed: true, factsChanged };
  }

  /**
   * Facts of a file the session does not hold text for, from a background
   * workspace scan. An open file's own update always wins over them.
   */
  indexFacts(facts: FileFacts): boolean {
    if (this.texts.has(facts.path)) return false;
    return this.facts.set(facts);
  }

  remove(path: string): boolean {
    this.texts.delete(path);
    this.parsed.delete(path);
    return this.facts.delete(path);
  }

  /** Findings for a known file, reusing its parse tree when the text is unchanged. */
  analyze(path: string, options: AnalyzeOptions = {}): FileResult | undefined {
    const text = this.texts.get(path);
    if (text === undefined) return undefined;
    let file = this.parsed.get(path);
    if (!file || file.hash !== contentHash(text)) {
      const outcome = this.engine.parse({ path, text });
      if (outcome.kind !== 'parsed') return undefined;
      file = outcome.file;
      this.remember(file);
    }
    return this.engine.analyze(file, this.facts, this.settings, options);
  }

  private remember(file: ParsedFile): void {
    this.parsed.delete(file.path);
    this.parsed.set(file.path, file);
    while (this.parsed.size > PARSE_CACHE_SIZE) this.parsed.delete(this.parsed.keys().next().value as string);
  }
}
