import type { Finding, Locale, Severity } from '../analyzers/core/types';
import { growthStage as stageOf } from '../analyzers/core/growth-stage';
import type { GrowthStage, RuleMeta } from '../analyzers/core/rule';
import { declarations, declarationsById, type RuleId } from '../analyzers/rules/declarations';
import { lessonCatalog, lessonTitle } from './catalog';
import type { ReportPageInput, WorkspaceSummary } from './contract';
import { escapeHtml } from './html';
import { ui } from './ui-text';

/**
 * The workspace scaling report: findings grouped by growth stage ("what
 * breaks first at 100 / 10k / 100k users") and by lesson, with counts per
 * rule and per file. The HTML and the Markdown export come from the same
 * grouping, so they always agree.
 *
 * A finding's stage comes from its rule's declaration (`stage` in
 * `analyzers/rules/<id>/rule.ts`), placed by `core/growth-stage.ts`.
 */
export type { GrowthStage };

export const STAGES: Record<GrowthStage, { users: string; title: Record<Locale, string> }> = {
  1: { users: '100', title: { en: 'At 100 users: breaks from day one', ko: '100명: 첫날부터 무너지는 것' } },
  2: { users: '10k', title: { en: 'At 10k users: multiplied by traffic', ko: '1만 명: 트래픽과 함께 곱해지는 것' } },
  3: { users: '100k', title: { en: 'At 100k users: grows with the data', ko: '10만 명: 데이터와 함께 자라는 것' } },
};

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export function growthStage(finding: Finding, workspace?: WorkspaceSummary): GrowthStage {
  // A suppression without a reason belongs where the rule it silences would break.
  if (finding.ruleId === 'suppression-without-reason') return declarations.find((meta) => meta.id !== finding.ruleId && meta.lesson === finding.lesson)?.stage.at ?? 2;
  const meta = declarationsById[finding.ruleId as RuleId] as RuleMeta | undefined;
  return meta ? stageOf(meta, finding, workspace?.deployment === 'serverless') : 2;
}

export interface ReportModel {
  byStage: Record<GrowthStage, Finding[]>;
  byLesson: Array<{ lesson: string; findings: Finding[] }>;
  byRule: Array<{ ruleId: string; count: number }>;
  byFile: Array<{ file: string; count: number }>;
  files: number;
}

