import * as vscode from 'vscode';
import type { Finding, Fix } from '../analyzers';
import { lessonTitle } from '../lessons/catalog';
import type { Analysis, FileState } from './analysis';
import { fixTitle, otherFiles, type AppliedArgs, type FixCommandArgs } from './apply-fix';
import { matches, ruleIdOf, toRange } from './diagnostics';
import { ui } from '../lessons/ui-text';
import { lineShifts, summarize } from './fix-outcome';
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
 * The quick-fix menu of a line: first the fixes of every finding on it (the
 * first safe one preferred, so Ctrl+. then Enter applies it; one row for a
 * fix two findings share), then one "Show lesson" per lesson, then a single
 * "Ignore this line…" (it asks which rule when there are several), then
 * turning each rule off for the workspace. VS Code keeps a provider's order
 * among actions that carry diagnostics, apart from moving the preferred one
 * first. Fixes are looked up from what was published for this document
 * version, never recomputed, and dropped when the document moved on. A fix
 * that edits other files runs as a command, so they stay open and unsaved.
 */
export class CodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(private readonly analysis: Analysis) {}

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const state = this.analysis.findings(document.uri);
    const actions: vscode.CodeAction[] = [];
    const wants = (kind: vscode.CodeActionKind) => !context.only || context.only.contains(kind) || kind.contains(context.only);
    if (wants(vscode.CodeActionKind.QuickFix)) actions.push(...(await this.quickFixes(document, range, context, state)));
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

  private async quickFixes(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext, state: FileState | undefined): Promise<vscode.CodeAction[]> {
    const rows = this.findingsOnLines(document, range, context, state);
    if (!rows.length) return [];
    const locale = this.analysis.locale;
    const ownPath = this.analysis.pathOf(document.uri);
    const fixRows: vscode.CodeAction[] = [];
    if (state && isCurrent(document, state)) {
      const byKey = new Map<string, vscode.CodeAction>();
      let preferred = false;
      for (const { finding, diagnostic } of rows) {
        if (!finding) continue;
        for (const fix of finding.fixes ?? []) {
          const key = fixKey(fix);
          const same = byKey.get(key);
          if (same) {
            same.diagnostics = [...(same.diagnostics ?? []), diagnostic];
            continue;
          }
          const action = await this.fixAction(document, state, fix, ownPath, diagnostic);
          if (!action) continue;
          if (!preferred && fix.applicability === 'safe') action.isPreferred = preferred = true;
          byKey.set(key, action);
          fixRows.push(action);
        }
      }
    }
    const all = rows.map((row) => row.diagnostic);
    const lessons = new Map<string, vscode.CodeAction>();
    for (const { finding, diagnostic, ref } of rows) {
      const lessonId = finding?.lesson ?? this.analysis.rules.get(ref.ruleId)?.lesson ?? ref.ruleId;
      if (!lessons.has(lessonId)) lessons.set(lessonId, command(ui('showLesson', locale, { title: lessonTitle(lessonId, locale) }), 'scalecheck.showLesson', [ref], [diagnostic]));
    }
    const ignore = command(ui('ignoreLine', locale), 'scalecheck.ignoreLine', [rows.map((row) => row.ref)], all);
    const rules = [...new Map(rows.map((row) => [row.ref.ruleId, row])).values()];
    const disable = rules.map(({ ref, diagnostic }) => command(ui('disableRule', locale, { rule: ref.ruleId }), 'scalecheck.disableRule', [ref], [diagnostic]));
    return [...fixRows, ...lessons.values(), ignore, ...disable];
  }

  /**
   * The findings of the lines the range covers, the one under the cursor
   * first, each with its diagnostic. Without current findings (the document
   * is being re-analyzed), VS Code's diagnostics alone still give the lesson,
   * ignore and disable rows.
   */
  private findingsOnLines(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext, state: FileState | undefined) {
    const published = [...(this.analysis.diagnostics.get(document.uri) ?? []), ...context.diagnostics].filter((diagnostic) => ruleIdOf(diagnostic));
    const onLines = (other: vscode.Range) => other.start.line <= range.end.line && other.end.line >= range.start.line;
    const rows: Array<{ finding?: Finding; diagnostic: vscode.Diagnostic; ref: FindingRef }> = [];
    const seen = new Set<vscode.Diagnostic>();
    for (const finding of state?.findings ?? []) {
      if (!onLines(toRange(finding.range))) continue;
      const diagnostic = published.find((candidate) => matches(finding, candidate));
      if (!diagnostic || seen.has(diagnostic)) continue;
      seen.add(diagnostic);
      rows.push({ finding, diagnostic, ref: findingRef(document.uri, finding) });
    }
    for (const diagnostic of context.diagnostics) {
      const ruleId = ruleIdOf(diagnostic);
      if (!ruleId || rows.some((row) => matchesDiagnostic(row.diagnostic, diagnostic))) continue;
      rows.push({ diagnostic, ref: { uri: document.uri.toString(), ruleId, line: diagnostic.range.start.line + 1, column: diagnostic.range.start.character + 1 } });
    }
    const under = (row: (typeof rows)[number]) => (row.diagnostic.range.contains(range.start) ? 0 : 1);
    return rows.sort((a, b) => under(a) - under(b) || a.diagnostic.range.start.compareTo(b.diagnostic.range.start));
  }

  private async fixAction(document: vscode.TextDocument, state: FileState, fix: Fix, ownPath: string, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction | undefined> {
    const edit = await fixToEdit(this.analysis, document, state, [fix]);
    if (!edit) return undefined;
    const action = new vscode.CodeAction(fixTitle(fix, ownPath, this.analysis.locale), vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    if (otherFiles(fix, ownPath).length) {
      const args: FixCommandArgs = { uri: document.uri.toString(), version: document.version, fix };
      action.command = { title: action.title, command: 'scalecheck.applyFix', arguments: [args] };
    } else {
      // VS Code applies the edit, then runs the command: it watches what else the fix changed.
      action.edit = edit;
      const args: AppliedArgs = { uri: document.uri.toString(), fix, before: summarize(state.findings), shifts: lineShifts(fix.edits, document.getText(), ownPath) };
      action.command = { title: action.title, command: 'scalecheck.fixApplied', arguments: [args] };
    }
    return action;
  }
}

function fixKey(fix: Fix): string {
  return JSON.stringify([fix.title, fix.edits.map((edit) => [edit.file, edit.start, edit.end, edit.newText])]);
}

function matchesDiagnostic(a: vscode.Diagnostic, b: vscode.Diagnostic): boolean {
  return ruleIdOf(a) === ruleIdOf(b) && a.range.isEqual(b.range);
}

function command(title: string, id: string, args: unknown[], diagnostics: vscode.Diagnostic[]): vscode.CodeAction {
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.command = { title, command: id, arguments: args };
  action.diagnostics = diagnostics;
  return action;
}
