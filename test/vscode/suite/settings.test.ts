import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { analyzed, api, codeOf, fileUri, openAnalyzed, ours, remember, restore, until, updateSetting } from './helpers';

const VISITS = 'nextjs-app/app/api/visits/route.ts';
const CONFIG = '.scalecheck.json';

const severityOf = (uri: vscode.Uri) => ours(uri).find((d) => codeOf(d) === 'in-memory-state')?.severity;

describe('settings take effect without a reload', () => {
  before(async () => {
    await remember(VISITS);
  });
  afterEach(async () => {
    for (const key of ['rules', 'run', 'enable', 'exclude', 'deployment']) await updateSetting(key, undefined);
    await vscode.workspace.fs.delete(fileUri(CONFIG)).then(undefined, () => undefined);
    await restore(VISITS);
  });

  it('scalecheck.rules changes a severity and turns a rule off', async () => {
    const editor = await openAnalyzed(VISITS);
    const uri = editor.document.uri;
    await until('warning by default', () => severityOf(uri) === vscode.DiagnosticSeverity.Warning);
    await updateSetting('rules', { 'in-memory-state': 'error' });
    await until('error from settings', () => severityOf(uri) === vscode.DiagnosticSeverity.Error);
    await updateSetting('rules', { 'in-memory-state': 'off' });
    await until('off from settings', () => severityOf(uri) === undefined);
    await updateSetting('rules', undefined);
    await until('back to warning', () => severityOf(uri) === vscode.DiagnosticSeverity.Warning);
  });

  it('.scalecheck.json wins over the settings', async () => {
    const editor = await openAnalyzed(VISITS);
    const uri = editor.document.uri;
    await updateSetting('rules', { 'in-memory-state': 'error' });
    await until('error from settings', () => severityOf(uri) === vscode.DiagnosticSeverity.Error);
    await vscode.workspace.fs.writeFile(fileUri(CONFIG), new TextEncoder().encode('{ "rules": { "in-memory-state": "info" } }\n'));
    await until('info from the team file', () => severityOf(uri) === vscode.DiagnosticSeverity.Information);
  });

  it('run: onSave analyzes on save only', async () => {
    const { analysis } = await api();
    const editor = await openAnalyzed(VISITS);
    const document = editor.document;
    await updateSetting('run', 'onSave');
    await until('the setting applied', () => analysis.settings.run === 'onSave');
    const original = document.getText();
    await editor.edit((builder) => builder.replace(new vscode.Range(document.positionAt(0), document.positionAt(original.length)), original.replaceAll('viewCounts', 'pageViews')));
    assert.ok(!analysis.hasPendingUpdate(document.uri), 'no debounced update is scheduled while typing');
    assert.ok((analysis.sentVersion(document.uri) ?? 0) < document.version, 'the edited text was not sent');
    assert.ok(ours(document.uri).some((d) => d.message.includes('`viewCounts`')), 'the findings still describe the saved text');
    await document.save();
    await analyzed(document);
    await until('analyzed on save', () => ours(document.uri).some((d) => d.message.includes('`pageViews`')));
  });

  it('scalecheck.exclude and scalecheck.enable apply live', async () => {
    const editor = await openAnalyzed(VISITS);
    const uri = editor.document.uri;
    await until('finding present', () => ours(uri).length > 0);
    await updateSetting('exclude', ['nextjs-app/app/api/visits/**']);
    await until('excluded file has no findings', () => ours(uri).length === 0);
    await updateSetting('exclude', undefined);
    await until('findings back', () => ours(uri).length > 0);
    await updateSetting('enable', false);
    await until('disabled: no findings anywhere', () => vscode.languages.getDiagnostics().every(([, diagnostics]) => diagnostics.every((d) => d.source !== 'ScaleCheck')));
    await updateSetting('enable', true);
    await until('enabled again', () => ours(uri).length > 0);
  });

  it('with scalecheck.enable off, a lesson renders without any analysis worker (no engine is loaded for it)', async () => {
    const { analysis, lessonView } = await api();
    await updateSetting('enable', false);
    await until('no analysis worker', () => analysis.workersForTesting().analysis === 0);
    await vscode.commands.executeCommand('scalecheck.showLesson', { lessonId: 'n-plus-one' });
    const shown = await until('the lesson renders', () => (lessonView.current?.target.lessonId === 'n-plus-one' && /N\+1/.test(lessonView.current.html) ? lessonView.current : undefined));
    assert.match(shown.html, /Content-Security-Policy/);
    assert.deepEqual(analysis.workersForTesting(), { analysis: 0, pages: true });
    await updateSetting('enable', true);
    await until('an analysis worker again', () => analysis.workersForTesting().analysis > 0);
  });

  it('scalecheck.deployment overrides the detected deployment in the lesson facts', async () => {
    const { analysis } = await api();
    const uri = (await openAnalyzed(VISITS)).document.uri;
    await updateSetting('deployment', 'containers');
    await until('containers from settings', async () => (await analysis.summary(uri))?.deployment === 'containers');
  });
});
