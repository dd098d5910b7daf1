import type { Lesson } from '../types';
import { askingBetter } from './asking-better';
import { caching } from './caching';
import { databaseSessions } from './database-sessions';
import { deploymentCapacity } from './deployment-capacity';
import { growthStages } from './growth-stages';
import { inMemoryState } from './in-memory-state';
import { longTaskInRequest } from './long-task-in-request';
import { missingIndex } from './missing-index';
import { nPlusOne } from './n-plus-one';
import { prismaClientPerRequest } from './prisma-client-per-request';
import { unboundedAiCall } from './unbounded-ai-call';
import { unboundedQuery } from './unbounded-query';
import { writeContention } from './write-contention';

/**
 * Every lesson's content, by id. Bundled into the extension as code, so the
 * renderer never reads files; `npm run lessons` writes the same content to
 * `lessons/<locale>/<id>.md` for the public links, and a test keeps them equal.
 */
export const lessons: Readonly<Record<string, Lesson>> = Object.assign(
  // Without a prototype: ids come from commands and pages, and `constructor` must not look like a lesson.
  Object.create(null) as Record<string, Lesson>,
  Object.fromEntries(
    [
      nPlusOne,
      missingIndex,
      unboundedAiCall,
      longTaskInRequest,
      inMemoryState,
      unboundedQuery,
      prismaClientPerRequest,
      deploymentCapacity,
      databaseSessions,
      caching,
      writeContention,
      growthStages,
      askingBetter,
    ].map((lesson) => [lesson.id, lesson]),
  ),
);
