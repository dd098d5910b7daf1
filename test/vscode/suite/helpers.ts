import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { ScaleCheckApi } from '../../../src/extension';

export const EXTENSION_ID = 'scalecheck.scalecheck';

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with the examples copy open as the workspace folder');
  return folder.uri;
}

export function fileUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...relative.split('/'));
}

export async function api(): Promise<ScaleCheckApi> {
  const extension = vscode.extensions.getExtension<ScaleCheckApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.activate();
}

/** Polls a condition: the tests wait on what they expect to see, never on fixed delays. */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'ScaleCheck');
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

export async function open(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fileUri(relative));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Waits until the extension has analyzed this document's current version. */
export async function analyzed(document: vscode.TextDocument): Promise<void> {
  const { analysis } = await api();
  await until(`analysis of ${vscode.workspace.asRelativePath(document.uri)} v${document.version}`, () => {
    const state = analysis.findings(document.uri);
    return state !== undefined && state.version === document.version;
  });
}

export async function openAnalyzed(relative: string): Promise<vscode.TextEditor> {
  // Cross-file findings need the other files' facts: the start-up index must be complete.
  await (await api()).analysis.indexed;
  const editor = await open(relative);
  await analyzed(editor.document);
  return editor;
}

/** Replaces a document's whole text (through the editor, as typing would) and waits for its analysis. */
export async function setText(document: vscode.TextDocument, text: string, save = false): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'edit applied');
  if (save) await document.save();
  await analyzed(document);
}

const pristine = new Map<string, string>();

/** Remembers a file's text as it was copied from examples/, to put it back after a test changed it. */
export async function remember(relative: string): Promise<string> {
  if (!pristine.has(relative)) {
    const bytes = await vscode.workspace.fs.readFile(fileUri(relative));
    pristine.set(relative, new TextDecoder().decode(bytes));
  }
  return pristine.get(relative)!;
}

export async function restore(relative: string): Promise<void> {
  const text = pristine.get(relative);
  if (text === undefined) return;
  const document = await vscode.workspace.openTextDocument(fileUri(relative));
  if (document.getText() !== text || document.isDirty) await setText(document, text, true);
}

/** Puts back every file `remember` saw, the ones fixes in other files touched included. */
export async function restoreAll(): Promise<void> {
  for (const relative of pristine.keys()) await restore(relative);
}

export async function updateSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('scalecheck').update(key, value, vscode.ConfigurationTarget.Workspace);
}

/** Findings as the CLI reports them for the same workspace: the editor must agree with it. */
export interface CliFinding {
  ruleId: string;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Runs the built CLI on the workspace copy (asynchronously: the extension host must stay responsive). */
export async function runCli(args: string[]): Promise<string> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(extension.extensionPath, 'dist', 'cli.js'), '.', '--fail-on', 'never', ...args], {
    cwd: workspaceRoot().fsPath,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1' },
  });
  return stdout;
}

export async function cli(): Promise<{ findings: CliFinding[]; skipped: Array<{ file: string }> }> {
  return JSON.parse(await runCli(['--format', 'json']));
}

/** Whether the rule has a checker for the language yet (analyzers land over time; tests for missing ones are pending). */
export async function ruleCovers(ruleId: string, language: 'typescript' | 'python' | 'prisma' | 'config'): Promise<boolean> {
  const { analysis } = await api();
  await until('rule metadata from the worker', () => analysis.rules.size > 0);
  return analysis.rules.get(ruleId)?.languages.includes(language) ?? false;
}

export function languageOfPath(relative: string): 'typescript' | 'python' | 'prisma' | 'config' {
  if (relative.endsWith('.py')) return 'python';
  if (relative.endsWith('.prisma')) return 'prisma';
  if (/\.[cm]?[jt]sx?$/.test(relative)) return 'typescript';
  return 'config';
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** The Markdown of ScaleCheck's own hover at a position (other extensions' hovers left out). */
export async function ourHover(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers
    .flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value)))
    .filter((text) => text.includes('command:scalecheck.showLesson'))
    .join('\n');
}
