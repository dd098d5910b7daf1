import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { WorkerToHost } from '../../src/protocol';
import { FactsIndex } from '../../analyzers';
import { WorkspaceAnalyzer } from '../../src/worker/workspace-analyzer';

const route = (name: string) => `import { NextResponse } from 'next/server';\nconst ${name} = new Map();\nexport function GET(r: Request) { ${name}.set(r.url, 1); return NextResponse.json({}); }\n`;
const settings = { rules: {}, ignore: [], deployment: 'auto' as const, minConfidence: 'medium' as const };

/** The worker's logic on this thread, with its messages collected. */
function analyzer(root: string) {
  const messages: WorkerToHost[] = [];
  const worker = new WorkspaceAnalyzer({ root, readsDisk: true }, (message) => messages.push(message));
  const until = async <T extends WorkerToHost>(what: string, match: (message: WorkerToHost) => message is T, from = 0): Promise<T> => {
    for (let spins = 0; spins < 2000; spins++) {
      const found = messages.slice(from).find(match);
      if (found) return found;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error(`no ${what} in ${messages.map((m) => m.type).join(', ')}`);
  };
  return { worker, messages, until };
}

const isResult = (file: string) => (message: WorkerToHost): message is Extract<WorkerToHost, { type: 'results' }> => message.type === 'results' && message.path === file;

describe('analysis worker', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'scalecheck-worker-'));
    fs.mkdirSync(path.join(root, 'app', 'api', 'a'), { recursive: true });
    fs.writeFileSync(path.join(root, 'app', 'api', 'a', 'route.ts'), route('hits'));
    fs.writeFileSync(path.join(root, 'app', 'api', 'b.ts'), route('seen'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('analyzes only the latest of several pending texts of a file', async () => {
    const { worker, messages, until } = analyzer(root);
    worker.receive({ type: 'configure', settings, locale: 'en' });
    for (const [version, name] of [[1, 'one'], [2, 'two'], [3, 'three']] as const) worker.receive({ type: 'update', path: 'app/api/a/route.ts', text: route(name), version });
    const result = await until('results', isResult('app/api/a/route.ts'));
    assert.equal(result.version, 3);
    assert.match(result.findings[0].message, /`three`/);
    assert.equal(messages.filter(isResult('app/api/a/route.ts')).length, 1, 'versions 1 and 2 were never analyzed');
  });

  it('analyzes a file opened during the index at once, and indexes without recomputing its views after every file', async () => {
    for (let i = 0; i < 60; i++) {
      fs.mkdirSync(path.join(root, 'app', 'api', `r${i}`), { recursive: true });
      fs.writeFileSync(path.join(root, 'app', 'api', `r${i}`, 'route.ts'), route(`seen${i}`));
    }
    const computed: string[] = [];
    const view = (FactsIndex.prototype as unknown as { view: (key: string, compute: (index: FactsIndex) => unknown, options: unknown) => unknown }).view;
    const spy = function (this: FactsIndex, key: string, compute: (index: FactsIndex) => unknown, options: unknown) {
      return view.call(this, key, (index: FactsIndex) => (computed.push(key), compute(index)), options);
    };
    Object.defineProperty(FactsIndex.prototype, 'view', { value: spy, configurable: true, writable: true });
    try {
      const { worker, messages, until } = analyzer(root);
      worker.receive({ type: 'configure', settings, locale: 'en' });
      worker.receive({ type: 'index', job: 1 });
      worker.receive({ type: 'open', path: 'app/api/a/route.ts', text: route('hits'), version: 1 });
      const first = await until('results', isResult('app/api/a/route.ts'));
      assert.equal(first.version, 1);
      assert.ok(!messages.some((m) => m.type === 'jobDone'), 'findings of the open file come before the index is done');
      const atFirst = computed.length;
      await until('jobDone', (m): m is Extract<WorkerToHost, { type: 'jobDone' }> => m.type === 'jobDone');
      // Once per view and pass at most (the open file's re-check, the check pass), not once per indexed file.
      const perView = new Map<string, number>();
      for (const key of computed.slice(atFirst)) perView.set(key, (perView.get(key) ?? 0) + 1);
      assert.ok(perView.size > 0, 'the open file read views');
      for (const [key, count] of perView) assert.ok(count <= 3, `${key} computed ${count} times while 62 files were indexed`);
    } finally {
      Object.defineProperty(FactsIndex.prototype, 'view', { value: view, configurable: true, writable: true });
    }
  });

  it('indexes the folder in the background and counts the files it analyzed', async () => {
    const { worker, messages, until } = analyzer(root);
    worker.receive({ type: 'configure', settings, locale: 'en' });
    worker.receive({ type: 'index', job: 7 });
    const done = await until('jobDone', (m): m is Extract<WorkerToHost, { type: 'jobDone' }> => m.type === 'jobDone');
    assert.deepEqual([done.job, done.files, done.cancelled], [7, 2, false]);
    assert.ok(messages.some((m) => m.type === 'progress' && m.job === 7 && m.total === 4));
    assert.equal(messages.filter(isResult('app/api/b.ts')).at(-1)!.findings.length, 1);
  });

  it('re-reads a changed file from disk, keeps the editor text of an open one, and forgets excluded ones', async () => {
    const { worker, messages, until } = analyzer(root);
    worker.receive({ type: 'configure', settings, locale: 'en' });
    worker.receive({ type: 'open', path: 'app/api/a/route.ts', text: route('edited'), version: 4 });
    await until('open results', isResult('app/api/a/route.ts'));
    fs.writeFileSync(path.join(root, 'app', 'api', 'b.ts'), route('rewritten'));
    worker.receive({ type: 'diskChanged', path: 'app/api/b.ts' });
    worker.receive({ type: 'diskChanged', path: 'app/api/a/route.ts' });
    const disk = await until('disk results', isResult('app/api/b.ts'));
    assert.match(disk.findings[0].message, /`rewritten`/);
    assert.equal(disk.version, undefined);
    const mark = messages.length;
    worker.receive({ type: 'configure', settings: { ...settings, ignore: ['app/api/b.ts'] }, locale: 'ko' });
    await until('removed', (m): m is Extract<WorkerToHost, { type: 'removed' }> => m.type === 'removed' && m.path === 'app/api/b.ts', mark);
    const korean = await until('Korean results', isResult('app/api/a/route.ts'), mark);
    assert.match(korean.findings[0].message, /[가-힣]/);
    assert.match(korean.findings[0].message, /`edited`/, 'the open document keeps the editor text');
  });

  it('renders lesson pages with the host\'s nonce and media root', async () => {
    const { worker, until } = analyzer(root);
    worker.receive({
      type: 'render',
      request: 1,
      render: { page: 'lesson', input: { lessonId: 'in-memory-state', locale: 'en' }, assets: { cspSource: 'vscode-webview:', nonce: 'abc123', mediaRoot: 'https://media.test/ext/media' } },
    });
    const rendered = await until('rendered', (m): m is Extract<WorkerToHost, { type: 'rendered' }> => m.type === 'rendered');
    // Attribute values are entity-escaped; the browser reads &#39; as a quote.
    assert.match(rendered.text, /(?:'|&#39;)nonce-abc123(?:'|&#39;)/);
    assert.match(rendered.text, /https:\/\/media\.test\/ext\/media\/lesson\.css/);
  });
});
