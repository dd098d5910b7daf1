import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { allRuleMetas, type Finding } from '../../analyzers';
import type { WorkspaceSummary } from '../../lessons/contract';
import { codeSpan, inlineMarkdown, renderHoverMarkdown } from '../../lessons/hover';
import { impactText } from '../../lessons/impact';

const rules = new Map(allRuleMetas.map((meta) => [meta.id, meta]));
const markdown = new MarkdownIt();
const codeOf = (text: string) => [...markdown.renderInline(text).matchAll(/<code>([^<]*)<\/code>/g)].map((match) => match[1].replace(/&quot;/g, '"'));

function finding(ruleId: string, file: string, details: Finding['details'] = {}): Finding {
  const at = { offset: 0, line: 1, column: 1 };
  return { ruleId, severity: 'warning', confidence: 'high', message: `the ${ruleId} message`, file, range: { start: at, end: at }, lesson: rules.get(ruleId)!.lesson, details };
}

const vercel: WorkspaceSummary = { deployment: 'serverless', platforms: ['vercel'], maxDurationSeconds: 10, stack: ['next'] };
const gunicorn: WorkspaceSummary = { deployment: 'containers', platforms: ['docker'], gunicorn: { workers: 3, threads: 4 }, stack: ['django'] };

describe('hover', () => {
  it('keeps code spans exact and escapes the text around them', () => {
    const text = 'Add `select_related("owner")` or `models.Index(fields=["is_public", "created_at"])` and `@@index([published, createdAt])` to *this* [model]';
    assert.deepEqual(codeOf(inlineMarkdown(text)), ['select_related("owner")', 'models.Index(fields=["is_public", "created_at"])', '@@index([published, createdAt])']);
    assert.ok(!markdown.renderInline(inlineMarkdown(text)).includes('<em>'), 'no emphasis from the text');
    assert.deepEqual(codeOf(codeSpan('a`b')), ['a`b']);
  });

  it('is one compact entry per finding, without the message VS Code already shows', () => {
    const one = finding('in-memory-state', 'app/api/visits/route.ts');
    const two = finding('unbounded-ai-call', 'app/api/visits/route.ts');
    const text = renderHoverMarkdown({ locale: 'en', entries: [{ finding: one, lessonCommand: 'command:a' }, { finding: two, lessonCommand: 'command:b' }], workspace: vercel }, (id) => rules.get(id));
    const entries = text.split('\n\n---\n\n');
    assert.equal(entries.length, 2);
    assert.ok(!text.includes('message'), 'the message is not repeated');
    for (const entry of entries) {
      assert.equal(entry.split('\n').length, 4, `title, why, cost, lesson:\n${entry}`);
      assert.match(entry, /^\*\*.+\*\* · `[a-z-]+`/);
      assert.match(entry, /\[\$\(book\) Show lesson: .+\]\(command:[ab]\)$/);
    }
  });

  it('speaks Korean in Korean mode, labels included', () => {
    const text = renderHoverMarkdown({ locale: 'ko', entries: [{ finding: finding('n-plus-one', 'views.py'), lessonCommand: 'command:a' }] }, (id) => rules.get(id));
    assert.match(text, /왜 중요한가:/);
    assert.match(text, /레슨 보기:/);
    assert.doesNotMatch(text, /Why it matters|Show lesson/);
  });
});

describe('impact in the workspace’s terms', () => {
  it('a Next.js AI call on Vercel: the function’s time limit, no Gunicorn', () => {
    const text = impactText(finding('unbounded-ai-call', 'app/api/summarize/route.ts', { stack: 'nextjs' }), rules.get('unbounded-ai-call'), { ...vercel, gunicorn: { workers: 2, threads: 2 } }, 'en');
    assert.match(text, /10-second limit of Vercel/);
    assert.doesNotMatch(text, /worker|thread|Gunicorn|email/i);
  });

  it('a slow call in a Django view: the Gunicorn slots read from the config', () => {
    const text = impactText(finding('long-task-in-request', 'blog/views.py', { stack: 'django', work: 'email' }), rules.get('long-task-in-request'), gunicorn, 'en');
    assert.match(text, /Gunicorn serves 12 requests at once here \(3 workers × 4 threads\)/);
    assert.doesNotMatch(impactText(finding('long-task-in-request', 'blog/views.py', { stack: 'django' }), rules.get('long-task-in-request'), gunicorn, 'ko'), /undefined|\{\{/);
  });

  it('neutral words when the deployment is unknown', () => {
    const text = impactText(finding('long-task-in-request', 'server/routes.ts', { stack: 'express' }), rules.get('long-task-in-request'), { deployment: 'unknown', platforms: [], stack: ['express'] }, 'en');
    assert.doesNotMatch(text, /\d|Gunicorn|Vercel|serverless/i);
  });

  it('deployment capacity with the finding’s own numbers', () => {
    const text = impactText(finding('deployment-capacity', 'Procfile', { stack: 'django', workers: 1, threads: 1, concurrentRequests: 1 }), rules.get('deployment-capacity'), gunicorn, 'ko');
    assert.match(text, /워커 1 × 스레드 1 = 동시 요청 1건/);
    assert.match(text, /전부를 차지합니다/);
  });
});
