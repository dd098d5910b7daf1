import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WorkerToHost } from '../../src/protocol';

/**
 * The page worker as shipped (dist/page-worker.js): while analysis is off it
 * renders lessons and the report from rule metadata alone, so it must hold
 * neither the engine nor a parser.
 */
const BUNDLE = path.join(__dirname, '..', '..', 'dist', 'page-worker.js');
const assets = { cspSource: 'vscode-resource:', nonce: 'n0nce', mediaRoot: 'vscode-resource:/media' };

describe('page worker bundle', function () {
  this.timeout(30_000);
  before(() => assert.ok(fs.existsSync(BUNDLE), 'dist/page-worker.js is missing: run `npm run build`'));

  it('carries no engine: no TypeScript compiler, no tree-sitter, no rule checker', () => {
    const text = fs.readFileSync(BUNDLE, 'utf8');
    assert.doesNotMatch(text, /createSourceFile|web-tree-sitter|tree-sitter-python\.wasm/);
    // A message id only a checker reports with, never the renderer.
    assert.ok(text.includes('tsPerItem'), 'the declarations (messages included) are in the bundle');
    assert.doesNotMatch(text, /perItemLoop|isConstantIterable/);
  });

  it('renders a lesson page and the report, answers each request, and drops other messages', async () => {
    const worker = new Worker(BUNDLE);
    const messages: WorkerToHost[] = [];
    worker.on('message', (message: WorkerToHost) => messages.push(message));
    try {
      worker.postMessage({ type: 'open', path: 'a.ts', text: 'x', version: 1 });
      worker.postMessage({ type: 'render', request: 1, render: { page: 'lesson', input: { lessonId: 'n-plus-one', locale: 'ko' }, assets } });
      worker.postMessage({ type: 'render', request: 2, render: { page: 'report', input: { locale: 'en', workspaceName: 'w', findings: [], filesAnalyzed: 0 }, assets } });
      for (const deadline = Date.now() + 20_000; messages.length < 2 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
      const rendered = messages.filter((message): message is Extract<WorkerToHost, { type: 'rendered' }> => message.type === 'rendered');
      assert.deepEqual(rendered.map((message) => message.request), [1, 2]);
      assert.match(rendered[0].text, /N\+1/);
      assert.match(rendered[0].text, /nonce="n0nce"/);
      assert.match(rendered[1].text, /0 findings/);
      assert.deepEqual(messages.filter((message) => message.type !== 'rendered'), []);
    } finally {
      await worker.terminate();
    }
  });
});
