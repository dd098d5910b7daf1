import type { Finding, Locale } from '../analyzers/core/types';
import { declarations } from '../analyzers/rules/declarations';
import { lessonCatalog, lessonTitle } from './catalog';
import { lessons } from './content';
import type { CodeExcerpt, LessonPageInput, PageAssets, ReportPageInput } from './contract';
import { diagramSvg } from './diagrams';
import type { LessonPageData, PageData } from './page-data';
import { highlightCode, highlightLines, markColumns } from './highlight';
import { impactText } from './impact';
import { escapeHtml } from './html';
import { isSafeLink, renderMarkdown } from './markdown';
import { PRICES_AS_OF, priceTable, type PriceTable } from './prices';
import { buildPrompt, type PromptContext } from './prompt';
import { renderReportBody, reportMarkdown as reportMarkdownText } from './report';
import { renderChart, renderMetrics, simulate } from './sim-view';
import { FIELD_SPECS, FOCUS_FIELDS, seedInputs, type SimFocus, type SimInputs } from './simulator';
import { describePlatform, describeStack, detectStack, pickExample } from './stack';
import type { CodeExample, Lesson, LessonText } from './types';
import { ui } from './ui-text';

/**
 * Renders the lesson panel and the scaling report: complete HTML documents
 * with a strict Content-Security-Policy (no remote resources; the one script
 * is media/scalecheck-page.js, allowed by nonce; no inline handlers or
 * styles). Pure: plain data in, a string out, no file system. Everything
 * that is not our own markup goes through `escapeHtml` or markdown-it with
 * HTML disabled; the page's data travels in a JSON block that cannot close
 * its script element.
 */


export const PAGE_SCRIPT = 'scalecheck-page.js';
export const PAGE_STYLE = 'lesson.css';

export function renderLessonPage(input: LessonPageInput, assets: PageAssets): string {
  const { locale } = input;
  const lesson = lessons[input.lessonId];
  const entry = lessonCatalog[input.lessonId];
  if (!lesson || !entry) {
    const title = ui('unknownLesson', locale);
    return documentShell(title, `<main class="lesson"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(ui('unknownLessonBody', locale, { id: input.lessonId }))}</p></main>`, assets, locale, { kind: 'static', locale });
  }
  const text = lesson.text[locale];
  const title = entry.title[locale];
  const prices = priceTable(input.prices);
  const stackContext = detectStack(input.finding, input.excerpt, input.workspace);
  const example = pickExample(lesson.examples, stackContext);
  const seed = seedInputs(lesson.simulator, prices, input.finding, input.workspace);
  const view = simulate(lesson.simulator, seed, prices, locale);
  const prompt: PromptContext = {
    locale,
    lessonTitle: title,
    symptom: text.symptom,
    finding: input.finding?.message,
    location: input.finding ? `${input.finding.file}:${input.finding.range.start.line}` : undefined,
    stack: describeStack(stackContext, input.workspace),
    platform: describePlatform(input.workspace, locale),
    code: input.excerpt ? { languageId: input.excerpt.languageId, text: input.excerpt.lines.join('\n') } : undefined,
    question: text.question,
  };

  const sections = [
    header(title, entry.thesis[locale], text, locale),
    tableOfContents(locale),
    section('in-your-code', ui('inYourCode', locale), inYourCode(input, locale)),
    section('why', ui('why', locale), `<figure class="diagram-figure">${diagramSvg(lesson.id, locale, text.diagramCaption)}<figcaption>${escapeHtml(text.diagramCaption)}</figcaption></figure>${renderMarkdown(text.why)}`),
    section('simulator', ui('simulator', locale), simulatorSection(lesson.simulator, seed, prices, locale, renderMetrics(view) + renderChart(view.chart))),
    section('fix', ui('fix', locale), fixSection(lesson, text, example, input, locale)),
    section('fine', ui('fine', locale), renderMarkdown(text.fine)),
    section('ask-ai', ui('askAi', locale), askSection(buildPrompt(prompt, view.facts, ''), locale)),
    section('learn-more', ui('learnMore', locale), learnMore(lesson, locale)),
  ];
  const pageKey = input.finding ? `${lesson.id}@${input.finding.file}:${input.finding.range.start.line}:${input.finding.range.start.column}` : lesson.id;
  const data: LessonPageData = { kind: 'lesson', lessonId: lesson.id, pageKey, locale, focus: lesson.simulator, seed, prices, prompt };
  return documentShell(title, `<main class="lesson">${sections.join('\n')}</main>`, assets, locale, data);
}

