import { longTaskInRequestPy } from '../python/rules/long-task-in-request';
import { defineRule } from './define';

export const longTaskInRequest = defineRule({
  id: 'long-task-in-request',
  title: { en: 'Slow work inside a request', ko: '요청 안에서 하는 느린 작업' },
  summary: {
    en: 'Email, media processing, sleeps and slow third-party calls inside a handler hold the request, and a worker, until they finish.',
    ko: '핸들러 안의 메일 발송, 미디어 처리, 대기, 느린 외부 호출은 끝날 때까지 요청과 워커를 붙잡아 둡니다.',
  },
  impact: {
    en: 'With 4 request slots (2 workers × 2 threads), four 5-second emails stall everyone; serverless functions are cut off at their time limit.',
    ko: '요청 슬롯이 4개(워커 2 × 스레드 2)라면 5초짜리 메일 발송 네 건에 모두가 멈춥니다. 서버리스 함수는 시간 제한에서 강제로 끊깁니다.',
  },
  defaultSeverity: 'warning',
  lesson: 'long-task-in-request',
  fix: 'safe',
  implementations: { python: longTaskInRequestPy },
});
