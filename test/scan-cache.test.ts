import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { defaultConfig, PathFilter, type ResolvedConfig } from '../analyzers';
import { deepEqual } from '../analyzers/core/dependencies';
import { generateNextApp } from '../bench/corpus-next';
import { discoverFiles } from '../host/files';
import { Fingerprints } from '../host/fingerprint';
import { scanFiles, type ScanResult } from '../host/scan';
import { readScanCache, writeScanCache, type ScanCache } from '../host/scan-cache';
import { tempDirs } from './support/temp-dirs';

/**
 * The scan cache (`scalecheck --cache`): a scan that reuses what the last one
 * kept finds exactly what a scan without it finds, edit after edit, in one
 * thread and over workers; what it reuses is decided by fingerprints of the
 * values findings read, which must never call two different values the same.
 */
const WORKER = path.join(__dirname, '..', 'dist', 'scan-worker.js');
const EXAMPLES = path.join(__dirname, '..', 'examples');

const temp = tempDirs('scalecheck-cache-');
const copy = temp.copy;
const tempDir = temp.make;

async function scan(dir: string, options: { previous?: ScanCache; threads?: number; config?: ResolvedConfig } = {}): Promise<ScanResult> {
  const config = options.config ?? defaultConfig();
  const files = discoverFiles(dir, ['.'], new PathFilter(config));
  return scanFiles({ files, settings: { locale: 'en', config }, threads: options.threads ?? 1, keepFacts: false, worker: { script: WORKER }, cache: { settings: JSON.stringify(config), previous: options.previous } });
}

/** Everything a scan reports, fixes and related locations included. */
function output(result: ScanResult): unknown {
  return { results: result.results, errors: result.errors, skipped: result.skipped };
}

function edit(dir: string, file: string, change: (text: string) => string): void {
  const target = path.join(dir, file);
  const before = fs.readFileSync(target, 'utf8');
  const after = change(before);
  assert.notEqual(after, before, `the edit of ${file} changes it`);
  fs.writeFileSync(target, after);
}

