import { parentPort, workerData } from 'node:worker_threads';
import type { HostToWorker, WorkerInit } from '../protocol';
import { WorkspaceAnalyzer } from './workspace-analyzer';

/**
 * Entry of `dist/analysis-worker.js`: the engine, the TypeScript compiler and
 * the tree-sitter parsers load here, off the extension host's thread, so
 * activation stays fast and typing never waits for analysis.
 */
const analyzer = new WorkspaceAnalyzer(workerData as WorkerInit, (message) => parentPort!.postMessage(message));
parentPort!.on('message', (message: HostToWorker) => analyzer.receive(message));
