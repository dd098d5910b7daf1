import type { Rule, RuleMeta } from '../core/rule';
import { SUPPRESSION_WITHOUT_REASON } from '../core/suppression-rule';
import { deploymentCapacity } from './deployment-capacity';
import { inMemoryState } from './in-memory-state';
import { longTaskInRequest } from './long-task-in-request';
import { missingIndex } from './missing-index';
import { nPlusOne } from './n-plus-one';
import { prismaClientPerRequest } from './prisma-client-per-request';
import { unboundedAiCall } from './unbounded-ai-call';
import { unboundedQuery } from './unbounded-query';

/** Every rule: the five core classes first, then the extras from the post-mortems. */
export const allRules: readonly Rule[] = [
  nPlusOne,
  missingIndex,
  unboundedAiCall,
  longTaskInRequest,
  inMemoryState,
  unboundedQuery,
  prismaClientPerRequest,
  deploymentCapacity,
];

/** Metadata of every id a finding can carry, the engine's own included. */
export const allRuleMetas: readonly RuleMeta[] = [...allRules.map((rule) => rule.meta), SUPPRESSION_WITHOUT_REASON];

export const allRuleIds: readonly string[] = allRuleMetas.map((meta) => meta.id);
