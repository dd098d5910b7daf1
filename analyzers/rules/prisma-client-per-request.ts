import { prismaClientPerRequestTs } from '../typescript/rules/prisma-client-per-request';
import { defineRule } from './define';

export const prismaClientPerRequest = defineRule({
  id: 'prisma-client-per-request',
  title: { en: 'New PrismaClient per request', ko: '요청마다 새로 만드는 PrismaClient' },
  summary: {
    en: 'Every PrismaClient opens its own connection pool; creating one per request or per hot reload exhausts database connections.',
    ko: 'PrismaClient는 만들 때마다 자기 커넥션 풀을 엽니다. 요청마다, 또는 핫 리로드마다 새로 만들면 데이터베이스 연결이 바닥납니다.',
  },
  impact: {
    en: 'With a pool of 10 connections per client, 10 concurrent requests can open 100 connections, past the limit of a small Postgres or a Supabase plan.',
    ko: '클라이언트당 풀이 10개라면 동시 요청 10건이 연결 100개를 엽니다. 작은 Postgres나 Supabase 요금제의 한도를 넘는 숫자입니다.',
  },
  defaultSeverity: 'warning',
  lesson: 'prisma-client-per-request',
  fix: 'safe',
  implementations: { typescript: prismaClientPerRequestTs },
});
