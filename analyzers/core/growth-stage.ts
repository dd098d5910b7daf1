import type { AnyStageCondition, GrowthStage, RuleMeta } from './rule';
import type { Finding, FindingDetails, Severity } from './types';

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * Where on the growth path a finding hurts first (the scaling report's
 * columns): its rule's stage, moved to the first when one of the rule's
 * `firstWhen` conditions holds (a serverless target, a tiny worker count),
 * then one stage earlier when it is more severe than the rule's default and
 * one later when milder.
 */
export function growthStage(meta: RuleMeta, finding: Pick<Finding, 'severity' | 'details'>, serverlessWorkspace: boolean): GrowthStage {
  const details = finding.details ?? {};
  let stage: number = meta.stage.firstWhen?.some((condition) => holds(condition, details, serverlessWorkspace)) ? 1 : meta.stage.at;
  stage -= Math.sign(SEVERITY_RANK[finding.severity] - SEVERITY_RANK[meta.defaultSeverity]);
  return Math.min(3, Math.max(1, stage)) as GrowthStage;
}

function holds(condition: AnyStageCondition, details: FindingDetails, serverlessWorkspace: boolean): boolean {
  if ('serverless' in condition) return serverlessWorkspace || details.serverless === true;
  const value = details[condition.detail];
  if ('atMost' in condition) return typeof value === 'number' && value > 0 && value <= condition.atMost;
  return value === true;
}
