import type { RuleMeta } from '../../analyzers/core/rule';
import { declarationsById, type RuleId } from '../../analyzers/rules/declarations';
import type { PageAssets, WorkspaceSummary } from '../../lessons/contract';
import { renderHoverMarkdown } from '../../lessons/hover';
import { renderLessonPage, renderReportPage, reportMarkdown } from '../../lessons/render';
import type { PageAssetsData, RenderRequest } from '../protocol';

/**
 * A lesson page, the report or a hover, from rule metadata and the lessons
 * alone: no engine, no parser. Both workers render with it — the analysis
 * worker (which adds its workspace summary) and, while analysis is off, the
 * page worker.
 */
export function renderPage(request: RenderRequest, summary: () => WorkspaceSummary): string {
  switch (request.page) {
    case 'hover':
      return renderHoverMarkdown({ ...request.input, workspace: request.input.workspace ?? summary() }, (id) => declarationsById[id as RuleId] as RuleMeta | undefined);
    case 'lesson':
      return renderLessonPage(request.input, pageAssets(request.assets));
    case 'report':
      return renderReportPage(request.input, pageAssets(request.assets));
    case 'reportMarkdown':
      return reportMarkdown(request.input);
  }
}

function pageAssets(data: PageAssetsData): PageAssets {
  return {
    cspSource: data.cspSource,
    nonce: data.nonce,
    media: (fileName) => `${data.mediaRoot}/${fileName.split('/').map(encodeURIComponent).join('/')}`,
  };
}
