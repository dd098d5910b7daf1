import { FactsKeys, viewName, type FactsIndex, type FactsKey } from './facts';
import type { Language } from './types';

/** What one update changed in the index. */
export interface FactsChangeSet {
  /** Files whose facts data changed, appeared or disappeared. */
  facts: readonly string[];
  /** Files whose text (content hash) changed, facts or not. */
  texts: readonly string[];
  /** Languages of the files in `facts`, before and after. */
  languages: readonly Language[];
}

/**
 * Which facts each analyzed file's findings were computed from, and so which
 * files a change affects. Reads are recorded by observing the `FactsIndex`
 * while a file is analyzed (every accessor reports a `FactsKey` and the value
 * it returned); nothing has to be declared by languages or rules.
 *
 * A change affects a file when a key it read changed:
 * - `file:`, `text:`, `lang:` and `all` keys change when the update touched them;
 * - a view (`view:K`) or a view entry (`view:K#e`) changes only when the view
 *   may have changed (something it read changed) *and* the value the file saw
 *   differs from the recomputed one. That cut-off is what keeps precision when
 *   a view is computed from every file of a language: a caller that looked up
 *   `lib/b.ts#getUser` is affected only when that entry's value changed.
 */
export class DependencyGraph {
  private readonly readsByFile = new Map<string, Map<FactsKey, unknown>>();
  private readonly readersByKey = new Map<FactsKey, Set<string>>();
  /** Everything each view's computations ever read (a union: which files a view follows can vary). */
  private readonly viewDependencies = new Map<string, Set<FactsKey>>();

  /** Replaces what `path`'s findings depend on. Call right after analyzing it, while `facts` still has that version. */
  record(path: string, reads: Map<FactsKey, unknown>, facts: FactsIndex): void {
    this.forget(path);
    this.readsByFile.set(path, reads);
    for (const key of reads.keys()) {
      let readers = this.readersByKey.get(key);
      if (!readers) this.readersByKey.set(key, (readers = new Set()));
      readers.add(path);
      const view = viewName(key);
      if (view !== undefined) this.recordView(view, facts);
    }
  }

  forget(path: string): void {
    const reads = this.readsByFile.get(path);
    if (!reads) return;
    this.readsByFile.delete(path);
    for (const key of reads.keys()) {
      const readers = this.readersByKey.get(key);
      readers?.delete(path);
      if (readers?.size === 0) this.readersByKey.delete(key);
    }
  }

  /** The keys `path` read when it was last analyzed (for tests and diagnostics). */
  readsOf(path: string): ReadonlySet<FactsKey> {
    return new Set(this.readsByFile.get(path)?.keys() ?? []);
  }

  /**
   * Recorded files whose findings may differ after `change`, which `facts`
   * already holds. Views that may have changed are recomputed to compare.
   */
  affected(change: FactsChangeSet, facts: FactsIndex): string[] {
    const changedBase = new Set<FactsKey>();
    for (const path of change.facts) changedBase.add(FactsKeys.file(path));
    for (const path of [...change.facts, ...change.texts]) changedBase.add(FactsKeys.text(path));
    for (const language of change.languages) changedBase.add(FactsKeys.language(language));
    if (change.facts.length) changedBase.add(FactsKeys.all);

    const equalPairs: EqualPairs = new WeakMap();
    const mayHaveChanged = new Map<string, boolean>();
    const viewMayHaveChanged = (view: string): boolean => {
      const known = mayHaveChanged.get(view);
      if (known !== undefined) return known;
      mayHaveChanged.set(view, false); // a view that reads itself through a cycle adds nothing
      let result = false;
      for (const key of this.viewDependencies.get(view) ?? []) {
        const inner = viewName(key);
        if (inner !== undefined ? viewMayHaveChanged(inner) : changedBase.has(key)) {
          result = true;
          break;
        }
      }
      mayHaveChanged.set(view, result);
      return result;
    };

    // The changed files themselves are re-analyzed by the host anyway: never compare on their behalf.
    const changedFiles = new Set([...change.facts, ...change.texts]);
    const affected = new Set<string>();
    for (const [key, readers] of this.readersByKey) {
      if (changedBase.has(key)) {
        for (const reader of readers) if (!changedFiles.has(reader)) affected.add(reader);
        continue;
      }
      const view = viewName(key);
      if (view === undefined || !viewMayHaveChanged(view)) continue;
      const undecided = [...readers].filter((reader) => !affected.has(reader) && !changedFiles.has(reader));
      if (undecided.length === 0) continue;
      const current = this.currentValue(key, facts);
      const verdicts = new Map<unknown, boolean>();
      for (const reader of undecided) {
        const seen = this.readsByFile.get(reader)!.get(key);
        let differs = verdicts.get(seen);
        if (differs === undefined) verdicts.set(seen, (differs = !current.ok || !deepEqual(seen, current.value, equalPairs)));
        if (differs) affected.add(reader);
      }
    }
    return [...affected].sort();
  }

