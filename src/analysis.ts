import * as vscode from 'vscode';
import type { AnalysisError, Finding, RuleMeta, Severity, SkippedFile } from '../analyzers';
// A leaf module (no imports but types): which files the engine reads, without loading the engine.
import { languageOf } from '../analyzers/core/languages';
import type { WorkspaceSummary } from '../lessons/contract';
import { toDiagnostic } from './diagnostics';
import { FolderWorker } from './folder-worker';
import type { RenderRequest, WorkerToHost } from './protocol';
import { readSettings, resolveLocale, settingsLayer, type EditorSettings } from './settings';

const CONFIG_FILE = '.scalecheck.json';
/** Timers are keyed by document URI; this key is no URI. */
const CONFIG_SETTLE_TIMER = 'scalecheck:config-settle';
const CONFIG_SETTLE_MS = 1_500;
const DEBOUNCE_MS = 200;
const MAX_RESTARTS = 3;

/** What the editor knows about one file's findings, and which document version they belong to. */
export interface FileState {
  uri: vscode.Uri;
  findings: Finding[];
  /** The document version the findings were computed for; undefined when computed from the file on disk. */
  version?: number;
}

interface Folder {
  key: string;
  /** Undefined for files outside every workspace folder. */
  folder?: vscode.WorkspaceFolder;
  worker: FolderWorker;
  restarts: number;
  /** Counts configuration reads: only the newest one reaches the worker. */
  configReads: number;
}

interface Job {
  folder: Folder;
  posted: number;
  done: number;
  total: number;
  file?: string;
  onProgress: () => void;
  resolve: (outcome: JobOutcome) => void;
}

export interface JobOutcome {
  files: number;
  cancelled: boolean;
  skipped: SkippedFile[];
  errors: AnalysisError[];
}

/**
 * Owns the analysis workers (one per workspace folder, plus one for loose
 * files), feeds them document text, and turns their results into
 * diagnostics. Stale results are dropped here: a result computed for an
 * older version than the one already sent is never shown.
 */
