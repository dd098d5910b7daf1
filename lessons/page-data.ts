import type { Locale } from '../analyzers/core/types';
import type { PriceTable } from './prices';
import type { PromptContext } from './prompt';
import type { SimFocus, SimInputs } from './simulator';

/**
 * What the renderer hands the page script in the page's `scalecheck-data`
 * JSON block: the simulator's seed and prices and the prompt's context. Kept
 * apart from render.ts so the browser bundle's types do not pull in the engine.
 */
export interface LessonPageData {
  kind: 'lesson';
  lessonId: string;
  /** The lesson and the finding it shows: a page with another key starts at its top. */
  pageKey: string;
  locale: Locale;
  focus: SimFocus;
  seed: SimInputs;
  prices: PriceTable;
  prompt: PromptContext;
}

/** The report, and pages without interactive parts (an unknown lesson id): buttons only. */
export interface StaticPageData {
  kind: 'report' | 'static';
  locale: Locale;
}

export type PageData = LessonPageData | StaticPageData;
