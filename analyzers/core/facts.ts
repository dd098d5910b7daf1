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
    /** True when the parser had to recover from syntax errors in that text: fixes that edit the file are not safe. */
    broken?: boolean;
    data: L extends keyof FactsByLanguage ? FactsByLanguage[L] : unknown;
  };
}[Language];

export type FactsOf<L extends Language> = Extract<FileFacts, { language: L }>;

/**
 * What a read of the index depended on. Every accessor of `FactsIndex`
 * reports one of these to the current observer, so the session learns which
 * facts each file's findings came from without rules declaring anything:
 *
 * - `file:<path>`: one file's facts (`get`, `has`);
 * - `text:<path>`: one file's content hash (`hashOf`, used for fix staleness);
 * - `lang:<language>`: every file of a language (`ofLanguage`);
 * - `all`: every file (`all`, `paths`, `snapshot`);
 * - `view:<key>`: a whole derived view (`derived`, or iterating a keyed view);
 * - `view:<key>#<entry>`: one entry of a keyed view (`keyed(...).get(entry)`).
 */
export type FactsKey = string;

export const FactsKeys = {
  file: (path: string): FactsKey => `file:${path}`,
  text: (path: string): FactsKey => `text:${path}`,
  language: (language: Language): FactsKey => `lang:${language}`,
  all: 'all' as FactsKey,
  view: (key: string): FactsKey => `view:${key}`,
  entry: (key: string, entry: string): FactsKey => `view:${key}#${entry}`,
};

const VIEW_PREFIX = 'view:';

/** `K` for `view:K` and `view:K#entry`; undefined for other keys. */
export function viewName(key: FactsKey): string | undefined {
  if (!key.startsWith(VIEW_PREFIX)) return undefined;
  const hash = key.indexOf('#', VIEW_PREFIX.length);
  return hash < 0 ? key.slice(VIEW_PREFIX.length) : key.slice(VIEW_PREFIX.length, hash);
}

/** Receives every read of the index made while it observes. */
export interface FactsObserver {
  read(key: FactsKey, value: unknown): void;
}

/** One derived view as last computed: its value and what it read. */
export interface ViewRecord {
  value: unknown;
  /** The keys the computation read, with the values it saw. */
  reads: Map<FactsKey, unknown>;
}

/**
 * A derived view that maps entry names to values (models by name, functions
 * by `file#export`). Reading one entry depends on that entry only: a reader
 * of `User` is not affected when `Post` changes. Iterating depends on the
 * whole view.
 */
export class KeyedView<V> {
  constructor(
    private readonly index: FactsIndex,
    private readonly key: string,
    private readonly map: ReadonlyMap<string, V>,
  ) {}

  get(entry: string): V | undefined {
    const value = this.map.get(entry);
    this.index.notify(FactsKeys.entry(this.key, entry), value);
    return value;
  }

  has(entry: string): boolean {
    return this.get(entry) !== undefined;
  }

  entries(): IterableIterator<[string, V]> {
    this.index.notify(FactsKeys.view(this.key), this.map);
    return this.map.entries();
  }

  values(): IterableIterator<V> {
    this.index.notify(FactsKeys.view(this.key), this.map);
    return this.map.values();
  }

  get size(): number {
    this.index.notify(FactsKeys.view(this.key), this.map);
    return this.map.size;
  }
}

/**
 * The workspace facts index: every file's facts, plus derived cross-file views
 * (models by name, resolved imports, reachability) computed on first use and
 * dropped when any file's facts change.
 *
 * Cross-file rules read facts here and never re-read other files' text. Every
 * read is reported to the observer in place (see `observe`), which is how the
 * editor's session knows which files a change affects and how the scan knows
 * which results did not depend on other files.
 */
export class FactsIndex {
  private readonly files = new Map<string, FileFacts>();
  private readonly views = new Map<string, ViewRecord>();
  private readonly observers: FactsObserver[] = [];
  private generation = 0;
  private moveCount = 0;

