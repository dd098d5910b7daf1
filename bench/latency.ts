/**
 * On-type latency, run by bench/run.ts in a child process:
 *   node dist-bench/latency.js <corpus dir> <file in it>   (bundled by run.ts)
 *
 * An AnalysisSession holds the facts of every file of the corpus, as the
 * editor's worker does after its background scan; then a person types into a
 * 1,000-line file. Each keystroke is `update()` (parse, facts, dependency
 * check) plus `analyze()` of that file, timed together. Typing mostly happens
 * inside function bodies; one keystroke in eight edits an import line, which
 * changes the file's facts. Prints JSON on stdout.
 */
import * as path from 'node:path';
import { AnalysisSession, createEngine, defaultConfig, PathFilter } from '../analyzers';
import { nodeParserAssets } from '../host/assets';
import { discoverFiles } from '../host/files';
import { readSource } from '../host/read';

const WARM_UP = 30;

export interface LatencyResult {
  file: string;
  lines: number;
  keystrokes: number;
  indexedFiles: number;
  p50: number;
  p95: number;
  max: number;
  /** Keystrokes that changed the file's facts, and how many other known files they affected at most. */
  factsChanges: number;
  maxAffected: number;
}

async function main(): Promise<void> {
  const [dir, target] = process.argv.slice(2);
  const engine = createEngine();
  const settings = { locale: 'en' as const, config: defaultConfig() };
  const files = discoverFiles(dir, ['.'], new PathFilter(settings.config));
  await engine.prepare(files.map((file) => file.relative), nodeParserAssets(path.join(__dirname, '..', 'dist')));
  if (!engine.languageOf(target)) {
    process.stdout.write(JSON.stringify({ unsupported: `no analyzer for ${path.extname(target)} files on this branch` }));
    return;
  }
  const session = new AnalysisSession(engine, settings);
  let indexed = 0;
  for (const file of files) {
    if (file.relative === target) continue;
    const read = readSource(file.absolute);
    if (!('text' in read)) continue;
    const outcome = engine.parse({ path: file.relative, text: read.text });
    if (outcome.kind !== 'parsed') continue;
    const { facts } = engine.extractFacts(outcome.file);
    if (facts && session.indexFacts(facts)) indexed++;
  }

  const original = (readSource(path.join(dir, target)) as { text: string }).text;
  const edits = keystrokes(original, target.endsWith('.py'));
  const timings: number[] = [];
  let factsChanges = 0;
  let maxAffected = 0;
  session.update({ path: target, text: original });
  session.analyze(target);
  edits.forEach((text, index) => {
    const started = process.hrtime.bigint();
    const outcome = session.update({ path: target, text });
    session.analyze(target);
    const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
    if (index >= WARM_UP) timings.push(elapsed);
    if (outcome.factsChanged) factsChanges++;
    maxAffected = Math.max(maxAffected, outcome.affected?.length ?? 0);
  });
  timings.sort((a, b) => a - b);
  const percentile = (p: number) => timings[Math.min(timings.length - 1, Math.floor((p / 100) * timings.length))];
  const result: LatencyResult = {
    file: target,
    lines: original.split(/\r\n|\r|\n/).length,
    keystrokes: timings.length,
    indexedFiles: indexed,
    p50: round(percentile(50)),
    p95: round(percentile(95)),
    max: round(timings[timings.length - 1]),
    factsChanges,
    maxAffected,
  };
  process.stdout.write(JSON.stringify(result));
}

/**
 * The texts after each keystroke: a statement typed character by character
 * into function bodies at several places, then erased; every eighth
 * keystroke instead types into a new import line at the top.
 */
function keystrokes(original: string, python: boolean): string[] {
  const lines = original.split('\n');
  const statement = python ? 'total = sum(row.amount for row in rows)' : 'const total = rows.reduce((sum, row) => sum + row.amount, 0);';
  const importLine = python ? 'from apps.reporting.helpers import summarize' : "import { summarize } from '@/lib/reporting/helpers';";
  const bodyLines = lines.map((line, index) => ({ line, index })).filter(({ line }) => /^ {4}\S/.test(line)).map(({ index }) => index);
  const texts: string[] = [];
  let importTyped = 0;
  const withImport = (body: string[]) => (importTyped ? [importLine.slice(0, importTyped), ...body] : body).join('\n');
  for (let round = 0; texts.length < 400; round++) {
    const at = bodyLines[Math.floor((round * 7919) % bodyLines.length)];
    const indent = lines[at].match(/^\s*/)![0];
    const typing = (count: number) => [...lines.slice(0, at), indent + statement.slice(0, count), ...lines.slice(at)];
    for (let count = 1; count <= statement.length; count++) {
      texts.push(withImport(typing(count)));
      if (texts.length % 8 === 0 && importTyped < importLine.length) {
        importTyped++;
        texts.push(withImport(typing(count)));
      }
    }
    for (let count = statement.length - 1; count >= 0; count--) texts.push(withImport(count ? typing(count) : lines));
  }
  return texts;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

main().catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? error.stack : error));
  process.exitCode = 1;
});
