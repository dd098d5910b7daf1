import * as path from 'node:path';
import {
  AnalysisSession,
  allRuleIds,
  allRuleMetas,
  checkSettingsGlobs,
  CONFIG_FILE_NAME,
  createEngine,
  defaultConfig,
  deploymentFacts,
  mergeConfig,
  parseConfig,
  PathFilter,
  type AnalysisError,
  type AnalysisSettings,
  type SkippedFile,
  type UpdateOutcome,
} from '../../analyzers';
import { nodeParserAssets } from '../../host/assets';
import { discoverFiles, type DiscoveryProblem } from '../../host/files';
import { readSource } from '../../host/read';
import { readWorkspaceFile } from '../../host/workspace-file';
import type { WorkspaceSummary } from '../../lessons/contract';
import type { FileProblem, HostToWorker, WorkerInit, WorkerToHost } from '../protocol';
import { renderPage } from './page-render';

interface Job {
  id: number;
  kind: 'index' | 'scan';
  pass: 'index' | 'check';
  files: string[];
  next: number;
  /** Files the check pass analyzed (skipped and unparsable ones are not counted). */
  analyzed: number;
  skipped: SkippedFile[];
  errors: AnalysisError[];
}

const PROGRESS_INTERVAL_MS = 250;

/** Libraries worth naming in a lesson's "your stack" line and the AI prompt. */
const STACK_NAMES = [
  'next', 'express', 'hono', 'fastify', '@prisma/client', 'prisma', 'openai', '@anthropic-ai/sdk', 'ai', 'bullmq', 'inngest',
  '@upstash/ratelimit', '@upstash/redis', 'ioredis', 'redis', 'django', 'djangorestframework', 'celery', 'django-redis',
  'gunicorn', 'uvicorn', 'fastapi', 'anthropic',
];

/**
 * The analysis state of one workspace folder, living in a worker thread: an
 * `AnalysisSession` holding every known file (open documents with the
 * editor's text, the rest as on disk) and the workspace facts.
 *
 * Work is done one file at a time, each step in its own macrotask, so a
 * keystroke's update is picked up between two files of a background scan.
 * Priority: pending edits (the latest text per file wins, older ones are
 * dropped unanalyzed), then re-checks of files whose facts inputs changed
 * (open files first), then files changed on disk, then the running job.
 */
export class WorkspaceAnalyzer {
  private readonly engine = createEngine();
  private readonly assets = nodeParserAssets();
  private readonly session: AnalysisSession;
  private settings: AnalysisSettings = { locale: 'en', config: defaultConfig() };
  private filter = new PathFilter(defaultConfig());
  private configured = false;
  /** Open documents: the editor's latest text and the version it belongs to. */
  private readonly open = new Map<string, { text: string; version: number }>();
  private readonly edits = new Map<string, { text: string; version: number }>();
  private readonly recheck = new Set<string>();
  private readonly disk = new Set<string>();
  /** Files whose findings the host holds (it counts them for the status bar and the report). */
  private readonly reported = new Set<string>();
  private job: Job | undefined;
  private running = false;
  private lastProgress = 0;

  constructor(
    private readonly init: WorkerInit,
    private readonly post: (message: WorkerToHost) => void,
  ) {
    this.session = new AnalysisSession(this.engine, this.settings);
    this.post({ type: 'ready', rules: [...allRuleMetas] });
  }

  receive(message: HostToWorker): void {
    try {
      this.handle(message);
    } finally {
      this.schedule();
    }
  }

  private handle(message: HostToWorker): void {
    switch (message.type) {
      case 'configure':
        this.configure(message);
        break;
      case 'open':
      case 'update':
        this.open.set(message.path, { text: message.text, version: message.version });
        this.edits.set(message.path, { text: message.text, version: message.version });
        break;
      case 'close':
        this.open.delete(message.path);
        this.edits.delete(message.path);
        if (this.init.readsDisk && this.init.root) this.disk.add(message.path);
        else this.forget(message.path);
        break;
      case 'index':
      case 'scan':
        this.startJob(message.job, message.type);
        break;
      case 'cancel':
        if (this.job?.id === message.job) this.finishJob(true);
        break;
      case 'diskChanged':
        if (!this.open.has(message.path)) this.disk.add(message.path);
        break;
      case 'diskDeleted':
        if (!this.open.has(message.path)) this.forget(message.path);
        break;
      case 'summary':
        this.post({ type: 'summary', request: message.request, summary: this.summary() });
        break;
      case 'render':
        // Answered at once, ahead of queued analysis: someone is looking at the panel.
        this.post({ type: 'rendered', request: message.request, text: renderPage(message.render, () => this.summary()) });
        break;
    }
  }

