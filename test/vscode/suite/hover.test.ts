import * as assert from 'node:assert/strict';
import { api, codeOf, openAnalyzed, ourHover, ours, until, updateSetting } from './helpers';

const SUMMARIZE = 'nextjs-app/app/api/summarize/route.ts';
const VIEWS = 'django-app/blog/views.py';

describe('hover', () => {
  after(async () => {
    await updateSetting('lessonLanguage', undefined);
  });

  it('one compact entry per finding on a line with two, without repeating the messages', async () => {
    const editor = await openAnalyzed(SUMMARIZE);
    const here = await until('two findings on the AI call', () => {
      const found = ours(editor.document.uri).filter((d) => d.range.start.line === 10);
      return found.length >= 2 ? found : undefined;
    });
    const text = await ourHover(editor.document.uri, here[0].range.start);
    const entries = text.split(/\n\n---\n\n/);
    assert.equal(entries.length, here.length, text);
    for (const diagnostic of here) assert.ok(!text.includes(diagnostic.message.slice(0, 40)), `the message of ${codeOf(diagnostic)} is VS Code's to show, not repeated`);
    for (const entry of entries) {
      assert.match(entry, /^\*\*[^*]+\*\* · `[a-z-]+`  \nWhy it matters: [^\n]+  \nWhat it costs here: [^\n]+  \n\[\$\(book\) Show lesson: [^\]]+\]\(command:scalecheck\.showLesson\?[^)]+\)$/, entry);
    }
  });

  it('the cost speaks of this app: the Vercel function limit for a Next.js route, Gunicorn for a Django view', async () => {
    const next = await openAnalyzed(SUMMARIZE);
    const ai = await until('the AI finding', () => ours(next.document.uri).find((d) => codeOf(d) === 'unbounded-ai-call'));
    const costs = (await ourHover(next.document.uri, ai.range.start)).split('\n').filter((line) => line.startsWith('What it costs here:'));
    assert.equal(costs.length, 2, 'the AI call is also a long task here');
    assert.match(costs.join('\n'), /10-second limit of Vercel/);
    assert.match(costs.join('\n'), /On Vercel this function is cut off at 10 s/);
    assert.doesNotMatch(costs.join('\n'), /Gunicorn|workers|threads|email/i, 'nothing of the Django app or of other kinds of work');
    const django = await openAnalyzed(VIEWS);
    const mail = await until('send_mail in a view', () => ours(django.document.uri).find((d) => codeOf(d) === 'long-task-in-request'));
    assert.match(await ourHover(django.document.uri, mail.range.start), /Gunicorn serves 4 requests at once here \(2 workers × 2 threads\)/);
  });

  it('code spans stay exact (no Markdown escapes inside code)', async () => {
    const editor = await openAnalyzed(VIEWS);
    for (const diagnostic of ours(editor.document.uri)) {
      const text = await ourHover(editor.document.uri, diagnostic.range.start);
      for (const span of text.match(/(`+)(?:(?!\1)[\s\S])+?\1/g) ?? []) assert.ok(!/\\[_[\]*]/.test(span), `escape inside ${span}`);
    }
  });

  it('labels follow scalecheck.lessonLanguage', async () => {
    const { analysis } = await api();
    const editor = await openAnalyzed(SUMMARIZE);
    await updateSetting('lessonLanguage', 'ko');
    await until('Korean findings', () => analysis.locale === 'ko' && ours(editor.document.uri).some((d) => /[가-힣]/.test(d.message)));
    const diagnostic = ours(editor.document.uri)[0];
    const text = await ourHover(editor.document.uri, diagnostic.range.start);
    assert.match(text, /왜 중요한가:/);
    assert.match(text, /레슨 보기:/);
    assert.doesNotMatch(text, /Why it matters|Show lesson|What it costs/);
    await updateSetting('lessonLanguage', 'en');
    await until('English again', () => analysis.locale === 'en');
  });
});
