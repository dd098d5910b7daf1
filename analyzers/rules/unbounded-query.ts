import { unboundedQueryPy } from '../python/rules/unbounded-query';
import { unboundedQueryTs } from '../typescript/rules/unbounded-query';
import { defineRule } from './define';

export const unboundedQuery = defineRule({
  id: 'unbounded-query',
  title: { en: 'Query without a limit', ko: '개수 제한 없는 조회' },
  summary: {
    en: 'Returning every row to a client means the response, its memory and its bandwidth grow with the table.',
    ko: '모든 행을 클라이언트에 돌려주면 응답 크기, 메모리, 전송량이 테이블과 함께 커집니다.',
  },
  impact: {
    en: 'A list that returns 50 rows at launch returns 50,000 a year later: slow pages, memory spikes, and a bandwidth bill.',
    ko: '출시 때 50행을 돌려주던 목록이 1년 뒤에는 5만 행을 돌려줍니다. 느린 페이지, 치솟는 메모리, 전송량 청구서가 따라옵니다.',
  },
  defaultSeverity: 'warning',
  lesson: 'unbounded-query',
  fix: 'unsafe',
  implementations: { typescript: unboundedQueryTs, python: unboundedQueryPy },
});
