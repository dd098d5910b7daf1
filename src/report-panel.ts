import * as vscode from 'vscode';
import { isPageMessage, type ReportPageInput } from '../lessons/contract';
import type { Analysis } from './analysis';
import type { PageActions } from './page-actions';
import { pageAssets, webviewOptions } from './webview';

const REFRESH_DELAY_MS = 500;

/**
 * The scaling report: every finding in the workspace, grouped by the
 * renderer, in an editor-area webview; kept up to date while open and
 * exportable as Markdown.
 */
export class ReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The last rendered page, for the integration tests. */
  html: string | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly analysis: Analysis,
    private readonly actions: () => PageActions,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      analysis.onDidChange(() => {
        if (!this.panel) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.render(), REFRESH_DELAY_MS);
      }),
    );
  }

  async show(): Promise<void> {
    if (this.panel) {
      this.panel.reveal();
    } else {
      const panel = vscode.window.createWebviewPanel('scalecheck.report', vscode.l10n.t('ScaleCheck: Scaling Report'), vscode.ViewColumn.Active, {
        ...webviewOptions(this.extensionUri),
        retainContextWhenHidden: false,
      });
      panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
      panel.webview.onDidReceiveMessage((message: unknown) => {
        if (!isPageMessage(message) || message.type === 'applyFix') {
          this.log.warn(`Ignored an invalid message from the report page: ${JSON.stringify(message)?.slice(0, 200)}`);
          return;
        }
        void this.actions().handle(message, undefined);
      });
      panel.onDidDispose(() => {
        this.panel = undefined;
        clearTimeout(this.timer);
      });
      this.panel = panel;
    }
    await this.render();
  }

  /** Writes the report as Markdown where the user chooses. */
  async exportMarkdown(): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder.uri, 'scalecheck-report.md') : undefined,
      filters: { Markdown: ['md'] },
      saveLabel: vscode.l10n.t('Export Report'),
    });
    if (!target) return;
    const markdown = await this.analysis.render({ page: 'reportMarkdown', input: await this.input() });
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(markdown));
    void vscode.window.showInformationMessage(vscode.l10n.t('Scaling report saved to {0}.', vscode.workspace.asRelativePath(target)));
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.panel?.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }

  private async render(): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    const html = await this.analysis.render({ page: 'report', input: await this.input(), assets: pageAssets(panel.webview, this.extensionUri) });
    if (this.panel !== panel || !html) return;
    this.html = html;
    panel.webview.html = html;
  }

  private async input(): Promise<ReportPageInput> {
    const findings = this.analysis
      .allFindings()
      .map(({ finding }) => finding)
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start.offset - b.range.start.offset));
    return {
      locale: this.analysis.locale,
      workspaceName: vscode.workspace.name ?? 'workspace',
      findings,
      workspace: await this.analysis.summary(undefined),
      filesAnalyzed: this.analysis.filesAnalyzed(),
    };
  }
}