  private configure(message: Extract<HostToWorker, { type: 'configure' }>): void {
    const problems: FileProblem[] = [];
    const file = this.readConfig(message, problems);
    const exclude = checkSettingsGlobs(message.settings.ignore, 'scalecheck.exclude');
    problems.push(...exclude.problems.map((problem) => ({ message: problem.message })));
    const settings: AnalysisSettings = { locale: message.locale, config: mergeConfig({ ...message.settings, ignore: exclude.globs }, file) };
    this.post({ type: 'configured', problems });
    // Settings change events come for unrelated keys too (prices, run mode): nothing to redo then.
    if (this.configured && JSON.stringify(settings) === JSON.stringify(this.settings)) return;
    const ignoreChanged = JSON.stringify(settings.config.ignore) !== JSON.stringify(this.settings.config.ignore);
    this.settings = settings;
    this.session.setSettings(settings);
    this.filter = new PathFilter(settings.config);
    if (!this.configured) {
      this.configured = true;
      return;
    }
    for (const path of [...this.reported]) {
      if (this.filter.isIgnored(path)) this.forget(path);
      else this.recheck.add(path);
    }
    // An open document an old `ignore` glob excluded has no text in the session: it goes through the update again.
    for (const [path, document] of this.open) if (!this.session.has(path) && !this.edits.has(path)) this.edits.set(path, document);
    // Files an old `ignore` glob hid are only found by walking the folder again.
    if (ignoreChanged && this.init.root && this.init.readsDisk && !this.job) this.startJob(-1, 'index');
  }

  /** `.scalecheck.json` from the host's text or, for a folder on disk, read here as the CLI reads it. */
  private readConfig(message: Extract<HostToWorker, { type: 'configure' }>, problems: FileProblem[]): ReturnType<typeof parseConfig>['layer'] | undefined {
    let text = message.configText;
    if (message.configFromDisk && this.init.root) {
      const read = readWorkspaceFile(this.init.root, path.join(this.init.root, CONFIG_FILE_NAME));
      if (read.kind === 'refused') problems.push({ file: CONFIG_FILE_NAME, message: `Not read: ${read.reason}. The defaults apply.` });
      text = read.kind === 'text' ? read.text : undefined;
    }
    if (text === undefined) return undefined;
    const parsed = parseConfig(text, allRuleIds);
    problems.push(...parsed.problems.map((problem) => ({ file: CONFIG_FILE_NAME, message: problem.message, range: problem.range })));
    return parsed.layer;
  }

  private schedule(): void {
    if (this.running || !this.configured || !this.hasWork()) return;
    this.running = true;
    setImmediate(() => {
      this.step()
        .catch((error: Error) => this.post({ type: 'log', message: `Analysis step failed: ${error.stack ?? error.message}` }))
        .finally(() => {
          this.running = false;
          this.schedule();
        });
    });
  }

  private hasWork(): boolean {
    return this.edits.size > 0 || this.recheck.size > 0 || this.disk.size > 0 || this.job !== undefined;
  }

  private async step(): Promise<void> {
    const edited = first(this.edits.keys());
    if (edited !== undefined) {
      const edit = this.edits.get(edited)!;
      this.edits.delete(edited);
      await this.updateAndReport(edited, edit.text);
      return;
    }
    const recheck = first([...this.recheck].filter((path) => this.open.has(path))) ?? first(this.recheck);
    if (recheck !== undefined) {
      this.recheck.delete(recheck);
      this.report(recheck);
      return;
    }
    const changed = first(this.disk);
    if (changed !== undefined) {
      this.disk.delete(changed);
      await this.reloadFromDisk(changed);
      return;
    }
    if (this.job) await this.jobStep(this.job);
  }

  private async updateAndReport(path: string, text: string): Promise<void> {
    if (this.isExcluded(path)) {
      this.forget(path);
      // The editor still learns that this version of an open file has nothing to show.
      const version = this.open.get(path)?.version;
      if (version !== undefined) this.post({ type: 'results', path, version, findings: [], errors: [] });
      return;
    }
    await this.prepare(path);
    const started = performance.now();
    const outcome = this.session.update({ path, text });
    this.report(path, outcome, started);
    this.queueDependents(path, outcome.affected);
  }

  private async reloadFromDisk(path: string): Promise<void> {
    if (this.open.has(path) || this.isExcluded(path) || !this.init.root) return this.forget(path);
    const read = readSource(this.absolute(path));
    if ('skipped' in read) {
      if (read.skipped.startsWith('unreadable')) return this.forget(path);
      this.queueDependents(path, this.session.removeFile(path).affected);
      this.post({ type: 'results', path, findings: [], skipped: { file: path, reason: read.skipped }, errors: [] });
      return;
    }
    await this.updateAndReport(path, read.text);
  }

  /** Files the session says read what just changed (their findings may differ now): re-check them. */
  private queueDependents(changed: string, affected: readonly string[]): void {
    for (const path of affected) if (path !== changed && this.session.has(path)) this.recheck.add(path);
  }

