/**
 * How often a folder's analysis worker may be restarted in one session (one
 * activation of the extension), and after how long. Counted per folder for
 * the whole session, so that a crash loop ends: the old count lived on the
 * worker's record and started again at zero with every new worker.
 */
export const MAX_RESTARTS = 4;
/** Waits before restart n (1-based): a worker that dies at once is not restarted in a tight loop. */
const BACKOFF_MS = [500, 2_000, 5_000, 15_000];

export interface CrashRecord {
  crashes: number;
  /** The last cause, for the one message shown when the session gives up. */
  cause: string;
  gaveUp: boolean;
}

export class WorkerRestarts {
  private readonly records = new Map<string, CrashRecord>();

  /** Records a crash of the folder's worker: the delay before its restart, or undefined when it is not restarted again. */
  crashed(folderKey: string, cause: string): number | undefined {
    const record = this.records.get(folderKey) ?? { crashes: 0, cause, gaveUp: false };
    record.crashes++;
    record.cause = cause;
    if (record.crashes > MAX_RESTARTS) record.gaveUp = true;
    this.records.set(folderKey, record);
    return record.gaveUp ? undefined : BACKOFF_MS[Math.min(record.crashes, BACKOFF_MS.length) - 1];
  }

  record(folderKey: string): CrashRecord | undefined {
    return this.records.get(folderKey);
  }

  gaveUp(folderKey: string): boolean {
    return this.records.get(folderKey)?.gaveUp ?? false;
  }

  /** A person asked to try again: the count starts over. */
  reset(folderKey: string): void {
    this.records.delete(folderKey);
  }
}
