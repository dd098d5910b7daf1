import type { RuleMeta } from '../core/rule';
import { declarations } from './declarations';

/** Metadata of every id a finding can carry, the engine's own included: plain data, no checkers. */
export const allRuleMetas: readonly RuleMeta[] = declarations;

export const allRuleIds: readonly string[] = allRuleMetas.map((meta) => meta.id);
