import { parentPort } from 'node:worker_threads';
import { createEngine, FactsIndex, type AnalysisSettings, type AnalyzeOptions, type FileResult } from '../analyzers';
import { nodeParserAssets } from './assets';
import { readSharedFacts } from './shared-facts';
import { analyzeFile, confirmReads, indexFile, Speculation } from './steps';
import type { WorkerReply, WorkerRequest } from './worker-protocol';

/** A scan worker: one engine, fed chunks of files by `scan.ts`. */
const engine = createEngine();
const assets = nodeParserAssets();
let facts = new FactsIndex();
let settings: AnalysisSettings | undefined;
let analyzeOptions: AnalyzeOptions = {};
const speculation = new Speculation();

parentPort?.on('message', async (request: WorkerRequest) => {
  const reply = (message: WorkerReply) => parentPort!.postMessage(message);
  try {
    if (request.type === 'setup') {
      settings = request.settings;
      analyzeOptions = request.analyze;
      return;
    }
    if (request.type === 'facts') {
      facts = FactsIndex.fromSnapshot('snapshot' in request ? request.snapshot : readSharedFacts(request.facts));
      return;
    }
    const loadErrors = await engine.prepare(request.files.map((item) => ('file' in item ? item.file : item).relative), assets);
    if (request.type === 'index') {
      const outcomes = request.files.map((file) => indexFile(engine, file, { settings: settings!, analyze: analyzeOptions, speculation }));
      if (loadErrors.length) outcomes.push(...loadErrors.map((error) => ({ error })));
      reply({ type: 'indexed', outcomes });
    } else {
      const results: FileResult[] = [];
      const confirmed: string[] = [];
      for (const { file, reads } of request.files) {
        if (reads && confirmReads(reads, facts)) {
          confirmed.push(file.relative);
          continue;
        }
        const result = analyzeFile(engine, file, facts, settings!, analyzeOptions);
        if (result) results.push(result);
      }
      reply({ type: 'analyzed', results, confirmed, count: request.files.length });
    }
  } catch (error) {
    reply({ type: 'error', errors: [{ file: '', message: `Scan worker failed: ${(error as Error).message}` }] });
  }
});
