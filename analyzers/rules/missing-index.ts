import { missingIndexPrisma } from '../prisma/rules/missing-index';
import { missingIndexTs } from '../typescript/rules/missing-index';
import { defineRule } from './define';

export const missingIndex = defineRule({
  id: 'missing-index',
  title: { en: 'Query on a column without an index', ko: '인덱스 없는 컬럼으로 조회' },
  summary: {
    en: 'Filtering or sorting on columns that no index starts with makes the database read every row of the table.',
    ko: '어떤 인덱스로도 시작하지 않는 컬럼으로 거르거나 정렬하면, 데이터베이스는 테이블의 모든 행을 읽어야 합니다.',
  },
  impact: {
    en: 'Unnoticeable at 1,000 rows, seconds at 1,000,000: the cost grows with the table, not with the result.',
    ko: '행이 1,000개일 때는 티가 나지 않지만 100만 개가 되면 몇 초씩 걸립니다. 비용이 결과가 아니라 테이블 크기를 따라 커집니다.',
  },
  defaultSeverity: 'warning',
  lesson: 'missing-index',
  fix: 'safe',
  messages: {
    addIndex: {
      en: 'Add `@@index([{{columns}}])` to `{{model}}`, then run `prisma migrate dev`',
      ko: '`{{model}}`에 `@@index([{{columns}}])` 추가 (이어서 `prisma migrate dev` 실행)',
    },
    addUnique: {
      en: 'Make `{{model}}.{{field}}` `@unique` instead (duplicates will be rejected), then run `prisma migrate dev`',
      ko: '대신 `{{model}}.{{field}}` 필드를 `@unique`로 지정 (중복 값은 거부됩니다. 이어서 `prisma migrate dev` 실행)',
    },
  },
  implementations: { prisma: missingIndexPrisma, typescript: missingIndexTs },
});
