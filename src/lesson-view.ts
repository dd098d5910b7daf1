import * as vscode from 'vscode';
import type { Finding } from '../analyzers';
import { isPageMessage, type CodeExcerpt, type FixPreview, type LessonPageInput, type PageMessage } from '../lessons/contract';
import type { Analysis } from './analysis';
import type { FixApplier } from './apply-fix';
import { toRange } from './diagnostics';
import { fixPreview, statementLines } from './excerpt';
import type { PageActions } from './page-actions';
import { pageAssets, webviewOptions } from './webview';

/** What the lesson view shows: a lesson, opened from a finding of a file or on its own. */
export interface LessonTarget {
  lessonId: string;
  uri?: vscode.Uri;
  finding?: Finding;
}

/** Where a lesson is on screen: an editor-group tab beside the code (the default) or the side bar view. */
export type LessonPlace = 'editor' | 'sideBar';

/** The lesson shown when nothing is selected: how growth changes the questions. */
const DEFAULT_LESSON = 'growth-stages';

/**
 * The lesson, in one of two places. By default an editor-group webview
 * beside the code (a lesson page is thousands of pixels long and its code
 * needs the width); with `scalecheck.lessonLocation: "sideBar"`, or while the
 * user keeps the side view (`scalecheck.lesson`) open, the side view. Either
 * follows the finding under the cursor while visible and renders through the
 * lessons renderer with the user's own code excerpt.
 */
