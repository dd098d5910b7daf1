import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { JSDOM } from 'jsdom';
import { isPageMessage, type LessonPageInput } from '../../lessons/contract';
import { renderLessonPage, renderReportPage } from '../../lessons/render';
import { assets, hostileExcerpt, hostileFinding } from './render.test';

/**
 * The page script, run for real: the same bundle the build writes to
 * media/, in jsdom, against rendered pages, with a stand-in for the
 * webview's acquireVsCodeApi that records messages and state.
 */
const bundle = buildSync({
  entryPoints: [path.join(__dirname, '..', '..', 'lessons', 'page', 'main.ts')],
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
}).outputFiles[0].text;

interface Page {
  window: JSDOM['window'];
  document: Document;
  posted: unknown[];
  state(): unknown;
  alerts: unknown[];
}

function open(html: string, savedState?: unknown): Page {
  const dom = new JSDOM(html, { runScripts: 'outside-only', url: 'https://webview.test/index.html' });
  const posted: unknown[] = [];
  const alerts: unknown[] = [];
  let state = savedState;
  const window = dom.window as unknown as Record<string, unknown>;
  window.acquireVsCodeApi = () => ({ postMessage: (message: unknown) => posted.push(JSON.parse(JSON.stringify(message))), getState: () => state, setState: (next: unknown) => (state = next) });
  window.alert = (value: unknown) => alerts.push(value);
  dom.window.eval(bundle);
  return { window: dom.window, document: dom.window.document, posted, state: () => state, alerts };
}

function type(page: Page, selector: string, value: string): void {
  const element = page.document.querySelector<HTMLInputElement | HTMLTextAreaElement>(selector)!;
  element.value = value;
  element.dispatchEvent(new page.window.Event('input', { bubbles: true }));
}

function click(page: Page, selector: string): void {
  page.document.querySelector<HTMLElement>(selector)!.dispatchEvent(new page.window.MouseEvent('click', { bubbles: true }));
}

const nPlusOne: LessonPageInput = { lessonId: 'n-plus-one', locale: 'en', finding: hostileFinding({ message: 'Query inside a for…of loop' }), excerpt: hostileExcerpt(), workspace: { deployment: 'serverless', platforms: ['vercel'], stack: ['next', 'prisma'] } };

describe('lessons: the page script', () => {
  it('recomputes the simulator when an input changes', () => {
    const page = open(renderLessonPage(nPlusOne, assets));
    assert.match(page.document.getElementById('sim-output')!.textContent!, /41 → 2/);
    type(page, '#sim-itemsPerPage', '100');
    assert.match(page.document.getElementById('sim-output')!.textContent!, /101 → 2/);
    assert.equal(page.document.querySelectorAll('#sim-output svg rect.chart-bar').length, 2);
  });

  it('builds the prompt from the finding, the simulator and the recent change, and copies it', () => {
    const page = open(renderLessonPage(nPlusOne, assets));
    type(page, '#sim-usersPerDay', '50000');
    type(page, '#recent-change', 'We added author names to the feed on Monday.');
    const preview = page.document.getElementById('prompt-preview')!.textContent!;
    for (const part of ['## Symptom', 'Query inside a for…of loop', 'Next.js + Prisma', 'Vercel (serverless)', '50,000 users a day', 'We added author names to the feed on Monday.', '## Question', '</script><script>alert(1)</script>']) {
      assert.ok(preview.includes(part), `the prompt lacks "${part}"`);
    }
    click(page, '[data-action="copy-prompt"]');
    assert.deepEqual(page.posted, [{ type: 'copyText', text: preview }]);
    assert.ok(page.posted.every(isPageMessage));
  });

  it('writes the Korean prompt in Korean', () => {
    const page = open(renderLessonPage({ ...nPlusOne, locale: 'ko' }, assets));
    const preview = page.document.getElementById('prompt-preview')!.textContent!;
    assert.match(preview, /## 증상/);
    assert.match(preview, /## 질문/);
    assert.match(preview, /하루 사용자 약 10,000명/);
  });

  it('posts applyFix, openLocation and openLesson messages the host accepts', () => {
    const page = open(renderLessonPage(nPlusOne, assets));
    click(page, '[data-action="apply-fix"]');
    click(page, '.finding-location [data-action="open-location"]');
    click(page, '[data-action="open-lesson"]');
    assert.deepEqual(page.posted, [
      { type: 'applyFix', fixIndex: 0 },
      { type: 'openLocation', file: 'app/api/</script>/route.ts', line: 3, column: 5 },
      { type: 'openLesson', lessonId: 'missing-index' },
    ]);
    assert.ok(page.posted.every(isPageMessage));
  });

  it('keeps the inputs across re-renders, except where the new finding brings new numbers', () => {
    const first = open(renderLessonPage({ lessonId: 'deployment-capacity', locale: 'en', finding: hostileFinding({ ruleId: 'deployment-capacity', lesson: 'deployment-capacity', details: { workers: 2, threads: 2, concurrentRequests: 4 } }) }, assets));
    type(first, '#sim-workSeconds', '30');
    type(first, '#sim-slots', '8');
    type(first, '#recent-change', 'launch day');
    const saved = first.state();

    const same = open(renderLessonPage({ lessonId: 'deployment-capacity', locale: 'en', finding: hostileFinding({ ruleId: 'deployment-capacity', lesson: 'deployment-capacity', details: { workers: 2, threads: 2, concurrentRequests: 4 } }) }, assets), saved);
    assert.equal(same.document.querySelector<HTMLInputElement>('#sim-workSeconds')!.value, '30');
    assert.equal(same.document.querySelector<HTMLInputElement>('#sim-slots')!.value, '8');
    assert.equal(same.document.querySelector<HTMLTextAreaElement>('#recent-change')!.value, 'launch day');

    const other = open(renderLessonPage({ lessonId: 'deployment-capacity', locale: 'en', finding: hostileFinding({ ruleId: 'deployment-capacity', lesson: 'deployment-capacity', details: { workers: 4, threads: 4, concurrentRequests: 16 } }) }, assets), saved);
    assert.equal(other.document.querySelector<HTMLInputElement>('#sim-slots')!.value, '16', 'the new finding’s Gunicorn numbers win');
    assert.equal(other.document.querySelector<HTMLInputElement>('#sim-workSeconds')!.value, '30', 'what the user set is kept');
  });

  it('leaves hostile code inert', () => {
    const page = open(renderLessonPage(nPlusOne, assets));
    type(page, '#sim-itemsPerPage', '3');
    assert.deepEqual(page.alerts, []);
    assert.equal(page.document.querySelectorAll('img, iframe').length, 0);
    assert.equal(page.document.querySelectorAll('script').length, 2);
    assert.ok(page.document.querySelector('pre.excerpt')!.textContent!.includes('<img src=x onerror="alert(2)">'));
  });

  it('runs the report’s buttons', () => {
    const finding = hostileFinding();
    const page = open(renderReportPage({ locale: 'en', workspaceName: 'inkwell', findings: [finding], filesAnalyzed: 3 }, assets));
    click(page, '[data-action="export-markdown"]');
    click(page, '.stage [data-action="open-location"]');
    click(page, '.stage [data-action="open-lesson"]');
    assert.deepEqual(page.posted, [
      { type: 'exportMarkdown' },
      { type: 'openLocation', file: finding.file, line: 3, column: 5 },
      { type: 'openLesson', lessonId: 'n-plus-one' },
    ]);
    assert.ok(page.posted.every(isPageMessage));
  });
});
