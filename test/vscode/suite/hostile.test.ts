import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { analyzed, api, codeOf, fileUri, open, openAnalyzed, ours, remember, restore, setText, until, updateSetting, workspaceRoot } from './helpers';

const VISITS = 'nextjs-app/app/api/visits/route.ts';
const POSTS = 'nextjs-app/app/api/posts/route.ts';
const CONFIG = '.scalecheck.json';
const GITIGNORE = '.gitignore';

const configProblems = (relative: string) => vscode.languages.getDiagnostics(fileUri(relative)).filter((diagnostic) => diagnostic.source === 'ScaleCheck');
const write = (relative: string, text: string) => vscode.workspace.fs.writeFile(fileUri(relative), new TextEncoder().encode(text));
const remove = (relative: string) => Promise.resolve(vscode.workspace.fs.delete(fileUri(relative))).then(undefined, () => undefined);

/**
 * What a cloned repository and hostile callers can do to the extension:
 * none of it may end analysis. Every test checks that the folder's worker
 * never crashed; the last ones crash it on purpose and check the restarts.
 */
describe('hostile workspaces and dying workers', () => {
  before(async () => {
    await remember(VISITS);
    await (await api()).analysis.indexed;
  });
  afterEach(async () => {
    await remove(CONFIG);
    await remove(GITIGNORE);
    for (const key of ['timeBudget', 'exclude']) await updateSetting(key, undefined);
    await restore(VISITS);
  });

  it('a bad .scalecheck.json entry is a diagnostic on that file, and the rest applies (an empty glob killed the worker)', async () => {
    const { analysis } = await api();
    const uri = (await openAnalyzed(VISITS)).document.uri;
    await write(CONFIG, '{\n  "scripts": [""],\n  "rules": { "in-memory-state": "error", "no-such-rule": "off" }\n}\n');
    await until('the valid level applies', () => ours(uri).some((d) => codeOf(d) === 'in-memory-state' && d.severity === vscode.DiagnosticSeverity.Error));
    const problems = await until('diagnostics on .scalecheck.json', () => (configProblems(CONFIG).length === 2 ? configProblems(CONFIG) : undefined));
    assert.deepEqual(
      problems.map((d) => [d.range.start.line, d.range.start.character, d.message]),
      [
        [1, 14, '"scripts[0]" is empty; it is left out.'],
        [2, 41, 'Unknown rule "no-such-rule" in "rules"; it is left out.'],
      ],
    );
    assert.equal(analysis.crashes(uri).crashes, 0);
    await remove(CONFIG);
    await until('the diagnostics go with the file', () => configProblems(CONFIG).length === 0);
  });

  it('a catastrophic or overlong .gitignore line is a diagnostic on its line, and the scan ends', async () => {
    const { analysis } = await api();
    await write(GITIGNORE, `node_modules/\n${'*a'.repeat(18)}*b\n${'z'.repeat(40_000)}\n`);
    const outcome = await vscode.commands.executeCommand<{ cancelled: boolean; errors: unknown[] }>('scalecheck.scanWorkspace');
    assert.equal(outcome.cancelled, false);
    const problems = await until('diagnostics on .gitignore', () => (configProblems(GITIGNORE).length === 2 ? configProblems(GITIGNORE) : undefined));
    assert.deepEqual(problems.map((d) => d.range.start.line), [1, 2]);
    assert.match(problems[0].message, /more than 2 "\*" in one path segment/);
    assert.equal(analysis.crashes(workspaceRoot()).crashes, 0);
  });

  it('a lesson id that is an Object.prototype key is no lesson, and the worker lives (it died on `constructor`)', async () => {
    const { analysis, lessonView } = await api();
    for (const lessonId of ['constructor', '__proto__', 'toString']) await vscode.commands.executeCommand('scalecheck.showLesson', { lessonId });
    assert.notEqual(lessonView.current?.target.lessonId, 'constructor');
    const page = await analysis.render({ page: 'lesson', input: { lessonId: 'constructor', locale: 'en' }, assets: { cspSource: 'vscode-webview:', nonce: 'n', mediaRoot: 'https://media.test' } });
    assert.match(page, /<html/);
    assert.equal(analysis.crashes(workspaceRoot()).crashes, 0);
  });

  it('openLocation from a page opens files inside the workspace only', async () => {
    const { actions } = await api();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const file of ['/etc/hostname', '../../../../etc/hostname', 'nextjs-app/../../../etc/hostname', 'C:/Windows/win.ini', 'nextjs-app\\..\\..\\x']) {
      await actions.handle({ type: 'openLocation', file, line: 1, column: 1 }, fileUri(VISITS));
      assert.equal(vscode.window.activeTextEditor, undefined, file);
    }
    await actions.handle({ type: 'openLocation', file: VISITS, line: 4, column: 1 }, fileUri(VISITS));
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), fileUri(VISITS).toString());
  });

  it('a file over the time budget is analyzed on save only, with a note', async () => {
    const { analysis } = await api();
    const editor = await openAnalyzed(VISITS);
    const document = editor.document;
    await updateSetting('timeBudget', 1);
    await until('the budget applied', () => analysis.settings.timeBudgetMs === 1);
    await setText(document, document.getText() + '\n// one\n');
    await until('over budget', () => analysis.isOverBudget(document.uri));
    await editor.edit((builder) => builder.insert(document.positionAt(document.getText().length), '// two\n'));
    assert.ok(!analysis.hasPendingUpdate(document.uri), 'no update is scheduled while typing');
    assert.ok((analysis.sentVersion(document.uri) ?? 0) < document.version);
    await updateSetting('timeBudget', undefined);
    await document.save();
    await analyzed(document);
    await until('back within the budget', () => !analysis.isOverBudget(document.uri));
  });

  it('a crashed worker is restarted and re-indexes: cross-file findings come back', async () => {
    const { analysis } = await api();
    const route = await openAnalyzed(POSTS);
    const uri = route.document.uri;
    const missingIndex = () => ours(uri).some((d) => codeOf(d) === 'missing-index');
    await until('missing-index (it needs the schema\'s facts)', missingIndex);
    await analysis.crashWorkerForTesting(uri);
    await until('the crash is counted', () => analysis.crashes(uri).crashes === 1);
    await until('the restart re-indexed and the finding is back', missingIndex, 60_000);
  });

  it('a crash loop stops after the limit, without new workers on every edit, and can be restarted', async function () {
    this.timeout(120_000);
    const { analysis } = await api();
    const editor = await open(VISITS);
    const uri = editor.document.uri;
    await analyzed(editor.document);
    // Crash every restarted worker as soon as it is up, until the session gives up.
    while (!analysis.crashes(uri).gaveUp) {
      await until('a running worker', () => !analysis.crashes(uri).restarting, 30_000);
      const before = analysis.crashes(uri).crashes;
      await analysis.crashWorkerForTesting(uri);
      await until('the crash is counted', () => analysis.crashes(uri).crashes === before + 1);
    }
    assert.equal(analysis.crashes(uri).crashes, 5);
    for (let i = 0; i < 5; i++) await editor.edit((builder) => builder.insert(editor.document.positionAt(0), '\n'));
    await new Promise((resolve) => setTimeout(resolve, 600)); // past the debounce: an edit would have started a worker
    assert.deepEqual(analysis.crashes(uri), { crashes: 5, gaveUp: true, restarting: false });
    analysis.retryAfterGivingUp(vscode.workspace.getWorkspaceFolder(uri));
    await analyzed(editor.document);
    assert.ok(ours(uri).length > 0, 'analysis is back');
  });
});
