import { parentPort } from 'node:worker_threads';
import type { WorkerToHost } from '../protocol';
import { isHostToWorker } from './host-messages';
import { renderPage } from './page-render';

/**
 * Entry of `dist/page-worker.js`: renders lessons and the report while
 * analysis is off (`scalecheck.enable: false`), without the engine, the
 * TypeScript compiler or the parsers that the analysis worker holds. It
 * answers `render` only; anything else is dropped.
 */
const post = (message: WorkerToHost) => parentPort!.postMessage(message);
parentPort!.on('message', (message: unknown) => {
  if (!isHostToWorker(message) || message.type !== 'render') return;
  let text = '';
  try {
    text = renderPage(message.render, () => ({ deployment: 'unknown', platforms: [], stack: [] }));
  } catch (error) {
    post({ type: 'log', message: `Rendering a ${message.render.page} page failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` });
  }
  post({ type: 'rendered', request: message.request, text });
});
