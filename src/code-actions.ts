import * as vscode from 'vscode';
import type { Finding } from '../analyzers';
import { lessonTitle } from '../lessons/catalog';
import type { Analysis } from './analysis';
import { matches, ruleIdOf } from './diagnostics';
import { fixToEdit, isCurrent, safeFixes } from './fixes';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('scalecheck');

/** Where a command should act: a finding of a file, by rule and start position (1-based, as the engine reports). */
export interface FindingRef {
  uri: string;
  ruleId: string;
  line: number;
  column: number;
}

export function findingRef(uri: vscode.Uri, finding: Finding): FindingRef {
  return { uri: uri.toString(), ruleId: finding.ruleId, line: finding.range.start.line, column: finding.range.start.column };
}

/**
 * Quick fixes for each ScaleCheck diagnostic (the rule's fixes, safe ones
 * first; the lesson; a suppression with a reason; turning the rule off for
 * the workspace), and the "fix all safe problems" source action. Fixes are
 * looked up from what was published for this document version, never
 * recomputed, and dropped when the document moved on.
 */
export class CodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(private readonly analysis: Analysis) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const state = this.analysis.findings(document.uri);
    const actions: vscode.CodeAction[] = [];
    const wants = (kind: vscode.CodeActionKind) => !context.only || context.only.contains(kind) || kind.contains(context.only);

    if (wants(vscode.CodeActionKind.QuickFix)) {
      const locale = this.analysis.locale;
      for (const diagnostic of context.diagnostics) {
        const ruleId = ruleIdOf(diagnostic);
        if (!ruleId) continue;
        const finding = state?.findings.find((candidate) => matches(candidate, diagnostic));
        if (finding && state && isCurrent(document, state)) {
          const safeCount = finding.fixes?.filter((fix) => fix.applicability === 'safe').length ?? 0;
          for (const fix of finding.fixes ?? []) {
            const edit = await fixToEdit(this.analysis, document, state, [fix]);
            if (!edit) continue;
            const title = fix.applicability === 'safe' ? fix.title : vscode.l10n.t('{0} (review the change)', fix.title);
            const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
            action.edit = edit;
            action.diagnostics = [diagnostic];
            action.isPreferred = fix.applicability === 'safe' && safeCount === 1;
            actions.push(action);
          }
        }
        const ref: FindingRef = finding
          ? findingRef(document.uri, finding)
          : { uri: document.uri.toString(), ruleId, line: diagnostic.range.start.line + 1, column: diagnostic.range.start.character + 1 };
        const lessonId = finding?.lesson ?? this.analysis.rules.get(ruleId)?.lesson ?? ruleId;
        actions.push(
          command(vscode.l10n.t('Show lesson: {0}', lessonTitle(lessonId, locale)), 'scalecheck.showLesson', [ref], diagnostic),
          command(vscode.l10n.t('Ignore this line…'), 'scalecheck.ignoreLine', [ref], diagnostic),
          command(vscode.l10n.t('Disable {0} in this workspace', ruleId), 'scalecheck.disableRule', [ref], diagnostic),
        );
      }
    }

    if (wants(FIX_ALL_KIND) && state && isCurrent(document, state)) {
      const fixes = safeFixes(state.findings);
      if (fixes.length) {
        const edit = await fixToEdit(this.analysis, document, state, fixes);
        if (edit) {
          const action = new vscode.CodeAction(vscode.l10n.t('Fix all safe ScaleCheck problems in this file'), FIX_ALL_KIND);
          action.edit = edit;
          actions.push(action);
        }
      }
    }
    return actions;
  }
}

function command(title: string, id: string, args: unknown[], diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.command = { title, command: id, arguments: args };
  action.diagnostics = [diagnostic];
  return action;
}