export function buildReport(input: ReportPageInput): ReportModel {
  const ordered = [...input.findings].sort(
    (a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.file.localeCompare(b.file) || a.range.start.offset - b.range.start.offset,
  );
  const byStage: Record<GrowthStage, Finding[]> = { 1: [], 2: [], 3: [] };
  const lessonsMap = new Map<string, Finding[]>();
  const rules = new Map<string, number>();
  const files = new Map<string, number>();
  for (const finding of ordered) {
    byStage[growthStage(finding, input.workspace)].push(finding);
    lessonsMap.set(finding.lesson, [...(lessonsMap.get(finding.lesson) ?? []), finding]);
    rules.set(finding.ruleId, (rules.get(finding.ruleId) ?? 0) + 1);
    files.set(finding.file, (files.get(finding.file) ?? 0) + 1);
  }
  const byCount = <T extends { count: number }>(a: T & { key: string }, b: T & { key: string }) => b.count - a.count || a.key.localeCompare(b.key);
  return {
    byStage,
    byLesson: [...lessonsMap].map(([lesson, findings]) => ({ lesson, findings })).sort((a, b) => b.findings.length - a.findings.length || a.lesson.localeCompare(b.lesson)),
    byRule: [...rules].map(([ruleId, count]) => ({ ruleId, count, key: ruleId })).sort(byCount).map(({ ruleId, count }) => ({ ruleId, count })),
    byFile: [...files].map(([file, count]) => ({ file, count, key: file })).sort(byCount).map(({ file, count }) => ({ file, count })),
    files: files.size,
  };
}

function ruleTitle(ruleId: string, locale: Locale): string {
  return declarations.find((meta) => meta.id === ruleId)?.title[locale] ?? ruleId;
}

// ── HTML ─────────────────────────────────────────────────────────────────

export function renderReportBody(input: ReportPageInput): string {
  const { locale } = input;
  const model = buildReport(input);
  const title = `${ui('reportTitle', locale)}: ${input.workspaceName}`;
  const parts = [
    `<header class="report-header"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(ui('reportSummary', locale, { findings: input.findings.length, files: model.files, analyzed: input.filesAnalyzed }))}</p>`,
    `<p><button type="button" class="button primary" data-action="export-markdown">${escapeHtml(ui('exportMarkdown', locale))}</button></p></header>`,
  ];
  if (input.findings.length === 0) {
    parts.push(`<p class="hint">${escapeHtml(ui('noFindings', locale))}</p>`, `<p>${lessonButton('growth-stages', locale)}</p>`);
    return parts.join('');
  }
  parts.push(`<section id="stages"><h2>${escapeHtml(ui('byStage', locale))}</h2><p class="hint">${escapeHtml(ui('byStageIntro', locale))}</p><div class="stages">`);
  for (const stage of [1, 2, 3] as const) {
    const findings = model.byStage[stage];
    parts.push(
      `<div class="stage stage-${stage}"><h3><span class="stage-users">${STAGES[stage].users}</span> ${escapeHtml(STAGES[stage].title[locale])} <span class="count">${findings.length}</span></h3>`,
      findings.length ? `<ul class="findings">${findings.map((finding) => findingItem(finding, locale, true)).join('')}</ul>` : `<p class="hint">${escapeHtml(ui('none', locale))}</p>`,
      '</div>',
    );
  }
  parts.push('</div></section>');

  parts.push(`<section id="lessons"><h2>${escapeHtml(ui('byLesson', locale))}</h2>`);
  for (const group of model.byLesson) {
    const thesis = lessonCatalog[group.lesson]?.thesis[locale];
    parts.push(
      `<details class="lesson-group"><summary>${escapeHtml(lessonTitle(group.lesson, locale))} <span class="count">${group.findings.length}</span></summary>`,
      thesis ? `<p class="thesis">${escapeHtml(thesis)}</p>` : '',
      `<p>${lessonButton(group.lesson, locale)}</p>`,
      `<ul class="findings">${group.findings.map((finding) => findingItem(finding, locale, false)).join('')}</ul></details>`,
    );
  }
  parts.push('</section>');

  parts.push(
    `<section id="counts"><h2>${escapeHtml(ui('countsByRule', locale))}</h2><table><thead><tr><th>${escapeHtml(ui('rule', locale))}</th><th class="num">${escapeHtml(ui('count', locale))}</th></tr></thead><tbody>`,
    model.byRule.map((row) => `<tr><td>${escapeHtml(ruleTitle(row.ruleId, locale))} <code>${escapeHtml(row.ruleId)}</code></td><td class="num">${row.count}</td></tr>`).join(''),
    `</tbody></table><h2>${escapeHtml(ui('countsByFile', locale))}</h2><table><thead><tr><th>${escapeHtml(ui('file', locale))}</th><th class="num">${escapeHtml(ui('count', locale))}</th></tr></thead><tbody>`,
    model.byFile.map((row) => `<tr><td><button type="button" class="link" data-action="open-location" data-file="${escapeHtml(row.file)}" data-line="1" data-column="1">${escapeHtml(row.file)}</button></td><td class="num">${row.count}</td></tr>`).join(''),
    '</tbody></table></section>',
  );
  return parts.join('');
}

function findingItem(finding: Finding, locale: Locale, withLesson: boolean): string {
  const { line, column } = finding.range.start;
  return `<li class="finding-item severity-${escapeHtml(finding.severity)}"><span class="badge">${escapeHtml(ui(`severity_${finding.severity}`, locale))}</span> <button type="button" class="link" data-action="open-location" data-file="${escapeHtml(finding.file)}" data-line="${line}" data-column="${column}">${escapeHtml(`${finding.file}:${line}`)}</button> ${escapeHtml(finding.message)}${withLesson ? ` ${lessonButton(finding.lesson, locale, true)}` : ''}</li>`;
}

/** A button that opens a lesson; `short` shows only the lesson's title, for lists where it repeats. */
function lessonButton(lessonId: string, locale: Locale, short = false): string {
  const label = short ? lessonTitle(lessonId, locale) : `${ui('openLesson', locale)}: ${lessonTitle(lessonId, locale)}`;
  return `<button type="button" class="link lesson-link${short ? ' short' : ''}" data-action="open-lesson" data-lesson="${escapeHtml(lessonId)}" title="${escapeHtml(ui('openLesson', locale))}">${escapeHtml(label)}</button>`;
}

// ── Markdown ─────────────────────────────────────────────────────────────

/**
 * Escapes text for Markdown prose: no HTML, links, emphasis or table breaks
 * can come from a finding. Every line break (CR alone too, which CommonMark
 * also ends a line with) becomes a space, so nothing starts a heading or a
 * list; `:`, `.` and `@` are escaped so no bare URL, domain or address turns
 * into a link in renderers that autolink (GitHub, linkify); `&` so no
 * character reference decodes.
 */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+!|~:.@&]/g, (ch) => `\\${ch}`).replace(/\r\n|\r|\n|\u2028|\u2029/g, ' ');
}

