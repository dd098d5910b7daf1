import * as vscode from 'vscode';
import type { Finding } from '../analyzers';
import { isPageMessage, type CodeExcerpt, type LessonPageInput, type PageMessage } from '../lessons/contract';
import type { Analysis } from './analysis';
import { toRange } from './diagnostics';
import { fixToEdit } from './fixes';
import type { PageActions } from './page-actions';
import { pageAssets, webviewOptions } from './webview';

/** What the lesson view shows: a lesson, opened from a finding of a file or on its own. */
export interface LessonTarget {
  lessonId: string;
  uri?: vscode.Uri;
  finding?: Finding;
}

/** The lesson shown when nothing is selected: how growth changes the questions. */
const DEFAULT_LESSON = 'growth-stages';
const EXCERPT_CONTEXT_LINES = 3;
const EXCERPT_MAX_LINES = 24;

/**
 * The lesson side panel (`scalecheck.lesson`, in the ScaleCheck activity-bar
 * container). It follows the finding under the cursor while visible, and
 * renders through the lessons renderer with the user's own code excerpt.
 */
export class LessonView implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = 'scalecheck.lesson';
  private view: vscode.WebviewView | undefined;
  private target: LessonTarget | undefined;
  private renderGeneration = 0;
  private readonly rendered = new vscode.EventEmitter<LessonTarget>();
  /** Fires after each render; tests wait on it rather than on time. */
  readonly onDidRender = this.rendered.event;
  /** The last rendered target and page, for the integration tests. */
  current: { target: LessonTarget; html: string } | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly analysis: Analysis,
    private readonly actions: PageActions,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = webviewOptions(this.extensionUri);
    view.webview.onDidReceiveMessage((message: unknown) => {
      if (isPageMessage(message)) void this.onMessage(message);
      else this.log.warn(`Ignored an invalid message from the lesson page: ${JSON.stringify(message)?.slice(0, 200)}`);
    });
    view.onDidChangeVisibility(() => {
      if (view.visible) this.follow(vscode.window.activeTextEditor);
    });
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
    });
    this.target ??= this.targetAt(vscode.window.activeTextEditor) ?? { lessonId: DEFAULT_LESSON };
    void this.render();
  }

  /** Opens the view on a lesson (focus moves to it unless `preserveFocus`). */
  async show(target: LessonTarget, preserveFocus = false): Promise<void> {
    this.target = target;
    if (this.view) {
      this.view.show(preserveFocus);
      await this.render();
    } else {
      // Resolving the view renders the target set above.
      await vscode.commands.executeCommand(`${LessonView.viewId}.focus`, { preserveFocus });
    }
  }

  /** Moves to the finding under the editor's cursor, if the view is open and the finding differs. */
  follow(editor: vscode.TextEditor | undefined): void {
    if (!this.view?.visible) return;
    const target = this.targetAt(editor);
    if (!target || sameTarget(target, this.target)) return;
    this.target = target;
    void this.render();
  }

  /** Re-renders the current lesson (language, prices or findings changed). */
  refresh(): void {
    if (!this.view) return;
    if (this.target?.finding && this.target.uri) {
      // Keep showing the same finding with its latest message, or the lesson alone once it is fixed.
      const latest = this.latestFinding(this.target.uri, this.target.finding);
      this.target = { ...this.target, finding: latest };
    }
    void this.render();
  }

  /** The finding at the cursor of an editor, if any. */
  targetAt(editor: vscode.TextEditor | undefined): LessonTarget | undefined {
    if (!editor) return undefined;
    const state = this.analysis.findings(editor.document.uri);
    const position = editor.selection.active;
    const finding = state?.findings.find((candidate) => toRange(candidate.range).contains(position));
    return finding ? { lessonId: finding.lesson, uri: editor.document.uri, finding } : undefined;
  }

  dispose(): void {
    this.rendered.dispose();
  }

  private async render(): Promise<void> {
    const view = this.view;
    const target = this.target;
    if (!view || !target) return;
    const generation = ++this.renderGeneration;
    const input: LessonPageInput = {
      lessonId: target.lessonId,
      locale: this.analysis.locale,
      finding: target.finding,
      excerpt: target.uri && target.finding ? await excerptOf(target.uri, target.finding) : undefined,
      workspace: await this.analysis.summary(target.uri),
      prices: Object.keys(this.analysis.settings.aiPrices).length ? this.analysis.settings.aiPrices : undefined,
    };
    const html = await this.analysis.render({ page: 'lesson', input, assets: pageAssets(view.webview, this.extensionUri) }, target.uri);
    if (generation !== this.renderGeneration || !html) return; // a newer render started meanwhile
    view.webview.html = html;
    view.description = target.finding ? target.finding.ruleId : undefined;
    this.current = { target, html };
    this.rendered.fire(target);
  }

  private async onMessage(message: PageMessage): Promise<void> {
    if (message.type !== 'applyFix') return this.actions.handle(message, this.target?.uri);
    const target = this.target;
    if (!target?.uri || !target.finding) return;
    const document = await vscode.workspace.openTextDocument(target.uri);
    const state = this.analysis.findings(target.uri);
    const finding = this.latestFinding(target.uri, target.finding);
    const fix = finding?.fixes?.[message.fixIndex];
    const edit = fix ? await fixToEdit(this.analysis, document, state, [fix]) : undefined;
    if (!edit) {
      void vscode.window.showWarningMessage(vscode.l10n.t('This fix is out of date: the file changed since it was computed. Try again in a moment.'));
      return;
    }
    await vscode.workspace.applyEdit(edit);
  }

  private latestFinding(uri: vscode.Uri, finding: Finding): Finding | undefined {
    return this.analysis
      .findings(uri)
      ?.findings.find((candidate) => candidate.ruleId === finding.ruleId && candidate.range.start.line === finding.range.start.line);
  }
}

function sameTarget(a: LessonTarget, b: LessonTarget | undefined): boolean {
  return (
    !!b &&
    a.lessonId === b.lessonId &&
    a.uri?.toString() === b.uri?.toString() &&
    a.finding?.ruleId === b.finding?.ruleId &&
    a.finding?.range.start.offset === b.finding?.range.start.offset
  );
}

/** The finding's lines with a few around them, cut from the document as the user sees it. */
async function excerptOf(uri: vscode.Uri, finding: Finding): Promise<CodeExcerpt | undefined> {
  let document: vscode.TextDocument;
  try {
    document = await vscode.workspace.openTextDocument(uri);
  } catch {
    return undefined;
  }
  const { start, end } = finding.range;
  const firstLine = Math.max(1, start.line - EXCERPT_CONTEXT_LINES);
  const lastLine = Math.min(document.lineCount, end.line + EXCERPT_CONTEXT_LINES, firstLine + EXCERPT_MAX_LINES - 1);
  const lines: string[] = [];
  for (let line = firstLine; line <= lastLine; line++) lines.push(document.lineAt(line - 1).text);
  return {
    firstLine,
    lines,
    highlight: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
    languageId: document.languageId,
  };
}
