import type { RuleContext } from '../../core/rule';
import type { ConfigFacts, GunicornFacts } from '../../config/facts';
import type { ConfigTree } from '../../config/language';
import { gunicornNumbers } from './gunicorn-numbers';
import type rule from './rule';

type Context = RuleContext<ConfigTree, typeof rule>;

/** Gunicorn's concurrency as a Dockerfile CMD or a Procfile line sets it. */
export function check(context: Context): void {
  const facts = context.facts.get(context.file.path);
  if (!facts || facts.language !== 'config') return;
  const data = facts.data as ConfigFacts;
  const configs: GunicornFacts[] = [];
  if (data.kind === 'dockerfile' && data.gunicorn) configs.push(data.gunicorn);
  if (data.kind === 'procfile') for (const process of data.processes) if (process.gunicorn) configs.push(process.gunicorn);
  for (const config of configs) {
    const { data: numbers, details } = gunicornNumbers(config);
    context.report({
      message: config.asyncWorkers ? 'gunicornAsyncCapacity' : 'gunicornCapacity',
      data: numbers,
      start: config.location.range.start.offset,
      end: config.location.range.end.offset,
      details,
    });
  }
}

