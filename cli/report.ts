import type { AnalysisError, Finding, Locale, Range, SkippedFile, SuppressedFinding } from '../analyzers';

/** A problem with the workspace's configuration (`.scalecheck.json`, an ignore file): the rest of the scan went on. */
export interface ConfigurationNote {
  /** Path relative to `cwd`, with `/`. */
  file: string;
  message: string;
  /** Where in the file, when known. */
  range?: Range;
  line?: number;
}

/** Everything a formatter prints. Paths are relative to `cwd`, with `/`. */
export interface Report {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  /** Internal failures and what could not be read (a folder, a file a worker died on). */
  errors: AnalysisError[];
  configuration: ConfigurationNote[];
  skipped: SkippedFile[];
  /** Notes for the user about the run itself (`--threads` clamped). */
  notes: string[];
  filesAnalyzed: number;
  durationMs: number;
  locale: Locale;
  cwd: string;
  /** The folder holding `cwd` and every target: SARIF's `%SRCROOT%`. */
  root: string;
}
