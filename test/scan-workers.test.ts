import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultConfig, PathFilter, type FileResult } from '../analyzers';
import { discoverFiles } from '../host/files';
import { scanFiles, type ScanOptions } from '../host/scan';
import { workspace } from './support/cli';
import { tempDirs } from './support/temp-dirs';

/**
 * Scan workers that die (out of memory under a heap cap, a crash): the run
 * still ends, a dead worker's files are retried once in a fresh worker, and
 * the ones that kill it again are reported by name. Against the built worker
 * bundle (dist/scan-worker.js, which `npm test` builds), behind a test-only
 * script that dies on purpose; with the old scan each of these hung forever.
 */
const settings = { locale: 'en' as const, config: defaultConfig() };
const DYING = path.join(__dirname, 'support', 'dying-scan-worker.cjs');
const REAL = path.join(__dirname, '..', 'dist', 'scan-worker.js');
const ROUTE = (name: string) => `import { NextResponse } from 'next/server';\nconst ${name} = new Map<string, number>();\nexport function GET(request: Request) { ${name}.set(request.url, 1); return NextResponse.json({}); }\n`;

/** 200 routes (workers start from 150 files), each with one in-memory-state finding, plus the named extras. */
const temp = tempDirs('scalecheck-workers-');

function routes(extra: Record<string, string> = {}): string {
  const files: Record<string, string> = { ...extra };
  for (let i = 0; i < 200; i++) files[`app/api/r${i}/route.ts`] = ROUTE(`seen${i}`);
  return temp.keep(workspace(files, 'scalecheck-workers-'));
}

async function scan(dir: string, worker: ScanOptions['worker']) {
  const files = discoverFiles(dir, ['.'], new PathFilter(settings.config));
  return scanFiles({ files, settings, threads: 2, worker });
}

const summary = (results: FileResult[]) => results.flatMap((result) => result.findings.map((finding) => `${finding.file}:${finding.range.start.line} ${finding.ruleId}`)).sort();

describe('scan workers that die', function () {
  this.timeout(180_000);
  before(() => assert.ok(fs.existsSync(REAL), 'dist/scan-worker.js is missing: run `npm run build`'));

  it('retries a dead worker\'s files in a fresh worker, then reports the file that kills it again', async () => {
    const dir = routes({ 'app/api/poison/route.ts': ROUTE('poisoned'), 'app/api/zz-flaky/route.ts': ROUTE('flaky') });
    const result = await scan(dir, { script: DYING });
    assert.deepEqual(result.errors, [{ file: 'app/api/poison/route.ts', message: 'Not analyzed: the scan worker stopped on this file twice (it exited with code 70).' }]);
    const found = summary(result.results);
    assert.equal(found.length, 201, 'every other file, the flaky one included, was analyzed');
    assert.ok(found.includes('app/api/zz-flaky/route.ts:2 in-memory-state'));
    assert.deepEqual(found, summary((await scan(dir, { script: REAL })).results).filter((line) => !line.startsWith('app/api/poison/')));
  });

  it('gives a worker restarted in pass 2 the workspace facts again', async () => {
    const dir = routes();
    const marker = path.join(dir, 'analyze.died');
    process.env.DYING_WORKER_ANALYZE_MARKER = marker;
    try {
      const dying = await scan(dir, { script: DYING });
      assert.ok(fs.existsSync(marker), 'a pass-2 request killed a worker');
      assert.deepEqual(dying.errors, []);
      assert.deepEqual(summary(dying.results), summary((await scanFiles({ files: discoverFiles(dir, ['.'], new PathFilter(settings.config)), settings, threads: 1 })).results));
    } finally {
      delete process.env.DYING_WORKER_ANALYZE_MARKER;
    }
  });

  it('ends with every file reported when no worker can live (a heap cap too small to load the engine)', async () => {
    const dir = routes();
    const started = Date.now();
    const result = await scan(dir, { script: REAL, resourceLimits: { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 } });
    assert.equal(result.results.length, 0);
    assert.equal(result.errors.length, 200);
    assert.match(result.errors[0].message, /^Not analyzed: the scan worker (stopped on this file twice \(.*out of memory.*\)|s kept stopping)/i);
    console.log(`      ${result.errors.length} files reported after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  after(() => {
    temp.removeAll();
  });
});
