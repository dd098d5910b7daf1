import type { Range } from '../core/types';
import { gunicornWorkerModel, type GunicornFacts } from '../core/servers';

/**
 * Gunicorn's workers and threads from a command line (`gunicorn app.wsgi -w 2
 * --threads 2`). Undefined when the command does not run gunicorn. Values taken
 * from environment variables (`$WEB_CONCURRENCY`) are unknown, and then the
 * defaults (1 worker, 1 thread) are not assumed either: the field is left out.
 *
 * With no `-w`, Gunicorn starts `$WEB_CONCURRENCY` workers, else one. A
 * platform that runs a Procfile (Heroku, Dokku, Render) sets that variable
 * for the machine's size, so there the count is the platform's, not 1:
 * `platformConcurrency` says so.
 */
export function gunicornFromCommand(words: readonly string[], file: string, range: Range, platformConcurrency = false): GunicornFacts | undefined {
  const start = words.findIndex((word) => /(^|\/)gunicorn$/.test(word));
  if (start < 0) return undefined;
  let workers: number | undefined = platformConcurrency ? undefined : 1;
  let threads: number | undefined = 1;
  let workerClass = '';
  for (let i = start + 1; i < words.length; i++) {
    const word = words[i];
    const [flag, inline] = word.includes('=') ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word, undefined];
    const value = () => inline ?? words[++i];
    if (flag === '-w' || flag === '--workers') workers = numberOrUndefined(value());
    else if (flag === '--threads') threads = numberOrUndefined(value());
    else if (flag === '-k' || flag === '--worker-class') workerClass = value() ?? '';
    else if (/^-w\d+$/.test(flag)) workers = Number(flag.slice(2));
  }
  if (workers === undefined || threads === undefined) return undefined;
  return { workers, threads, asyncWorkers: gunicornWorkerModel(workerClass, threads) === 'async', location: { file, range } };
}

function numberOrUndefined(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}
