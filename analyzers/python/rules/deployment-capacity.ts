import { deploymentFacts } from '../../config/deployment';
import { gunicornNumbers } from '../../config/rules/deployment-capacity';
import type { RuleContext } from '../../core/rule';
import type { LanguageRule } from '../../rules/define';
import type { PyTree } from '../tree';
import { pyCheck } from './common';

const DEV_SETTINGS = /(?:^|\/|_)(?:dev|development|local|test|tests|testing|ci)(?:_settings)?\.py$/;

/** `gunicorn.conf.py` workers × threads, and `CONN_MAX_AGE` against that concurrency. */
function check(context: RuleContext<PyTree>): void {
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
      details: { stack: 'django', gunicornThreads: conf.threads ?? 1 },
    });
  }

  const connMaxAge = c.facts.settings?.connMaxAge;
  if (connMaxAge && connMaxAge.value !== 0 && !DEV_SETTINGS.test(c.path)) {
    const gunicorn = deploymentFacts(context.facts, context.settings.config.deployment).gunicorn.find((config) => !config.asyncWorkers);
    const perInstance = gunicorn ? gunicorn.workers * gunicorn.threads : undefined;
    const seconds = connMaxAge.value === 'persistent' ? 'persistent' : connMaxAge.value;
    context.report({
      message: perInstance ? 'pyConnMaxAgeWithGunicorn' : 'pyConnMaxAge',
      data: { seconds: connMaxAge.value === 'persistent' ? 'None' : connMaxAge.value, connections: perInstance ?? 0, workers: gunicorn?.workers ?? 0, threads: gunicorn?.threads ?? 0 },
      start: connMaxAge.location.range.start.offset,
      end: connMaxAge.location.range.end.offset,
      related: gunicorn ? [{ location: gunicorn.location, message: 'pyGunicornHere' }] : undefined,
      details: { stack: 'django', connMaxAge: seconds, ...(perInstance ? { connectionsPerInstance: perInstance, gunicornWorkers: gunicorn!.workers, gunicornThreads: gunicorn!.threads } : {}) },
    });
  }
}

export const deploymentCapacityPy: LanguageRule<PyTree> = {
  check,
  messages: {
    pyGunicornCpuWorkers: {
      en: 'Gunicorn\'s worker count follows the CPU count here, × {{threads}} {{threads|thread|threads}}: on a small container that may be 1–2 workers. Know the number: it is how many requests run at once.',
      ko: '여기서는 Gunicorn 워커 수가 CPU 수를 따르고, 워커마다 스레드 {{threads}}개입니다. 작은 컨테이너라면 워커 1~2개일 수 있습니다. 이 숫자가 동시에 처리하는 요청 수이니 알고 있어야 합니다.',
    },
    pyConnMaxAgeWithGunicorn: {
      en: 'CONN_MAX_AGE={{seconds}} keeps a database connection open per thread: {{workers}} {{workers|worker|workers}} × {{threads}} {{threads|thread|threads}} = {{connections}} connections per instance, plus Celery workers. Multiply by instances and compare with your database\'s connection limit (60 on a small Supabase plan), or put PgBouncer in front.',
      ko: 'CONN_MAX_AGE={{seconds}}이면 스레드마다 데이터베이스 연결을 열어 둡니다. 워커 {{workers}} × 스레드 {{threads}} = 인스턴스당 연결 {{connections}}개에 Celery 워커 몫이 더해집니다. 인스턴스 수를 곱해 데이터베이스 연결 한도(작은 Supabase 요금제는 60)와 비교하거나, 앞에 PgBouncer를 두세요.',
    },
    pyConnMaxAge: {
      en: 'CONN_MAX_AGE={{seconds}} keeps one database connection open per worker thread. Workers × threads × instances, plus Celery, must stay under your database\'s connection limit (60 on a small Supabase plan).',
      ko: 'CONN_MAX_AGE={{seconds}}이면 워커 스레드마다 데이터베이스 연결 하나를 열어 둡니다. 워커 × 스레드 × 인스턴스에 Celery 몫까지 더한 수가 데이터베이스 연결 한도(작은 Supabase 요금제는 60)보다 작아야 합니다.',
    },
    pyGunicornHere: { en: 'Gunicorn workers and threads are set here', ko: '여기서 Gunicorn 워커와 스레드 수를 정합니다' },
  },
};
