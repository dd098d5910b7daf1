/**
 * Shared by every language's `unbounded-query`: which tables keep growing
 * with use, and which hold reference data, judged by the model's name. A
 * list scoped to one parent (a post's comments) is reported only for the
 * first; a whole-table list of the second is never reported.
 */

/**
 * Model names (their last word) of tables that keep growing with use:
 * records of things that happen (orders, messages, jobs, alerts…). A parent's list of these grows
 * without bound; a parent's settings-like lists (integrations, domains,
 * rules) stay small, and are not reported.
 */
const GROWING_MODEL = /^(?:log|event|histor(?:y|ies)|message|comment|invoice|order|transaction|activit(?:y|ies)|notification|job|alert|enrollment|submission|payout|commission|click|visit|view|sale|lead|email|thread|newsletter|sender|post|review|payment|charge|audit|record|entr(?:y|ies)|upload|file|attachment|report|metric|conversation|chat|response|result|run|execution|task|ticket|booking|reservation|bount(?:y|ies)|feedback|like|follower|subscriber|subscription|contact|customer|document|note|item|photo|image|video|track|song|product|article|reading|interaction|step|attempt|request|answer|question|memory|embedding|chunk)s?$/i;

/**
 * Model names (their last word) of reference tables: a list of every
 * language, currency or category is as long as the world makes it, not as
 * long as the app's traffic. Listing all of one is not an unbounded query.
 * Settings and preferences are left out: per user, they grow with users.
 */
const REFERENCE_MODEL = /^(?:language|locale|countr(?:y|ies)|currenc(?:y|ies)|time_?zone|timezone|unit|categor(?:y|ies)|licen[cs]e|role|permission|plan|tier|type|kind|status(?:es)?|region)s?$/i;

/**
 * Whether a list of `model` rows stays short without paging: a reference
 * table (`Language`, `WeightUnit`, `ExerciseCategory`) always does, and the
 * rows of one parent do unless the model records things that keep happening.
 */
export function staysShort(model: string, scopedToParent: boolean): boolean {
  const word = lastWord(model);
  return REFERENCE_MODEL.test(word) || (scopedToParent && !GROWING_MODEL.test(word));
}

/** Whether the model's name says it records things that keep happening (`AuditLog`, `ChatMessage`). */
export function growsByName(model: string): boolean {
  return GROWING_MODEL.test(lastWord(model));
}

/** Whether the model's name says it is reference data (`Currency`, `TicketStatus`, `ToolType`). */
export function isReferenceByName(model: string): boolean {
  return REFERENCE_MODEL.test(lastWord(model));
}

/** `programEnrollment` → `Enrollment`, `emailDomain` → `Domain`, `posts` → `posts`. */
export function lastWord(name: string): string {
  const words = name.match(/[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])/g);
  return words ? words[words.length - 1] : name;
}