describe('scan cache', function () {
  this.timeout(180_000);

  after(() => {
    temp.removeAll();
  });

  it('finds what a scan without it finds, edit after edit, re-analyzing only what the edit reaches (examples/)', async () => {
    const dir = copy(EXAMPLES);
    let cache = (await scan(dir)).cache!;
    assert.equal(cache.reused, 0);
    const again = await scan(dir, { previous: cache.cache });
    assert.deepEqual({ changed: again.cache!.changed, analyzed: again.cache!.analyzed }, { changed: false, analyzed: 0 });

    // [what, file, change, at most this many files analyzed again]
    const edits: Array<[string, string, (text: string) => string, number]> = [
      ['a line above a query helper (positions move)', 'nextjs-app/lib/users.ts', (text) => text.replace('export async', '// moved\nexport async'), 4],
      ['an index the posts route needs', 'nextjs-app/prisma/schema.prisma', (text) => text.replace('  comments    Comment[]\n', '  comments    Comment[]\n  @@index([status])\n'), 4],
      ['the query a loop reaches, removed', 'nextjs-app/lib/users.ts', (text) => text.replace('const author = await prisma.user.findUnique({ where: { id: authorId } });', 'const author = { name: authorId };'), 4],
      ['a comment in a route', 'nextjs-app/app/api/posts/route.ts', (text) => text.replace('export', '// note\nexport'), 4],
      ['an indexed Django field', 'django-app/blog/models.py', (text) => text.replace('default="draft")', 'default="draft", db_index=True)'), 20],
      ['Gunicorn workers', 'django-app/Procfile', (text) => text.replace('2', '3'), 20],
    ];
    for (const [what, file, change, most] of edits) {
      edit(dir, file, change);
      const cached = await scan(dir, { previous: cache.cache });
      assert.deepEqual(output(cached), output(await scan(dir)), what);
      assert.ok(cached.cache!.analyzed <= most, `${what}: ${cached.cache!.analyzed} files analyzed again`);
      assert.ok(cached.cache!.reused > 0, what);
      cache = cached.cache!;
    }

    // Files that come, go, and stop being analyzed.
    fs.mkdirSync(path.join(dir, 'nextjs-app/app/api/seen'));
    fs.writeFileSync(path.join(dir, 'nextjs-app/app/api/seen/route.ts'), "const seen = new Set<string>();\nexport async function GET(request: Request) { seen.add(request.url); return Response.json({}); }\n");
    fs.rmSync(path.join(dir, 'nextjs-app/lib/mailer.ts'));
    fs.writeFileSync(path.join(dir, 'nextjs-app/lib/rate-limit.ts'), `export const x = [${'1,'.repeat(30_000)}];\n`);
    fs.writeFileSync(path.join(dir, 'nextjs-app/lib/huge.ts'), `// ${'x'.repeat(2_200_000)}\n`);
    const changed = await scan(dir, { previous: cache.cache });
    assert.deepEqual(output(changed), output(await scan(dir)));
    assert.deepEqual(changed.skipped.map((entry) => entry.file), ['nextjs-app/lib/huge.ts', 'nextjs-app/lib/rate-limit.ts']);
    const unchanged = await scan(dir, { previous: changed.cache!.cache });
    assert.deepEqual(output(unchanged), output(changed));
    assert.equal(unchanged.cache!.changed, false);
  });

  it('keeps only facts when the settings differ (a rule turned off)', async () => {
    const dir = copy(EXAMPLES);
    const cache = (await scan(dir)).cache!.cache;
    const config = { ...defaultConfig(), rules: { 'n-plus-one': 'off' as const } };
    const other = await scan(dir, { previous: cache, config });
    assert.deepEqual(output(other), output(await scan(dir, { config })));
    assert.equal(other.cache!.reused, 0);
    assert.ok(!other.results.some((result) => result.findings.some((finding) => finding.ruleId === 'n-plus-one')));
  });

  it('is the same cache whether workers or one thread wrote it (a generated app of 300 files)', async () => {
    const dir = tempDir();
    for (const file of generateNextApp(7, 300)) {
      fs.mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
      fs.writeFileSync(path.join(dir, file.path), file.text);
    }
    const byWorkers = (await scan(dir, { threads: 2 })).cache!;
    const inThread = (await scan(dir, { threads: 1 })).cache!;
    assert.deepEqual(byWorkers.cache.values, inThread.cache.values);
    assert.deepEqual(byWorkers.cache.views, inThread.cache.views);

    const service = discoverFiles(dir, ['.'], new PathFilter(defaultConfig())).find((file) => file.relative.startsWith('lib/services/'))!.relative;
    edit(dir, service, (text) => `// edited\n${text}`);
    const cold = output(await scan(dir));
    const counts = [];
    for (const [cache, threads] of [[byWorkers, 1], [inThread, 2]] as const) {
      const cached = await scan(dir, { previous: cache.cache, threads });
      assert.deepEqual(output(cached), cold);
      counts.push(cached.cache!.analyzed);
    }
    assert.equal(new Set(counts).size, 1, `the same files are analyzed again: ${counts.join(', ')}`);
    assert.ok(counts[0] < 30, `${counts[0]} of 300 files analyzed again`);
  });

  describe('the file', () => {
    const engine = 'test+1';
    let dir: string;
    let file: string;
    let cache: ScanCache;
    before(async () => {
      dir = copy(EXAMPLES);
      file = path.join(dir, 'cache', 'scan');
      cache = (await scan(dir)).cache!.cache;
      assert.equal(writeScanCache(file, engine, cache), undefined);
    });

    it('reads back what was written, and leaves no temporary file', () => {
      const read = readScanCache(file, engine);
      assert.ok('cache' in read);
      const plain = (entries: ScanCache['entries']) => [...entries].map(([name, entry]) => [name, 'facts' in entry ? [entry.digest, Buffer.from(entry.facts).toString('base64'), entry.analysis] : [entry.digest, entry.skipped]]);
      assert.deepEqual(read.cache.settings, cache.settings);
      assert.deepEqual(read.cache.values, cache.values);
      assert.deepEqual(read.cache.views, cache.views);
      assert.deepEqual(plain(read.cache.entries), plain(cache.entries));
      assert.deepEqual(fs.readdirSync(path.dirname(file)), ['scan']);
      // A write that never finished, an hour ago, is cleaned up by the next one.
      const abandoned = `${file}.12345.0badf00d.tmp`;
      fs.writeFileSync(abandoned, 'half');
      const hourAgo = new Date(Date.now() - 3_700_000);
      fs.utimesSync(abandoned, hourAgo, hourAgo);
      assert.equal(writeScanCache(file, engine, cache), undefined);
      assert.deepEqual(fs.readdirSync(path.dirname(file)), ['scan']);
    });

    it('is not used when it is truncated, damaged, foreign or unreadable, and says why', () => {
      const bytes = fs.readFileSync(file);
      const variants: Array<[string, Buffer | string, RegExp]> = [
        ['truncated', bytes.subarray(0, bytes.length - 100), /truncated/],
        ['cut in its header', bytes.subarray(0, 30), /header is damaged/],
        ['empty', Buffer.alloc(0), /not a ScaleCheck cache file/],
        ['a byte flipped', Buffer.from(bytes.map((byte, i) => (i === bytes.length - 500 ? byte ^ 0xff : byte))), /damaged \(checksum/],
        ['another file', 'hello\n', /not a ScaleCheck cache file/],
      ];
      for (const [what, content, reason] of variants) {
        fs.writeFileSync(file, content);
        const read = readScanCache(file, engine);
        assert.ok('problem' in read, what);
        assert.match(read.problem, reason, what);
      }
      fs.writeFileSync(file, bytes);
      const foreign = readScanCache(file, 'test+2');
      assert.ok('problem' in foreign);
      assert.match(foreign.problem, /another build of ScaleCheck or Node\.js \(test\+1, format 1\)/);
      assert.deepEqual(readScanCache(path.join(dir, 'missing'), engine), { absent: true });
      // Whatever a file holds, reading it never throws: mutations anywhere, and bodies with a matching checksum.
      fc.assert(
        fc.property(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'cut', 'insert', 'body'), (at, byte, how) => {
          const i = at % bytes.length;
          let mutated: Buffer;
          if (how === 'flip') mutated = Buffer.from(bytes.map((value, k) => (k === i ? value ^ (byte || 1) : value)));
          else if (how === 'cut') mutated = bytes.subarray(0, i);
          else if (how === 'insert') mutated = Buffer.concat([bytes.subarray(0, i), Buffer.from([byte]), bytes.subarray(i)]);
          else {
            const headerEnd = bytes.indexOf(0x0a, bytes.indexOf(0x0a) + 1);
            const body = Buffer.from(bytes.subarray(headerEnd + 1).map((value, k) => (k === i % (bytes.length - headerEnd - 1) ? value ^ (byte || 1) : value)));
            const header = { format: 1, engine, bytes: body.length, sha256: createHash('sha256').update(body).digest('base64') };
            mutated = Buffer.concat([Buffer.from(`scalecheck-cache\n${JSON.stringify(header)}\n`), body]);
          }
          fs.writeFileSync(file, mutated);
          const read = readScanCache(file, engine);
          assert.ok('problem' in read || 'cache' in read);
        }),
        { seed: 1, numRuns: 300 },
      );
      fs.writeFileSync(file, bytes);

      // A folder or a FIFO where the file should be is not read (a FIFO would block the run).
      const fifo = path.join(dir, 'fifo');
      execFileSync('mkfifo', [fifo]);
      for (const where of [dir, fifo]) {
        const read = readScanCache(where, engine);
        assert.ok('problem' in read && /not a regular file/.test(read.problem), where);
      }
    });
  });
});

