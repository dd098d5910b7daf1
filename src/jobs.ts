import * as vscode from 'vscode';
import type { AnalysisError, SkippedFile } from '../analyzers';
import type { FolderWorker } from './folder-worker';
import type { WorkerToHost } from './protocol';

export interface JobOutcome {
  files: number;
  cancelled: boolean;
  skipped: SkippedFile[];
  errors: AnalysisError[];
}

const NOTHING: JobOutcome = { files: 0, cancelled: false, skipped: [], errors: [] };
const CANCELLED: JobOutcome = { files: 0, cancelled: true, skipped: [], errors: [] };

interface Job {
  worker: FolderWorker;
  posted: number;
  done: number;
  total: number;
  file?: string;
  onProgress: () => void;
  resolve: (outcome: JobOutcome) => void;
}

/**
 * Index and scan jobs across the folders' workers: one cancellable progress
 * notification for all of them, one outcome summed over them. A job whose
 * worker stops ends as cancelled, so no caller waits forever.
 */
export class Jobs {
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  run(kind: 'index' | 'scan', title: string, workers: readonly FolderWorker[]): Promise<JobOutcome> {
    if (!workers.length) return Promise.resolve(NOTHING);
    return Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
        const ids: number[] = [];
        let reported = 0;
        const onProgress = () => {
          let done = 0;
          let total = 0;
          let file: string | undefined;
          for (const id of ids) {
            const job = this.jobs.get(id);
            if (!job) continue;
            done += job.done;
            total += job.total;
            file = job.file ?? file;
          }
          const percent = total ? (done / total) * 100 : 0;
          progress.report({ increment: Math.max(0, percent - reported), message: file ? `${file} (${Math.ceil(done / 2)}/${total / 2})` : undefined });
          reported = Math.max(reported, percent);
        };
        const outcomes = workers.map(
          (worker) =>
            new Promise<JobOutcome>((resolve) => {
              const id = this.nextId++;
              ids.push(id);
              this.jobs.set(id, { worker, posted: Date.now(), done: 0, total: 0, onProgress, resolve });
              worker.post({ type: kind, job: id });
            }),
        );
        const cancel = token.onCancellationRequested(() => {
          for (const id of ids) this.jobs.get(id)?.worker.post({ type: 'cancel', job: id });
        });
        try {
          const results = await Promise.all(outcomes);
          return {
            files: results.reduce((sum, result) => sum + result.files, 0),
            cancelled: results.some((result) => result.cancelled),
            skipped: results.flatMap((result) => result.skipped),
            errors: results.flatMap((result) => result.errors),
          };
        } finally {
          cancel.dispose();
        }
      }),
    );
  }

  /** A worker's progress or end of a job; false when the message is neither. */
  receive(message: WorkerToHost): boolean {
    if (message.type === 'progress') {
      const job = this.jobs.get(message.job);
      if (!job) return true;
      if (job.done === 0) this.log.info(`Job ${message.job}: first file after ${Date.now() - job.posted} ms`);
      job.done = message.done;
      job.total = message.total;
      job.file = message.file;
      job.onProgress();
      return true;
    }
    if (message.type === 'jobDone') {
      const job = this.jobs.get(message.job);
      if (!job) return true;
      this.jobs.delete(message.job);
      this.log.info(`Job ${message.job}: ${message.files} files in ${Date.now() - job.posted} ms${message.cancelled ? ' (cancelled)' : ''}`);
      job.resolve({ files: message.files, cancelled: message.cancelled, skipped: message.skipped, errors: message.errors });
      return true;
    }
    return false;
  }

  /** Ends the jobs of a worker that stopped (all of them without one), as cancelled. */
  cancelAll(worker?: FolderWorker): void {
    for (const [id, job] of this.jobs) {
      if (worker && job.worker !== worker) continue;
      this.jobs.delete(id);
      job.resolve(CANCELLED);
    }
  }
}