/** A link target for a workspace-relative path: spaces and parentheses encoded so the link cannot break out. */
function markdownHref(file: string, line: number): string {
  return `${file.split('/').map(encodeURIComponent).join('/')}#L${line}`;
}

export function reportMarkdown(input: ReportPageInput): string {
  const { locale } = input;
  const model = buildReport(input);
  const lines = [`# ${ui('reportTitle', locale)}: ${markdownText(input.workspaceName)}`, '', ui('reportSummary', locale, { findings: input.findings.length, files: model.files, analyzed: input.filesAnalyzed }), ''];
  if (input.findings.length === 0) {
    lines.push(ui('noFindings', locale), '');
    return lines.join('\n');
  }
  lines.push(`## ${ui('byStage', locale)}`, '', ui('byStageIntro', locale), '');
  for (const stage of [1, 2, 3] as const) {
    lines.push(`### ${STAGES[stage].title[locale]} (${model.byStage[stage].length})`, '');
    if (!model.byStage[stage].length) lines.push(ui('none', locale));
    for (const finding of model.byStage[stage]) {
      const { line } = finding.range.start;
      lines.push(`- **${ui(`severity_${finding.severity}`, locale)}** [${markdownText(`${finding.file}:${line}`)}](${markdownHref(finding.file, line)}) ${markdownText(finding.message)} (\`${finding.ruleId}\`; ${markdownText(lessonTitle(finding.lesson, locale))})`);
    }
    lines.push('');
  }
  lines.push(`## ${ui('byLesson', locale)}`, '');
  for (const group of model.byLesson) {
    lines.push(`- ${markdownText(lessonTitle(group.lesson, locale))}: ${group.findings.length}`);
  }
  lines.push('', `## ${ui('countsByRule', locale)}`, '', `| ${ui('rule', locale)} | ${ui('count', locale)} |`, '| --- | ---: |');
  for (const row of model.byRule) lines.push(`| ${markdownText(ruleTitle(row.ruleId, locale))} (\`${row.ruleId}\`) | ${row.count} |`);
  lines.push('', `## ${ui('countsByFile', locale)}`, '', `| ${ui('file', locale)} | ${ui('count', locale)} |`, '| --- | ---: |');
  for (const row of model.byFile) lines.push(`| ${markdownText(row.file)} | ${row.count} |`);
  lines.push('');
  return lines.join('\n');
}
