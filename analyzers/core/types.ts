/**
 * The engine's contract: plain, serializable data in and out.
 *
 * Offsets are UTF-16 code units into the file's text (what JavaScript strings,
 * the TypeScript compiler, web-tree-sitter and VS Code all speak). Lines and
 * columns are 1-based and derived from offsets only at the edges.
 */

export type Severity = 'error' | 'warning' | 'info';
export type RuleLevel = Severity | 'off';
export type FixApplicability = 'safe' | 'unsafe';
export type Locale = 'en' | 'ko';
/**
 * How strongly the evidence supports a finding: `high` when the code shows
 * both that it runs where the cost lands (a request) and that the work grows
 * with data; `medium` when one of the two is only likely; `low` when the
 * pattern matches but the code shows neither. Hosts show `medium` and up by
 * default (`minConfidence`).
 */
export type Confidence = 'high' | 'medium' | 'low';

/**
 * Which parser a file goes through. `config` covers the non-code files that
 * only feed workspace facts or deployment findings: package.json, tsconfig,
 * Dockerfile, Procfile, vercel.json, fly.toml and their kind.
 */
export type Language = 'typescript' | 'prisma' | 'python' | 'config' | 'sql';

export interface Position {
  /** UTF-16 code units from the start of the file. */
  offset: number;
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units. */
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Location {
  /** Workspace-relative path with `/` separators. */
  file: string;
  range: Range;
}

export interface RelatedLocation extends Location {
  message: string;
}

/** A replacement of `[start, end)` in `file` (offsets into that file's text). */
export interface TextEdit {
  file: string;
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  applicability: FixApplicability;
  /** May touch several files, e.g. a schema edit offered from a query site. */
  edits: TextEdit[];
  /**
   * The content hash of every file the edits touch, as the engine saw it.
   * A host drops the fix when any of those files has changed since.
   */
  fileHashes: Record<string, string>;
  /** What is left to do once it is applied (run a migration, add a package), in the finding's language. */
  nextSteps?: string[];
}

/**
 * Facts a finding carries for its lesson and the scale simulator: the stack it
 * was found in and the numbers it can seed. Plain scalars only.
 */
export type FindingDetails = Record<string, string | number | boolean>;

export interface Finding {
  ruleId: string;
  severity: Severity;
  confidence: Confidence;
  message: string;
  file: string;
  range: Range;
  /** Id of the lesson that explains the concept (see `lessons/`). */
  lesson: string;
  related?: RelatedLocation[];
  fixes?: Fix[];
  details?: FindingDetails;
}

export interface SuppressedFinding {
  finding: Finding;
  /** The reason written after `--`, empty when none was given. */
  reason: string;
  /** `line` for scalecheck-ignore-next-line, `file` for scalecheck-ignore-file. */
  scope: 'line' | 'file';
}

export interface AnalysisError {
  file: string;
  message: string;
  /** The rule that failed, when the failure is a rule's. */
  ruleId?: string;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface FileResult {
  file: string;
  findings: Finding[];
  suppressed: SuppressedFinding[];
  errors: AnalysisError[];
  /** Set when the file was not analyzed (too large, minified, binary, generated). */
  skipped?: SkippedFile;
}

/** A localized string: every user-visible text exists in both languages. */
export interface Localized {
  en: string;
  ko: string;
}