  /** Increases whenever some file's facts data change or move; hosts use it to know derived views went stale. */
  get version(): number {
    return this.generation;
  }

  /** Increases whenever a file's facts only moved (see `set`). */
  get moves(): number {
    return this.moveCount;
  }

  /**
   * Stores a file's facts. Returns false when nothing changed. New text with
   * the same facts data (an edit inside a function body) only updates the
   * hash and keeps every derived view. Facts that differ only by positions
   * (a line typed above a function) move: the positions change in place, in
   * the data the views hold, and only the views that are not `movable` and
   * read the file are recomputed.
   */
  set(facts: FileFacts): boolean {
    const previous = this.files.get(facts.path);
    if (previous && previous.hash === facts.hash && previous.language === facts.language) return false;
    const difference = previous && previous.language === facts.language ? compareData(previous.data, facts.data) : 'other';
    if (previous && difference === 'none') {
      // Keep the previous data object: readers that saw it still see an identical value.
      this.files.set(facts.path, { ...facts, data: previous.data } as FileFacts);
      return true;
    }
    if (previous && difference === 'positions') {
      movePositions(previous.data, facts.data);
      this.files.set(facts.path, { ...facts, data: previous.data } as FileFacts);
      this.moveCount++;
      this.invalidate(facts.path, [facts.language], true);
      return true;
    }
    this.files.set(facts.path, facts);
    this.invalidate(facts.path, [facts.language, ...(previous ? [previous.language] : [])]);
    return true;
  }

  delete(path: string): boolean {
    const previous = this.files.get(path);
    if (!previous) return false;
    this.files.delete(path);
    this.invalidate(path, [previous.language]);
    return true;
  }

  get(path: string): FileFacts | undefined {
    const facts = this.files.get(path);
    this.notify(FactsKeys.file(path), facts?.data);
    return facts;
  }

  has(path: string): boolean {
    return this.get(path) !== undefined;
  }

  hashOf(path: string): string | undefined {
    const hash = this.files.get(path)?.hash;
    this.notify(FactsKeys.text(path), hash);
    return hash;
  }

  paths(): string[] {
    this.notify(FactsKeys.all, this.files);
    return [...this.files.keys()];
  }

  all(): IterableIterator<FileFacts> {
    this.notify(FactsKeys.all, this.files);
    return this.files.values();
  }

  ofLanguage<L extends Language>(language: L): FactsOf<L>[] {
    const out: FactsOf<L>[] = [];
    for (const facts of this.files.values()) if (facts.language === language) out.push(facts as FactsOf<L>);
    this.notify(FactsKeys.language(language), out);
    return out;
  }

  /**
   * A cross-file view computed once per facts version. `key` must be unique
   * per kind of view (prefix it with the language: `prisma:models`). A reader
   * depends on the whole value; prefer `keyed` when readers look up entries.
   */
  derived<T>(key: string, compute: (index: FactsIndex) => T, options: ViewOptions = {}): T {
    const value = this.view(key, compute, options);
    this.notify(FactsKeys.view(key), value);
    return value;
  }

  /**
   * The current value behind a key a reader saw (see `FactsKey`): what the
   * same read would return now. The scan uses it to check that a result
   * computed against a partial index read the same values as the full one.
   */
  valueOf(key: FactsKey): unknown {
    if (key === FactsKeys.all) return this.files;
    const colon = key.indexOf(':');
    const kind = key.slice(0, colon);
    const rest = key.slice(colon + 1);
    if (kind === 'file') return this.files.get(rest)?.data;
    if (kind === 'text') return this.files.get(rest)?.hash;
    if (kind === 'lang') return [...this.files.values()].filter((facts) => facts.language === rest);
    const hash = rest.indexOf('#');
    const value = this.currentView(hash < 0 ? rest : rest.slice(0, hash));
    // A view this thread cannot compute has no value equal to anything a reader saw.
    if (hash < 0 || value === VIEW_UNKNOWN) return value;
    return value instanceof Map ? value.get(rest.slice(hash + 1)) : undefined;
  }

