import { deploymentFacts } from '../../config/deployment';
import { gunicornNumbers } from './gunicorn-numbers';
import type { RuleContext } from '../../core/rule';
import type { PyTree } from '../../python/tree';
import { isDevelopmentSettings } from '../../python/settings';
import { pyCheck } from '../../python/check';
import type rule from './rule';

type Context = RuleContext<PyTree, typeof rule>;

/** `gunicorn.conf.py` workers × threads, and `CONN_MAX_AGE` against that concurrency. */
export function check(context: Context): void {
  const c = pyCheck(context, { includeScripts: true });
  if (!c) return;
  const conf = c.facts.gunicorn;
  if (conf?.facts) {
    const { data, details } = gunicornNumbers(conf.facts);
    context.report({
      message: conf.facts.asyncWorkers ? 'gunicornAsyncCapacity' : 'gunicornCapacity',
      data,
      start: conf.location.range.start.offset,
      end: conf.location.range.end.offset,
      details,
    });
  } else if (conf?.workersDynamic) {
    context.report({
      message: 'pyGunicornCpuWorkers',
      data: { threads: conf.threads ?? 1 },
      start: conf.location.range.start.offset,
      end: conf.location.range.end.offset,
      details: { stack: 'django', threads: conf.threads ?? 1 },
    });
  }

  const connMaxAge = c.facts.settings?.connMaxAge;
  if (connMaxAge && connMaxAge.value !== 0 && !isDevelopmentSettings(c.path)) {
    const gunicorn = deploymentFacts(context.facts, context.settings.config.deployment).gunicorn.find((config) => !config.asyncWorkers);
    const perInstance = gunicorn ? gunicorn.workers * gunicorn.threads : undefined;
    const seconds = connMaxAge.value === 'persistent' ? 'persistent' : connMaxAge.value;
    context.report({
      message: perInstance ? 'pyConnMaxAgeWithGunicorn' : 'pyConnMaxAge',
      data: { seconds: connMaxAge.value === 'persistent' ? 'None' : connMaxAge.value, connections: perInstance ?? 0, workers: gunicorn?.workers ?? 0, threads: gunicorn?.threads ?? 0 },
      start: connMaxAge.location.range.start.offset,
      end: connMaxAge.location.range.end.offset,
      related: gunicorn ? [{ location: gunicorn.location, message: 'pyGunicornHere' }] : undefined,
      details: { stack: 'django', connMaxAge: seconds, ...(perInstance ? { connectionsPerInstance: perInstance, workers: gunicorn!.workers, threads: gunicorn!.threads } : {}) },
    });
  }
}