export class LessonView implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = 'scalecheck.lesson';
  static readonly panelType = 'scalecheck.lessonPanel';
  private view: vscode.WebviewView | undefined;
  /** The editor-group lesson tab, when open. */
  panel: vscode.WebviewPanel | undefined;
  private target: LessonTarget | undefined;
  private renderGeneration = 0;
  private readonly rendered = new vscode.EventEmitter<LessonTarget>();
  /** Fires after each render; tests wait on it rather than on time. */
  readonly onDidRender = this.rendered.event;
  /** The last rendered target, page and place, for the integration tests. */
  current: { target: LessonTarget; html: string; place: LessonPlace } | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly analysis: Analysis,
    private readonly actions: PageActions,
    private readonly fixes: FixApplier,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.prepare(view.webview, 'lesson view');
    view.onDidChangeVisibility(() => {
      if (view.visible) this.follow(vscode.window.activeTextEditor);
    });
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
    });
    this.target ??= this.targetAt(vscode.window.activeTextEditor) ?? { lessonId: DEFAULT_LESSON };
    void this.render();
  }

  /** Opens a lesson (focus stays in the code unless `preserveFocus` is false for the side view). */
  async show(target: LessonTarget, preserveFocus = false): Promise<void> {
    this.target = target;
    if (this.place() === 'sideBar') {
      if (this.view) {
        this.view.show(preserveFocus);
        await this.render();
      } else {
        // Resolving the view renders the target set above.
        await vscode.commands.executeCommand(`${LessonView.viewId}.focus`, { preserveFocus });
      }
      return;
    }
    if (this.panel) {
      this.panel.reveal(this.panel.viewColumn ?? vscode.ViewColumn.Beside, true);
    } else {
      this.panel = vscode.window.createWebviewPanel(LessonView.panelType, this.panelTitle(target), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(this.extensionUri));
      this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
      this.prepare(this.panel.webview, 'lesson tab');
      const panel = this.panel;
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
      });
    }
    await this.render();
  }

  /** Moves to the finding under the editor's cursor, if a lesson is visible and the finding differs. */
  follow(editor: vscode.TextEditor | undefined): void {
    if (!this.visibleSurface()) return;
    const target = this.targetAt(editor);
    if (!target || sameTarget(target, this.target)) return;
    this.target = target;
    void this.render();
  }

  /** Re-renders the current lesson (language, prices or findings changed). */
  refresh(): void {
    if (!this.surface()) return;
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
    this.panel?.dispose();
    this.rendered.dispose();
  }

  /** The side view while the user keeps it open or asked for it; the editor tab otherwise. */
  private place(): LessonPlace {
    return this.analysis.settings.lessonLocation === 'sideBar' || this.view?.visible ? 'sideBar' : 'editor';
  }

  private surface(): { webview: vscode.Webview; place: LessonPlace } | undefined {
    if (this.place() === 'sideBar' && this.view) return { webview: this.view.webview, place: 'sideBar' };
    if (this.panel) return { webview: this.panel.webview, place: 'editor' };
    return this.view ? { webview: this.view.webview, place: 'sideBar' } : undefined;
  }

  private visibleSurface(): boolean {
    return !!this.view?.visible || !!this.panel?.visible;
  }

  private prepare(webview: vscode.Webview, name: string): void {
    webview.options = webviewOptions(this.extensionUri);
    webview.onDidReceiveMessage((message: unknown) => {
      if (isPageMessage(message)) void this.onMessage(message);
      else this.log.warn(`Ignored an invalid message from the ${name}: ${JSON.stringify(message)?.slice(0, 200)}`);
    });
  }

  private panelTitle(target: LessonTarget): string {
    return target.finding ? `ScaleCheck: ${target.finding.ruleId}` : 'ScaleCheck';
  }

  private async render(): Promise<void> {
    const surface = this.surface();
    const target = this.target;
    if (!surface || !target) return;
    const generation = ++this.renderGeneration;
    const input: LessonPageInput = {
      lessonId: target.lessonId,
      locale: this.analysis.locale,
      finding: target.finding,
      excerpt: target.uri && target.finding ? await excerptOf(target.uri, target.finding) : undefined,
      fixPreviews: target.uri && target.finding ? await this.fixPreviews(target.uri, target.finding) : undefined,
      workspace: await this.analysis.summary(target.uri),
      prices: Object.keys(this.analysis.settings.aiPrices).length ? this.analysis.settings.aiPrices : undefined,
    };
    const html = await this.analysis.render({ page: 'lesson', input, assets: pageAssets(surface.webview, this.extensionUri) }, target.uri);
    if (generation !== this.renderGeneration || !html) return; // a newer render started meanwhile
    surface.webview.html = html;
    if (surface.place === 'sideBar' && this.view) this.view.description = target.finding ? target.finding.ruleId : undefined;
    if (surface.place === 'editor' && this.panel) this.panel.title = this.panelTitle(target);
    this.current = { target, html, place: surface.place };
    this.rendered.fire(target);
  }

  /** Each fix of the finding on the user's own code, file by file, before and after its edits. */
  private async fixPreviews(uri: vscode.Uri, finding: Finding): Promise<FixPreview[]> {
    const previews: FixPreview[] = [];
    for (const [fixIndex, fix] of (finding.fixes ?? []).entries()) {
      const files: FixPreview['files'] = [];
      for (const file of new Set(fix.edits.map((edit) => edit.file))) {
        const document = await openDocument(this.analysis.resolve(uri, file));
        const preview = document && fixPreview(file, document.getText(), fix.edits, document.languageId === 'python');
        if (preview) files.push(preview);
      }
      if (files.length) previews.push({ fixIndex, files });
    }
    return previews;
  }

  private async onMessage(message: PageMessage): Promise<void> {
    if (message.type !== 'applyFix') return this.actions.handle(message, this.target?.uri);
    const target = this.target;
    if (!target?.uri || !target.finding) return;
    const document = await vscode.workspace.openTextDocument(target.uri);
    const fix = this.latestFinding(target.uri, target.finding)?.fixes?.[message.fixIndex];
    if (!fix) {
      void vscode.window.showWarningMessage(vscode.l10n.t('This fix is out of date: the file changed since it was computed. Try again in a moment.'));
      return;
    }
    await this.fixes.apply(document, fix);
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

async function openDocument(uri: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  try {
    return await vscode.workspace.openTextDocument(uri);
  } catch {
    return undefined;
  }
}

/** The finding's statements with a few lines around them, cut from the document as the user sees it, never mid-call. */
async function excerptOf(uri: vscode.Uri, finding: Finding): Promise<CodeExcerpt | undefined> {
  const document = await openDocument(uri);
  if (!document) return undefined;
  const { start, end } = finding.range;
  const { first: firstLine, last: lastLine } = statementLines(document.getText(), document.languageId === 'python', start.line, end.line);
  const lines: string[] = [];
  for (let line = firstLine; line <= lastLine; line++) lines.push(document.lineAt(line - 1).text);
  return {
    firstLine,
    lines,
    highlight: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
    languageId: document.languageId,
  };
}
