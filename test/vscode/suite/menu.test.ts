import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { analyzed, api, codeOf, fileUri, openAnalyzed, ours, remember, restore, until } from './helpers';

const SUMMARIZE = 'nextjs-app/app/api/summarize/route.ts';
const OPENAI = 'nextjs-app/lib/openai.ts';
const FEED = 'nextjs-app/app/api/posts/route.ts';
const SCHEMA = 'nextjs-app/prisma/schema.prisma';
const FILES = [SUMMARIZE, OPENAI, FEED, SCHEMA];

async function menuAt(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CodeAction[]> {
  // As Ctrl+. asks: the cursor, quick fixes only.
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, new vscode.Range(position, position), vscode.CodeActionKind.QuickFix.value)) ?? [];
}

/** The AI call of the summarize route carries two findings (a long task, an unbounded AI call). */
function twoFindingsOnTheCall(document: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
  return until('two findings on the AI call', () => {
    const found = ours(document.uri).filter((d) => d.range.start.line === 10);
    return found.length >= 2 ? found : undefined;
  });
}

const ours_ = (actions: vscode.CodeAction[]) => actions.filter((action) => action.kind?.value === 'quickfix');

describe('quick-fix menu and fixes that say what they changed', () => {
  before(async () => {
    for (const file of FILES) await remember(file);
  });
  afterEach(async () => {
    for (const file of FILES) await restore(file);
  });

  it('fixes of every finding on the line first (preferred one first), then one lesson per finding, one ignore, then the disable rows', async () => {
    const { analysis } = await api();
    const editor = await openAnalyzed(SUMMARIZE);
    const line = await twoFindingsOnTheCall(editor.document);
    // The client fixes edit lib/openai.ts: they are there once its facts are (again) in the index.
    const findings = await until('the fixes of the AI call, the client ones included', () => {
      const here = analysis.findings(editor.document.uri)?.findings.filter((finding) => finding.range.start.line === 11) ?? [];
      return here.some((finding) => finding.fixes?.some((fix) => fix.edits.some((edit) => edit.file === OPENAI))) ? here : undefined;
    });
    const titles = ours_(await menuAt(editor.document, line[0].range.start)).map((action) => action.title);
    const fixCount = new Set(findings.flatMap((finding) => (finding.fixes ?? []).map((fix) => JSON.stringify([fix.title, fix.edits])))).size;
    assert.ok(fixCount >= 2, `the examples offer fixes here: ${JSON.stringify(findings.map((f) => [f.ruleId, f.fixes?.map((x) => x.title)]))} ${titles.join(' | ')}`);
    const rules = [...new Set(findings.map((finding) => finding.ruleId))];
    const lessons = [...new Set(findings.map((finding) => finding.lesson))];
    const expectedKinds = [...Array(fixCount).fill('fix'), ...lessons.map(() => 'lesson'), 'ignore', ...rules.map(() => 'disable')];
    const kindOf = (title: string) => (title.startsWith('Show lesson: ') ? 'lesson' : title === 'Ignore this line…' ? 'ignore' : /^Disable .+ in this workspace$/.test(title) ? 'disable' : 'fix');
    assert.deepEqual(titles.map(kindOf), expectedKinds, titles.join(' | '));
    assert.equal(titles.filter((title) => title === 'Ignore this line…').length, 1);
    const actions = ours_(await menuAt(editor.document, line[0].range.start));
    assert.equal(actions[0].isPreferred, true, 'Ctrl+. then Enter applies the first fix');
    assert.equal(actions.filter((action) => action.isPreferred).length, 1);
  });

  it('a single "Ignore this line…" asks for the rules and writes one comment for them', async () => {
    const { analysis } = await api();
    const editor = await openAnalyzed(SUMMARIZE);
    const line = await twoFindingsOnTheCall(editor.document);
    const ignore = ours_(await menuAt(editor.document, line[0].range.start)).find((action) => action.command?.command === 'scalecheck.ignoreLine')!;
    const rules = [...new Set(line.map(codeOf))].sort();
    // The command asks which rule, then why: the suite gives the answers the prompts would return.
    await vscode.commands.executeCommand(ignore.command!.command, ...(ignore.command!.arguments ?? []), 'internal tool, two users', rules);
    assert.equal(editor.document.lineAt(10).text.trim(), `// scalecheck-ignore-next-line ${rules.join(', ')} -- internal tool, two users`);
    await analyzed(editor.document);
    await until('both findings suppressed', () => !ours(editor.document.uri).some((d) => d.range.start.line === 11 && rules.includes(codeOf(d))));
    assert.ok(analysis.findings(editor.document.uri));
  });

  it('a fix that edits another file says so in its title, applies without saving that file, and names it after', async () => {
    const { fixes, analysis } = await api();
    const editor = await openAnalyzed(SUMMARIZE);
    const diagnostic = await until('unbounded-ai-call with its client fix', () =>
      ours(editor.document.uri).find((d) => codeOf(d) === 'unbounded-ai-call' && analysis.findings(editor.document.uri)?.findings.some((f) => f.ruleId === 'unbounded-ai-call' && f.fixes?.some((fix) => fix.edits.some((edit) => edit.file === OPENAI)))),
    );
    const crossFile = ours_(await menuAt(editor.document, diagnostic.range.start)).find((action) => action.title.includes(`(edits \`${OPENAI}\`)`));
    assert.ok(crossFile, 'the client fix names lib/openai.ts in its title');
    assert.equal(crossFile.edit, undefined, 'applied by a command, not as a code-action edit VS Code would save');
    const onDisk = await remember(OPENAI);
    const notices = fixes.notices.length;
    assert.ok(await vscode.commands.executeCommand(crossFile.command!.command, ...(crossFile.command!.arguments ?? [])));
    const other = vscode.workspace.textDocuments.find((document) => document.uri.toString() === fileUri(OPENAI).toString())!;
    assert.ok(other.isDirty && other.getText() !== onDisk, `${OPENAI} is edited and left unsaved`);
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(fileUri(OPENAI))), onDisk, 'nothing written to disk');
    await until('a notice names the edited file', () => fixes.notices.slice(notices).some((notice) => notice.includes(`Edited \`${OPENAI}\` (not saved yet).`)));
  });

  it('a schema fix from a route names the migration as the next step', async () => {
    const { fixes } = await api();
    const editor = await openAnalyzed(FEED);
    const diagnostic = await until('missing-index', () => ours(editor.document.uri).find((d) => codeOf(d) === 'missing-index'));
    const schemaFix = ours_(await menuAt(editor.document, diagnostic.range.start)).find((action) => action.title.includes(`(edits \`${SCHEMA}\`)`))!;
    const notices = fixes.notices.length;
    assert.ok(await vscode.commands.executeCommand(schemaFix.command!.command, ...(schemaFix.command!.arguments ?? [])));
    await until('the next step', () => fixes.notices.slice(notices).some((notice) => notice.includes('Next: run `npx prisma migrate dev`')));
  });

  it('a fix that turns a neighbouring finding into another one says so', async () => {
    const { fixes } = await api();
    const editor = await openAnalyzed(FEED);
    const diagnostic = await until('unbounded-query', () => ours(editor.document.uri).find((d) => codeOf(d) === 'unbounded-query'));
    const take = ours_(await menuAt(editor.document, diagnostic.range.start)).find((action) => action.title.includes('take: 100'))!;
    const notices = fixes.notices.length;
    // As the menu does: VS Code applies the edit, then runs the action's command.
    assert.ok(await vscode.workspace.applyEdit(take.edit!));
    await vscode.commands.executeCommand(take.command!.command, ...(take.command!.arguments ?? []));
    await until('the changed missing-index finding is named', () => fixes.notices.slice(notices).some((notice) => /^This fix changed another finding on line 9: .*@@index\(\[status, createdAt\]\)/.test(notice)));
  });
});