export function renderReportPage(input: ReportPageInput, assets: PageAssets): string {
  return documentShell(ui('reportTitle', input.locale), `<main class="report">${renderReportBody(input)}</main>`, assets, input.locale, { kind: 'report', locale: input.locale });
}

/** The report as Markdown, for export. */
export function reportMarkdown(input: ReportPageInput): string {
  return reportMarkdownText(input);
}

// ── sections ─────────────────────────────────────────────────────────────

function header(title: string, thesis: string, text: LessonText, locale: Locale): string {
  return `<header class="lesson-header">
<p class="eyebrow">${escapeHtml(ui('eyebrow', locale))}</p>
<h1>${escapeHtml(title)}</h1>
<p class="thesis">${escapeHtml(thesis)}</p>
<p class="key-points-label">${escapeHtml(ui('keyPoints', locale))}</p>
<ol class="key-points">${text.keyPoints.map((point) => `<li>${escapeHtml(point)}</li>`).join('')}</ol>
</header>`;
}

function tableOfContents(locale: Locale): string {
  const entries: Array<[string, Parameters<typeof ui>[0]]> = [
    ['in-your-code', 'inYourCode'],
    ['why', 'why'],
    ['simulator', 'simulator'],
    ['fix', 'fix'],
    ['fine', 'fine'],
    ['ask-ai', 'askAi'],
    ['learn-more', 'learnMore'],
  ];
  return `<nav class="toc" aria-label="${escapeHtml(ui('contents', locale))}">${entries.map(([id, key]) => `<a href="#${id}">${escapeHtml(ui(key, locale))}</a>`).join('')}</nav>`;
}

function section(id: string, heading: string, body: string): string {
  return `<section id="${id}"><h2>${escapeHtml(heading)}</h2>${body}</section>`;
}

function inYourCode(input: LessonPageInput, locale: Locale): string {
  const { finding, excerpt } = input;
  if (!finding) return `<p class="hint">${escapeHtml(ui('noFinding', locale))}</p>`;
  const meta = declarations.find((candidate) => candidate.id === finding.ruleId);
  const parts = [
    `<div class="finding severity-${escapeHtml(finding.severity)}">`,
    `<p class="finding-rule"><span class="badge">${escapeHtml(severityLabel(finding, locale))}</span> ${escapeHtml(meta?.title[locale] ?? finding.ruleId)} <code>${escapeHtml(finding.ruleId)}</code></p>`,
    `<p class="finding-message">${escapeHtml(finding.message)}</p>`,
    `<p class="finding-location">${locationButton(finding.file, finding.range.start.line, finding.range.start.column, `${finding.file}:${finding.range.start.line}`)}</p>`,
    '</div>',
  ];
  if (excerpt) parts.push(renderExcerpt(excerpt));
  const cost = impactText(finding, meta, input.workspace, locale);
  if (cost) parts.push(`<p class="impact"><strong>${escapeHtml(ui('whatItCosts', locale))}:</strong> ${escapeHtml(cost)}</p>`);
  if (finding.related?.length) {
    parts.push(
      `<ul class="related-locations">${finding.related
        .slice(0, 10)
        .map((related) => `<li>${locationButton(related.file, related.range.start.line, related.range.start.column, `${related.file}:${related.range.start.line}`)} — ${escapeHtml(related.message)}</li>`)
        .join('')}</ul>`,
    );
  }
  return parts.join('');
}

function severityLabel(finding: Finding, locale: Locale): string {
  return ui(`severity_${finding.severity}` as const, locale);
}

export function locationButton(file: string, line: number, column: number, label: string): string {
  return `<button type="button" class="link" data-action="open-location" data-file="${escapeHtml(file)}" data-line="${line}" data-column="${column}">${escapeHtml(label)}</button>`;
}

