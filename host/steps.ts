import type { AnalysisError, AnalysisSettings, AnalyzeOptions, Engine, FactsIndex, FileFacts, FileResult, SkippedFile } from '../analyzers';
import type { DiscoveredFile } from './files';
import { readSource } from './read';

export interface IndexOutcome {
  facts?: FileFacts;
  skipped?: SkippedFile;
  error?: AnalysisError;
}

/** Pass 1 for one file: read, parse, extract its facts. */
export function indexFile(engine: Engine, file: DiscoveredFile): IndexOutcome {
  const read = readSource(file.absolute);
  if ('skipped' in read) return { skipped: { file: file.relative, reason: read.skipped } };
  const outcome = engine.parse({ path: file.relative, text: read.text });
  if (outcome.kind === 'skipped') return { skipped: outcome.skipped };
  if (outcome.kind === 'failed') return { error: outcome.error };
  if (outcome.kind === 'unsupported') return {};
  const extracted = engine.extractFacts(outcome.file);
  return { facts: extracted.facts, error: extracted.error };
}

/** Pass 2 for one file: read and parse again, run the rules against the whole workspace's facts. */
export function analyzeFile(engine: Engine, file: DiscoveredFile, facts: FactsIndex, settings: AnalysisSettings, options: AnalyzeOptions): FileResult | undefined {
  const read = readSource(file.absolute);
  if ('skipped' in read) return undefined;
  const outcome = engine.parse({ path: file.relative, text: read.text });
  if (outcome.kind !== 'parsed') return undefined;
  return engine.analyze(outcome.file, facts, settings, options);
}
