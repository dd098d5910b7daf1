import type { Finding } from '../analyzers/core/types';
import type { RuleDetails, RuleId } from '../analyzers/rules/declarations';

/**
 * A finding's `details` read through its rule's declared type, or undefined
 * for another rule's finding. Every reader of details goes through here, so
 * reading a field the rule does not write is a type error.
 */
export function detailsOf<Id extends RuleId>(finding: Finding | undefined, id: Id): RuleDetails<Id> | undefined {
  return finding?.ruleId === id ? ((finding.details ?? {}) as RuleDetails<Id>) : undefined;
}

/** The stack a finding names (`nextjs`, `django`, `drf`, …): a field every rule's details share. */
export function stackOf(finding: Finding | undefined): string | undefined {
  const stack = finding?.details?.stack;
  return typeof stack === 'string' ? stack : undefined;
}
