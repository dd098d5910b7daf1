import type { AnalysisError, AnalysisSettings, AnalyzeOptions, FileFacts, FileResult } from '../analyzers';
import type { DiscoveredFile } from './files';
import type { IndexOutcome } from './steps';

/** Messages the scan sends a worker thread. */
export type WorkerRequest =
  | { type: 'index'; files: DiscoveredFile[] }
  | { type: 'facts'; snapshot: FileFacts[]; settings: AnalysisSettings; analyze: AnalyzeOptions }
  | { type: 'analyze'; files: DiscoveredFile[] };

/** Replies, one per `index` or `analyze` request. */
export type WorkerReply =
  | { type: 'indexed'; outcomes: IndexOutcome[] }
  | { type: 'analyzed'; results: FileResult[]; count: number }
  | { type: 'error'; errors: AnalysisError[] };
