import * as vscode from 'vscode';
import type { Analysis } from './analysis';

/** Findings in the workspace by severity; a click opens the scaling report. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('scalecheck.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly analysis: Analysis) {
    this.item.name = 'ScaleCheck';
    this.item.command = 'scalecheck.showReport';
    this.subscription = analysis.onDidChange(() => this.update());
    this.update();
  }

  update(): void {
    if (!this.analysis.settings.enable) {
      this.item.hide();
      return;
    }
    const { error, warning, info } = this.analysis.counts();
    this.item.text = `$(pulse) ${error ? `$(error) ${error} ` : ''}$(warning) ${warning} $(info) ${info}`;
    this.item.tooltip = vscode.l10n.t('ScaleCheck: {0} errors, {1} warnings, {2} infos in the workspace. Click to open the scaling report.', error, warning, info);
    this.item.accessibilityInformation = { label: this.item.tooltip };
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
