import { gunicornWorkerModel } from '../core/servers';
import type { FactsDraft } from './facts-draft';
import type { GunicornConf } from './facts-types';
import { envDefault, intValue, simpleAssignment, statements, stringValue } from './syntax';

/** `gunicorn.conf.py`, `gunicorn_config.py`: Gunicorn reads its settings from Python. */
export function isGunicornConf(path: string): boolean {
  return /(?:^|\/)gunicorn[^/]*\.py$/i.test(path);
}

/** Workers, threads and the worker class a Gunicorn config file sets. */
export function gunicornFacts(draft: FactsDraft): GunicornConf {
  const conf: GunicornConf = { workersDynamic: false, location: { file: draft.file.path, range: draft.file.lines.range(0, 0) } };
  for (const statement of statements(draft.tree.root)) {
    const assignment = simpleAssignment(draft.tree, statement);
    if (!assignment) continue;
    if (assignment.name === 'workers') {
      const value = intValue(draft.tree, assignment.value) ?? envDefault(draft.tree, assignment.value);
      if (value !== undefined) conf.workers = value;
      // Only a count derived from the CPUs is known to be "more than one"; a bare
      // environment variable is set per deployment, so nothing is claimed about it.
      else if (assignment.value && /\bcpu_count\b/.test(draft.file.text.slice(assignment.value.start, assignment.value.end))) conf.workersDynamic = true;
      conf.location = draft.loc(assignment.assignment);
    } else if (assignment.name === 'threads') conf.threads = intValue(draft.tree, assignment.value) ?? envDefault(draft.tree, assignment.value);
    else if (assignment.name === 'worker_class') conf.workerClass = stringValue(draft.tree, assignment.value);
  }
  if (conf.workers !== undefined) {
    conf.facts = {
      workers: conf.workers,
      threads: conf.threads ?? 1,
      asyncWorkers: gunicornWorkerModel(conf.workerClass, conf.threads ?? 1) === 'async',
      location: conf.location,
    };
  }
  return conf;
}
