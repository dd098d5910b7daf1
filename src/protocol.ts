import type { AnalysisError, Finding, Locale, Range, ResolvedConfig, RuleMeta, SkippedFile } from '../analyzers';
import type { LessonPageInput, ReportPageInput, WorkspaceSummary } from '../lessons/contract';
import type { HoverInput } from '../lessons/hover';

/**
 * Messages between the extension host and its analysis worker (one worker per
 * workspace folder). Plain data only: the extension host never loads the
 * engine, so everything it shows comes through here.
 *
 * Paths are relative to the worker's folder with `/` separators, the engine's
 * file ids. A `version` is the editor's document version the text belonged
 * to; results for an open file carry it so the host can drop stale ones.
 */

/** Editor settings as a configuration layer; `.scalecheck.json` is merged over it. */
export type SettingsLayer = Pick<ResolvedConfig, 'rules' | 'ignore' | 'deployment' | 'minConfidence'>;

/** What a page render needs from the webview: `PageAssets` without the function, which cannot cross threads. */
export interface PageAssetsData {
  cspSource: string;
  nonce: string;
  /** `webview.asWebviewUri` of the extension's media/ folder. */
  mediaRoot: string;
}

/** Pages are rendered off the extension host's thread: in the analysis worker, or the page worker while analysis is off. */
export type RenderRequest =
  | { page: 'lesson'; input: LessonPageInput; assets: PageAssetsData }
  | { page: 'report'; input: ReportPageInput; assets: PageAssetsData }
  | { page: 'reportMarkdown'; input: ReportPageInput }
  /** The hover's Markdown; the worker adds the workspace summary (the cost line speaks of this deployment). */
  | { page: 'hover'; input: HoverInput };

export interface WorkerInit {
  /** Absolute folder on disk, or undefined for files outside any folder and virtual workspaces. */
  root?: string;
  /** False in virtual workspaces: only open documents are analyzed. */
  readsDisk: boolean;
}

/** A problem with a configuration or ignore file (or, without `file`, with the settings), for a diagnostic or the log. */
export interface FileProblem {
  /** Path relative to the worker's folder; absent for a setting. */
  file?: string;
  message: string;
  /** Where in the file, when known (1-based lines and columns, as in findings). */
  range?: Range;
  line?: number;
}

export type HostToWorker =
  /**
   * `configText` is `.scalecheck.json` as the host read it (virtual
   * workspaces); with `configFromDisk` the worker reads it itself, as the CLI
   * does (regular file inside the folder, at most 1 MB).
   */
  | { type: 'configure'; settings: SettingsLayer; configText?: string; configFromDisk?: boolean; locale: Locale }
  | { type: 'open'; path: string; text: string; version: number }
  | { type: 'update'; path: string; text: string; version: number }
  | { type: 'close'; path: string }
  /** Start the background index (facts, then findings for the status bar and report). */
  | { type: 'index'; job: number }
  /** Re-read every file and report each one. */
  | { type: 'scan'; job: number }
  | { type: 'cancel'; job: number }
  | { type: 'diskChanged'; path: string }
  | { type: 'diskDeleted'; path: string }
  | { type: 'summary'; request: number }
  | { type: 'render'; request: number; render: RenderRequest };

export type WorkerToHost =
  | { type: 'ready'; rules: RuleMeta[] }
  /** `durationMs`: how long the update and analysis of this text took, against the editor's time budget. */
  | { type: 'results'; path: string; version?: number; findings: Finding[]; skipped?: SkippedFile; errors: AnalysisError[]; durationMs?: number }
  | { type: 'removed'; path: string }
  | { type: 'progress'; job: number; done: number; total: number; file?: string }
  | { type: 'jobDone'; job: number; files: number; cancelled: boolean; skipped: SkippedFile[]; errors: AnalysisError[] }
  /** `problems`: `.scalecheck.json` (file set) and settings (file absent) entries that were left out. */
  | { type: 'configured'; problems: FileProblem[] }
  /** Ignore files (`.gitignore`) and folders a job could not read or use, replacing the previous list. */
  | { type: 'discoveryProblems'; problems: FileProblem[] }
  | { type: 'summary'; request: number; summary: WorkspaceSummary }
  | { type: 'rendered'; request: number; text: string }
  | { type: 'log'; message: string };
