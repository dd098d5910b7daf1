import { parentPort } from 'node:worker_threads';
import { createEngine, FactsIndex, type AnalysisSettings, type AnalyzeOptions } from '../analyzers';
import { nodeParserAssets } from './assets';
import { ReadsRecorder } from './reuse';
import { readSharedFacts } from './shared-facts';
import { analyzeFile, confirmReads, indexFile, Speculation, type Analyzed } from './steps';
import type { WorkerReply, WorkerRequest } from './worker-protocol';

/** A scan worker: one engine, fed chunks of files by `scan.ts`. */
const engine = createEngine();
const assets = nodeParserAssets();
let facts = new FactsIndex();
let settings: AnalysisSettings | undefined;
let analyzeOptions: AnalyzeOptions = {};
let record = false;
let recorder: ReadsRecorder | undefined;
const speculation = new Speculation();

parentPort?.on('message', async (request: WorkerRequest) => {
  const reply = (message: WorkerReply) => parentPort!.postMessage(message);
  try {
    if (request.type === 'setup') {
      settings = request.settings;
      analyzeOptions = request.analyze;
      record = request.record === true;
      return;
    }
    if (request.type === 'facts') {
      facts = FactsIndex.fromSnapshot('snapshot' in request ? request.snapshot : readSharedFacts(request.facts));
      recorder = record ? new ReadsRecorder(facts) : undefined;
      return;
    }
    const loadErrors = await engine.prepare(request.files.map((item) => ('file' in item ? item.file : item).relative), assets);
    if (request.type === 'index') {
      const outcomes = request.files.map((file) => indexFile(engine, file, { settings: settings!, analyze: analyzeOptions, speculation, digest: record }));
      if (loadErrors.length) outcomes.push(...loadErrors.map((error) => ({ error })));
      reply({ type: 'indexed', outcomes });
    } else {
      const results: Analyzed[] = [];
      const confirmed: string[] = [];
      for (const { file, reads } of request.files) {
        if (reads && confirmReads(reads, facts)) {
          recorder?.note(reads.map(([key]) => key));
          confirmed.push(file.relative);
          continue;
        }
        const analyzed = analyzeFile(engine, file, facts, settings!, analyzeOptions, record);
        if (analyzed) {
          recorder?.note(analyzed.reads ?? []);
          results.push(analyzed);
        }
      }
      reply({ type: 'analyzed', results, confirmed, count: request.files.length, ...(recorder ? { noted: recorder.drain() } : {}) });
    }
  } catch (error) {
    reply({ type: 'error', errors: [{ file: '', message: `Scan worker failed: ${(error as Error).message}` }] });
  }
});
