import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { HostToWorker, WorkerInit, WorkerToHost } from './protocol';

/**
 * The extension host's handle on one analysis worker thread. The worker
 * script is a separate bundle (`dist/analysis-worker.js`): requiring it here
 * would load the engine and TypeScript into the extension host.
 */
export class FolderWorker implements vscode.Disposable {
  private readonly worker: Worker;
  private disposed = false;

  constructor(
    extensionPath: string,
    init: WorkerInit,
    onMessage: (message: WorkerToHost) => void,
    onExit: (error?: Error) => void,
    /** `page-worker` renders lessons only, with no engine: for when analysis is off. */
    script: 'analysis-worker' | 'page-worker' = 'analysis-worker',
  ) {
    this.worker = new Worker(path.join(extensionPath, 'dist', `${script}.js`), { workerData: init, name: script === 'analysis-worker' ? 'ScaleCheck analysis' : 'ScaleCheck lessons' });
    this.worker.on('message', onMessage);
    this.worker.on('error', (error) => onExit(error));
    this.worker.on('exit', (code) => {
      if (!this.disposed) onExit(new Error(`The analysis worker exited with code ${code}.`));
    });
  }

  post(message: HostToWorker): void {
    if (!this.disposed) this.worker.postMessage(message);
  }

  /** Ends the thread the way a crash would: the exit is reported like any other (integration tests only). */
  async crashForTesting(): Promise<void> {
    await this.worker.terminate();
  }

  dispose(): void {
    this.disposed = true;
    void this.worker.terminate();
  }
}
