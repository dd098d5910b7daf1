import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, codeOf, fileUri, openAnalyzed, ours, until, updateSetting } from './helpers';

const VISITS = 'nextjs-app/app/api/visits/route.ts';
/** A route of the suite's own, with two findings on different lines for the view to follow. */
const COUNTERS = 'nextjs-app/app/api/counters/route.ts';
const COUNTERS_TEXT = `import { NextResponse } from 'next/server';

const likes = new Map<string, number>();
const shares = new Map<string, number>();

export async function POST(request: Request) {
  const { slug } = await request.json();
  likes.set(slug, (likes.get(slug) ?? 0) + 1);
  shares.set(slug, (shares.get(slug) ?? 0) + 1);
  return NextResponse.json({ likes: likes.get(slug), shares: shares.get(slug) });
}
`;

describe('lesson view, hover and report', () => {
  before(async () => {
    await vscode.workspace.fs.writeFile(fileUri(COUNTERS), new TextEncoder().encode(COUNTERS_TEXT));
  });
  // The route stays in the workspace copy (a fresh one each run): later suites count it like any file.
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens from the "Show lesson" code action with the user\'s code, escaped, under a strict CSP', async () => {
    const { lessonView } = await api();
    const editor = await openAnalyzed(VISITS);
    const diagnostic = await until('in-memory-state', () => ours(editor.document.uri).find((d) => codeOf(d) === 'in-memory-state'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const show = actions.find((action) => action.command?.command === 'scalecheck.showLesson');
    assert.ok(show?.command);
    await vscode.commands.executeCommand(show.command.command, ...(show.command.arguments ?? []));
    const shown = await until('the lesson view renders the finding', () =>
      lessonView.current?.target.finding?.ruleId === 'in-memory-state' && lessonView.current.target.uri?.toString() === editor.document.uri.toString() ? lessonView.current : undefined,
    );
    // Attribute values may spell quotes as entities.
    const html = shown.html.replace(/&#39;|&#x27;|&apos;/g, "'");
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="[^"]*default-src 'none'/);
    assert.match(html, /script-src 'nonce-[A-Za-z0-9+/=]+'/);
    // Resources (scripts, images, stylesheets) only from the extension's media/ folder, through the
    // webview resource origin. Links to documentation are not resources: they open outside.
    const resources = [...html.matchAll(/<(?:script|img|link)\b[^>]*\b(?:src|href)="([^"]*)"/g)].map((match) => match[1]);
    assert.ok(resources.length > 0);
    for (const url of resources) assert.ok(/vscode-resource|vscode-webview/.test(url) && decodeURIComponent(url).includes('/media/'), `a resource from media/: ${url}`);
    // The excerpt is the user's own code: `Record<string, number>` must arrive escaped.
    assert.ok(!html.includes('Record<string, number>'), 'user code is escaped');
    // With markup (syntax highlighting) taken out, the escaped text is there.
    assert.match(html.replace(/<[^>]*>/g, ''), /Record(&#60;|&lt;)string, number(&#62;|&gt;)/);
  });

  it('follows the cursor to another finding', async () => {
    const { lessonView } = await api();
    const editor = await openAnalyzed(COUNTERS);
    const findings = await until('two findings', () => {
      const found = ours(editor.document.uri).filter((d) => codeOf(d) === 'in-memory-state');
      return found.length >= 2 ? found : undefined;
    });
    editor.selection = new vscode.Selection(findings[0].range.start, findings[0].range.start);
    await vscode.commands.executeCommand('scalecheck.showLesson'); // the finding under the cursor
    for (const diagnostic of [...findings].reverse()) {
      editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
      await until(`the view follows to line ${diagnostic.range.start.line + 1}`, () => {
        const target = lessonView.current?.target;
        return target?.uri?.toString() === editor.document.uri.toString() && target.finding?.range.start.line === diagnostic.range.start.line + 1;
      });
    }
  });

  it('opens beside the code in an editor group by default, and in the side bar when set so', async () => {
    const { lessonView } = await api();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('the lesson tab closed', () => !lessonView.panel);
    const editor = await openAnalyzed(VISITS);
    const diagnostic = await until('in-memory-state', () => ours(editor.document.uri).find((d) => codeOf(d) === 'in-memory-state'));
    editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
    await vscode.commands.executeCommand('scalecheck.showLesson');
    const panel = await until('the lesson tab renders', () => (lessonView.panel?.visible && lessonView.panel.viewColumn && lessonView.current?.place === 'editor' && lessonView.current.target.finding?.ruleId === 'in-memory-state' ? lessonView.panel : undefined));
    assert.equal(editor.viewColumn, vscode.ViewColumn.One);
    assert.equal(panel.viewColumn, vscode.ViewColumn.Two, 'the lesson sits beside the code');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString(), 'the cursor stays in the code');
    await updateSetting('lessonLocation', 'sideBar');
    try {
      await until('the setting is read', async () => (await api()).analysis.settings.lessonLocation === 'sideBar');
      await vscode.commands.executeCommand('scalecheck.showLesson', { lessonId: 'caching' });
      await until('the side view renders the lesson', () => lessonView.current?.place === 'sideBar' && lessonView.current.target.lessonId === 'caching');
    } finally {
      await updateSetting('lessonLocation', undefined);
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
    }
  });

  it('Fix it shows the user\'s own code before and after each fix; Ask your AI quotes whole statements and leaves the symptom blank', async () => {
    const { lessonView } = await api();
    const editor = await openAnalyzed('nextjs-app/app/api/summarize/route.ts');
    const diagnostic = await until('unbounded-ai-call', () => ours(editor.document.uri).find((d) => codeOf(d) === 'unbounded-ai-call'));
    // The call carries a long-task finding too: ask for this one's lesson, as its menu row does.
    await vscode.commands.executeCommand('scalecheck.showLesson', { uri: editor.document.uri.toString(), ruleId: 'unbounded-ai-call', line: diagnostic.range.start.line + 1, column: diagnostic.range.start.character + 1 });
    const shown = await until('the AI lesson', () => (lessonView.current?.target.finding?.ruleId === 'unbounded-ai-call' ? lessonView.current : undefined));
    const plain = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&#39;|&#x27;/g, "'").replace(/&#123;|&#x7b;/gi, '{').replace(/&#125;|&#x7d;/gi, '}');
    const text = plain(shown.html);
    const fix = plain(shown.html.slice(shown.html.indexOf('<section id="fix">'), shown.html.indexOf('<section id="fine">')));
    assert.match(fix, /Your code now[\s\S]*openai\.chat\.completions\.create\(\{[\s\S]*After this fix[\s\S]*max_tokens: 1024/, 'the user\'s call, before and after');
    assert.ok(fix.indexOf('After this fix') < fix.indexOf('The pattern in a small example'), 'then the stock example');
    const prompt = text.slice(text.lastIndexOf('## Symptom'));
    assert.match(prompt, /## Symptom\n\[fill in what you actually see/);
    const code = prompt.slice(prompt.indexOf('## Code'), prompt.indexOf('## What changed'));
    assert.ok(code.includes('openai.chat.completions.create({') && /\n\s*\}\);\n/.test(code), `the whole call is quoted:\n${code}`);
  });

  it('the scaling report lists the workspace findings and refreshes', async () => {
    const { report } = await api();
    await vscode.commands.executeCommand('scalecheck.showReport');
    await until('the report renders the findings', () => report.html?.includes('viewCounts'));
    assert.match(report.html!.replace(/&#39;|&#x27;|&apos;/g, "'"), /script-src 'nonce-/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
