import type * as vscode from 'vscode';
import type { WorkspaceSummary } from '../lessons/contract';
import { FolderWorker } from './folder-worker';
import type { RenderRequest, WorkerToHost } from './protocol';

/**
 * Questions the extension host asks a worker and waits for: a workspace
 * summary, a rendered page. Each gets a number, and the answer that carries
 * it resolves the wait. A worker that stops leaves no one waiting: what it
 * would have answered is settled empty.
 *
 * Pages render in the analysis worker of the file's folder when one runs (it
 * knows the deployment); otherwise in the page worker, started on the first
 * such render, which holds the lessons and no engine, so turning analysis
 * off never keeps an engine in memory for the lesson panel.
 */
export class PageRequests implements vscode.Disposable {
  private readonly summaries = new Map<number, (summary: WorkspaceSummary | undefined) => void>();
  private readonly renders = new Map<number, (text: string) => void>();
  private pages: FolderWorker | undefined;
  private nextId = 1;

  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  summary(worker: FolderWorker | undefined): Promise<WorkspaceSummary | undefined> {
    if (!worker) return Promise.resolve(undefined);
    const request = this.nextId++;
    return new Promise((resolve) => {
      this.summaries.set(request, resolve);
      worker.post({ type: 'summary', request });
    });
  }

  render(render: RenderRequest, analysisWorker: FolderWorker | undefined): Promise<string> {
    const worker = analysisWorker ?? this.pageWorker();
    const request = this.nextId++;
    return new Promise((resolve) => {
      this.renders.set(request, resolve);
      worker.post({ type: 'render', request, render });
    });
  }

  /** An answer from any worker; false when the message is not one. */
  receive(message: WorkerToHost): boolean {
    if (message.type === 'summary') {
      this.summaries.get(message.request)?.(message.summary);
      this.summaries.delete(message.request);
      return true;
    }
    if (message.type === 'rendered') {
      this.renders.get(message.request)?.(message.text);
      this.renders.delete(message.request);
      return true;
    }
    return false;
  }

  hasPageWorker(): boolean {
    return this.pages !== undefined;
  }

  /** Answers every question still open, for workers that will never answer. */
  settle(): void {
    for (const resolve of this.summaries.values()) resolve(undefined);
    this.summaries.clear();
    for (const resolve of this.renders.values()) resolve('');
    this.renders.clear();
  }

  dispose(): void {
    this.settle();
    this.pages?.dispose();
    this.pages = undefined;
  }

  private pageWorker(): FolderWorker {
    this.pages ??= new FolderWorker(
      this.extensionPath,
      { root: undefined, readsDisk: false },
      (message) => {
        if (message.type === 'log') this.log.error(message.message);
        else this.receive(message);
      },
      (error) => {
        this.log.error(`The lesson worker stopped: ${error?.message ?? 'no reason given'}`);
        this.pages = undefined;
        this.settle();
      },
      'page-worker',
    );
    return this.pages;
  }
}
