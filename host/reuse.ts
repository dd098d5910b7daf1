import { FactsKeys, languageOf, type FactsIndex, type FactsKey } from '../analyzers';
import { viewName } from '../analyzers/core/facts';
import { Fingerprints } from './fingerprint';

/**
 * What the scan cache keeps about the values findings read, for one index:
 * the fingerprint of each view key's value and, per view, the keys of the
 * files' facts it was computed from (through the views it read). It lives
 * in the thread that analyzes against `facts` (the scan, or a worker).
 */
export class ReadsRecorder {
  private readonly fingerprints = new Fingerprints();
  /** Fingerprint per view key, '' when the value has none (or the view failed). */
  readonly values = new Map<FactsKey, string>();
  readonly views = new Map<string, FactsKey[]>();
  private sentValues = 0;
  private sentViews = 0;

  constructor(private readonly facts: FactsIndex) {}

  /** Notes the view keys an analysis against `facts` read (the other keys need nothing). */
  note(keys: Iterable<FactsKey>): void {
    for (const key of keys) if (viewName(key) !== undefined) this.fingerprint(key);
  }

  /**
   * The fingerprint of a view key's current value ('' when it has none), or
   * undefined when this thread does not know how to compute the view: no
   * analysis here has read it yet (views are defined by the rule code that
   * reads them).
   */
  fingerprint(key: FactsKey): string | undefined {
    const known = this.values.get(key);
    if (known !== undefined) return known;
    const view = viewName(key)!;
    let value: unknown;
    try {
      value = this.facts.valueOf(key);
    } catch {
      this.values.set(key, '');
      return '';
    }
    if (!this.facts.viewRecord(view)) return undefined;
    const fingerprint = this.fingerprints.of(value) ?? '';
    this.values.set(key, fingerprint);
    this.noteView(view);
    return fingerprint;
  }

  /** What was noted since the last call, for a worker's reply. */
  drain(): { values: Array<[FactsKey, string]>; views: Array<[string, FactsKey[]]> } {
    const values = [...this.values].slice(this.sentValues);
    const views = [...this.views].slice(this.sentViews);
    this.sentValues = this.values.size;
    this.sentViews = this.views.size;
    return { values, views };
  }

  private noteView(view: string): FactsKey[] | undefined {
    const known = this.views.get(view);
    if (known) return known;
    const record = this.facts.viewRecord(view);
    if (!record) return undefined;
    const reads = new Set<FactsKey>();
    this.views.set(view, []); // a view reading itself through a cycle adds nothing
    for (const key of record.reads.keys()) {
      const inner = viewName(key);
      if (inner === undefined) reads.add(key);
      else {
        const innerReads = this.noteView(inner);
        // An inner view this index has no record of: its readers will always count as changed.
        if (!innerReads) {
          this.views.delete(view);
          return undefined;
        }
        for (const read of innerReads) reads.add(read);
      }
    }
    const list = [...reads];
    this.views.set(view, list);
    return list;
  }
}

export interface ReuseQuestion {
  /** Files whose cached findings read other files' facts, with the keys they read. */
  readers: ReadonlyMap<string, readonly FactsKey[]>;
  /** Files whose facts are not the ones the cached findings saw: added, removed, or other bytes. */
  changed: Iterable<string>;
  /** What the last scan recorded about the view keys and views (`ScanCache.values`, `.views`). */
  previous: { values: ReadonlyMap<FactsKey, string>; views: ReadonlyMap<string, readonly FactsKey[]> };
  /** Over the workspace facts now. */
  recorder: ReadsRecorder;
  /**
   * Analyzes one of `candidates` (readers of `view`) afresh against the
   * facts now and returns its path, or undefined when none is left to try:
   * this teaches the thread how `view` is computed.
   */
  learn: (view: string, candidates: readonly string[]) => Promise<string | undefined>;
}

/** At most this many readers of a view are analyzed to learn it; then its readers count as changed. */
const LEARN_ATTEMPTS = 3;

/**
 * Which readers' cached findings no longer stand, and which readers `learn`
 * analyzed on the way (their new findings replace the cached ones). The
 * test of the editor's session (`DependencyGraph.affected`), across runs:
 *
 * - `file:`, `text:`, `lang:` and `all` keys change when a file they cover
 *   changed;
 * - a view key changes when the view may have changed (a file's facts it was
 *   computed from changed) and the fingerprint of its value now differs
 *   from the one recorded.
 *
 * Findings are a function of the file's text and the values it read, so a
 * reader none of whose keys changed would be analyzed to the same findings.
 */
export async function staleReaders(question: ReuseQuestion): Promise<{ stale: Set<string>; learned: Set<string> }> {
  const { readers, previous, recorder } = question;
  const stale = new Set<string>();
  const learned = new Set<string>();
  const changedBase = new Set<FactsKey>();
  for (const path of question.changed) {
    changedBase.add(FactsKeys.file(path)).add(FactsKeys.text(path)).add(FactsKeys.all);
    const language = languageOf(path);
    if (language) changedBase.add(FactsKeys.language(language));
  }
  if (changedBase.size === 0) return { stale, learned };

  const mayHaveChanged = new Map<string, boolean>();
  const viewMayHaveChanged = (view: string): boolean => {
    let result = mayHaveChanged.get(view);
    if (result === undefined) {
      const reads = previous.views.get(view);
      result = !reads || reads.some((key) => changedBase.has(key));
      mayHaveChanged.set(view, result);
    }
    return result;
  };

  const fingerprintNow = async (key: FactsKey, view: string): Promise<string | undefined> => {
    let fingerprint = recorder.fingerprint(key);
    for (let attempt = 0; fingerprint === undefined && attempt < LEARN_ATTEMPTS; attempt++) {
      const candidates = [...readers].filter(([path, keys]) => !learned.has(path) && keys.some((read) => viewName(read) === view)).map(([path]) => path);
      const path = await question.learn(view, candidates);
      if (path === undefined) break;
      learned.add(path);
      fingerprint = recorder.fingerprint(key);
    }
    return fingerprint;
  };

  const keyChanged = new Map<FactsKey, boolean>();
  const changed = async (key: FactsKey): Promise<boolean> => {
    let result = keyChanged.get(key);
    if (result !== undefined) return result;
    const view = viewName(key);
    if (view === undefined) result = changedBase.has(key);
    else if (!viewMayHaveChanged(view)) result = false;
    else {
      const before = previous.values.get(key);
      result = !before || (await fingerprintNow(key, view)) !== before;
    }
    keyChanged.set(key, result);
    return result;
  };

  for (const [path, keys] of readers) {
    if (learned.has(path)) continue;
    for (const key of keys) {
      if (keyChanged.get(key) ?? (await changed(key))) {
        stale.add(path);
        break;
      }
    }
  }
  for (const path of learned) stale.delete(path);
  return { stale, learned };
}
