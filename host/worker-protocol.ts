import type { AnalysisError, AnalysisSettings, AnalyzeOptions, FileFacts, FileResult } from '../analyzers';
import type { DiscoveredFile } from './files';
import type { SharedFacts } from './shared-facts';
import type { IndexOutcome, SeenReads } from './steps';

/** Messages the scan sends a worker thread. */
export type WorkerRequest =
  | { type: 'setup'; settings: AnalysisSettings; analyze: AnalyzeOptions }
  | { type: 'index'; files: DiscoveredFile[] }
  /** The workspace facts for pass 2: as data, or (for a worker restarted in pass 2) where the scan keeps them serialized. */
  | { type: 'facts'; snapshot: FileFacts[] }
  | { type: 'facts'; facts: SharedFacts }
  | { type: 'analyze'; files: AnalyzeItem[] };

/** A file for pass 2, with the reads of its pass-1 analysis when there was one to confirm. */
export interface AnalyzeItem {
  file: DiscoveredFile;
  reads?: SeenReads;
}

/** Replies, one per `index` or `analyze` request; `setup` and `facts` need none. */
export type WorkerReply =
  | { type: 'indexed'; outcomes: IndexOutcome[] }
  /** `confirmed`: files whose pass-1 findings stand (their reads saw the same values). */
  | { type: 'analyzed'; results: FileResult[]; confirmed: string[]; count: number }
  | { type: 'error'; errors: AnalysisError[] };
