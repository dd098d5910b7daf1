import type { FactsIndex } from './facts';
import type { LineMap } from './text';
import type {
  Confidence,
  FindingDetails,
  FixApplicability,
  Language,
  Localized,
  Location,
  Locale,
  Severity,
  TextEdit,
} from './types';
import type { ResolvedConfig } from './config';

/** A file after its language's parser ran. The tree's type belongs to the language. */
export interface ParsedFile<Tree = unknown> {
  path: string;
  text: string;
  language: Language;
  hash: string;
  lines: LineMap;
  tree: Tree;
}

export interface RuleMeta {
  /** kebab-case; names the rule's file, its fixture folder and its lesson. */
  id: string;
  title: Localized;
  /** One sentence on why it matters: hover text, SARIF short description. */
  summary: Localized;
  /** What it costs when it goes wrong, in numbers where possible: hover, SARIF full description. */
  impact: Localized;
  defaultSeverity: Severity;
  languages: Language[];
  /** Lesson id. Usually the rule id; several rules may share a concept's lesson. */
  lesson: string;
  /** The strongest fix the rule can offer. */
  fix: FixApplicability | 'none';
  /** Message templates by id; `{{name}}` placeholders are filled from report data. */
  messages: Record<string, Localized>;
}

export type MessageData = Record<string, string | number>;

/** A message template id from the rule's `messages`, with its own data when it needs any. */
export type MessageRef = string | { id: string; data?: MessageData };

export interface RelatedInput {
  location: Location;
  message: MessageRef;
}

export interface FixInput {
  title: MessageRef;
  applicability: FixApplicability;
  edits: TextEdit[];
}

export interface ReportInput {
  message: string;
  data?: MessageData;
  /** Offsets into the current file. */
  start: number;
  end: number;
  /** Defaults to the rule's severity; a rule may report lower (e.g. info for a boolean filter). */
  severity?: Severity;
  /** How strongly the evidence supports it (`core/evidence.ts`); `high` when left out. */
  confidence?: Confidence;
  related?: RelatedInput[];
  fixes?: FixInput[];
  details?: FindingDetails;
}

export interface AnalysisSettings {
  locale: Locale;
  config: ResolvedConfig;
}

export interface RuleContext<Tree = unknown> {
  file: ParsedFile<Tree>;
  facts: FactsIndex;
  settings: AnalysisSettings;
  /** True for one-off scripts (seeds, migrations, `scripts/**`): not a request path. */
  isScript: boolean;
  report(input: ReportInput): void;
  /** A full location in the current file, for related locations. */
  locate(start: number, end: number): Location;
}

export type Checker<Tree = unknown> = (context: RuleContext<Tree>) => void;

export interface Rule {
  meta: RuleMeta;
  /** One checker per language the rule covers. */
  checks: Partial<Record<Language, Checker<any>>>;
}
