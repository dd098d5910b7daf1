import { nPlusOnePy } from '../python/rules/n-plus-one';
import { defineRule } from './define';

export const nPlusOne = defineRule({
  id: 'n-plus-one',
  title: { en: 'Query run once per item (N+1)', ko: '항목마다 실행되는 쿼리 (N+1)' },
  summary: {
    en: 'A query inside a loop runs once per row: 1 + N round trips to the database where one or two would do.',
    ko: '반복문 안의 쿼리는 행마다 한 번씩 실행됩니다. 한두 번이면 될 데이터베이스 왕복이 1 + N번이 됩니다.',
  },
  impact: {
    en: 'A page of 50 posts makes 51 queries; at 20 requests/s that is 1,020 queries/s instead of 40. One Django app went from 41 queries per page to 2 with select_related.',
    ko: '글 50개짜리 페이지는 쿼리 51번을 실행합니다. 초당 20요청이면 40번이면 될 쿼리가 초당 1,020번이 됩니다. 한 Django 앱은 select_related 하나로 페이지당 쿼리를 41번에서 2번으로 줄였습니다.',
  },
  defaultSeverity: 'warning',
  lesson: 'n-plus-one',
  fix: 'unsafe',
  implementations: { python: nPlusOnePy },
});
