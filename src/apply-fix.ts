import * as vscode from 'vscode';
import type { Finding, Fix, Locale } from '../analyzers';
import type { Analysis } from './analysis';
import { ui } from '../lessons/ui-text';
import { changedByFix, lineShifts, summarize, type FindingSummary, type LineShift } from './fix-outcome';
import { fixToEdit } from './fixes';

/** Arguments of `scalecheck.applyFix`: a fix as offered for a document version (its file hashes tell when it is stale). */
export interface FixCommandArgs {
  uri: string;
  version: number;
  fix: Fix;
}

/** Arguments of `scalecheck.fixApplied`, run by VS Code right after it applied a quick fix's edit. */
export interface AppliedArgs {
  uri: string;
  fix: Fix;
  before: FindingSummary[];
  shifts: LineShift[];
}

const RESULT_TIMEOUT_MS = 30_000;

/** The menu's and the lesson's title of a fix: whether to review it, and which other files it edits. */
export function fixTitle(fix: Fix, ownPath: string, locale: Locale): string {
  let title = fix.applicability === 'safe' ? fix.title : ui('reviewChange', locale, { title: fix.title });
  const others = otherFiles(fix, ownPath);
  if (others.length) title = ui('editsFiles', locale, { title, files: others.map((file) => `\`${file}\``).join(', ') });
  return title;
}

export function otherFiles(fix: Fix, ownPath: string): string[] {
  return [...new Set(fix.edits.map((edit) => edit.file))].filter((file) => file !== ownPath);
}

/**
 * Applies fixes so that nothing happens behind the user's back: edits to
 * other files go through `workspace.applyEdit`, which leaves those files
 * open and unsaved (a code action's own edit touching two files is saved at
 * once under VS Code's `files.refactoring.autoSave`), and afterwards a
 * notification names the files, the next step (a migration, a package) and
 * any neighbouring finding the fix turned into another one.
 */
export class FixApplier {
  /** What the notifications said, newest last: the integration tests read it (notifications have no API). */
  readonly notices: string[] = [];

  constructor(private readonly analysis: Analysis) {}

  /** `scalecheck.applyFix`: the fix as it was offered, if the document is still at that version. */
  async applyCommand(args: FixCommandArgs): Promise<boolean> {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri));
    if (document.version !== args.version) {
      void vscode.window.showWarningMessage(vscode.l10n.t('This fix is out of date: the file changed since it was computed. Try again in a moment.'));
      return false;
    }
    return this.apply(document, args.fix);
  }

  async apply(document: vscode.TextDocument, fix: Fix): Promise<boolean> {
    const state = this.analysis.findings(document.uri);
    const edit = await fixToEdit(this.analysis, document, state, [fix]);
    if (!edit || !state) {
      void vscode.window.showWarningMessage(vscode.l10n.t('This fix is out of date: the file changed since it was computed. Try again in a moment.'));
      return false;
    }
    const args: AppliedArgs = { uri: document.uri.toString(), fix, before: summarize(state.findings), shifts: lineShifts(fix.edits, document.getText(), this.analysis.pathOf(document.uri)) };
    if (!(await vscode.workspace.applyEdit(edit))) return false;
    await this.applied(args);
    return true;
  }

  /** After a fix was applied: say what it left to do, then what it changed next to it once the file is analyzed again. */
  async applied(args: AppliedArgs): Promise<void> {
    const uri = vscode.Uri.parse(args.uri);
    const locale = this.analysis.locale;
    const others = otherFiles(args.fix, this.analysis.pathOf(uri)).map((file) => this.analysis.resolve(uri, file));
    const parts: string[] = [];
    if (others.length) parts.push(ui('editedOthers', locale, { files: others.map((other) => `\`${vscode.workspace.asRelativePath(other, false)}\``).join(', ') }));
    for (const step of args.fix.nextSteps ?? []) parts.push(ui('nextStep', locale, { step }));
    if (parts.length) void this.notify(parts.join(' '), others, args.fix);
    const after = await this.nextResults(uri);
    if (!after) return;
    for (const changed of changedByFix(args.before, summarize(after), args.shifts)) {
      void this.notify(ui('turnedInto', locale, { line: changed.line, message: changed.message }), [], args.fix);
    }
  }

  private async notify(message: string, others: vscode.Uri[], fix: Fix): Promise<void> {
    this.notices.push(message);
    if (this.notices.length > 20) this.notices.shift();
    const locale = this.analysis.locale;
    const buttons = others.length ? [ui('showChange', locale), ui('saveAll', locale)] : [];
    const picked = await vscode.window.showInformationMessage(message, ...buttons);
    if (picked === ui('showChange', locale)) {
      const target = others[0];
      const document = await vscode.workspace.openTextDocument(target);
      const edit = fix.edits.find((candidate) => target.path.endsWith('/' + candidate.file));
      const position = edit ? document.positionAt(edit.start) : new vscode.Position(0, 0);
      await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false, selection: new vscode.Range(position, position) });
    } else if (picked === ui('saveAll', locale)) {
      for (const other of others) await vscode.workspace.textDocuments.find((document) => document.uri.toString() === other.toString())?.save();
    }
  }

  /** The document's findings once they belong to its current version (undefined if that takes too long). */
  private nextResults(uri: vscode.Uri): Promise<Finding[] | undefined> {
    const current = () => {
      const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString());
      const state = this.analysis.findings(uri);
      return document && state && state.version === document.version ? state.findings : undefined;
    };
    const now = current();
    if (now) return Promise.resolve(now);
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(undefined), RESULT_TIMEOUT_MS);
      const subscription = this.analysis.onDidChange((changed) => {
        if (changed && changed.toString() !== uri.toString()) return;
        const findings = current();
        if (findings) finish(findings);
      });
      const finish = (findings: Finding[] | undefined) => {
        clearTimeout(timer);
        subscription.dispose();
        resolve(findings);
      };
    });
  }
}

