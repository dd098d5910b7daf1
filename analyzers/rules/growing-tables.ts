/**
 * Shared by every language's `unbounded-query`: which tables keep growing
 * with use, judged by the model's name. A list scoped to one parent (a
 * post's comments) is reported only for these.
 */

/**
 * Model names (their last word) of tables that keep growing with use:
 * records of things that happen (orders, messages, jobs, alerts…). A parent's list of these grows
 * without bound; a parent's settings-like lists (integrations, domains,
 * rules) stay small, and are not reported.
 */
export const GROWING_MODEL = /^(?:log|event|histor(?:y|ies)|message|comment|invoice|order|transaction|activit(?:y|ies)|notification|job|alert|enrollment|submission|payout|commission|click|visit|view|sale|lead|email|thread|newsletter|sender|post|review|payment|charge|audit|record|entr(?:y|ies)|upload|file|attachment|report|metric|conversation|chat|response|result|run|execution|task|ticket|booking|reservation|bount(?:y|ies)|feedback|like|follower|subscriber|subscription|contact|customer|document|note|item|photo|image|video|track|song|product|article|reading|interaction|step|attempt|request|answer|question|memory|embedding|chunk)s?$/i;

/** `programEnrollment` → `Enrollment`, `emailDomain` → `Domain`, `posts` → `posts`. */
export function lastWord(name: string): string {
  const words = name.match(/[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])/g);
  return words ? words[words.length - 1] : name;
}
