import type { AnalysisError, AnalysisSettings, AnalyzeOptions, FactsKey, FileFacts } from '../analyzers';
import type { DiscoveredFile } from './files';
import type { SharedFacts } from './shared-facts';
import type { Analyzed, IndexOutcome, SeenReads } from './steps';

/** Messages the scan sends a worker thread. */
export type WorkerRequest =
  /** `record`: the scan keeps a cache; return each file's digest and what its analysis read. */
  | { type: 'setup'; settings: AnalysisSettings; analyze: AnalyzeOptions; record?: boolean }
  | { type: 'index'; files: DiscoveredFile[] }
  /** The workspace facts for pass 2: as data, or (for a worker restarted in pass 2) where the scan keeps them serialized. */
  | { type: 'facts'; snapshot: FileFacts[] }
  | { type: 'facts'; facts: SharedFacts }
  | { type: 'analyze'; files: AnalyzeItem[] };

/** What a worker's analyses read, as the scan cache keeps it (`ReadsRecorder.drain`): new since its last reply. */
export interface Noted {
  values: Array<[FactsKey, string]>;
  views: Array<[string, FactsKey[]]>;
}

/** A file for pass 2, with the reads of its pass-1 analysis when there was one to confirm. */
export interface AnalyzeItem {
  file: DiscoveredFile;
  reads?: SeenReads;
}

/** Replies, one per `index` or `analyze` request; `setup` and `facts` need none. */
export type WorkerReply =
  | { type: 'indexed'; outcomes: IndexOutcome[] }
  /** `confirmed`: files whose pass-1 findings stand (their reads saw the same values); `noted`: for the scan cache (`ReadsRecorder`). */
  | { type: 'analyzed'; results: Analyzed[]; confirmed: string[]; count: number; noted?: Noted }
  | { type: 'error'; errors: AnalysisError[] };
