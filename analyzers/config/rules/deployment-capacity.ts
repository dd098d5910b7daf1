import type { RuleContext } from '../../core/rule';
import type { LanguageRule } from '../../rules/define';
import type { ConfigFacts, GunicornFacts } from '../facts';
import type { ConfigTree } from '../language';

/** Seconds one request takes in the back-of-envelope throughput: 100 ms, a typical fast page. */
export const TYPICAL_REQUEST_SECONDS = 0.1;

/** Message data and simulator numbers for a Gunicorn configuration. */
export function gunicornNumbers(config: GunicornFacts) {
  const concurrency = config.workers * config.threads;
  return {
    data: { workers: config.workers, threads: config.threads, concurrency, perSecond: Math.round(concurrency / TYPICAL_REQUEST_SECONDS) },
    details: { stack: 'django', gunicornWorkers: config.workers, gunicornThreads: config.threads, concurrentRequests: concurrency, asyncWorkers: config.asyncWorkers },
  };
}

/** Gunicorn's concurrency as a Dockerfile CMD or a Procfile line sets it. */
function check(context: RuleContext<ConfigTree>): void {
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

export const GUNICORN_MESSAGES = {
  gunicornCapacity: {
    en: 'Gunicorn serves {{workers}} {{workers|worker|workers}} × {{threads}} {{threads|thread|threads}} = {{concurrency}} {{concurrency|request|requests}} at once per instance: about {{perSecond}} requests/s if each takes 100 ms, and every slow call (an AI answer, an email) takes one slot away for its whole duration.',
    ko: 'Gunicorn은 인스턴스당 워커 {{workers}} × 스레드 {{threads}} = 요청 {{concurrency}}건을 동시에 처리합니다. 요청당 100ms라면 초당 약 {{perSecond}}건이고, 느린 호출(AI 답변, 메일 발송) 하나가 끝날 때까지 슬롯 하나를 통째로 차지합니다.',
  },
  gunicornAsyncCapacity: {
    en: 'Gunicorn runs {{workers}} async {{workers|worker|workers}}: one blocking call (a sync database driver, `requests`, `time.sleep`) stalls every request that worker is serving.',
    ko: 'Gunicorn이 비동기 워커 {{workers}}개로 돕니다. 블로킹 호출(동기 DB 드라이버, `requests`, `time.sleep`) 하나가 그 워커가 맡은 모든 요청을 멈춰 세웁니다.',
  },
};

export const deploymentCapacityConfig: LanguageRule<ConfigTree> = { check, messages: GUNICORN_MESSAGES };
