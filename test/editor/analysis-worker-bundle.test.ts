import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HostToWorker, WorkerToHost } from '../../src/protocol';
import { workspace } from '../support/cli';

/**
 * The editor's analysis worker as shipped (dist/analysis-worker.js, built by
 * `npm test`), fed what a hostile workspace and hostile callers can send. It
 * must stay alive and keep answering: before, each of these ended the thread.
 */
const BUNDLE = path.join(__dirname, '..', '..', 'dist', 'analysis-worker.js');
const ROUTE = `import { NextResponse } from 'next/server';\nconst seen = new Set<string>();\nexport function GET(r: Request) { seen.add(r.url); return NextResponse.json({}); }\n`;
const settings = { rules: {}, ignore: [], deployment: 'auto' as const };

function start(root: string) {
  const worker = new Worker(BUNDLE, { workerData: { root, readsDisk: true } });
  const messages: WorkerToHost[] = [];
  let exited: number | undefined;
  worker.on('message', (message: WorkerToHost) => messages.push(message));
  worker.on('exit', (code) => (exited = code));
  const send = (message: HostToWorker | unknown) => worker.postMessage(message);
  const until = async <T extends WorkerToHost>(what: string, match: (message: WorkerToHost) => message is T, from = 0): Promise<T> => {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
      const found = messages.slice(from).find(match);
      if (found) return found;
      assert.equal(exited, undefined, `the worker exited while waiting for ${what}; messages: ${messages.map((m) => (m.type === 'log' ? m.message : m.type)).join(' | ')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no ${what}`);
  };
  return { worker, messages, send, until, alive: () => exited === undefined };
}

const resultFor = (file: string) => (message: WorkerToHost): message is Extract<WorkerToHost, { type: 'results' }> => message.type === 'results' && message.path === file;
const isType = <K extends WorkerToHost['type']>(type: K) => (message: WorkerToHost): message is Extract<WorkerToHost, { type: K }> => message.type === type;

describe('analysis worker bundle under hostile input', function () {
  this.timeout(60_000);
  before(() => assert.ok(fs.existsSync(BUNDLE), 'dist/analysis-worker.js is missing: run `npm run build`'));

  it('survives an empty glob in .scalecheck.json, reports it with its range, and analyzes with the rest', async () => {
    const root = workspace({ 'app/api/a/route.ts': ROUTE, '.scalecheck.json': '{\n  "scripts": [""],\n  "rules": { "in-memory-state": "error" }\n}\n' });
    const { send, until, worker } = start(root);
    try {
      send({ type: 'configure', settings, configFromDisk: true, locale: 'en' });
      const configured = await until('configured', isType('configured'));
      assert.deepEqual(configured.problems.map((problem) => [problem.file, problem.message, problem.range?.start.line, problem.range?.start.column]), [['.scalecheck.json', '"scripts[0]" is empty; it is left out.', 2, 15]]);
      send({ type: 'open', path: 'app/api/a/route.ts', text: ROUTE, version: 1 });
      const result = await until('results', resultFor('app/api/a/route.ts'));
      assert.deepEqual(result.findings.map((finding) => finding.severity), ['error']);
    } finally {
      await worker.terminate();
    }
  });

  it('survives a catastrophic and an overlong .gitignore line while indexing, and names them', async () => {
    const root = workspace({ 'app/api/a/route.ts': ROUTE, [`src/${'a'.repeat(60)}.ts`]: 'export const x = 1;\n', '.gitignore': `${'*a'.repeat(18)}*b\n${'y'.repeat(40_000)}\n` });
    const { send, until, worker } = start(root);
    try {
      send({ type: 'configure', settings, configFromDisk: true, locale: 'en' });
      send({ type: 'index', job: 1 });
      const problems = await until('discovery problems', isType('discoveryProblems'));
      assert.deepEqual(problems.problems.map((problem) => [problem.file, problem.line]), [['.gitignore', 1], ['.gitignore', 2]]);
      const done = await until('jobDone', isType('jobDone'));
      assert.equal(done.files, 2);
    } finally {
      await worker.terminate();
    }
  });

  it('survives prototype keys as lesson ids and invalid messages, and keeps answering', async () => {
    const root = workspace({ 'app/api/a/route.ts': ROUTE });
    const { send, until, messages, worker, alive } = start(root);
    try {
      send({ type: 'configure', settings, configFromDisk: true, locale: 'en' });
      const assets = { cspSource: 'vscode-webview:', nonce: 'n', mediaRoot: 'https://media.test' };
      for (const [request, lessonId] of [[1, 'constructor'], [2, '__proto__'], [3, 'toString'], [4, 'hasOwnProperty']] as const) {
        send({ type: 'render', request, render: { page: 'lesson', input: { lessonId, locale: 'en', finding: undefined }, assets } });
        const rendered = await until(`render ${lessonId}`, (m): m is Extract<WorkerToHost, { type: 'rendered' }> => m.type === 'rendered' && m.request === request);
        assert.match(rendered.text, /<html/, `${lessonId}: the unknown-lesson page`);
      }
      for (const junk of [null, 42, 'text', [], { type: 'open' }, { type: 'open', path: '', text: 1, version: 1 }, { type: 'render', request: 9, render: { page: 'lesson', input: null } }, { type: 'configure', settings: null }, { type: '__proto__' }]) send(junk);
      send({ type: 'open', path: 'app/api/a/route.ts', text: ROUTE, version: 7 });
      const result = await until('results after junk', resultFor('app/api/a/route.ts'));
      assert.equal(result.version, 7);
      assert.ok(alive());
      assert.equal(messages.filter((m) => m.type === 'log' && /Ignored an invalid message/.test(m.message)).length, 9);
    } finally {
      await worker.terminate();
    }
  });

  it('times each edit for the editor\'s time budget', async () => {
    const root = workspace({ 'app/api/a/route.ts': ROUTE });
    const { send, until, worker } = start(root);
    try {
      send({ type: 'configure', settings, configFromDisk: true, locale: 'en' });
      send({ type: 'update', path: 'app/api/a/route.ts', text: ROUTE, version: 2 });
      const result = await until('results', resultFor('app/api/a/route.ts'));
      assert.ok(Number.isInteger(result.durationMs) && result.durationMs! >= 0, `durationMs ${result.durationMs}`);
    } finally {
      await worker.terminate();
    }
  });
});
