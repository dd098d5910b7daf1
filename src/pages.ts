/**
 * Entry of `dist/pages.js`: the lesson and report renderers (Markdown, the
 * simulator, lesson bodies). The extension loads it the first time a page is
 * shown, so activation does not pay for it.
 */
export { renderLessonPage, renderReportPage, reportMarkdown } from '../lessons/render';
