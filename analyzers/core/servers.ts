import type { Location } from './types';

/**
 * How a Python application server runs requests, named once for every
 * reader (the command-line reader of Dockerfiles and Procfiles, the
 * `gunicorn.conf.py` reader, the capacity and AI-timeout messages).
 *
 * - `sync`: one request per worker process at a time (Gunicorn's default).
 * - `gthread`: each worker runs `threads` requests at once (Gunicorn picks it
 *   by itself when `--threads` is above 1).
 * - `async`: an event loop per worker (gevent, eventlet, tornado, uvicorn's
 *   worker): many requests at once, stalled together by one blocking call.
 */
export type WorkerModel = 'sync' | 'gthread' | 'async';

const ASYNC_WORKER_CLASS = /gevent|eventlet|uvicorn|tornado|aiohttp/i;

/** The worker model of a Gunicorn `worker_class` / `-k` value with the given thread count. */
export function gunicornWorkerModel(workerClass: string | undefined, threads: number): WorkerModel {
  if (workerClass && ASYNC_WORKER_CLASS.test(workerClass)) return 'async';
  return threads > 1 || /gthread/i.test(workerClass ?? '') ? 'gthread' : 'sync';
}

/** Gunicorn's concurrency as written in a command line or config file. */
export interface GunicornFacts {
  workers: number;
  threads: number;
  /** True when the worker class is async (gevent, eventlet, uvicorn): threads do not cap it the same way. */
  asyncWorkers: boolean;
  /** Where the numbers are written, to point a finding at. */
  location: Location;
}

/** Requests one instance serves at the same moment: workers × threads (an async worker counts as one slot per worker here). */
export function requestSlots(server: Pick<GunicornFacts, 'workers' | 'threads'>): number {
  return server.workers * Math.max(1, server.threads);
}
