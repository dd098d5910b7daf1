import type { Deployment } from '../core/config';
import type { FactsIndex } from '../core/facts';
import { requestSlots } from '../core/servers';
import type { Location } from '../core/types';
import type { PythonFacts } from '../python/facts-types';
import type { ConfigFacts, GunicornFacts, Platform } from './facts';

/** What the workspace says about where and how the app runs. */
export interface DeploymentFacts {
  /** serverless: each request may land on a fresh, time-limited instance (Vercel, Netlify). */
  target: 'serverless' | 'server' | 'containers' | 'unknown';
  /** True when the target came from settings rather than detection. */
  overridden: boolean;
  platforms: Platform[];
  /** Longest configured function duration in seconds (vercel.json `maxDuration`). */
  maxDurationSeconds?: number;
  gunicorn: GunicornFacts[];
  /** Signs that more than one process or instance serves requests: in-process state then splits. */
  multiInstance: boolean;
  /** Why `multiInstance` is true, to cite in messages and related locations. */
  multiInstanceEvidence: Location[];
  /** Every JS dependency name of every package.json, with its declared version range. */
  jsDependencies: Record<string, string>;
  /** Every Python requirement name (lower case). */
  pythonDependencies: string[];
}

/** The deployment view of the workspace, computed once per facts version. */
export function deploymentFacts(facts: FactsIndex, override: Deployment = 'auto'): DeploymentFacts {
  const detected = facts.derived('config:deployment', detect);
  if (override === 'auto') return detected;
  return { ...detected, target: override, overridden: true };
}

function detect(index: FactsIndex): DeploymentFacts {
  const platforms = new Set<Platform>();
  const gunicorn: GunicornFacts[] = [];
  const evidence: Location[] = [];
  const jsDependencies: Record<string, string> = {};
  const pythonDependencies = new Set<string>();
  let maxDuration: number | undefined;

  for (const file of index.ofLanguage('config')) {
    const data = file.data as ConfigFacts;
    switch (data.kind) {
      case 'package-json':
        Object.assign(jsDependencies, data.dependencies);
        break;
      case 'python-deps':
        for (const dep of data.dependencies) pythonDependencies.add(dep);
        break;
      case 'vercel':
        platforms.add('vercel');
        if (data.maxDuration !== undefined) maxDuration = Math.max(maxDuration ?? 0, data.maxDuration);
        break;
      case 'dockerfile':
        platforms.add('docker');
        evidence.push(fileStart(file.path));
        if (data.gunicorn) gunicorn.push(data.gunicorn);
        break;
      case 'procfile':
        platforms.add('heroku');
        evidence.push(fileStart(file.path));
        for (const process of data.processes) if (process.gunicorn) gunicorn.push(process.gunicorn);
        break;
      case 'platform':
        platforms.add(data.platform);
        if (['fly', 'render', 'railway', 'app-engine'].includes(data.platform)) evidence.push(data.location);
        break;
      case 'tsconfig':
        break;
    }
  }
  // gunicorn.conf.py is Python: its numbers come from the Python analyzer's facts.
  for (const file of index.ofLanguage('python')) {
    const conf = (file.data as PythonFacts).gunicorn;
    if (conf?.facts) gunicorn.push(conf.facts);
    else if (conf?.workersDynamic) evidence.push(conf.location); // cpu_count() * 2 + 1 is several
  }
  for (const config of gunicorn) if (config.workers > 1) evidence.push(config.location);

  let target: DeploymentFacts['target'] = 'unknown';
  if (platforms.has('vercel') || platforms.has('netlify')) target = 'serverless';
  else if (platforms.has('docker') || platforms.has('fly') || platforms.has('railway') || platforms.has('render')) target = 'containers';
  else if (platforms.has('heroku') || platforms.has('app-engine') || gunicorn.length) target = 'server';

  return {
    target,
    overridden: false,
    platforms: [...platforms],
    maxDurationSeconds: maxDuration,
    gunicorn,
    multiInstance: evidence.length > 0 || target === 'serverless',
    multiInstanceEvidence: dedupe(evidence),
    jsDependencies,
    pythonDependencies: [...pythonDependencies],
  };
}

function fileStart(file: string): Location {
  const start = { offset: 0, line: 1, column: 1 };
  return { file, range: { start, end: start } };
}

function dedupe(locations: Location[]): Location[] {
  const seen = new Set<string>();
  return locations.filter((location) => {
    const key = `${location.file}:${location.range.start.offset}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The request slots the deployment gives one instance, for a message to
 * name: from the Gunicorn configuration it starts (a Dockerfile, a Procfile,
 * `gunicorn.conf.py`) when one is known and its workers are not async (an
 * event loop is not held the same way), as workers × threads.
 */
export function knownRequestSlots(facts: FactsIndex, override: Deployment = 'auto'): { slots: number; workers: number; threads: number } | undefined {
  const server = deploymentFacts(facts, override).gunicorn.find((config) => !config.asyncWorkers);
  return server && { slots: requestSlots(server), workers: server.workers, threads: Math.max(1, server.threads) };
}
