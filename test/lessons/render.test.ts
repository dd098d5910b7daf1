import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { JSDOM } from 'jsdom';
import type { Finding } from '../../analyzers';
import { lessonCatalog } from '../../lessons/catalog';
import { isPageMessage, type CodeExcerpt, type PageAssets } from '../../lessons/contract';
import { renderMarkdown } from '../../lessons/markdown';
import { renderExcerpt, renderLessonPage, renderReportPage, reportMarkdown, scriptJson } from '../../lessons/render';
import { growthStage, markdownText } from '../../lessons/report';

export const HOSTILE = ['</script><script>alert(1)</script>', '<img src=x onerror="alert(2)">', '`${alert(3)}`', '"><svg onload=alert(4)>', "'; alert(5); //", '\u2028\u2029', '<!--', ']]>'];

export const assets: PageAssets = { cspSource: 'vscode-webview://test', nonce: 'n0nce123', media: (file) => `vscode-resource://media/${file}` };

export function hostileFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'n-plus-one',
    severity: 'warning',
    confidence: 'high',
    message: `Query in a loop ${HOSTILE.join(' ')}`,
    file: 'app/api/</script>/route.ts',
    range: { start: { offset: 10, line: 3, column: 5 }, end: { offset: 40, line: 3, column: 30 } },
    lesson: 'n-plus-one',
    related: [{ file: 'lib/<img onerror=x>.ts', range: { start: { offset: 0, line: 1, column: 1 }, end: { offset: 1, line: 1, column: 2 } }, message: HOSTILE[1] }],
    fixes: [{ title: `Batch it ${HOSTILE[0]}`, applicability: 'unsafe', edits: [{ file: 'a.ts', start: 0, end: 0, newText: '' }], fileHashes: { 'a.ts': 'h' } }],
    details: { stack: 'nextjs', model: '</script>' },
    ...overrides,
  };
}

export function hostileExcerpt(): CodeExcerpt {
  return { firstLine: 1, lines: ['const a = 1;', ...HOSTILE], highlight: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 30 }, languageId: 'typescript"><script>' };
}

/** Everything between script tags, and every tag the document contains. */
function scriptsOf(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*>/gi)].map((match) => match[0]);
}

