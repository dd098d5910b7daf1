/**
 * The parse floor, run by bench/run.ts in a child process:
 *   node dist-bench/floor.js <corpus dir>   (bundled by run.ts)
 *
 * How long each language's parser alone takes over the corpus on one
 * thread, reading excluded: the least a full scan must spend, before facts,
 * rules and a second core. Prints JSON on stdout.
 */
import * as path from 'node:path';
import { defaultConfig, languageOf, languages, PathFilter } from '../analyzers';
import { nodeParserAssets } from '../host/assets';
import { discoverFiles } from '../host/files';
import { readSource } from '../host/read';

export interface FloorResult {
  language: string;
  files: number;
  seconds: number;
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  const files = discoverFiles(dir, ['.'], new PathFilter(defaultConfig()));
  const out: FloorResult[] = [];
  for (const support of languages) {
    if (support.language === 'config') continue;
    const sources = files.filter((file) => languageOf(file.relative) === support.language).map((file) => ({ path: file.relative, read: readSource(file.absolute) }));
    if (sources.length < 10) continue;
    await support.load?.(nodeParserAssets(path.join(__dirname, '..', 'dist')));
    const started = process.hrtime.bigint();
    for (const source of sources) if ('text' in source.read) support.parse(source.path, source.read.text);
    out.push({ language: support.language, files: sources.length, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? error.stack : error));
  process.exitCode = 1;
});
