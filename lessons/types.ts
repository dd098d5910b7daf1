import type { Locale, Localized } from '../analyzers/core/types';
import type { SimFocus } from './simulator';

/**
 * The shape of a lesson. Every section the lesson panel shows is a required
 * field here, in both languages, so a lesson missing a section or a language
 * does not compile. Prose fields are Markdown (rendered through markdown-it
 * with HTML disabled); code lives in `examples`, never inside the prose.
 */

/** The two stacks lessons show fixes for: Node (Next.js / Express + Prisma) and Python (Django / DRF). */
export type Stack = 'node' | 'python';

/** The text of a lesson in one language: the lecture's shape, then the panel's sections. */
export interface LessonText {
  /** The lecture's three key points ("강의 핵심"), one line each. */
  keyPoints: [string, string, string];
  /** "Why it breaks at scale": Markdown, the mechanism and the real numbers. */
  why: string;
  /** One sentence under the diagram saying what it shows. */
  diagramCaption: string;
  /** "Fix it": Markdown introducing the before/after code. */
  fix: string;
  /** "When it's fine": Markdown, the honest limits. */
  fine: string;
  /** The symptom a user would notice in production, for the "ask your AI" prompt. */
  symptom: string;
  /** The question the "ask your AI" prompt ends with. */
  question: string;
}

export interface ExampleFile {
  /** Workspace-relative path, as the engine would see it. */
  path: string;
  /** The code an assistant typically writes; absent for a file the fix adds. */
  before?: string;
  /** The file after the fix; absent when the fix does not change it. */
  after?: string;
  /** Context the analyzer needs but the reader does not (tsconfig paths, the Prisma client module). */
  hidden?: boolean;
}

/** A before/after pair for one stack. */
export interface CodeExample {
  stack: Stack;
  /** Shown above the code: "Next.js + Prisma", "Django". */
  label: string;
  /** `finding.details.stack` values this example fits best (`nextjs`, `express`, `django`, `drf`...). */
  frameworks: string[];
  files: ExampleFile[];
  /**
   * The rule whose finding the "before" files must produce and the "after"
   * files must not, checked through the engine by test/lessons. Absent only
   * for patterns no rule detects (cross-cutting lessons).
   */
  rule?: string;
  /** What changed and why, under the code. */
  note: Localized;
}

export interface LearnMoreLink {
  title: Localized;
  /** https only: the renderer refuses anything else. */
  url: string;
}

export interface Lesson {
  id: string;
  text: Record<Locale, LessonText>;
  examples: CodeExample[];
  /** Which part of the scale simulator the lesson opens with. */
  simulator: SimFocus;
  learnMore: LearnMoreLink[];
  /** Other lesson ids worth reading next ("see also"). */
  related: string[];
}
