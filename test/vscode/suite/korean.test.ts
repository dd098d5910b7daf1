import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, codeOf, openAnalyzed, ours, until, updateSetting } from './helpers';

const VISITS = 'nextjs-app/app/api/visits/route.ts';
const HANGUL = /[가-힣]/;

describe('Korean', () => {
  after(async () => {
    await updateSetting('lessonLanguage', undefined);
  });

  it('lessonLanguage "ko" gives Korean findings, hovers and lessons, live', async () => {
    const { lessonView, analysis } = await api();
    const editor = await openAnalyzed(VISITS);
    const uri = editor.document.uri;
    await updateSetting('lessonLanguage', 'ko');
    const diagnostic = await until('a Korean message', () => ours(uri).find((d) => codeOf(d) === 'in-memory-state' && HANGUL.test(d.message)));
    assert.ok(diagnostic.message.includes('viewCounts'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, diagnostic.range.start);
    const hoverText = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
    assert.ok(hoverText.includes(analysis.rules.get('in-memory-state')!.summary.ko.slice(0, 20)), 'Korean summary in the hover');
    editor.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
    await vscode.commands.executeCommand('scalecheck.showLesson');
    await until('a Korean lesson', () => lessonView.current?.html.includes('lang="ko"') && HANGUL.test(lessonView.current.html));
    await updateSetting('lessonLanguage', 'en');
    await until('English again', () => ours(uri).some((d) => codeOf(d) === 'in-memory-state' && !HANGUL.test(d.message)));
    await until('an English lesson', () => lessonView.current?.html.includes('lang="en"'));
  });
});
