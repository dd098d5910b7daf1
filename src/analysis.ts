import * as vscode from 'vscode';
import type { Finding, RuleMeta, Severity } from '../analyzers';
// A leaf module (no imports but types): which files the engine reads, without loading the engine.
import { languageOf } from '../analyzers/core/languages';
import type { WorkspaceSummary } from '../lessons/contract';
import { toDiagnostic } from './diagnostics';
import { FolderWorker } from './folder-worker';
import { Jobs, type JobOutcome } from './jobs';
import { PageRequests } from './page-requests';
import type { FileProblem, RenderRequest, WorkerToHost } from './protocol';
import { readSettings, resolveLocale, settingsLayer, type EditorSettings } from './settings';
import { WorkerRestarts } from './worker-restarts';

const CONFIG_FILE = '.scalecheck.json';
/** Timers are keyed by document URI; this key is no URI. */
const CONFIG_SETTLE_TIMER = 'scalecheck:config-settle';
const CONFIG_SETTLE_MS = 1_500;
const DEBOUNCE_MS = 200;
/** `.scalecheck.json` of a virtual folder is read by the host; a larger one is not read (the worker applies the same limit on disk). */
const MAX_CONFIG_BYTES = 1024 * 1024;

export type { JobOutcome };

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
  /** Counts configuration reads: only the newest one reaches the worker. */
  configReads: number;
}

/**
 * Owns the analysis workers (one per workspace folder, plus one for loose
 * files), feeds them document text, and turns their results into
 * diagnostics. Stale results are dropped here: a result computed for an
 * older version than the one already sent is never shown.
 */
