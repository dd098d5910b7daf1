import * as vscode from 'vscode';
import { lessonTitle } from '../lessons/catalog';
import type { Analysis } from './analysis';
import { findingRef } from './code-actions';
import { toRange } from './diagnostics';

/**
 * Hover on a finding: what is wrong (the message), why it matters (the
 * rule's one-sentence summary), what it costs (impact), and the lesson link.
 */
export class Hover implements vscode.HoverProvider {
  constructor(private readonly analysis: Analysis) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const state = this.analysis.findings(document.uri);
    const here = state?.findings.filter((finding) => toRange(finding.range).contains(position)) ?? [];
    if (!here.length) return undefined;
    const locale = this.analysis.locale;
    const markdown = new vscode.MarkdownString(undefined, true);
    markdown.isTrusted = { enabledCommands: ['scalecheck.showLesson'] };
    let range: vscode.Range | undefined;
    here.forEach((finding, index) => {
      const meta = this.analysis.rules.get(finding.ruleId);
      if (index > 0) markdown.appendMarkdown('\n\n---\n\n');
      markdown.appendMarkdown(`**ScaleCheck · ${escape(meta?.title[locale] ?? finding.ruleId)}** \`${finding.ruleId}\`\n\n`);
      markdown.appendMarkdown(`${escape(finding.message)}\n\n`);
      if (meta) {
        markdown.appendMarkdown(`${vscode.l10n.t('Why it matters:')} ${escape(meta.summary[locale])}\n\n`);
        markdown.appendMarkdown(`${vscode.l10n.t('Estimated impact:')} ${escape(meta.impact[locale])}\n\n`);
      }
      const args = encodeURIComponent(JSON.stringify([findingRef(document.uri, finding)]));
      markdown.appendMarkdown(`[$(book) ${escape(vscode.l10n.t('Show lesson: {0}', lessonTitle(finding.lesson, locale)))}](command:scalecheck.showLesson?${args})`);
      range = range ? range.union(toRange(finding.range)) : toRange(finding.range);
    });
    return new vscode.Hover(markdown, range);
  }
}

/** Messages are plain text that may contain backticks and brackets; keep them from turning into markup or links. */
function escape(text: string): string {
  return text.replace(/[\\[\]*_<>]/g, (ch) => `\\${ch}`);
}
