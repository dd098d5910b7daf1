import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerInit, WorkerToHost } from '../protocol';
import { isHostToWorker } from './host-messages';
import { WorkspaceAnalyzer } from './workspace-analyzer';

/**
 * Entry of `dist/analysis-worker.js`: the engine, the TypeScript compiler and
 * the tree-sitter parsers load here, off the extension host's thread, so
 * activation stays fast and typing never waits for analysis.
 *
 * Nothing a message carries may end this thread: a message of the wrong
 * shape is dropped, and a failure while handling one is logged and answered
 * (a render request gets an empty page) instead of becoming an uncaught
 * exception that kills the worker and every finding it holds.
 */
const post = (message: WorkerToHost) => parentPort!.postMessage(message);
const analyzer = new WorkspaceAnalyzer(workerData as WorkerInit, post);
parentPort!.on('message', (message: unknown) => {
  if (!isHostToWorker(message)) {
    post({ type: 'log', message: `Ignored an invalid message: ${JSON.stringify(message)?.slice(0, 200)}` });
    return;
  }
  try {
    analyzer.receive(message);
  } catch (error) {
    post({ type: 'log', message: `Handling a ${message.type} message failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` });
    if (message.type === 'render') post({ type: 'rendered', request: message.request, text: '' });
    if (message.type === 'summary') post({ type: 'summary', request: message.request, summary: { deployment: 'unknown', platforms: [], stack: [] } });
  }
});
