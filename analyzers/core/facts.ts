import type { Language } from './types';

/**
 * Per-language facts, keyed by language. Each language module adds its own
 * entry by declaration merging, so core stays ignorant of their shapes:
 *
 *   declare module '../core/facts' { interface FactsByLanguage { python: PythonFacts } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface FactsByLanguage {}

/** What one file contributes to the workspace: plain data, safe to send between threads. */
export type FileFacts = {
  [L in Language]: {
    path: string;
    language: L;
    /** Content hash of the text the facts were extracted from. */
    hash: string;
    data: L extends keyof FactsByLanguage ? FactsByLanguage[L] : unknown;
  };
}[Language];

export type FactsOf<L extends Language> = Extract<FileFacts, { language: L }>;

/**
 * The workspace facts index: every file's facts, plus derived cross-file views
 * (models by name, resolved imports, reachability) computed on first use and
 * dropped when any file's facts change.
 *
 * Cross-file rules read facts here and never re-read other files' text.
 */
export class FactsIndex {
  private readonly files = new Map<string, FileFacts>();
  private readonly derivedCache = new Map<string, unknown>();
  private generation = 0;

  /** Increases on every change; hosts use it to know derived views went stale. */
  get version(): number {
    return this.generation;
  }

  /** Stores a file's facts. Returns false when they are identical to what was there. */
  set(facts: FileFacts): boolean {
    const previous = this.files.get(facts.path);
    if (previous && previous.hash === facts.hash && previous.language === facts.language) return false;
    this.files.set(facts.path, facts);
    this.invalidate();
    return true;
  }

  delete(path: string): boolean {
    const had = this.files.delete(path);
    if (had) this.invalidate();
    return had;
  }

  get(path: string): FileFacts | undefined {
    return this.files.get(path);
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  hashOf(path: string): string | undefined {
    return this.files.get(path)?.hash;
  }

  paths(): string[] {
    return [...this.files.keys()];
  }

  all(): IterableIterator<FileFacts> {
    return this.files.values();
  }

  ofLanguage<L extends Language>(language: L): FactsOf<L>[] {
    const out: FactsOf<L>[] = [];
    for (const facts of this.files.values()) if (facts.language === language) out.push(facts as FactsOf<L>);
    return out;
  }

  /**
   * A cross-file view computed once per facts version. `key` must be unique
   * per kind of view (prefix it with the language: `prisma:models`).
   */
  derived<T>(key: string, compute: (index: FactsIndex) => T): T {
    if (this.derivedCache.has(key)) return this.derivedCache.get(key) as T;
    const value = compute(this);
    this.derivedCache.set(key, value);
    return value;
  }

  /** A plain snapshot to send to a worker thread. */
  snapshot(): FileFacts[] {
    return [...this.files.values()];
  }

  static fromSnapshot(snapshot: readonly FileFacts[]): FactsIndex {
    const index = new FactsIndex();
    for (const facts of snapshot) index.files.set(facts.path, facts);
    return index;
  }

  private invalidate(): void {
    this.generation++;
    this.derivedCache.clear();
  }
}
