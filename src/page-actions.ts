import * as vscode from 'vscode';
import type { PageMessage } from '../lessons/contract';
import type { Analysis } from './analysis';

/**
 * What a page (lesson or report) may ask the host to do, after
 * `isPageMessage` validated it. Paths come from the page, so they are
 * resolved inside the workspace folder only.
 */
export class PageActions {
  constructor(
    private readonly analysis: Analysis,
    private readonly showLesson: (lessonId: string) => Promise<void>,
    private readonly exportReport: () => Promise<void>,
  ) {}

  async handle(message: Exclude<PageMessage, { type: 'applyFix' }>, near: vscode.Uri | undefined): Promise<void> {
    switch (message.type) {
      case 'copyText':
        await vscode.env.clipboard.writeText(message.text);
        void vscode.window.setStatusBarMessage(vscode.l10n.t('ScaleCheck: copied to the clipboard'), 3000);
        return;
      case 'openLesson':
        return this.showLesson(message.lessonId);
      case 'exportMarkdown':
        return this.exportReport();
      case 'openLocation': {
        const uri = this.locate(message.file, near);
        if (!uri) return;
        const position = new vscode.Position(Math.max(0, message.line - 1), Math.max(0, message.column - 1));
        await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), viewColumn: vscode.ViewColumn.One });
        return;
      }
    }
  }

  /**
   * A page's path, opened only inside a workspace folder: relative, no `..`,
   * no drive letter or backslash, and the result checked to stay in the
   * folder. An absolute path is opened only when it is a file ScaleCheck
   * reported findings for (loose files outside every folder). The page's CSP
   * keeps scripts out; this is the second wall.
   */
  private locate(file: string, near: vscode.Uri | undefined): vscode.Uri | undefined {
    if (/[\u0000-\u001f]/.test(file)) return undefined;
    if (file.startsWith('/')) {
      const uri = vscode.Uri.file(file);
      return this.analysis.findings(uri) && !vscode.workspace.getWorkspaceFolder(uri) ? uri : undefined;
    }
    if (file.includes('\\') || /^[a-zA-Z]:/.test(file) || file.split('/').some((segment) => segment === '..' || segment === '.' || segment === '')) return undefined;
    const folder = (near && vscode.workspace.getWorkspaceFolder(near)) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder) return undefined;
    const uri = vscode.Uri.joinPath(folder.uri, ...file.split('/'));
    const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
    return uri.scheme === folder.uri.scheme && uri.path.startsWith(base) ? uri : undefined;
  }
}
