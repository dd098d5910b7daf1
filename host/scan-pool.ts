import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './worker-protocol';

export interface PoolOptions {
  size: number;
  script: string;
  resourceLimits?: ResourceLimits;
}

/** Work handed to a worker: a chunk of items, and whether these items already lost a worker once. */
interface Task<T> {
  items: T[];
  retry: boolean;
}

interface Slot<T> {
  worker?: Worker;
  task?: Task<T>;
  /** Set when we terminate the worker ourselves: its exit is no death. */
  stopping?: boolean;
}

/**
 * The scan's worker threads. A worker can die under it (out of memory under
 * a heap cap, `process.exit` in a parser, a thread killed from outside); the
 * pool then starts a fresh one in its place and hands it the dead worker's
 * items again, one per request, so that a file that kills a worker once more
 * is known by name and reported as lost (`onLost`) instead of retried
 * forever. Every run ends: a death always settles the task it interrupted,
 * and after `maxRestarts` deaths no worker is started again and whatever is
 * left is reported lost.
 */
export class ScanPool {
  private readonly slots: Array<Slot<unknown>>;
  /** Messages a fresh worker gets before any task (settings, then the facts once pass 2 starts). */
  private readonly preamble: WorkerRequest[] = [];
  private restarts = 0;
  private readonly maxRestarts: number;
  /** What the running `run` does with a reply or a death. */
  private current: { onMessage: (slot: Slot<unknown>, reply: WorkerReply) => void; onDeath: (slot: Slot<unknown>, reason: string) => void } | undefined;

  constructor(private readonly options: PoolOptions) {
    this.maxRestarts = Math.max(4, options.size * 2);
    this.slots = Array.from({ length: options.size }, () => ({}));
    for (const slot of this.slots) this.start(slot);
  }

  /**
   * Sends a message to every live worker, and `later` (the same by default)
   * to every worker started from now on in place of a dead one.
   */
  broadcast(message: WorkerRequest, later: WorkerRequest = message): void {
    this.preamble.push(later);
    for (const slot of this.slots) slot.worker?.postMessage(message);
  }

  /**
   * Runs the chunks on whichever worker is idle; resolves when each item
   * was answered (`onReply`) or lost (`onLost`, with the reason).
   */
  run<T>(chunks: T[][], request: (items: T[]) => WorkerRequest, onReply: (reply: WorkerReply) => void, onLost: (items: T[], reason: string) => void): Promise<void> {
    const queue: Array<Task<T>> = chunks.map((items) => ({ items, retry: false }));
    const slots = this.slots as Array<Slot<T>>;
    return new Promise((resolve) => {
      const finishIfDone = () => {
        if (slots.some((slot) => slot.task)) return;
        if (queue.length && !slots.some((slot) => slot.worker)) {
          for (const task of queue.splice(0)) onLost(task.items, 'the scan workers kept stopping');
        }
        if (queue.length === 0) {
          this.current = undefined;
          resolve();
        }
      };
      const dispatch = (slot: Slot<T>) => {
        const task = queue.shift();
        if (!task || !slot.worker) {
          if (task) queue.unshift(task);
          return finishIfDone();
        }
        slot.task = task;
        slot.worker.postMessage(request(task.items));
      };
      this.current = {
        onMessage: (done, reply) => {
          const slot = done as Slot<T>;
          slot.task = undefined;
          onReply(reply);
          dispatch(slot);
        },
        onDeath: (dead, reason) => {
          const slot = dead as Slot<T>;
          const task = slot.task;
          slot.task = undefined;
          if (task && !task.retry) queue.unshift(...task.items.map((item) => ({ items: [item], retry: true })));
          else if (task) onLost(task.items, reason);
          if (slot.worker) dispatch(slot);
          else finishIfDone();
        },
      };
      for (const slot of slots) dispatch(slot);
    });
  }

  async close(): Promise<void> {
    await Promise.all(
      this.slots.map((slot) => {
        slot.stopping = true;
        return slot.worker?.terminate();
      }),
    );
  }

  private start(slot: Slot<unknown>): void {
    const worker = new Worker(this.options.script, this.options.resourceLimits ? { resourceLimits: this.options.resourceLimits } : {});
    slot.worker = worker;
    slot.stopping = false;
    let failure: Error | undefined;
    worker.on('message', (reply: WorkerReply) => this.current?.onMessage(slot, reply));
    worker.on('error', (error) => (failure = error));
    worker.on('exit', (code) => {
      if (slot.worker !== worker || slot.stopping) return;
      slot.worker = undefined;
      const reason = failure ? `${failure.message}${'code' in failure ? ` (${String((failure as NodeJS.ErrnoException).code)})` : ''}` : `it exited with code ${code}`;
      if (this.restarts < this.maxRestarts) {
        this.restarts++;
        this.start(slot);
      }
      this.current?.onDeath(slot, reason);
    });
    for (const message of this.preamble) worker.postMessage(message);
  }
}