export class Analysis implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('scalecheck');
  readonly rules = new Map<string, RuleMeta>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  /** Fires when a file's findings change (undefined: many did). */
  readonly onDidChange = this.changed.event;
  private readonly files = new Map<string, FileState>();
  private readonly folders = new Map<string, Folder>();
  private readonly openDocuments = new Map<string, vscode.TextDocument>();
  private readonly sentVersions = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly jobs = new Map<number, Job>();
  private readonly summaryRequests = new Map<number, (summary: WorkspaceSummary | undefined) => void>();
  private readonly renderRequests = new Map<number, (text: string) => void>();
  private readonly skippedNotified = new Set<string>();
  /** When each open document was sent first, until its first findings arrive (logged: the time to the first squiggle). */
  private readonly openedAt = new Map<string, number>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private nextId = 1;
  settings: EditorSettings = readSettings();
  /** The latest background index: until it settles, cross-file findings may still be missing. */
  indexed: Promise<JobOutcome> = Promise.resolve({ files: 0, cancelled: false, skipped: [], errors: [] });

  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      this.diagnostics,
      this.changed,
      vscode.workspace.onDidOpenTextDocument((document) => this.didOpen(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.didChange(event.document)),
      vscode.workspace.onDidSaveTextDocument((document) => this.didSave(document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.didClose(document)),
      vscode.workspace.onDidChangeWorkspaceFolders((event) => this.foldersChanged(event)),
    );
  }

  get locale() {
    return resolveLocale(this.settings.lessonLanguage);
  }

  /** Starts workers for the workspace folders and the open documents, then indexes in the background. */
  start(): void {
    if (!this.settings.enable) return;
    for (const folder of vscode.workspace.workspaceFolders ?? []) this.folderFor(folder);
    for (const document of vscode.workspace.textDocuments) this.didOpen(document);
    this.indexed = this.index();
  }

  /** Settings or `.scalecheck.json` changed: every worker re-reads its configuration and re-checks. */
  async reconfigure(): Promise<void> {
    const previous = this.settings;
    this.settings = readSettings();
    if (!this.settings.enable) {
      this.stop();
      return;
    }
    if (!previous.enable || this.folders.size === 0) {
      this.start();
      return;
    }
    await Promise.all([...this.folders.values()].map((folder) => this.configure(folder)));
    if (previous.run !== this.settings.run) for (const document of this.openDocuments.values()) this.send(document, 'update');
  }

  /**
   * After ScaleCheck itself wrote `.scalecheck.json`: apply it now, and read it
   * once more when the file system has settled. The file watcher folds a
   * create and a delete that arrive in one batch into no event at all, which
   * would leave what was written applied after the file is gone.
   */
  async reconfigureAfterWrite(): Promise<void> {
    await this.reconfigure();
    clearTimeout(this.timers.get(CONFIG_SETTLE_TIMER));
    this.timers.set(
      CONFIG_SETTLE_TIMER,
      setTimeout(() => {
        this.timers.delete(CONFIG_SETTLE_TIMER);
        void this.reconfigure();
      }, CONFIG_SETTLE_MS),
    );
  }

  /** The last document version sent to the worker, and whether an update waits on the debounce (tests read these). */
  sentVersion(uri: vscode.Uri): number | undefined {
    return this.sentVersions.get(uri.toString());
  }

  hasPendingUpdate(uri: vscode.Uri): boolean {
    return this.timers.has(uri.toString());
  }

  findings(uri: vscode.Uri): FileState | undefined {
    return this.files.get(uri.toString());
  }

  allFindings(): Array<{ uri: vscode.Uri; finding: Finding }> {
    const all: Array<{ uri: vscode.Uri; finding: Finding }> = [];
    for (const state of this.files.values()) for (const finding of state.findings) all.push({ uri: state.uri, finding });
    return all;
  }

  counts(): Record<Severity, number> {
    const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    for (const state of this.files.values()) for (const finding of state.findings) counts[finding.severity]++;
    return counts;
  }

  filesAnalyzed(): number {
    return this.files.size;
  }

  /** The workspace-relative engine path of a file of the workspace. */
  pathOf(uri: vscode.Uri): string {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return uri.path;
    const base = folder.uri.path.endsWith('/') ? folder.uri.path : folder.uri.path + '/';
    return uri.path.startsWith(base) ? uri.path.slice(base.length) : uri.path;
  }

  /** Resolves an engine path from a file of `near`'s folder back to a URI. */
  resolve(near: vscode.Uri, file: string): vscode.Uri {
    const folder = vscode.workspace.getWorkspaceFolder(near);
    if (!folder || file.startsWith('/')) return near.with({ path: file });
    return vscode.Uri.joinPath(folder.uri, ...file.split('/'));
  }

  /** A file changed or went away on disk (open documents keep the editor's text). */
  fileChangedOnDisk(uri: vscode.Uri, type: 'diskChanged' | 'diskDeleted'): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || folder.uri.scheme !== 'file') return;
    this.folders.get(folder.uri.toString())?.worker.post({ type, path: this.pathOf(uri) });
  }

  /** Builds facts and findings for every file, with a cancellable progress notification. */
  index(): Promise<JobOutcome> {
    return this.runJob('index', vscode.l10n.t('ScaleCheck: indexing the workspace'));
  }

  /** Re-reads and reports every file of the workspace. */
  scan(): Promise<JobOutcome> {
    return this.runJob('scan', vscode.l10n.t('ScaleCheck: scanning the workspace'));
  }

  summary(uri: vscode.Uri | undefined): Promise<WorkspaceSummary | undefined> {
    const folder = uri ? this.folderOf(uri) : first(this.folders.values());
    if (!folder) return Promise.resolve(undefined);
    const request = this.nextId++;
    return new Promise((resolve) => {
      this.summaryRequests.set(request, resolve);
      folder.worker.post({ type: 'summary', request });
    });
  }

  /**
   * Renders a lesson or report page in a worker (the renderer needs rule
   * metadata, hence the engine). Works with analysis off too: a worker for
   * loose files is started for it.
   */
  render(render: RenderRequest, near?: vscode.Uri): Promise<string> {
    const folder = (near && this.folderOf(near)) ?? first(this.folders.values()) ?? this.folderFor(undefined);
    const request = this.nextId++;
    return new Promise((resolve) => {
      this.renderRequests.set(request, resolve);
      folder.worker.post({ type: 'render', request, render });
    });
  }

  dispose(): void {
    this.stop();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const folder of this.folders.values()) folder.worker.dispose();
    this.folders.clear();
    for (const job of this.jobs.values()) job.resolve({ files: 0, cancelled: true, skipped: [], errors: [] });
    this.jobs.clear();
    this.settlePendingRequests();
    this.files.clear();
    this.openDocuments.clear();
    this.sentVersions.clear();
    this.diagnostics.clear();
    this.changed.fire(undefined);
  }

  private isAnalyzable(document: vscode.TextDocument): boolean {
    if (document.uri.scheme !== 'file' && !vscode.workspace.getWorkspaceFolder(document.uri)) return false;
    return languageOf(document.uri.path) !== undefined;
  }

  private didOpen(document: vscode.TextDocument): void {
    if (!this.settings.enable || !this.isAnalyzable(document)) return;
    const key = document.uri.toString();
    if (this.openDocuments.has(key)) return;
    this.openDocuments.set(key, document);
    this.openedAt.set(key, performance.now());
    this.send(document, 'open');
  }

  private didChange(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (!this.openDocuments.has(key) || this.settings.run !== 'onType') return;
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.send(document, 'update');
      }, DEBOUNCE_MS),
    );
  }

  private didSave(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (document.uri.path.endsWith('/' + CONFIG_FILE)) void this.reconfigure();
    if (!this.openDocuments.has(key)) return;
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.send(document, 'update');
  }

  private didClose(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (!this.openDocuments.delete(key)) return;
    this.openedAt.delete(key);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.sentVersions.delete(key);
    this.skippedNotified.delete(key);
    const folder = this.folderOf(document.uri);
    // The worker reads the file from disk again and publishes its findings (every file's findings are shown, open or not).
    folder?.worker.post({ type: 'close', path: this.pathOf(document.uri) });
  }

  private send(document: vscode.TextDocument, type: 'open' | 'update'): void {
    const folder = this.folderOf(document.uri);
    if (!folder) return;
    this.sentVersions.set(document.uri.toString(), document.version);
    folder.worker.post({ type, path: this.pathOf(document.uri), text: document.getText(), version: document.version });
  }

  private folderOf(uri: vscode.Uri): Folder | undefined {
    if (!this.settings.enable) return undefined;
    return this.folderFor(vscode.workspace.getWorkspaceFolder(uri));
  }

  private folderFor(workspaceFolder: vscode.WorkspaceFolder | undefined): Folder {
    const key = workspaceFolder?.uri.toString() ?? 'loose';
    const existing = this.folders.get(key);
    if (existing) return existing;
    const readsDisk = workspaceFolder?.uri.scheme === 'file';
    const folder: Folder = { key, folder: workspaceFolder, restarts: 0, configReads: 0, worker: undefined! };
    folder.worker = new FolderWorker(
      this.extensionPath,
      { root: readsDisk ? workspaceFolder!.uri.fsPath : undefined, readsDisk },
      (message) => this.receive(folder, message),
      (error) => this.workerStopped(folder, error),
    );
    this.folders.set(key, folder);
    void this.configure(folder);
    return folder;
  }

  private async configure(folder: Folder): Promise<void> {
    const read = ++folder.configReads;
    let configText: string | undefined;
    if (folder.folder) {
      try {
        configText = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.folder.uri, CONFIG_FILE)));
      } catch {
        configText = undefined; // no .scalecheck.json: settings alone
      }
    }
    // Reads overlap when the file changes twice in a row (written, then deleted): a slow read
    // of the old content must not land after the read that saw the file gone.
    if (read !== folder.configReads) return;
    folder.worker.post({ type: 'configure', settings: settingsLayer(this.settings), configText, locale: this.locale });
  }

  private foldersChanged(event: vscode.WorkspaceFoldersChangeEvent): void {
    for (const removed of event.removed) {
      const folder = this.folders.get(removed.uri.toString());
      if (!folder) continue;
      folder.worker.dispose();
      this.folders.delete(folder.key);
      this.dropFilesOf(folder);
    }
    if (event.added.length && this.settings.enable) {
      for (const added of event.added) this.folderFor(added);
      this.indexed = this.index();
    }
  }

  private workerStopped(folder: Folder, error?: Error): void {
    this.log.error(`Analysis worker for ${folder.folder?.name ?? 'loose files'} stopped: ${error?.message ?? 'unknown reason'}`);
    if (this.folders.get(folder.key) !== folder) return;
    folder.worker.dispose();
    this.folders.delete(folder.key);
    this.dropFilesOf(folder);
    for (const [id, job] of this.jobs) {
      if (job.folder !== folder) continue;
      this.jobs.delete(id);
      job.resolve({ files: 0, cancelled: true, skipped: [], errors: [] });
    }
    this.settlePendingRequests();
    if (folder.restarts >= MAX_RESTARTS) {
      void vscode.window.showErrorMessage(vscode.l10n.t('ScaleCheck stopped analyzing {0} after repeated failures. See the ScaleCheck output for details.', folder.folder?.name ?? ''));
      return;
    }
    const restarted = this.folderFor(folder.folder);
    restarted.restarts = folder.restarts + 1;
    for (const document of this.openDocuments.values()) if (this.folderOf(document.uri) === restarted) this.send(document, 'open');
  }

  /** Answers requests a stopped worker will never answer, so no caller waits forever. */
  private settlePendingRequests(): void {
    for (const resolve of this.summaryRequests.values()) resolve(undefined);
    this.summaryRequests.clear();
    for (const resolve of this.renderRequests.values()) resolve('');
    this.renderRequests.clear();
  }

  private dropFilesOf(folder: Folder): void {
    for (const [key, state] of this.files) {
      if (this.folderKeyOf(state.uri) !== folder.key) continue;
      this.files.delete(key);
      this.diagnostics.delete(state.uri);
    }
    this.changed.fire(undefined);
  }

  private folderKeyOf(uri: vscode.Uri): string {
    return vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() ?? 'loose';
  }

  private uriOf(folder: Folder, path: string): vscode.Uri {
    if (!folder.folder || path.startsWith('/')) return vscode.Uri.file(path);
    return vscode.Uri.joinPath(folder.folder.uri, ...path.split('/'));
  }

  private receive(folder: Folder, message: WorkerToHost): void {
    switch (message.type) {
      case 'ready':
        for (const meta of message.rules) this.rules.set(meta.id, meta);
        break;
      case 'results':
        this.results(folder, message);
        break;
      case 'removed': {
        const uri = this.uriOf(folder, message.path);
        this.files.delete(uri.toString());
        this.diagnostics.delete(uri);
        this.changed.fire(uri);
        break;
      }
      case 'progress': {
        const job = this.jobs.get(message.job);
        if (!job) break;
        if (job.done === 0) this.log.info(`Job ${message.job}: first file after ${Date.now() - job.posted} ms`);
        job.done = message.done;
        job.total = message.total;
        job.file = message.file;
        job.onProgress();
        break;
      }
      case 'jobDone': {
        const job = this.jobs.get(message.job);
        if (!job) break;
        this.jobs.delete(message.job);
        this.log.info(`Job ${message.job}: ${message.files} files in ${Date.now() - job.posted} ms${message.cancelled ? ' (cancelled)' : ''}`);
        job.resolve({ files: message.files, cancelled: message.cancelled, skipped: message.skipped, errors: message.errors });
        break;
      }
      case 'configured':
        for (const problem of message.problems) this.log.warn(`${folder.folder?.name ?? ''}/${CONFIG_FILE}: ${problem.message}`);
        if (message.problems.length) {
          void vscode.window.showWarningMessage(vscode.l10n.t('{0} has problems: {1}', CONFIG_FILE, message.problems[0].message));
        }
        break;
      case 'summary':
        this.summaryRequests.get(message.request)?.(message.summary);
        this.summaryRequests.delete(message.request);
        break;
      case 'rendered':
        this.renderRequests.get(message.request)?.(message.text);
        this.renderRequests.delete(message.request);
        break;
      case 'log':
        this.log.error(message.message);
        break;
    }
  }

  private results(folder: Folder, message: Extract<WorkerToHost, { type: 'results' }>): void {
    const uri = this.uriOf(folder, message.path);
    const key = uri.toString();
    const document = this.openDocuments.get(key);
    const sent = this.sentVersions.get(key);
    // A newer text of this document is on its way to the worker: these findings are already stale.
    if (document && (message.version === undefined || (sent !== undefined && message.version < sent))) return;
    const opened = this.openedAt.get(key);
    if (opened !== undefined && document) {
      this.openedAt.delete(key);
      this.log.info(`${vscode.workspace.asRelativePath(uri)}: first findings ${Math.round(performance.now() - opened)} ms after it opened (${message.findings.length} findings)`);
    }
    const state: FileState = { uri, findings: message.findings, version: message.version };
    this.files.set(key, state);
    // Every analyzed file's findings are published, open or not (as Ruff's server does), so the
    // Problems panel and the status bar count the same findings.
    this.diagnostics.set(uri, message.findings.map((finding) => toDiagnostic(uri, finding, (file) => this.uriOf(folder, file))));
    for (const error of message.errors) this.log.error(`${error.file}: ${error.message}`);
    if (message.skipped && document && !this.skippedNotified.has(key)) {
      this.skippedNotified.add(key);
      void vscode.window.showInformationMessage(
        vscode.l10n.t('ScaleCheck skipped {0}: {1}.', vscode.workspace.asRelativePath(uri), vscode.l10n.t(message.skipped.reason)),
      );
    }
    this.changed.fire(uri);
  }

  private runJob(kind: 'index' | 'scan', title: string): Promise<JobOutcome> {
    const folders = [...this.folders.values()].filter((folder) => folder.folder?.uri.scheme === 'file');
    if (!folders.length) return Promise.resolve({ files: 0, cancelled: false, skipped: [], errors: [] });
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
        const outcomes = folders.map(
          (folder) =>
            new Promise<JobOutcome>((resolve) => {
              const id = this.nextId++;
              ids.push(id);
              this.jobs.set(id, { folder, posted: Date.now(), done: 0, total: 0, onProgress, resolve });
              folder.worker.post({ type: kind, job: id });
            }),
        );
        const cancel = token.onCancellationRequested(() => {
          for (const id of ids) this.jobs.get(id)?.folder.worker.post({ type: 'cancel', job: id });
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
}

function first<T>(items: Iterable<T>): T | undefined {
  for (const item of items) return item;
  return undefined;
}