describe('fingerprints', () => {
  /**
   * A value built from a plan: nodes (objects, arrays, Maps, Sets) whose
   * children are primitives or other nodes, so values share structure and
   * hold cycles as views do.
   */
  type Child = { key: string } & ({ node: number } | { value: string | number | boolean | null });
  type Plan = Array<{ kind: 'object' | 'array' | 'map' | 'set'; children: Child[] }>;
  const key = fc.constantFrom('a', 'b', 'c');
  const primitive = fc.oneof(fc.constantFrom('a', 'b', ''), fc.constantFrom(0, -0, 1, 2.5, NaN), fc.boolean(), fc.constant(null));
  const child = (nodes: number): fc.Arbitrary<Child> => fc.oneof({ arbitrary: fc.record({ key, node: fc.nat({ max: nodes - 1 }) }), weight: 3 }, { arbitrary: fc.record({ key, value: primitive }), weight: 1 });
  const plan: fc.Arbitrary<Plan> = fc.integer({ min: 1, max: 6 }).chain((nodes) =>
    fc.array(fc.record({ kind: fc.constantFrom('object', 'array', 'map', 'set'), children: fc.array(child(nodes), { maxLength: 4 }) }), { minLength: nodes, maxLength: nodes }),
  );

  function build(plan: Plan): unknown[] {
    const nodes: unknown[] = plan.map(({ kind }) => (kind === 'object' ? {} : kind === 'array' ? [] : kind === 'map' ? new Map() : new Set()));
    plan.forEach(({ kind, children }, i) => {
      const node = nodes[i];
      for (const entry of children) {
        const value = 'node' in entry ? nodes[entry.node] : entry.value;
        if (kind === 'object') (node as Record<string, unknown>)[entry.key] = value;
        else if (kind === 'array') (node as unknown[]).push(value);
        else if (kind === 'map') (node as Map<string, unknown>).set(entry.key, value);
        else (node as Set<unknown>).add(value);
      }
    });
    return nodes;
  }

  it('never gives two values that deepEqual tells apart the same fingerprint', () => {
    fc.assert(
      fc.property(plan, plan, (a, b) => {
        const fingerprints = new Fingerprints();
        const nodes = [...build(a), ...build(b)];
        const prints = nodes.map((node) => fingerprints.of(node));
        for (let i = 0; i < nodes.length; i++) {
          for (let j = i + 1; j < nodes.length; j++) {
            if (prints[i] !== undefined && prints[i] === prints[j]) assert.ok(deepEqual(nodes[i], nodes[j]), 'equal fingerprints, different values');
          }
        }
      }),
      { seed: 1, numRuns: 3000 },
    );
  });

  it('gives a copy the fingerprint of its original, whatever was fingerprinted before', () => {
    fc.assert(
      fc.property(plan, fc.func(fc.integer()), (p, order) => {
        const original = build(p);
        const copy = structuredClone(original);
        const first = new Fingerprints();
        const expected = original.map((node) => first.of(node));
        const second = new Fingerprints();
        const indices = original.map((_, i) => i).sort((i, j) => order(i) - order(j) || i - j);
        const shuffled = new Map(indices.map((i) => [i, second.of(copy[i])]));
        assert.deepEqual(
          original.map((_, i) => shuffled.get(i)),
          expected,
        );
      }),
      { seed: 1, numRuns: 1000 },
    );
  });

  it('takes 0 and -0, and NaN and NaN, as deepEqual does, and has none for what cannot be named across runs', () => {
    const fingerprints = new Fingerprints();
    assert.equal(fingerprints.of({ a: 0, b: NaN }), fingerprints.of({ a: -0, b: Number.NaN }));
    assert.notEqual(fingerprints.of({ a: '1' }), fingerprints.of({ a: 1 }));
    assert.notEqual(fingerprints.of([1, 2]), fingerprints.of([2, 1]));
    assert.notEqual(fingerprints.of({}), fingerprints.of([]));
    for (const value of [() => 1, { f: () => 1 }, new Date(0), [Symbol('s')], new Map([[{}, 1]]), new (class Point {})()]) assert.equal(fingerprints.of(value), undefined);
  });

  it('tells a cycle back to the root from one back to the object itself, and enters a cycle anywhere the same way', () => {
    const toRoot: Record<string, unknown> = {};
    toRoot.p = { q: toRoot };
    const inner: Record<string, unknown> = {};
    inner.q = inner;
    const toItself = { p: inner };
    assert.ok(!deepEqual(toRoot, toItself));
    assert.notEqual(new Fingerprints().of(toRoot), new Fingerprints().of(toItself));

    // The same fingerprints whichever member of a cycle was fingerprinted first.
    const a: Record<string, unknown> = { name: 'a' };
    const b: Record<string, unknown> = { name: 'b', next: a };
    a.next = b;
    const forward = new Fingerprints();
    const aFirst = [forward.of({ at: a }), forward.of({ at: b }), forward.of(a), forward.of(b)];
    const backward = new Fingerprints();
    const [b1, a1, atB, atA] = [backward.of(b), backward.of(a), backward.of({ at: b }), backward.of({ at: a })];
    assert.deepEqual(aFirst, [atA, atB, a1, b1]);
    assert.notEqual(aFirst[0], aFirst[1]);
  });
});