  /**
   * A cross-file view of named entries, computed once per facts version.
   * Readers depend only on the entries they `get`, so a change to one model
   * affects the files that looked that model up, not every file that queries.
   */
  keyed<V>(key: string, compute: (index: FactsIndex) => ReadonlyMap<string, V>, options: ViewOptions = {}): KeyedView<V> {
    return new KeyedView(this, key, this.view(key, compute, options));
  }

  /**
   * Runs `read` with every read of the index reported to `observer` (reads
   * made while computing a view are the view's own, and the observer sees
   * the view). Observers nest; the innermost one receives the reads.
   */
  observe<T>(observer: FactsObserver, read: () => T): T {
    this.observers.push(observer);
    try {
      return read();
    } finally {
      this.observers.pop();
    }
  }

  /** The views computed for the current version, with what each read. */
  viewRecord(key: string): ViewRecord | undefined {
    return this.views.get(key);
  }

  /** The current value of a view read before (here or in any index of this thread), computing it if this version has not yet. */
  currentView(key: string): unknown {
    const compute = VIEW_COMPUTES.get(key);
    return compute ? this.view(key, compute) : VIEW_UNKNOWN;
  }

  /** A plain snapshot to send to a worker thread. */
  snapshot(): FileFacts[] {
    this.notify(FactsKeys.all, this.files);
    return [...this.files.values()];
  }

  static fromSnapshot(snapshot: readonly FileFacts[]): FactsIndex {
    const index = new FactsIndex();
    for (const facts of snapshot) index.files.set(facts.path, facts);
    return index;
  }

  /** @internal Reports a read to the current observer. */
  notify(key: FactsKey, value: unknown): void {
    const observer = this.observers[this.observers.length - 1];
    if (observer) observer.read(key, value);
  }

  private view<T>(key: string, compute: (index: FactsIndex) => T, options: ViewOptions = {}): T {
    VIEW_COMPUTES.set(key, compute);
    if (options.movable) MOVABLE_VIEWS.add(key);
    const cached = this.views.get(key);
    if (cached) return cached.value as T;
    const reads = new Map<FactsKey, unknown>();
    let value: T;
    try {
      value = this.observe({ read: (read, seen) => reads.set(read, seen) }, () => compute(this));
    } catch (error) {
      // The reader depends on the failure too: once the view computes, its findings may differ.
      this.notify(FactsKeys.view(key), VIEW_FAILED);
      throw error;
    }
    this.views.set(key, { value, reads });
    return value;
  }

  /**
   * Drops the views that read what changed (the file, its language, or
   * everything), and the views that read those; the others stay: a keystroke
   * in a route keeps the schema's view, an edit to the schema keeps the
   * Python ones. When the file's facts only moved, a movable view stays
   * unless a view it read is dropped.
   */
  private invalidate(path: string, languages: readonly Language[], moved = false): void {
    this.generation++;
    const changed = new Set<FactsKey>([FactsKeys.file(path), FactsKeys.all, ...languages.map(FactsKeys.language)]);
    const stale = new Map<string, boolean>();
    const isStale = (key: string): boolean => {
      const known = stale.get(key);
      if (known !== undefined) return known;
      stale.set(key, true); // a view reading itself through a cycle: drop it
      const record = this.views.get(key);
      let result = !record;
      for (const read of record?.reads.keys() ?? []) {
        const view = viewName(read);
        if (changed.has(read) || (view !== undefined && isStale(view))) {
          result = true;
          break;
        }
      }
      stale.set(key, result);
      return result;
    };
    const dropped = new Map<string, boolean>();
    const isDropped = (key: string): boolean => {
      const known = dropped.get(key);
      if (known !== undefined) return known;
      dropped.set(key, true);
      let result = isStale(key);
      if (result && MOVABLE_VIEWS.has(key)) {
        result = false;
        for (const read of this.views.get(key)!.reads.keys()) {
          const view = viewName(read);
          if (view !== undefined && isDropped(view)) {
            result = true;
            break;
          }
        }
      }
      dropped.set(key, result);
      return result;
    };
    const drop = moved ? isDropped : isStale;
    for (const key of [...this.views.keys()]) if (drop(key)) this.views.delete(key);
  }
}

