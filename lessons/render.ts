import { lessonCatalog, lessonTitle } from './catalog';
import type { LessonPageInput, PageAssets, ReportPageInput } from './contract';
import { escapeHtml } from './html';

/**
 * Renders pages for the lesson panel and the scaling report: a complete HTML
 * document with a strict Content-Security-Policy (no remote resources, scripts
 * only with the nonce). Everything interpolated is escaped.
 */
export function renderLessonPage(input: LessonPageInput, assets: PageAssets): string {
  const entry = lessonCatalog[input.lessonId];
  const title = lessonTitle(input.lessonId, input.locale);
  const parts = [`<h1>${escapeHtml(title)}</h1>`];
  if (entry) parts.push(`<p class="thesis">${escapeHtml(entry.thesis[input.locale])}</p>`);
  if (input.finding) parts.push(`<p class="finding">${escapeHtml(input.finding.message)}</p>`);
  if (input.excerpt) {
    const rows = input.excerpt.lines.map((line, index) => `<span class="ln">${input.excerpt!.firstLine + index}</span>${escapeHtml(line)}`);
    parts.push(`<pre class="excerpt"><code>${rows.join('\n')}</code></pre>`);
  }
  return documentShell(title, parts.join('\n'), assets, input.locale);
}

export function renderReportPage(input: ReportPageInput, assets: PageAssets): string {
  const title = input.locale === 'ko' ? '스케일링 리포트' : 'Scaling report';
  const rows = input.findings.map(
    (finding) => `<li>${escapeHtml(finding.file)}:${finding.range.start.line} — ${escapeHtml(finding.message)} <span class="rule">${escapeHtml(finding.ruleId)}</span></li>`,
  );
  return documentShell(title, `<h1>${escapeHtml(title)}</h1><ul>${rows.join('')}</ul>`, assets, input.locale);
}

/** The report as Markdown, for export. */
export function reportMarkdown(input: ReportPageInput): string {
  const lines = [`# ${input.locale === 'ko' ? '스케일링 리포트' : 'Scaling report'}: ${input.workspaceName}`, ''];
  for (const finding of input.findings) lines.push(`- \`${finding.file}:${finding.range.start.line}\` ${finding.message} (${finding.ruleId}, ${lessonTitle(finding.lesson, input.locale)})`);
  return lines.join('\n') + '\n';
}

function documentShell(title: string, body: string, assets: PageAssets, locale: string): string {
  const csp = [`default-src 'none'`, `img-src ${assets.cspSource} data:`, `style-src ${assets.cspSource}`, `script-src 'nonce-${assets.nonce}'`, `font-src ${assets.cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(assets.media('lesson.css'))}">
<title>${escapeHtml(title)}</title>
</head>
<body>
${body}
</body>
</html>`;
}

