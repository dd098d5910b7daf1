import type { Finding, Locale } from '../analyzers/core/types';

/**
 * The contract between the editor glue (src/) and the lesson renderer
 * (lessons/): plain data in, an HTML document out, and the messages the
 * rendered page may post back. The page never sees anything the host did not
 * put in here, and the host validates every message it receives.
 */

/** The user's own code around a finding, cut by the host from the open document. */
export interface CodeExcerpt {
  /** 1-based line number of `lines[0]`. */
  firstLine: number;
  lines: string[];
  /** The finding's range within the excerpt, 1-based lines and columns as in `Finding.range`. */
  highlight: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  /** VS Code language id, for the code block's label. */
  languageId: string;
}

/** What the host knows about the workspace, to seed the simulator and the "ask your AI" prompt. */
export interface WorkspaceSummary {
  /** Detected or configured deployment target. */
  deployment: 'serverless' | 'server' | 'containers' | 'unknown';
  platforms: string[];
  /** The longest function duration the platform config sets (vercel.json `maxDuration`), in seconds. */
  maxDurationSeconds?: number;
  /** Gunicorn workers × threads when known. */
  gunicorn?: { workers: number; threads: number };
  /** Frameworks and libraries seen in package.json / requirements (next, prisma, django, celery, openai, ...). */
  stack: string[];
}

/** Webview resource URIs and the CSP pieces the host computed. */
export interface PageAssets {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random nonce for this render. */
  nonce: string;
  /** URI of a file in media/, as `webview.asWebviewUri` returns it. */
  media(fileName: string): string;
}

/** The user's own code a fix changes, before and after its edits (cut by the host at whole statements). */
export interface FixPreview {
  /** Index into `finding.fixes`. */
  fixIndex: number;
  files: Array<{ file: string; firstLine: number; before: string; after: string }>;
}

export interface LessonPageInput {
  lessonId: string;
  locale: Locale;
  /** The finding the lesson was opened from; absent when opened from the command palette. */
  finding?: Finding;
  excerpt?: CodeExcerpt;
  fixPreviews?: FixPreview[];
  workspace?: WorkspaceSummary;
  /** AI model prices per million tokens, from settings (overrides the bundled price list). */
  prices?: Record<string, { input: number; output: number }>;
}

export interface ReportPageInput {
  locale: Locale;
  workspaceName: string;
  findings: Finding[];
  workspace?: WorkspaceSummary;
  /** Files analyzed, for the counts line. */
  filesAnalyzed: number;
}

/** Messages a rendered page posts to the host. */
export type PageMessage =
  | { type: 'applyFix'; fixIndex: number }
  | { type: 'copyText'; text: string }
  | { type: 'openLocation'; file: string; line: number; column: number }
  | { type: 'openLesson'; lessonId: string }
  | { type: 'exportMarkdown' };

/** Checks a message from a page before the host acts on it: pages render user code, so treat them as untrusted. */
export function isPageMessage(value: unknown): value is PageMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case 'applyFix':
      return Number.isInteger(message.fixIndex) && (message.fixIndex as number) >= 0 && (message.fixIndex as number) < 1000;
    case 'copyText':
      return typeof message.text === 'string' && message.text.length <= 100_000;
    case 'openLocation':
      return typeof message.file === 'string' && message.file.length > 0 && message.file.length <= 4096 && isPosition(message.line) && isPosition(message.column);
    case 'openLesson':
      return typeof message.lessonId === 'string' && /^[a-z][a-z0-9-]*$/.test(message.lessonId);
    case 'exportMarkdown':
      return true;
    default:
      return false;
  }
}

/** A 1-based line or column a document can have. */
function isPosition(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 10_000_000;
}
