import type { AnalysisError, AnalysisSettings, AnalyzeOptions, FileFacts, FileResult } from '../analyzers';
import type { DiscoveredFile } from './files';
import type { IndexOutcome } from './steps';

/** Messages the scan sends a worker thread. */
export type WorkerRequest =
  | { type: 'setup'; settings: AnalysisSettings; analyze: AnalyzeOptions }
  | { type: 'index'; files: DiscoveredFile[] }
  | { type: 'facts'; snapshot: FileFacts[] }
  | { type: 'analyze'; files: DiscoveredFile[] };

/** Replies, one per `index` or `analyze` request; `setup` and `facts` need none. */
export type WorkerReply =
  | { type: 'indexed'; outcomes: IndexOutcome[] }
  | { type: 'analyzed'; results: FileResult[]; count: number }
  | { type: 'error'; errors: AnalysisError[] };