  /**
   * Analyzes a known file and posts its findings; false when the file could
   * not be analyzed. With `started` (an edit's update began then), the
   * results say how long update and analysis took.
   */
  private report(path: string, outcome?: UpdateOutcome, started?: number): boolean {
    const version = this.open.get(path)?.version;
    if (outcome?.skipped) {
      this.reported.add(path);
      this.post({ type: 'results', path, version, findings: [], skipped: outcome.skipped, errors: [] });
      return false;
    }
    const result = this.session.analyze(path);
    const errors = [...(outcome?.error ? [outcome.error] : []), ...(result?.errors ?? [])];
    this.reported.add(path);
    const durationMs = started === undefined ? undefined : Math.round(performance.now() - started);
    this.post({ type: 'results', path, version, findings: result?.findings ?? [], errors, ...(durationMs === undefined ? {} : { durationMs }) });
    return result !== undefined;
  }

  private forget(path: string): void {
    this.edits.delete(path);
    this.recheck.delete(path);
    const { affected } = this.session.removeFile(path);
    if (this.reported.delete(path) || this.open.has(path)) this.post({ type: 'removed', path });
    this.queueDependents(path, affected);
  }

  private startJob(id: number, kind: Job['kind']): void {
    if (!this.init.root || !this.init.readsDisk) {
      this.post({ type: 'jobDone', job: id, files: 0, cancelled: false, skipped: [], errors: [] });
      return;
    }
    if (this.job) this.finishJob(true);
    const problems: DiscoveryProblem[] = [];
    const files = discoverFiles(this.init.root, ['.'], this.filter, (problem) => problems.push(problem))
      .map((file) => file.relative)
      .filter((path) => this.engine.languageOf(path) !== undefined);
    this.post({ type: 'discoveryProblems', problems: problems.map(({ file, message, line }) => ({ file, message, line })) });
    this.job = { id, kind, pass: 'index', files, next: 0, analyzed: 0, skipped: [], errors: problems.map(({ file, message }) => ({ file, message })) };
  }

  private async jobStep(job: Job): Promise<void> {
    if (job.next >= job.files.length) {
      if (job.pass === 'index') {
        job.pass = 'check';
        job.next = 0;
        // Open files were analyzed against partial facts: correct them first, ahead of the check pass.
        for (const path of this.open.keys()) this.recheck.add(path);
        return;
      }
      return this.finishJob(false);
    }
    const path = job.files[job.next++];
    const done = (job.pass === 'index' ? 0 : job.files.length) + job.next;
    // A few updates a second: one per file kept the extension host and the workbench busy redrawing the notification.
    const now = performance.now();
    if (job.next === 1 || job.next === job.files.length || now - this.lastProgress >= PROGRESS_INTERVAL_MS) {
      this.lastProgress = now;
      this.post({ type: 'progress', job: job.id, done, total: job.files.length * 2, file: path });
    }
    if (job.pass === 'index') {
      // Open documents already hold the editor's text; everything else is read afresh.
      if (this.open.has(path) || this.edits.has(path)) return;
      if (job.kind === 'index' && this.session.has(path)) return;
      const read = readSource(this.absolute(path));
      if ('skipped' in read) {
        job.skipped.push({ file: path, reason: read.skipped });
        return;
      }
      await this.prepare(path);
      // Every open file is re-checked when this pass ends: which files each new fact affects is not needed now.
      const outcome = this.session.update({ path, text: read.text }, { affected: false });
      if (outcome.skipped) job.skipped.push(outcome.skipped);
      if (outcome.error) job.errors.push(outcome.error);
      return;
    }
    // An open document with a pending edit is reported by that edit, in a moment.
    if (this.edits.has(path) || (this.session.has(path) && this.report(path))) job.analyzed++;
  }

  private finishJob(cancelled: boolean): void {
    const job = this.job;
    if (!job) return;
    this.job = undefined;
    this.post({ type: 'jobDone', job: job.id, files: job.analyzed, cancelled, skipped: job.skipped, errors: job.errors });
  }

  private summary(): WorkspaceSummary {
    const deployment = deploymentFacts(this.session.facts, this.settings.config.deployment);
    const stack = STACK_NAMES.filter((name) => name in deployment.jsDependencies || deployment.pythonDependencies.includes(name));
    const gunicorn = deployment.gunicorn[0];
    return {
      deployment: deployment.target,
      platforms: [...deployment.platforms],
      maxDurationSeconds: deployment.maxDurationSeconds,
      gunicorn: gunicorn ? { workers: gunicorn.workers, threads: gunicorn.threads } : undefined,
      stack,
    };
  }

  /** Loads a parser the file's language needs (Python's wasm) the first time one is seen. */
  private async prepare(path: string): Promise<void> {
    const errors = await this.engine.prepare([path], this.assets);
    for (const error of errors) this.post({ type: 'log', message: error.message });
  }

  private isExcluded(path: string): boolean {
    return !this.engine.languageOf(path) || this.filter.isIgnored(path);
  }

  private absolute(relative: string): string {
    return path.join(this.init.root!, ...relative.split('/'));
  }
}

function first<T>(items: Iterable<T>): T | undefined {
  for (const item of items) return item;
  return undefined;
}
