import * as vscode from 'vscode';
import type { Analysis } from './analysis';
import type { FindingRef } from './code-actions';
import { ui } from '../lessons/ui-text';

/**
 * "Ignore this line…": one row in the menu for every finding on the line.
 * With findings of several rules it first asks which (or all of them), then
 * for the reason, and writes one `scalecheck-ignore-next-line a, b -- why`
 * above each line a chosen finding starts on. The suite passes the reason
 * and the rules as the answers the prompts would give.
 */
export async function ignoreLine(analysis: Analysis, refs: FindingRef | FindingRef[], reason?: string, ruleIds?: string[]): Promise<boolean> {
  const all = Array.isArray(refs) ? refs : [refs];
  if (!all.length) return false;
  const locale = analysis.locale;
  const rules = [...new Set(all.map((ref) => ref.ruleId))];
  let chosen = ruleIds ?? (rules.length === 1 ? rules : undefined);
  if (!chosen) {
    const items = [
      ...rules.map((rule) => ({ label: rule, description: analysis.rules.get(rule)?.title[locale], rules: [rule] })),
      { label: ui('allRules', locale), description: rules.join(', '), rules },
    ];
    chosen = (await vscode.window.showQuickPick(items, { placeHolder: ui('whichRule', locale) }))?.rules;
    if (!chosen) return false;
  }
  const picked = all.filter((ref) => chosen!.includes(ref.ruleId));
  reason ??= await vscode.window.showInputBox({
    title: ui('ignoreTitle', locale, { rules: chosen.join(', ') }),
    prompt: ui('ignorePrompt', locale),
    placeHolder: ui('ignorePlaceholder', locale),
    validateInput: (value) => (value.trim() ? undefined : ui('ignoreNeedsReason', locale)),
  });
  if (!reason?.trim() || !picked.length) return false;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(picked[0].uri));
  const marker = document.languageId === 'python' ? '#' : '//';
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const byLine = new Map<number, string[]>();
  for (const ref of picked) byLine.set(ref.line, [...new Set([...(byLine.get(ref.line) ?? []), ref.ruleId])]);
  const edit = new vscode.WorkspaceEdit();
  for (const [lineNumber, lineRules] of byLine) {
    const line = document.lineAt(Math.min(lineNumber - 1, document.lineCount - 1));
    const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
    edit.insert(document.uri, line.range.start, `${indent}${marker} scalecheck-ignore-next-line ${lineRules.join(', ')} -- ${reason.trim().replace(/\r?\n/g, ' ')}${eol}`);
  }
  return vscode.workspace.applyEdit(edit);
}
