import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { allRuleIds, compileIgnore, defaultConfig, ignoreFileLines, parseConfig, PathFilter } from '../../analyzers';
import { isPageMessage } from '../../lessons/contract';
import { isHostToWorker } from '../../src/worker/host-messages';

/**
 * The inputs around the engine that a workspace or a page controls:
 * `.scalecheck.json` text, ignore files, and the messages pages and the
 * host post. None may throw, none may take long, and what is accepted has
 * the shape its reader relies on. Same seed and run count as the language
 * fuzz suite (`FUZZ_RUNS`, `FUZZ_SEED`).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? 1);
const MAX_MS_PER_INPUT = 3_000;

/** Glob-ish strings: the characters globs are made of, in runs that find backtracking when it is there. */
const globChars = fc.constantFrom('*', '**', '?', '/', 'a', 'b', '.', '!', '#', '[', ']', '\\', ' ', '{', '}', ',', '-', '\u0000', '\n', 'é');
const glob = fc.oneof(fc.string({ maxLength: 40 }), fc.array(globChars, { maxLength: 60 }).map((parts) => parts.join('')), fc.constant(''), fc.nat({ max: 3 }).map((n) => `${'*a'.repeat(n + 2)}*b`));
const paths = ['a'.repeat(200) + '.ts', `src/${'ab'.repeat(100)}.py`, `${'a/'.repeat(90)}b.ts`, 'app/api/route.ts', 'node_modules/x/index.js', '.a/b', 'a b/[c].ts'];

const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 12 }), tie('value'), { maxKeys: 4 })),
})).value;
const configObject = fc.record(
  {
    rules: fc.oneof(fc.dictionary(fc.oneof(fc.constantFrom(...allRuleIds, '__proto__', 'constructor'), fc.string()), fc.oneof(fc.constantFrom('off', 'info', 'warning', 'error'), jsonValue)), jsonValue),
    ignore: fc.oneof(fc.array(glob, { maxLength: 6 }), jsonValue),
    scripts: fc.oneof(fc.array(glob, { maxLength: 6 }), jsonValue),
    deployment: fc.oneof(fc.constantFrom('auto', 'serverless', 'server', 'containers'), jsonValue),
    $schema: jsonValue,
    extra: jsonValue,
  },
  { requiredKeys: [] },
);
/** Config text: valid objects, their JSON cut or spliced, and garbage. */
const configText = fc.oneof(
  configObject.map((value) => JSON.stringify(value, null, 2)),
  fc.tuple(configObject, fc.nat(), fc.string({ maxLength: 8 })).map(([value, cut, insert]) => {
    const text = JSON.stringify(value);
    const at = cut % (text.length + 1);
    return text.slice(0, at) + insert + text.slice(at);
  }),
  fc.string({ maxLength: 200 }),
  fc.nat({ max: 3000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
);

function timed(what: string, fn: () => void): void {
  const started = performance.now();
  fn();
  const ms = performance.now() - started;
  assert.ok(ms < MAX_MS_PER_INPUT, `${what} took ${ms.toFixed(0)} ms`);
}

describe('fuzz: workspace inputs', function () {
  this.timeout(Math.max(120_000, RUNS * 100));

  it(`.scalecheck.json: ${RUNS} texts parse without throwing into a config the path filter accepts`, () => {
    fc.assert(
      fc.property(configText, (text) => {
        timed('parseConfig + PathFilter', () => {
          const { config, problems } = parseConfig(text, allRuleIds);
          for (const problem of problems) assert.equal(typeof problem.message, 'string');
          for (const [id, level] of Object.entries(config.rules)) {
            assert.ok(allRuleIds.includes(id), id);
            assert.ok(['off', 'info', 'warning', 'error'].includes(level), level);
          }
          assert.ok(['auto', 'serverless', 'server', 'containers'].includes(config.deployment));
          const filter = new PathFilter(config);
          for (const path of paths) {
            filter.isIgnored(path);
            filter.isScript(path);
          }
        });
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });

  it(`ignore files: ${RUNS} files compile without throwing and match in bounded time`, () => {
    fc.assert(
      fc.property(fc.array(glob, { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r'), (lines, eol) => {
        timed('compileIgnore + matching', () => {
          const compiled = compileIgnore(ignoreFileLines(lines.join(eol)), { skipBlank: true });
          for (const issue of compiled.issues) assert.equal(typeof issue.reason, 'string');
          const filter = new PathFilter({ ...defaultConfig(), ignore: lines, scripts: lines });
          for (const path of paths) {
            try {
              compiled.rules.ignores(path);
            } catch {
              // `ignore` refuses some paths outright; PathFilter and the walk catch that
            }
            filter.isIgnored(path);
            filter.isScript(path);
          }
        });
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });

  it(`page and worker messages: ${RUNS} values are judged without throwing, and what passes has its shape`, () => {
    const message = fc.oneof(
      jsonValue,
      fc.record({
        type: fc.constantFrom('applyFix', 'copyText', 'openLocation', 'openLesson', 'exportMarkdown', 'open', 'update', 'close', 'configure', 'render', 'index', 'scan', 'cancel', 'summary', 'diskChanged', 'diskDeleted', '__proto__', 'constructor'),
        fixIndex: jsonValue,
        text: jsonValue,
        file: fc.oneof(fc.string(), jsonValue),
        line: fc.oneof(fc.integer(), jsonValue),
        column: fc.oneof(fc.integer(), jsonValue),
        lessonId: fc.oneof(fc.constantFrom('n-plus-one', 'constructor', '__proto__', 'A', ''), jsonValue),
        path: fc.oneof(fc.string(), jsonValue),
        version: fc.oneof(fc.integer(), jsonValue),
        settings: fc.oneof(fc.record({ rules: fc.dictionary(fc.string(), fc.string()), ignore: fc.array(fc.string()), deployment: fc.string() }), jsonValue),
        locale: fc.constantFrom('en', 'ko', 'fr', undefined),
        job: fc.oneof(fc.integer(), jsonValue),
        request: fc.oneof(fc.integer(), jsonValue),
        render: jsonValue,
      }, { requiredKeys: ['type'] }),
    );
    fc.assert(
      fc.property(message, (value) => {
        if (isPageMessage(value)) {
          if (value.type === 'openLocation') assert.ok(value.file.length > 0 && value.line >= 1 && value.column >= 1);
          if (value.type === 'openLesson') assert.match(value.lessonId, /^[a-z][a-z0-9-]*$/);
          if (value.type === 'applyFix') assert.ok(Number.isInteger(value.fixIndex) && value.fixIndex >= 0);
          if (value.type === 'copyText') assert.equal(typeof value.text, 'string');
        }
        if (isHostToWorker(value) && (value.type === 'open' || value.type === 'update')) {
          assert.equal(typeof value.text, 'string');
          assert.ok(value.path.length > 0);
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
  });
});
