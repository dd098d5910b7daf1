import type { Finding, Locale, Localized } from '../analyzers/core/types';
import { lessonTitle } from './catalog';
import type { WorkspaceSummary } from './contract';
import { impactText } from './impact';
import { ui } from './ui-text';

/**
 * The ScaleCheck part of an editor hover, as Markdown. VS Code already shows
 * each diagnostic's message right above it, so an entry does not repeat it:
 * the rule's title, one line of why, the cost in this app, the lesson link.
 */
export interface HoverInput {
  locale: Locale;
  entries: Array<{ finding: Finding; /** `command:scalecheck.showLesson?…` for this finding. */ lessonCommand: string }>;
  workspace?: WorkspaceSummary;
}

export interface HoverRule {
  id: string;
  title: Localized;
  summary: Localized;
  impact: Localized;
}

export function renderHoverMarkdown(input: HoverInput, ruleOf: (id: string) => HoverRule | undefined): string {
  const { locale } = input;
  return input.entries
    .map(({ finding, lessonCommand }) => {
      const rule = ruleOf(finding.ruleId);
      // Hard line breaks (two spaces) keep an entry together, without a paragraph's margins.
      const lines = [`**${inlineMarkdown(rule?.title[locale] ?? finding.ruleId)}** · ${codeSpan(finding.ruleId)}`];
      if (rule) lines.push(`${ui('hoverWhy', locale)} ${inlineMarkdown(firstSentence(rule.summary[locale]))}`);
      const cost = impactText(finding, rule, input.workspace, locale);
      if (cost) lines.push(`${ui('hoverCost', locale)} ${inlineMarkdown(cost)}`);
      lines.push(`[$(book) ${inlineMarkdown(ui('showLesson', locale, { title: lessonTitle(finding.lesson, locale) }))}](${lessonCommand})`);
      return lines.join('  \n');
    })
    .join('\n\n---\n\n');
}

/** One line of why: a summary is one sentence already; a longer one is cut at its first full stop. */
function firstSentence(text: string): string {
  const end = text.search(/[.!?。](\s|$)/);
  return end > 0 ? text.slice(0, end + 1) : text;
}

/**
 * Text with `code spans` to Markdown: the spans are kept exactly (a span's
 * content is never escaped, so `select_related("owner")` stays as written),
 * everything else is escaped so it cannot turn into emphasis, links, HTML or
 * theme icons.
 */
export function inlineMarkdown(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g)) {
    out += escapeText(text.slice(last, match.index)) + codeSpan(match[2]);
    last = match.index! + match[0].length;
  }
  return out + escapeText(text.slice(last));
}

/** A CommonMark code span for any content: a fence longer than every backtick run inside, padded when the content touches a backtick. */
export function codeSpan(code: string): string {
  const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = code.startsWith('`') || code.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${code}${pad}${fence}`;
}

function escapeText(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~]/g, (ch) => `\\${ch}`).replace(/\$\(/g, '\\$(');
}