/** The user's code, coloured, with the finding's range marked. Columns are UTF-16 code units, like JavaScript strings. */
export function renderExcerpt(excerpt: CodeExcerpt): string {
  const { highlight } = excerpt;
  const coloured = highlightLines(excerpt.lines, excerpt.languageId);
  const rows = excerpt.lines.map((line, index) => {
    const number = excerpt.firstLine + index;
    const marked = number >= highlight.startLine && number <= highlight.endLine;
    let code = coloured[index] ?? escapeHtml(line);
    if (marked) {
      const start = clamp(number === highlight.startLine ? highlight.startColumn - 1 : 0, 0, line.length);
      const end = clamp(number === highlight.endLine ? highlight.endColumn - 1 : line.length, start, line.length);
      code = markColumns(code, start, end);
    }
    return `<span class="line${marked ? ' marked' : ''}"><span class="ln" aria-hidden="true">${number}</span>${code}</span>`;
  });
  return `<pre class="excerpt" data-language="${escapeHtml(excerpt.languageId)}"><code>${rows.join('\n')}</code></pre>`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function simulatorSection(focus: SimFocus, seed: SimInputs, prices: PriceTable, locale: Locale, output: string): string {
  const fields = FOCUS_FIELDS[focus].map((field) => {
    const id = `sim-${field}`;
    if (field === 'model') {
      const options = Object.entries(prices)
        .map(([name, price]) => `<option value="${escapeHtml(name)}"${name === seed.model ? ' selected' : ''}>${escapeHtml(`${name} ($${price.input} / $${price.output})`)}</option>`)
        .join('');
      return `<label for="${id}">${escapeHtml(ui('model', locale))}</label><select id="${id}" data-sim="model">${options}</select>`;
    }
    const spec = FIELD_SPECS[field];
    return `<label for="${id}">${escapeHtml(spec.label[locale])}</label><input id="${id}" type="number" inputmode="decimal" data-sim="${field}" min="${spec.min}" max="${spec.max}" step="${spec.step}" value="${seed[field]}">`;
  });
  return `<p class="hint">${escapeHtml(ui('simulatorIntro', locale))}</p>
<form class="sim-inputs" data-focus="${focus}">${fields.join('')}</form>
<div class="sim-output" id="sim-output" aria-live="polite">${output}</div>
<p class="fine-print">${escapeHtml(ui(ASSUMPTIONS[focus], locale))}${FOCUS_FIELDS[focus].includes('model') ? ` ${escapeHtml(ui('pricesAsOf', locale, { date: PRICES_AS_OF }))}` : ''}</p>`;
}

const ASSUMPTIONS: Record<SimFocus, Parameters<typeof ui>[0]> = {
  queries: 'assumeQueries',
  index: 'assumeIndex',
  rows: 'assumeGeneral',
  ai: 'assumeAi',
  concurrency: 'assumeFast',
  instances: 'assumeGeneral',
  connections: 'assumeConnections',
  cache: 'assumeGeneral',
  writes: 'assumeWrites',
  growth: 'assumeFast',
  traffic: 'assumeGeneral',
};

/**
 * The lesson's advice, then each quick fix of the finding with the user's own
 * code before and after it (from the fix's edits), then the stock example.
 */
function fixSection(lesson: Lesson, text: LessonText, example: CodeExample | undefined, input: LessonPageInput, locale: Locale): string {
  const parts = [renderMarkdown(text.fix)];
  const fixes = input.finding?.fixes ?? [];
  if (fixes.length) {
    parts.push(
      `<div class="fix-actions">${fixes
        .map((fix, index) => {
          const previews = (input.fixPreviews?.find((preview) => preview.fixIndex === index)?.files ?? []).map(
            (file) =>
              `<div class="example-file"><p class="file-path"><code>${escapeHtml(file.file)}</code> <span class="tag">${escapeHtml(`:${file.firstLine}`)}</span></p><div class="code-pair">${codeBlock(ui('yourCodeNow', locale), file.before, languageOfPath(file.file), 'before')}${codeBlock(ui('yourCodeAfter', locale), file.after, languageOfPath(file.file), 'after')}</div></div>`,
          );
          return `<div class="fix-action">${previews.join('')}<button type="button" class="button${index === 0 ? ' primary' : ''}" data-action="apply-fix" data-fix-index="${index}">${escapeHtml(`${ui('applyFix', locale)}: ${fix.title}`)}</button>${fix.applicability === 'unsafe' ? `<p class="fine-print">${escapeHtml(ui('unsafeFix', locale))}</p>` : ''}</div>`;
        })
        .join('')}</div>`,
    );
    if (example) parts.push(`<h3>${escapeHtml(ui('stockExample', locale))}</h3>`);
  }
  if (example) parts.push(renderExample(example, locale));
  const others = lesson.examples.filter((candidate) => candidate !== example);
  if (others.length) {
    parts.push(others.map((other) => `<details class="other-stack"><summary>${escapeHtml(`${ui('otherStacks', locale)} ${other.label}`)}</summary>${renderExample(other, locale)}</details>`).join(''));
  }
  return parts.join('');
}

/** Examples and lesson prose never change at run time: render each once per language (the panel re-renders on every cursor move). */
const exampleCache = new WeakMap<CodeExample, Partial<Record<Locale, string>>>();

function renderExample(example: CodeExample, locale: Locale): string {
  const cached = exampleCache.get(example) ?? {};
  cached[locale] ??= renderExampleUncached(example, locale);
  exampleCache.set(example, cached);
  return cached[locale]!;
}

function renderExampleUncached(example: CodeExample, locale: Locale): string {
  const files = example.files.filter((file) => !file.hidden);
  const blocks = files.map((file) => {
    const language = languageOfPath(file.path);
    if (file.before !== undefined && file.after !== undefined) {
      return `<div class="example-file"><p class="file-path"><code>${escapeHtml(file.path)}</code></p><div class="code-pair">${codeBlock(ui('before', locale), file.before, language, 'before')}${codeBlock(ui('after', locale), file.after, language, 'after')}</div></div>`;
    }
    if (file.after !== undefined) return `<div class="example-file"><p class="file-path"><code>${escapeHtml(file.path)}</code> <span class="tag">${escapeHtml(ui('newFile', locale))}</span></p>${codeBlock(ui('after', locale), file.after, language, 'after')}</div>`;
    return `<div class="example-file"><p class="file-path"><code>${escapeHtml(file.path)}</code> <span class="tag">${escapeHtml(ui('unchanged', locale))}</span></p>${codeBlock('', file.before ?? '', language, 'context')}</div>`;
  });
  return `<div class="example" data-stack="${example.stack}"><p class="example-label">${escapeHtml(example.label)}</p>${blocks.join('')}<div class="example-note">${renderMarkdown(example.note[locale])}</div></div>`;
}

function codeBlock(label: string, code: string, language: string, kind: 'before' | 'after' | 'context'): string {
  return `<figure class="code ${kind}">${label ? `<figcaption>${escapeHtml(label)}</figcaption>` : ''}<pre data-language="${language}"><code>${highlightCode(code.replace(/\n$/, ''), language)}</code></pre></figure>`;
}

export function languageOfPath(path: string): string {
  if (/\.tsx?$/.test(path)) return 'typescript';
  if (/\.[cm]?jsx?$/.test(path)) return 'javascript';
  if (path.endsWith('.py')) return 'python';
  if (path.endsWith('.prisma')) return 'prisma';
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.md')) return 'markdown';
  if (/(^|\/)Dockerfile/.test(path)) return 'dockerfile';
  return 'text';
}

function askSection(prompt: string, locale: Locale): string {
  return `<p class="hint">${escapeHtml(ui('askIntro', locale))}</p>
<label for="symptom">${escapeHtml(ui('symptomLabel', locale))}</label>
<textarea id="symptom" rows="2"></textarea>
<label for="recent-change">${escapeHtml(ui('recentChange', locale))}</label>
<textarea id="recent-change" rows="2" placeholder="${escapeHtml(ui('recentChangePlaceholder', locale))}"></textarea>
<pre class="prompt" id="prompt-preview">${escapeHtml(prompt)}</pre>
<p><button type="button" class="button primary" data-action="copy-prompt" data-copied-label="${escapeHtml(ui('copied', locale))}">${escapeHtml(ui('copyPrompt', locale))}</button></p>`;
}

function learnMore(lesson: Lesson, locale: Locale): string {
  const links = lesson.learnMore
    .filter((link) => isSafeLink(link.url))
    .map((link) => `<li><a href="${escapeHtml(link.url)}" rel="noopener noreferrer">${escapeHtml(link.title[locale])}</a></li>`);
  const related = lesson.related
    .filter((id) => lessonCatalog[id])
    .map((id) => `<li><button type="button" class="link" data-action="open-lesson" data-lesson="${escapeHtml(id)}">${escapeHtml(lessonTitle(id, locale))}</button></li>`);
  return `<ul class="links">${links.join('')}</ul><h3>${escapeHtml(ui('seeAlso', locale))}</h3><ul class="related-lessons">${related.join('')}</ul>`;
}

// ── document ─────────────────────────────────────────────────────────────

/** JSON that is safe inside a `<script>` element: no `<`, `>`, `&` or line separators survive literally. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function contentSecurityPolicy(assets: PageAssets): string {
  return [`default-src 'none'`, `img-src ${assets.cspSource} data:`, `style-src ${assets.cspSource}`, `font-src ${assets.cspSource}`, `script-src 'nonce-${assets.nonce}'`].join('; ');
}

function documentShell(title: string, body: string, assets: PageAssets, locale: Locale, data: PageData): string {
  return `<!DOCTYPE html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(assets))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(assets.media(PAGE_STYLE))}">
<title>${escapeHtml(title)}</title>
</head>
<body>
${body}
<script type="application/json" id="scalecheck-data">${scriptJson(data)}</script>
<script nonce="${escapeHtml(assets.nonce)}" src="${escapeHtml(assets.media(PAGE_SCRIPT))}"></script>
</body>
</html>
`;
}
