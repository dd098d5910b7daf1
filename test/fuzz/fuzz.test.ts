import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { allRules, AnalysisSession, analyzeProject, createEngine, defaultConfig, languages, type Engine, type Finding, type Language, type SourceFile } from '../../analyzers';
import { nodeParserAssets } from '../../host/assets';
import { applyFirstFixes, FIXTURES_ROOT, loadCases } from '../support/fixture-case';
import { BUILT_IN_SEEDS, fuzzInput, mutate, type Seed } from './inputs';

/**
 * Every language and every rule in the registry, through truncated, mutated
 * and garbage inputs: no rule or parser failure, no hang, ranges that agree
 * with the text, safe fixes that add no syntax error and settle. A language
 * that lands later is picked up from the registry with its fixtures.
 *
 * The CI run is fixed (seed 1, 1,000 inputs per language, tens of
 * seconds); `FUZZ_RUNS=<n>` and `FUZZ_SEED=<n>` run longer or elsewhere.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? 1);
/** No input may take longer than this (a hang shows up as a failure, not a stuck suite). Generous for a loaded CI machine. */
const MAX_MS_PER_INPUT = 3_000;

const EVERY_LANGUAGE: Record<Language, true> = { typescript: true, prisma: true, python: true, config: true, sql: true };
const settings = { locale: 'en' as const, config: defaultConfig() };

