import { inMemoryStateTs } from '../typescript/rules/in-memory-state';
import { inMemoryStatePy } from '../python/rules/in-memory-state';
import { defineRule } from './define';

export const inMemoryState = defineRule({
  id: 'in-memory-state',
  title: { en: 'State kept in server memory', ko: '서버 메모리에 담아 둔 상태' },
  summary: {
    en: 'Data kept in one process is invisible to the other instances and lost on every restart or deploy.',
    ko: '한 프로세스 메모리에 둔 데이터는 다른 인스턴스에서 보이지 않고, 재시작이나 배포 때마다 사라집니다.',
  },
  impact: {
    en: 'With 2 instances a rate limit of 100/min lets 200 through and a cache hits half as often; on serverless every cold start begins empty.',
    ko: '인스턴스가 2개면 분당 100회 제한이 200회까지 통과하고 캐시 적중률은 절반이 됩니다. 서버리스에서는 콜드 스타트마다 빈 상태로 시작합니다.',
  },
  defaultSeverity: 'warning',
  lesson: 'in-memory-state',
  fix: 'unsafe',
  messages: {
    writtenHere: { en: 'written here, per request', ko: '요청마다 여기서 값을 바꿉니다' },
  },
  implementations: { typescript: inMemoryStateTs, python: inMemoryStatePy },
});
