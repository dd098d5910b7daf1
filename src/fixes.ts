import * as vscode from 'vscode';
import type { Finding, Fix, TextEdit } from '../analyzers';
// Leaf modules (types-only imports): hashing and overlap-safe edit merging, without loading the engine.
import { applyEdits } from '../analyzers/core/edits';
import { contentHash } from '../analyzers/core/text';
import type { Analysis, FileState } from './analysis';

/**
 * Turns an engine fix into a WorkspaceEdit, or undefined when it is stale: a
 * fix belongs to the document version it was computed for, and every file
 * it edits must still hold the text whose hash the engine recorded (a schema
 * edit offered from a route must not land in a schema changed since).
 */
export async function fixToEdit(analysis: Analysis, document: vscode.TextDocument, state: FileState | undefined, fixes: readonly Fix[]): Promise<vscode.WorkspaceEdit | undefined> {
  if (!state || !isCurrent(document, state)) return undefined;
  const byFile = new Map<string, { edits: TextEdit[]; hash: string }>();
  for (const fix of fixes) {
    for (const edit of fix.edits) {
      const entry = byFile.get(edit.file) ?? { edits: [], hash: fix.fileHashes[edit.file] };
      if (entry.hash !== fix.fileHashes[edit.file]) return undefined;
      entry.edits.push(edit);
      byFile.set(edit.file, entry);
    }
  }
  const workspaceEdit = new vscode.WorkspaceEdit();
  const ownPath = analysis.pathOf(document.uri);
  for (const [file, { edits, hash }] of byFile) {
    const target = file === ownPath ? document : await openDocument(analysis.resolve(document.uri, file));
    if (!target || contentHash(target.getText()) !== hash) return undefined;
    // Two findings may offer the same schema line, or overlapping edits: take each once, never garble.
    for (const edit of applyEdits(target.getText(), edits).applied) {
      workspaceEdit.replace(target.uri, new vscode.Range(target.positionAt(edit.start), target.positionAt(edit.end)), edit.newText);
    }
  }
  return workspaceEdit;
}

/** The first safe fix of every finding in the file, merged into one edit (overlapping edits skipped). */
export function safeFixes(findings: readonly Finding[]): Fix[] {
  const fixes: Fix[] = [];
  for (const finding of findings) {
    const fix = finding.fixes?.find((candidate) => candidate.applicability === 'safe');
    if (fix) fixes.push(fix);
  }
  return fixes;
}

/** Findings shown for this document belong to its current text. */
export function isCurrent(document: vscode.TextDocument, state: FileState): boolean {
  return state.version === undefined ? !document.isDirty : state.version === document.version;
}

async function openDocument(uri: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  try {
    return await vscode.workspace.openTextDocument(uri);
  } catch {
    return undefined;
  }
}