describe('lessons: rendering is inert and strict', () => {
  const html = renderLessonPage({ lessonId: 'n-plus-one', locale: 'en', finding: hostileFinding(), excerpt: hostileExcerpt(), workspace: { deployment: 'serverless', platforms: ['vercel<script>'], stack: ['next', 'prisma'] } }, assets);

  it('sets a strict Content-Security-Policy with the nonce and no remote or inline sources', () => {
    const csp = new JSDOM(html).window.document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content');
    assert.ok(csp, 'no CSP');
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-n0nce123'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:|\*/);
  });

  it('has exactly one executable script, loaded with the nonce from media/', () => {
    const scripts = scriptsOf(html);
    assert.equal(scripts.length, 2, scripts.join('\n'));
    assert.equal(scripts[0], '<script type="application/json" id="scalecheck-data">');
    assert.equal(scripts[1], '<script nonce="n0nce123" src="vscode-resource://media/scalecheck-page.js">');
  });

  it('contains no inline event handlers, inline styles, javascript: URLs or remote resources', () => {
    const { document } = new JSDOM(html).window;
    for (const element of document.querySelectorAll('*')) {
      for (const attribute of element.attributes) {
        assert.ok(!/^on/i.test(attribute.name), `<${element.tagName}> has ${attribute.name}`);
        assert.notEqual(attribute.name, 'style', `<${element.tagName}> has an inline style`);
        assert.doesNotMatch(attribute.value, /^\s*javascript:/i);
      }
    }
    for (const element of document.querySelectorAll('img, script[src], link, iframe, object, embed')) {
      assert.doesNotMatch(element.getAttribute('src') ?? element.getAttribute('href') ?? '', /^https?:/i, 'a remote resource');
    }
    assert.equal(document.querySelectorAll('img, iframe, object, embed').length, 0);
  });

  it('escapes hostile excerpts, messages, paths and details', () => {
    for (const text of ['<img src=x onerror', '<svg onload', '</script><script>alert(1)']) assert.ok(!html.includes(text), `raw "${text}" in the page`);
    assert.ok(html.includes('&#60;img src=x onerror=&#34;alert(2)&#34;&#62;'), 'the excerpt is shown, escaped');
    assert.ok(html.includes('&#96;${alert(3)}&#96;'), 'backticks are escaped and ${} is inert text');
    assert.equal(html.split('</script>').length - 1, 2, 'only our two script elements are closed');
  });

  it('keeps the page data block unable to close its script element', () => {
    const block = /<script type="application\/json" id="scalecheck-data">([\s\S]*?)<\/script>/.exec(html)![1];
    assert.doesNotMatch(block, /[<>\u2028\u2029]/);
    const data = JSON.parse(block);
    assert.equal(data.prompt.code.text.includes('</script><script>alert(1)</script>'), true, 'the prompt still carries the code verbatim');
    assert.equal(scriptJson({ a: '</script>&\u2028' }), '{"a":"\\u003c/script\\u003e\\u0026\\u2028"}');
  });

  it('marks the finding’s range in the excerpt', () => {
    const excerpt = renderExcerpt({ firstLine: 10, lines: ['for (const p of posts) {', '  await prisma.user.findUnique({});', '}'], highlight: { startLine: 11, startColumn: 3, endLine: 11, endColumn: 36 }, languageId: 'typescript' });
    const { document } = new JSDOM(excerpt).window;
    const marked = document.querySelectorAll('.line.marked');
    assert.equal(marked.length, 1);
    assert.equal(marked[0].querySelector('.ln')!.textContent, '11');
    assert.equal([...marked[0].querySelectorAll('mark')].map((mark) => mark.textContent).join(''), 'await prisma.user.findUnique({});');
    assert.equal(document.querySelector('code')!.textContent, '10for (const p of posts) {\n11  await prisma.user.findUnique({});\n12}', 'colouring keeps the text as it was');
    assert.ok(document.querySelector('.hljs-keyword'), 'the code is coloured');
    const multi = renderExcerpt({ firstLine: 1, lines: ['ab', 'cd', 'ef'], highlight: { startLine: 1, startColumn: 2, endLine: 3, endColumn: 2 }, languageId: 'python' });
    assert.match(multi, /a<mark>b<\/mark>[\s\S]*<mark>cd<\/mark>[\s\S]*<mark>e<\/mark>f/);
  });

  it('offers one apply button per quick fix, posting its index', () => {
    assert.match(html, /<button type="button" class="button primary" data-action="apply-fix" data-fix-index="0">Apply fix: Batch it &#60;\/script&#62;/);
    const noFix = renderLessonPage({ lessonId: 'n-plus-one', locale: 'en', finding: hostileFinding({ fixes: undefined }) }, assets);
    assert.doesNotMatch(noFix, /data-action="apply-fix"/);
  });

  it('renders Markdown without raw HTML and only https links', () => {
    const out = renderMarkdown('<b>bold</b> [x](javascript:alert(1)) [y](http://example.com) [z](https://example.com) <img src=x onerror=alert(1)>');
    assert.doesNotMatch(out, /<b>|<img|href="javascript|href="http:/);
    assert.match(out, /<a href="https:\/\/example\.com" rel="noopener noreferrer">z<\/a>/);
  });

  it('renders every lesson in both languages, from a finding and without one', () => {
    for (const id of Object.keys(lessonCatalog)) {
      for (const locale of ['en', 'ko'] as const) {
        const page = renderLessonPage({ lessonId: id, locale }, assets);
        for (const section of ['in-your-code', 'why', 'simulator', 'fix', 'fine', 'ask-ai', 'learn-more']) assert.match(page, new RegExp(`<section id="${section}">`), `${id}/${locale} lacks ${section}`);
        assert.match(page, /<svg class="diagram"/, `${id}/${locale} has no diagram`);
        assert.match(page, new RegExp(`<html lang="${locale}">`));
        assert.ok(page.includes(lessonCatalog[id].title[locale].replace(/&/g, '&#38;')), `${id}/${locale} lacks its title`);
      }
    }
    assert.match(renderLessonPage({ lessonId: 'no-such-lesson', locale: 'ko' }, assets), /알 수 없는 레슨/);
  });

  it('picks the fix for the finding’s stack', () => {
    const django = renderLessonPage({ lessonId: 'n-plus-one', locale: 'en', finding: hostileFinding({ file: 'blog/views.py', details: { stack: 'django' } }) }, assets);
    const firstExample = /<div class="example" data-stack="(\w+)"/.exec(django)![1];
    assert.equal(firstExample, 'python');
    const next = renderLessonPage({ lessonId: 'n-plus-one', locale: 'en', finding: hostileFinding() }, assets);
    assert.equal(/<div class="example" data-stack="(\w+)"/.exec(next)![1], 'node');
  });
});

describe('lessons: page messages', () => {
  it('accepts what the page posts and rejects anything else', () => {
    assert.ok(isPageMessage({ type: 'applyFix', fixIndex: 0 }));
    assert.ok(isPageMessage({ type: 'copyText', text: 'prompt' }));
    assert.ok(isPageMessage({ type: 'openLocation', file: 'a.ts', line: 3, column: 1 }));
    assert.ok(isPageMessage({ type: 'openLesson', lessonId: 'caching' }));
    assert.ok(isPageMessage({ type: 'exportMarkdown' }));
    assert.ok(!isPageMessage({ type: 'applyFix', fixIndex: -1 }));
    assert.ok(!isPageMessage({ type: 'applyFix', fixIndex: '0' }));
    assert.ok(!isPageMessage({ type: 'openLesson', lessonId: '../etc' }));
    assert.ok(!isPageMessage({ type: 'runCommand', command: 'x' }));
    assert.ok(!isPageMessage(null));
  });
});

describe('lessons: scaling report', () => {
  const at = (ruleId: string, file: string, line: number, severity: Finding['severity'] = 'warning', extra: Partial<Finding> = {}): Finding => ({
    ruleId,
    severity,
    confidence: 'high',
    message: `${ruleId} message`,
    file,
    range: { start: { offset: line * 10, line, column: 1 }, end: { offset: line * 10 + 5, line, column: 6 } },
    lesson: ruleId,
    ...extra,
  });

  it('places findings at the stage where they break first', () => {
    assert.equal(growthStage(at('prisma-client-per-request', 'a.ts', 1)), 1);
    assert.equal(growthStage(at('unbounded-ai-call', 'a.ts', 1)), 1);
    assert.equal(growthStage(at('n-plus-one', 'a.ts', 1)), 2);
    assert.equal(growthStage(at('long-task-in-request', 'a.ts', 1)), 2);
    assert.equal(growthStage(at('missing-index', 'a.ts', 1)), 3);
    assert.equal(growthStage(at('unbounded-query', 'a.ts', 1)), 3);
    assert.equal(growthStage(at('deployment-capacity', 'Dockerfile', 1, 'info')), 2, 'info is this rule’s default: no shift');
  });

  it('moves a finding by its severity relative to the rule’s default, and by its details', () => {
    assert.equal(growthStage(at('n-plus-one', 'a.ts', 1, 'error')), 1);
    assert.equal(growthStage(at('n-plus-one', 'a.ts', 1, 'info')), 3);
    assert.equal(growthStage(at('missing-index', 'a.ts', 1, 'info')), 3, 'never past the last stage');
    assert.equal(growthStage(at('in-memory-state', 'a.ts', 1), { deployment: 'serverless', platforms: [], stack: [] }), 1);
    assert.equal(growthStage(at('long-task-in-request', 'a.ts', 1, 'warning', { details: { exceedsTimeout: true } })), 1);
    assert.equal(growthStage(at('deployment-capacity', 'Procfile', 1, 'info', { details: { workers: 1, threads: 1, concurrentRequests: 1 } })), 1);
    assert.equal(growthStage(at('suppression-without-reason', 'a.ts', 1, 'info', { lesson: 'missing-index' })), 3);
  });

  const findings = [
    at('n-plus-one', 'app/api/posts/route.ts', 12),
    at('missing-index', 'prisma/schema.prisma', 20, 'warning'),
    at('n-plus-one', 'app/api/feed/route.ts', 8),
    at('unbounded-ai-call', 'app/api/summarize/route.ts', 9, 'error', { message: `hostile ${HOSTILE.join(' ')} | pipe [link](https://x.test)` }),
  ];
  const input = { locale: 'en' as const, workspaceName: 'inkwell', findings, filesAnalyzed: 40 };

  it('renders stages, lessons, counts and links, all escaped', () => {
    const html = renderReportPage(input, assets);
    assert.match(html, /4 findings in 4 files \(40 files analyzed\)/);
    assert.match(html, /data-action="export-markdown"/);
    assert.match(html, /data-action="open-location" data-file="app\/api\/posts\/route\.ts" data-line="12" data-column="1"/);
    assert.match(html, /data-action="open-lesson" data-lesson="n-plus-one"/);
    const stage1 = /<div class="stage stage-1">([\s\S]*?)<\/div>/.exec(html)![1];
    assert.match(stage1, /summarize\/route\.ts:9/);
    assert.doesNotMatch(stage1, /posts\/route\.ts/);
    assert.match(html, /<td>Query run once per item \(N\+1\) <code>n-plus-one<\/code><\/td><td class="num">2<\/td>/);
    assert.doesNotMatch(html, /<img src=x|<svg onload|<\/script><script>/);
    assert.equal(html.split('</script>').length - 1, 2);
  });

  it('exports the same grouping as Markdown, with user text unable to inject markup', () => {
    const md = reportMarkdown(input);
    assert.match(md, /^# Scaling report: inkwell$/m);
    assert.match(md, /### At 100 users: breaks from day one \(1\)\n\n- \*\*error\*\* \[app\/api\/summarize\/route\\\.ts\\:9\]\(app\/api\/summarize\/route\.ts#L9\)/);
    assert.match(md, /### At 10k users: multiplied by traffic \(2\)/);
    assert.ok(md.includes('| Query run once per item \\(N\\+1\\) (`n-plus-one`) | 2 |'));
    assert.doesNotMatch(md, /(^|[^\\])</m, 'an unescaped < could open HTML');
    assert.doesNotMatch(md, /\]\(https:\/\/x\.test\)/);
    assert.match(md, /\\\| pipe \\\[link\\\]\\\(https\\:\/\/x\\\.test\\\)/);
    assert.equal(markdownText('a|b`c<d>'), 'a\\|b\\`c\\<d\\>');
  });

  it('Markdown: CR-only line breaks, bare URLs, addresses and entities from user text stay text', () => {
    const hostile = '\r# Pwned\r\n- item\rsee https://evil.example/a?b www.evil.example evil.example a@evil.example &#35; &lt;b&gt;';
    const md = reportMarkdown({ ...input, workspaceName: 'ws\r# Title', findings: [{ ...input.findings[0], message: hostile, file: 'app/www.evil.example/route.ts' }] });
    const html = new MarkdownIt({ linkify: true, html: false }).render(md);
    assert.equal((html.match(/<h1>/g) ?? []).length, 1, 'only the report title is a top heading');
    assert.doesNotMatch(html, /Pwned<\/h|<li>item/);
    const links = [...html.matchAll(/<a href="([^"]*)"/g)].map((match) => match[1]);
    assert.deepEqual(links, [`app/www.evil.example/route.ts#L${input.findings[0].range.start.line}`], 'the file link is the only link');
    assert.match(html, /&amp;#35; &amp;lt;b&amp;gt;/);
  });

  it('says so when there is nothing to report, in both languages', () => {
    assert.match(reportMarkdown({ ...input, findings: [] }), /No findings/);
    assert.match(renderReportPage({ ...input, locale: 'ko', findings: [] }, assets), /발견 사항이 없습니다/);
  });
});
