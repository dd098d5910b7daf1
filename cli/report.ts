import type { AnalysisError, Finding, Locale, SkippedFile, SuppressedFinding } from '../analyzers';

/** Everything a formatter prints. Paths are relative to `cwd`, with `/`. */
export interface Report {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  errors: AnalysisError[];
  skipped: SkippedFile[];
  filesAnalyzed: number;
  durationMs: number;
  locale: Locale;
  cwd: string;
}
