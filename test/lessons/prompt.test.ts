import * as assert from 'node:assert/strict';
import { buildPrompt, type PromptContext } from '../../lessons/prompt';
import { renderLessonPage } from '../../lessons/render';
import { assets, hostileFinding } from './render.test';

const context: PromptContext = { locale: 'en', lessonTitle: 'N+1', symptom: 'the feed gets slower as posts grow', stack: 'Next.js', platform: 'Vercel', question: 'How do I batch this?' };

describe('ask your AI: only what ScaleCheck knows', () => {
  it('leaves the symptom and the recent change as marked blanks until the user fills them', () => {
    const prompt = buildPrompt(context, [], '');
    assert.match(prompt, /## Symptom\n\[fill in what you actually see, e\.g\. the feed gets slower as posts grow\]/);
    assert.match(prompt, /## What changed recently\n\[fill in what changed recently/);
    assert.doesNotMatch(prompt, /nothing in particular/);
    const filled = buildPrompt(context, [], 'added author names', 'p95 of /api/posts is 4 s');
    assert.match(filled, /## Symptom\np95 of \/api\/posts is 4 s/);
    assert.match(filled, /## What changed recently\nadded author names/);
  });

  it('shows each fix on the user\'s own code, before the stock example', () => {
    const finding = hostileFinding({ fixes: [{ title: 'Batch it', applicability: 'safe', edits: [{ file: 'app/feed.ts', start: 0, end: 0, newText: 'x' }], fileHashes: { 'app/feed.ts': 'h' } }] });
    const html = renderLessonPage(
      { lessonId: 'n-plus-one', locale: 'en', finding, fixPreviews: [{ fixIndex: 0, files: [{ file: 'app/feed.ts', firstLine: 12, before: 'for (const p of posts) await db.count(p)', after: 'await db.groupBy()' }] }] },
      assets,
    );
    const fix = html.slice(html.indexOf('<section id="fix">'), html.indexOf('<section id="fine">'));
    assert.ok(fix.indexOf('Your code now') > 0 && fix.indexOf('After this fix') > fix.indexOf('Your code now'));
    assert.ok(fix.indexOf('After this fix') < fix.indexOf('The pattern in a small example'), 'the user\'s code first, the stock example after');
    assert.match(fix, /groupBy/);
  });
});