describe('fuzz', function () {
  this.timeout(Math.max(120_000, RUNS * 200));
  const engine = createEngine();
  const seeds = collectSeeds(engine);

  before(async () => {
    const errors = await engine.prepare(
      seeds.map((seed) => seed.file.path),
      nodeParserAssets(path.join(__dirname, '..', '..', 'host')),
    );
    assert.deepEqual(errors, []);
  });

  it('reaches every rule: each checker is for a language the registry parses', () => {
    const parsed = new Set<string>(languages.map((support) => support.language));
    const unreachable = allRules.flatMap((rule) => Object.keys(rule.checks).filter((language) => !parsed.has(language)).map((language) => `${rule.meta.id} (${language})`));
    assert.deepEqual(unreachable, []);
  });

  for (const language of Object.keys(EVERY_LANGUAGE) as Language[]) {
    const languageSeeds = seeds.filter((seed) => engine.languageOf(seed.file.path) === language);
    if (!languages.some((support) => support.language === language)) {
      it.skip(`${language}: no analyzer in the registry yet`);
      continue;
    }
    it(`${language}: ${RUNS} inputs from ${languageSeeds.length} seeds`, () => {
      const stats = { inputs: 0, findings: 0, fixesApplied: 0, slowestMs: 0, started: Date.now() };
      fc.assert(
        fc.property(fuzzInput(languageSeeds.length), (input) => {
          const seed = languageSeeds[input.seed];
          const text = mutate(seed.file.text, input);
          checkInput(engine, { path: seed.file.path, text }, seed.context, stats);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      // One line per language for the record (inputs, time, findings); mocha's reporter shows it.
      console.log(`      ${language}: ${stats.inputs} inputs in ${((Date.now() - stats.started) / 1000).toFixed(1)} s, slowest ${stats.slowestMs.toFixed(0)} ms, ${stats.findings} findings, ${stats.fixesApplied} safe fixes applied`);
    });

    it(`${language}: typing through a session gives the findings of a fresh analysis`, () => {
      fc.assert(
        fc.property(fc.nat({ max: languageSeeds.length - 1 }), fc.array(fuzzInput(1), { minLength: 1, maxLength: 8 }), (seedIndex, steps) => {
          const seed = languageSeeds[seedIndex];
          const session = new AnalysisSession(engine, settings);
          for (const other of seed.context) if (other.path !== seed.file.path) session.update(other);
          let text = seed.file.text;
          session.update({ path: seed.file.path, text });
          session.analyze(seed.file.path);
          for (const step of steps) {
            // Small edits, as keystrokes are: one mutation of the current text at a time.
            text = mutate(text, { seed: 0, mutations: step.mutations.slice(0, 1) });
            session.update({ path: seed.file.path, text });
            const incremental = session.analyze(seed.file.path)?.findings ?? [];
            const fresh = analyzeProject(engine, [{ path: seed.file.path, text }, ...seed.context.filter((other) => other.path !== seed.file.path)], settings);
            const expected = fresh.files.find((entry) => entry.file === seed.file.path)?.findings ?? [];
            assert.deepEqual(incremental.map(describeFinding), expected.map(describeFinding));
          }
        }),
        { seed: SEED, numRuns: Math.ceil(RUNS / 10), endOnFailure: true },
      );
    });
  }
});

function describeFinding(finding: Finding): string {
  return `${finding.ruleId}@${finding.range.start.offset}-${finding.range.end.offset}:${finding.range.start.line}:${finding.range.start.column} ${finding.message}`;
}

interface Stats {
  inputs: number;
  findings: number;
  fixesApplied: number;
  slowestMs: number;
}

function checkInput(engine: Engine, file: SourceFile, context: readonly SourceFile[], stats: Stats): void {
  const sources = [file, ...context.filter((other) => other.path !== file.path)];
  const started = performance.now();
  const result = analyzeProject(engine, sources, settings);
  const elapsed = performance.now() - started;
  stats.inputs++;
  stats.slowestMs = Math.max(stats.slowestMs, elapsed);
  assert.ok(elapsed < MAX_MS_PER_INPUT, `analysis took ${elapsed.toFixed(0)} ms`);
  assert.deepEqual(result.errors, [], 'no parser, indexer or rule failure');

  const findings = result.files.flatMap((entry) => entry.findings);
  stats.findings += findings.length;
  for (const finding of findings) checkRange(sources, finding);

  const fixed = applyFirstFixes(sources, findings, 'safe');
  for (const [fixedPath, text] of fixed) {
    const original = sources.find((source) => source.path === fixedPath)!.text;
    assert.ok(syntaxErrors(engine, fixedPath, text) <= syntaxErrors(engine, fixedPath, original), `a safe fix adds a syntax error to ${fixedPath}:\n${text}`);
    stats.fixesApplied++;
  }
  if (fixed.size) {
    const fixedSources = sources.map((source) => ({ path: source.path, text: fixed.get(source.path) ?? source.text }));
    const again = analyzeProject(engine, fixedSources, settings);
    assert.deepEqual(again.errors, []);
    const twice = applyFirstFixes(fixedSources, again.files.flatMap((entry) => entry.findings), 'safe');
    for (const [fixedPath, text] of twice) assert.equal(text, fixed.get(fixedPath) ?? sources.find((source) => source.path === fixedPath)!.text, `safe fixes to ${fixedPath} do not settle`);
  }
  for (const [unsafePath, text] of applyFirstFixes(sources, findings, 'unsafe')) {
    assert.notEqual(engine.parse({ path: unsafePath, text }).kind, 'failed', `an unsafe fix leaves ${unsafePath} unparseable`);
  }
}

/** A finding's range must lie in the text, and its lines and columns must match its offsets (\r\n, \r and \n all break lines). */
function checkRange(sources: readonly SourceFile[], finding: Finding): void {
  const source = sources.find((candidate) => candidate.path === finding.file);
  assert.ok(source, `finding in unknown file ${finding.file}`);
  const { start, end } = finding.range;
  assert.ok(start.offset >= 0 && start.offset <= end.offset && end.offset <= source.text.length, `range ${start.offset}-${end.offset} outside ${source.text.length} chars`);
  for (const position of [start, end]) {
    const prefix: string = source.text.slice(0, position.offset);
    const breaks: string[] = prefix.match(/\r\n|\r|\n/g) ?? [];
    const lastBreak = Math.max(prefix.lastIndexOf('\n'), prefix.lastIndexOf('\r'));
    assert.equal(position.line, breaks.length + 1, `line of offset ${position.offset}`);
    assert.equal(position.column, position.offset - lastBreak, `column of offset ${position.offset}`);
  }
}

function syntaxErrors(engine: Engine, file: string, text: string): number {
  const language = engine.languageOf(file);
  const support = languages.find((candidate) => candidate.language === language);
  if (!support?.syntaxErrorCount) return 0;
  const tree = support.parse(file, text);
  try {
    return support.syntaxErrorCount(tree);
  } finally {
    support.dispose?.(tree);
  }
}

/** Every fixture file (fix outputs included) with the rest of its case, then the built-in seeds. */
function collectSeeds(engine: Engine): Seed[] {
  const seeds: Seed[] = [];
  const ruleFolders = fs.readdirSync(FIXTURES_ROOT, { withFileTypes: true }).filter((entry) => entry.isDirectory());
  for (const folder of ruleFolders) {
    for (const fixture of loadCases(folder.name)) {
      const variants = [...fixture.sources, ...[...fixture.fixed, ...fixture.unsafeFixed].map(([file, text]) => ({ path: file, text }))];
      for (const file of variants) if (engine.languageOf(file.path)) seeds.push({ file, context: fixture.sources });
    }
  }
  for (const file of BUILT_IN_SEEDS) seeds.push({ file, context: BUILT_IN_SEEDS.filter((other) => other !== file && engine.languageOf(other.path)) });
  return seeds;
}