  private recordView(view: string, facts: FactsIndex): void {
    const record = facts.viewRecord(view);
    if (!record) return;
    let dependencies = this.viewDependencies.get(view);
    if (!dependencies) this.viewDependencies.set(view, (dependencies = new Set()));
    for (const key of record.reads.keys()) {
      if (dependencies.has(key)) continue;
      dependencies.add(key);
      const inner = viewName(key);
      if (inner !== undefined && inner !== view) this.recordView(inner, facts);
    }
  }

  /** The value a view key has now; a view whose computation throws counts as changed. */
  private currentValue(key: FactsKey, facts: FactsIndex): { ok: boolean; value?: unknown } {
    try {
      return { ok: true, value: facts.valueOf(key) };
    } catch {
      return { ok: false };
    }
  }
}


/**
 * Comparisons after which two values are taken as different rather than
 * walked further: it bounds the time a keystroke can spend here (a few
 * milliseconds), at the price of re-analyzing readers of a huge whole view.
 */
const MAX_COMPARISONS = 200_000;

/** Pairs of objects already found equal, shared by the comparisons of one `affected` run. */
export type EqualPairs = WeakMap<object, WeakSet<object>>;

/**
 * Structural equality of plain data, Maps and Sets, without recursion (a
 * deep view must not overflow the stack). Shared references short-cut; a
 * pair of objects met twice (shared substructure, or a cycle) is walked
 * once; pairs proven equal go into `known`, so the next reader's comparison
 * of the same view skips them.
 */
export function deepEqual(a: unknown, b: unknown, known: EqualPairs = new WeakMap()): boolean {
  const stack: Array<[unknown, unknown]> = [[a, b]];
  const walked: Array<[object, object]> = [];
  const inWalk: EqualPairs = new WeakMap();
  let budget = MAX_COMPARISONS;
  while (stack.length) {
    const [x, y] = stack.pop()!;
    if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
    if (--budget < 0) return false;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (known.get(x)?.has(y) || inWalk.get(x)?.has(y)) continue;
    addPair(inWalk, x, y);
    walked.push([x, y]);
    if (Array.isArray(x) !== Array.isArray(y) || Object.getPrototypeOf(x) !== Object.getPrototypeOf(y)) return false;
    if (x instanceof Map) {
      const other = y as Map<unknown, unknown>;
      if (x.size !== other.size) return false;
      for (const [key, value] of x) {
        if (!other.has(key)) return false;
        stack.push([value, other.get(key)]);
      }
    } else if (x instanceof Set) {
      const other = y as Set<unknown>;
      if (x.size !== other.size) return false;
      // Sets of plain values compare by membership, sets holding objects in iteration order.
      const right = [...other];
      let i = 0;
      for (const value of x) {
        const counterpart = right[i++];
        if (typeof value === 'object' && value !== null) stack.push([value, counterpart]);
        else if (!other.has(value)) return false;
      }
    } else {
      const xKeys = Object.keys(x);
      const yKeys = Object.keys(y);
      if (xKeys.length !== yKeys.length) return false;
      for (const key of xKeys) {
        if (!Object.prototype.hasOwnProperty.call(y, key)) return false;
        stack.push([(x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key]]);
      }
    }
  }
  for (const [x, y] of walked) addPair(known, x, y);
  return true;
}

function addPair(pairs: EqualPairs, x: object, y: object): void {
  let partners = pairs.get(x);
  if (!partners) pairs.set(x, (partners = new WeakSet()));
  partners.add(y);
}
