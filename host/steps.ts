import { FactsIndex, FactsKeys, type AnalysisError, type AnalysisSettings, type AnalyzeOptions, type Engine, type FileFacts, type FileResult, type ParsedFile, type SkippedFile } from '../analyzers';
import type { DiscoveredFile } from './files';
import { readSource } from './read';

export interface IndexOutcome {
  facts?: FileFacts;
  skipped?: SkippedFile;
  error?: AnalysisError;
  /** The file's final findings, when its analysis in pass 1 read no other file's facts: pass 2 skips it. */
  result?: FileResult;
}

export interface Pass1Settings {
  settings: AnalysisSettings;
  analyze: AnalyzeOptions;
}

/**
 * Pass 1 for one file: read, parse, extract its facts, then analyze it at
 * once against an index holding only its own facts, observing every read.
 * When the rules read nothing but the file's own facts, the findings are the
 * same as they would be with the whole workspace's facts, so they are final
 * and the file is not parsed a second time. Any other read (another file,
 * a language, a cross-file view) drops the result and leaves the file to
 * pass 2.
 */
export function indexFile(engine: Engine, file: DiscoveredFile, pass1?: Pass1Settings): IndexOutcome {
  const read = readSource(file.absolute);
  if ('skipped' in read) return { skipped: { file: file.relative, reason: read.skipped } };
  const outcome = engine.parse({ path: file.relative, text: read.text });
  if (outcome.kind === 'skipped') return { skipped: outcome.skipped };
  if (outcome.kind === 'failed') return { error: outcome.error };
  if (outcome.kind === 'unsupported') return {};
  const extracted = engine.extractFacts(outcome.file);
  const indexed: IndexOutcome = { facts: extracted.facts, error: extracted.error };
  if (pass1 && extracted.facts) indexed.result = analyzeAlone(engine, outcome.file, extracted.facts, pass1);
  engine.dispose(outcome.file);
  return indexed;
}

function analyzeAlone(engine: Engine, file: ParsedFile, facts: FileFacts, pass1: Pass1Settings): FileResult | undefined {
  const own = new Set([FactsKeys.file(file.path), FactsKeys.text(file.path)]);
  const alone = FactsIndex.fromSnapshot([facts]);
  let local = true;
  const result = alone.observe(
    {
      read: (key) => {
        if (!own.has(key)) local = false;
      },
    },
    () => engine.analyze(file, alone, pass1.settings, pass1.analyze),
  );
  return local ? result : undefined;
}

/** Pass 2 for one file: read and parse again, run the rules against the whole workspace's facts. */
export function analyzeFile(engine: Engine, file: DiscoveredFile, facts: FactsIndex, settings: AnalysisSettings, options: AnalyzeOptions): FileResult | undefined {
  const read = readSource(file.absolute);
  if ('skipped' in read) return undefined;
  const outcome = engine.parse({ path: file.relative, text: read.text });
  if (outcome.kind !== 'parsed') return undefined;
  const result = engine.analyze(outcome.file, facts, settings, options);
  engine.dispose(outcome.file);
  return result;
}
