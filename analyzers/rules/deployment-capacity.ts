import { deploymentCapacityConfig } from '../config/rules/deployment-capacity';
import { deploymentCapacityPy } from '../python/rules/deployment-capacity';
import { defineRule } from './define';

export const deploymentCapacity = defineRule({
  id: 'deployment-capacity',
  title: { en: 'Concurrency set by deployment', ko: '배포 설정이 정한 동시 처리량' },
  summary: {
    en: 'Workers × threads caps how many requests run at once; every other request waits in line.',
    ko: '워커 수 × 스레드 수가 동시에 처리할 수 있는 요청 수의 상한입니다. 나머지 요청은 줄을 서서 기다립니다.',
  },
  impact: {
    en: '2 Gunicorn workers × 2 threads = 4 requests at once: about 40 requests/s at 100 ms each, and one 30-second AI call takes a quarter of it.',
    ko: 'Gunicorn 워커 2 × 스레드 2 = 동시 요청 4건. 요청당 100ms라면 초당 약 40건이고, 30초짜리 AI 호출 하나가 그중 4분의 1을 차지합니다.',
  },
  defaultSeverity: 'info',
  lesson: 'deployment-capacity',
  fix: 'none',
  implementations: { config: deploymentCapacityConfig, python: deploymentCapacityPy },
});
