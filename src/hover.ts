import * as vscode from 'vscode';
import type { Analysis } from './analysis';
import { lessonCommand, toRange } from './diagnostics';

/**
 * Hover on a finding: one compact entry per finding — the rule's title, one
 * line of why, the cost in this app's deployment, the lesson link — in the
 * lesson language. The message itself is not repeated: VS Code shows the
 * diagnostic right above. The Markdown is rendered in the worker, which
 * holds the rule metadata and the workspace's deployment facts.
 */
export class Hover implements vscode.HoverProvider {
  constructor(private readonly analysis: Analysis) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const state = this.analysis.findings(document.uri);
    const here = state?.findings.filter((finding) => toRange(finding.range).contains(position)) ?? [];
    if (!here.length) return undefined;
    const entries = here.map((finding) => ({ finding, lessonCommand: lessonCommand(document.uri, finding) }));
    const text = await this.analysis.render({ page: 'hover', input: { locale: this.analysis.locale, entries } }, document.uri);
    if (!text) return undefined;
    const markdown = new vscode.MarkdownString(text, true);
    markdown.isTrusted = { enabledCommands: ['scalecheck.showLesson'] };
    const range = here.map((finding) => toRange(finding.range)).reduce((union, next) => union.union(next));
    return new vscode.Hover(markdown, range);
  }
}
