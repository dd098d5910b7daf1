// The ESM build: the UMD one (package main) requires its parts dynamically, which a bundle cannot follow.
import { applyEdits, modify, parse, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import * as vscode from 'vscode';

export const CONFIG_FILE_NAME = '.scalecheck.json';

/**
 * Turns a rule off in the folder's `.scalecheck.json`, creating the file or
 * editing it in place (comments, order and formatting of what is there are
 * kept). Goes through the open editor when the file is open, so unsaved
 * changes are not overwritten.
 */
export async function disableRuleInWorkspace(folder: vscode.WorkspaceFolder, ruleId: string): Promise<boolean> {
  const uri = vscode.Uri.joinPath(folder.uri, CONFIG_FILE_NAME);
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  let text = open?.getText();
  if (text === undefined) {
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      text = '{}\n';
    }
  }
  const errors: ParseError[] = [];
  const parsed = parse(text, errors, { allowTrailingComma: true });
  if (errors.length || (text.trim() && (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)))) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} is not a valid JSON object; fix it first.', CONFIG_FILE_NAME));
    await vscode.window.showTextDocument(uri);
    return false;
  }
  const source = text.trim() ? text : '{}\n';
  const edits = modify(source, ['rules', ruleId], 'off', { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } });
  const updated = applyEdits(source, edits);
  if (open) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(open.positionAt(0), open.positionAt(open.getText().length)), updated);
    await vscode.workspace.applyEdit(edit);
    await open.save();
  } else {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(updated));
  }
  return true;
}