export interface ViewOptions {
  /**
   * The view holds the facts' position values only by reference (a call's
   * span array, a query's location object) and never copies a number out of
   * them, so it stays true when a file's positions move in place.
   * test/core/moved-positions.test.ts checks every view that says so.
   */
  movable?: boolean;
}

/** Keys of the views created `movable`. */
const MOVABLE_VIEWS = new Set<string>();

/**
 * Every view's compute function by key, for every index of this thread: view
 * keys are unique per kind of view, and a view read in one index (a scan's
 * single-file index) can then be computed in another (the full one).
 */
const VIEW_COMPUTES = new Map<string, (index: FactsIndex) => unknown>();

/** What a reader saw when a view's computation threw: equal to no value a view can have. */
export const VIEW_FAILED = '\u0000scalecheck:view-failed';
/** The value of a view no reader has computed in this thread. */
const VIEW_UNKNOWN = '\u0000scalecheck:view-unknown';

/**
 * The keys under which facts hold positions. Every number below one of them
 * is a position; every other number (an index into a list, a worker count)
 * means something. A name list, not a pattern: records keyed by the user's
 * names (`exports.publishedAt`) must not pass for positions.
 * test/core/moved-positions.test.ts holds every language's facts to it.
 */
const POSITION_KEY = new Set([
  'at',
  'location',
  'range',
  'offset',
  'start',
  'end',
  'insertAt',
  'importAt',
  'fixAt',
  'attributeInsertOffset',
  'backendRange',
  'entryLocation',
  'locationRange',
  'nameLocation',
  'providerLocation',
  'relationModeLocation',
  'whereLocation',
]);

/**
 * How two facts values of one file differ: not at all, only by positions
 * (typing moved what follows the cursor), or otherwise. Facts are plain
 * JSON-shaped data; one walk, stopping at the first real difference, runs
 * on every keystroke.
 */
function compareData(a: unknown, b: unknown): 'none' | 'positions' | 'other' {
  let moved = false;
  const stack: Array<[unknown, unknown, boolean]> = [[a, b, false]];
  while (stack.length) {
    const [x, y, inPosition] = stack.pop()!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') {
      if (!inPosition) return 'other';
      moved = true;
      continue;
    }
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null || Array.isArray(x) !== Array.isArray(y)) return 'other';
    if (Array.isArray(x)) {
      const other = y as unknown[];
      if (x.length !== other.length) return 'other';
      for (let i = 0; i < x.length; i++) stack.push([x[i], other[i], inPosition]);
      continue;
    }
    const left = x as Record<string, unknown>;
    const right = y as Record<string, unknown>;
    // Keys holding `undefined` are absent in JSON: compare what serializes.
    let count = 0;
    for (const key in left) {
      if (left[key] === undefined) continue;
      count++;
      if (right[key] === undefined) return 'other';
      stack.push([left[key], right[key], inPosition || POSITION_KEY.has(key)]);
    }
    for (const key in right) if (right[key] !== undefined) count--;
    if (count !== 0) return 'other';
  }
  return moved ? 'positions' : 'none';
}

/**
 * Copies the positions of `to` into `from`, in place, so the derived views
 * that hold parts of `from` (a call's span, a query's location) see them
 * moved without being recomputed. Shapes are equal: `compareData` said so.
 */
function movePositions(from: unknown, to: unknown): void {
  if (from === null || to === null || typeof from !== 'object' || typeof to !== 'object') return;
  const target = from as Record<string, unknown>;
  for (const [key, value] of Object.entries(to as Record<string, unknown>)) {
    if (typeof value === 'number') target[key] = value;
    else movePositions(target[key], value);
  }
}
