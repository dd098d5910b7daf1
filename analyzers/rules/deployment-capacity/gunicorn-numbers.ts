import { requestSlots, type GunicornFacts } from '../../core/servers';
import type { DeploymentCapacityDetails } from './rule';

/** Seconds one request takes in the back-of-envelope throughput: 100 ms, a typical fast page. */
export const TYPICAL_REQUEST_SECONDS = 0.1;

/** Message data and simulator numbers for a Gunicorn configuration. */
export function gunicornNumbers(config: GunicornFacts): { data: Record<string, number>; details: DeploymentCapacityDetails } {
  const concurrency = requestSlots(config);
  return {
    data: { workers: config.workers, threads: config.threads, concurrency, perSecond: Math.round(concurrency / TYPICAL_REQUEST_SECONDS) },
    details: { stack: 'django', workers: config.workers, threads: config.threads, concurrentRequests: concurrency, asyncWorkers: config.asyncWorkers },
  };
}