export class Analysis implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('scalecheck');
  /** Problems with `.scalecheck.json` and ignore files, on those files: analysis goes on without the entries they name. */
  readonly configDiagnostics = vscode.languages.createDiagnosticCollection('scalecheck-config');
  private readonly restarts = new WorkerRestarts();
  /** Folders whose worker died and waits for its restart (their edits are sent again by the restart). */
  private readonly restarting = new Map<string, NodeJS.Timeout>();
  /** Open files whose analysis took longer than the time budget: analyzed on save only. */
  private readonly overBudget = new Set<string>();
  private readonly overBudgetNotified = new Set<string>();
  /** The settings problem last shown, so that it is not shown again on every settings change. */
  private settingsWarning: string | undefined;
  readonly rules = new Map<string, RuleMeta>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  /** Fires when a file's findings change (undefined: many did). */
  readonly onDidChange = this.changed.event;
  private readonly files = new Map<string, FileState>();
  private readonly folders = new Map<string, Folder>();
  private readonly openDocuments = new Map<string, vscode.TextDocument>();
  private readonly sentVersions = new Map<string, number>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly jobs: Jobs;
  private readonly skippedNotified = new Set<string>();
  /** When each open document was sent first, until its first findings arrive (logged: the time to the first squiggle). */
  private readonly openedAt = new Map<string, number>();
  private readonly subscriptions: vscode.Disposable[] = [];
  settings: EditorSettings = readSettings();
  /** The latest background index: until it settles, cross-file findings may still be missing. */
  indexed: Promise<JobOutcome> = Promise.resolve({ files: 0, cancelled: false, skipped: [], errors: [] });

  private readonly requests: PageRequests;

  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.requests = new PageRequests(extensionPath, log);
    this.jobs = new Jobs(log);
    this.subscriptions.push(
      this.diagnostics,
      this.configDiagnostics,
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
    return this.requests.summary((uri ? this.folderOf(uri) : first(this.folders.values()))?.worker);
  }

  /** Renders a lesson or report page off this thread (see `PageRequests`). */
  render(render: RenderRequest, near?: vscode.Uri): Promise<string> {
    return this.requests.render(render, ((near && this.folderOf(near)) ?? first(this.folders.values()))?.worker);
  }

  dispose(): void {
    this.stop();
    this.requests.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const timer of this.restarting.values()) clearTimeout(timer);
    this.restarting.clear();
    this.configDiagnostics.clear();
    for (const folder of this.folders.values()) folder.worker.dispose();
    this.folders.clear();
    this.jobs.cancelAll();
    this.requests.settle();
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
    if (!this.openDocuments.has(key) || this.settings.run !== 'onType' || this.overBudget.has(key)) return;
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
    this.overBudget.delete(key);
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
    const workspaceFolder = vscode.workspace.getWorkspaceFolder(uri);
    if (this.isBlocked(workspaceFolder)) return undefined;
    return this.folderFor(workspaceFolder);
  }

  /** A folder whose worker waits for its restart, or that this session gave up on after repeated crashes. */
  private isBlocked(workspaceFolder: vscode.WorkspaceFolder | undefined): boolean {
    const key = workspaceFolder?.uri.toString() ?? 'loose';
    return this.restarting.has(key) || this.restarts.gaveUp(key);
  }

  private folderFor(workspaceFolder: vscode.WorkspaceFolder | undefined): Folder {
    const key = workspaceFolder?.uri.toString() ?? 'loose';
    const existing = this.folders.get(key);
    if (existing) return existing;
    const readsDisk = workspaceFolder?.uri.scheme === 'file';
    const folder: Folder = { key, folder: workspaceFolder, configReads: 0, worker: undefined! };
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
    const settings = settingsLayer(this.settings);
    // On disk the worker reads the file itself, as the CLI does: only a regular file inside the folder, at most 1 MB.
    if (folder.folder?.uri.scheme === 'file') return folder.worker.post({ type: 'configure', settings, configFromDisk: true, locale: this.locale });
    let configText: string | undefined;
    if (folder.folder) {
      const uri = vscode.Uri.joinPath(folder.folder.uri, CONFIG_FILE);
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.type === vscode.FileType.File && stat.size <= MAX_CONFIG_BYTES) configText = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        else this.log.warn(`${uri.toString()} is not read: it is not a regular file of at most 1 MB.`);
      } catch {
        configText = undefined; // no .scalecheck.json: settings alone
      }
    }
    // Reads overlap when the file changes twice in a row (written, then deleted): a slow read
    // of the old content must not land after the read that saw the file gone.
    if (read !== folder.configReads) return;
    folder.worker.post({ type: 'configure', settings, configText, locale: this.locale });
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

  /**
   * A worker died. Its findings go (they would go stale), and after a
   * backoff a fresh worker takes its place: it gets the open documents again
   * and re-indexes the folder, or cross-file findings would silently be
   * missing. After `MAX_RESTARTS` crashes in a session the folder is left
   * alone, and that is said once, with the cause.
   */
  private workerStopped(folder: Folder, error?: Error): void {
    const cause = error?.message ?? 'unknown reason';
    this.log.error(`Analysis worker for ${folder.folder?.name ?? 'loose files'} stopped: ${error?.stack ?? cause}`);
    if (this.folders.get(folder.key) !== folder) return;
    folder.worker.dispose();
    this.folders.delete(folder.key);
    this.dropFilesOf(folder);
    this.jobs.cancelAll(folder.worker);
    this.requests.settle();
    const delay = this.restarts.crashed(folder.key, cause);
    if (delay === undefined) {
      const name = folder.folder?.name ?? vscode.l10n.t('loose files');
      const retry = vscode.l10n.t('Restart Analysis');
      void vscode.window.showErrorMessage(vscode.l10n.t('ScaleCheck stopped analyzing {0}: its analysis worker failed {1} times in a row. Last cause: {2}', name, this.restarts.record(folder.key)!.crashes, cause), retry).then((choice) => {
        if (choice === retry) this.retryAfterGivingUp(folder.folder);
      });
      return;
    }
    this.log.info(`Restarting the analysis worker for ${folder.folder?.name ?? 'loose files'} in ${delay} ms.`);
    this.restarting.set(
      folder.key,
      setTimeout(() => {
        this.restarting.delete(folder.key);
        this.restartFolder(folder.folder);
      }, delay),
    );
  }

  /** "Restart Analysis" after the session gave up on a folder: the crash count starts over. */
  retryAfterGivingUp(workspaceFolder: vscode.WorkspaceFolder | undefined): void {
    const key = workspaceFolder?.uri.toString() ?? 'loose';
    if (!this.restarts.gaveUp(key)) return;
    this.restarts.reset(key);
    this.restartFolder(workspaceFolder);
  }

  /** A fresh worker for a folder: the open documents' latest text, then a new index of the folder. */
  private restartFolder(workspaceFolder: vscode.WorkspaceFolder | undefined): void {
    if (!this.settings.enable || (workspaceFolder && !vscode.workspace.workspaceFolders?.some((candidate) => candidate.uri.toString() === workspaceFolder.uri.toString()))) return;
    const restarted = this.folderFor(workspaceFolder);
    for (const document of this.openDocuments.values()) if (this.folderOf(document.uri) === restarted) this.send(document, 'open');
    if (workspaceFolder?.uri.scheme === 'file') this.indexed = this.runJob('index', vscode.l10n.t('ScaleCheck: indexing the workspace'), [restarted]);
  }

  /** For the integration tests: ends a folder's worker thread as a crash would (the worker is not told). */
  crashWorkerForTesting(uri: vscode.Uri): Promise<void> {
    const folder = this.folders.get(vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() ?? 'loose');
    return folder ? folder.worker.crashForTesting() : Promise.resolve();
  }

  /** Crashes of a folder's worker this session, and whether the session gave up on it (the tests read these). */
  /** Which workers run now (integration tests): analysis workers by folder, and whether the page worker does. */
  workersForTesting(): { analysis: number; pages: boolean } {
    return { analysis: this.folders.size, pages: this.requests.hasPageWorker() };
  }

  crashes(uri: vscode.Uri): { crashes: number; gaveUp: boolean; restarting: boolean } {
    const key = vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() ?? 'loose';
    const record = this.restarts.record(key);
    return { crashes: record?.crashes ?? 0, gaveUp: record?.gaveUp ?? false, restarting: this.restarting.has(key) };
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
      case 'progress':
      case 'jobDone':
        this.jobs.receive(message);
        break;
      case 'configured':
        this.showProblems(folder, message.problems, (file) => file === CONFIG_FILE);
        break;
      case 'discoveryProblems':
        this.showProblems(folder, message.problems, (file) => file !== CONFIG_FILE);
        break;
      case 'summary':
      case 'rendered':
        this.requests.receive(message);
        break;
      case 'log':
        this.log.error(message.message);
        break;
    }
  }

  /**
   * Problems with configuration and ignore files become diagnostics on those
   * files (replacing the previous ones of the same kind), settings problems a
   * warning; everything goes to the log. Analysis went on without the entries.
   */
  private showProblems(folder: Folder, problems: readonly FileProblem[], owns: (file: string) => boolean): void {
    const name = folder.folder?.name ?? '';
    for (const problem of problems) this.log.warn(`${name}/${problem.file ?? 'settings'}: ${problem.message}`);
    if (!folder.folder) return;
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const problem of problems) {
      if (problem.file === undefined) continue;
      const start = problem.range?.start ?? { line: problem.line ?? 1, column: 1 };
      const end = problem.range?.end ?? { line: problem.line ?? 1, column: problem.line ? Number.MAX_SAFE_INTEGER : 1 };
      const diagnostic = new vscode.Diagnostic(new vscode.Range(start.line - 1, start.column - 1, end.line - 1, end.column - 1), problem.message, vscode.DiagnosticSeverity.Warning);
      diagnostic.source = 'ScaleCheck';
      byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), diagnostic]);
    }
    const base = folder.folder.uri.toString();
    this.configDiagnostics.forEach((uri) => {
      const relative = uri.toString().startsWith(base + '/') ? decodeURIComponent(uri.toString().slice(base.length + 1)) : undefined;
      if (relative !== undefined && owns(relative) && !byFile.has(relative)) this.configDiagnostics.delete(uri);
    });
    for (const [file, diagnostics] of byFile) this.configDiagnostics.set(this.uriOf(folder, file), diagnostics);
    // Said once per distinct problem: settings are sent again on every unrelated settings change.
    const fromSettings = problems.find((problem) => problem.file === undefined)?.message;
    if (fromSettings && fromSettings !== this.settingsWarning) void vscode.window.showWarningMessage(vscode.l10n.t('ScaleCheck left out a setting: {0}', fromSettings));
    if (owns(CONFIG_FILE)) this.settingsWarning = fromSettings;
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
    if (document && message.durationMs !== undefined) this.checkTimeBudget(key, uri, message.durationMs);
    if (message.skipped && document && !this.skippedNotified.has(key)) {
      this.skippedNotified.add(key);
      void vscode.window.showInformationMessage(
        vscode.l10n.t('ScaleCheck skipped {0}: {1}.', vscode.workspace.asRelativePath(uri), vscode.l10n.t(message.skipped.reason)),
      );
    }
    this.changed.fire(uri);
  }

  /**
   * The time budget per file, as vscode-eslint keeps one: an open file whose
   * analysis took longer than `scalecheck.timeBudget` is analyzed on save
   * only (each keystroke would hold the worker for that long), which a note
   * says once; back to on-type when a save's analysis fits again.
   */
  private checkTimeBudget(key: string, uri: vscode.Uri, durationMs: number): void {
    if (durationMs <= this.settings.timeBudgetMs) {
      this.overBudget.delete(key);
      return;
    }
    if (this.settings.run !== 'onType' || this.overBudget.has(key)) return;
    this.overBudget.add(key);
    if (this.overBudgetNotified.has(key)) return;
    this.overBudgetNotified.add(key);
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'ScaleCheck took {0} s to analyze {1}, more than its {2} s budget (scalecheck.timeBudget): it analyzes this file when you save it, not while you type.',
        (durationMs / 1000).toFixed(1),
        vscode.workspace.asRelativePath(uri),
        (this.settings.timeBudgetMs / 1000).toFixed(1),
      ),
    );
  }

  /** For the integration tests: whether an open file is analyzed on save only because it went over the time budget. */
  isOverBudget(uri: vscode.Uri): boolean {
    return this.overBudget.has(uri.toString());
  }

  private runJob(kind: 'index' | 'scan', title: string, only?: Folder[]): Promise<JobOutcome> {
    const folders = (only ?? [...this.folders.values()]).filter((folder) => folder.folder?.uri.scheme === 'file');
    return this.jobs.run(kind, title, folders.map((folder) => folder.worker));
  }
}

function first<T>(items: Iterable<T>): T | undefined {
  for (const item of items) return item;
  return undefined;
}
