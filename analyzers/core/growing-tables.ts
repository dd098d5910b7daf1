/**
 * Which tables keep growing with use, judged by the model's name: shared by
 * every language's `unbounded-query` and `n-plus-one`. A table of records of
 * things that happen grows as a whole; one parent's rows of it grow only when
 * they pile up over that parent's life (a user's files, a dataset's runs, a
 * chat's messages), not when they are the parts of one record (an order's
 * items, a survey's answers, a poll's comments). Growing the app 10-100x
 * multiplies the parents; it does not lengthen every parent's list.
 */

/**
 * Model names (their last word) of tables that keep growing with use:
 * records of things that happen (orders, messages, jobs, alerts…). Settings,
 * integrations, domains and rules are absent: they are as long as someone
 * configured them.
 */
const GROWING_MODEL = /^(?:log|event|histor(?:y|ies)|message|comment|invoice|order|purchase|transaction|activit(?:y|ies)|notification|job|alert|enrollment|submission|payout|commission|click|visit|view|sale|lead|email|thread|newsletter|sender|post|review|payment|charge|audit|record|entr(?:y|ies)|upload|file|attachment|report|metric|conversation|chat|response|result|run|execution|task|ticket|booking|reservation|bount(?:y|ies)|feedback|like|follower|subscriber|subscription|contact|customer|document|note|item|photo|image|video|track|song|product|article|reading|interaction|step|attempt|request|answer|question|memory|embedding|chunk|version|revision|trace|span|observation|user|account|profile)s?$/i;

/**
 * Growing kinds that, under one record, are the parts of that record: an
 * order's items, a recipe's steps, a shopping list's entries, a survey's
 * answers and questions, a poll's comment thread, a workspace's users. As
 * long as the record, not as its age. Under one person (a user, an author,
 * an owner) they are that person's activity, which does pile up: a user's
 * comments, a customer's orders.
 */
const PART_OF_RECORD = /^(?:item|entr(?:y|ies)|step|line|answer|question|comment|user|member)s?$/i;
/**
 * Alerts under any parent: the rules someone set up (a spend alert, a price
 * alert) or notices an app keeps a window of. The records they are about
 * are elsewhere.
 */
const PART_OF_ANY = /^alerts?$/i;
/** Parents that are people: their rows are their activity. */
const PERSON = /^(?:user|owner|author|creator|submitter|sender|member|customer|profile|email|mail)$/;
/** Words that name the access path, not the rows: `auditRepository`, `orderModel`, `users_table`. */
const NOISE = /^(?:repository|repo|model|models|table|collection|schema|dao|entity|manager)$/i;

/**
 * Model names (their last word) of reference tables: a list of every
 * language, currency or category is as long as the world makes it, not as
 * long as the app's traffic.
 */
const REFERENCE_MODEL = /^(?:language|locale|countr(?:y|ies)|currenc(?:y|ies)|time_?zone|timezone|unit|categor(?:y|ies)|licen[cs]e|role|permission|plan|tier|type|kind|status(?:es)?|region)s?$/i;

/** How a whole table's length moves: with use, with the world, or nobody can tell from its name. */
export type TableGrowth = 'grows' | 'reference' | 'unknown';

/** `Order`, `chat_messages` grow; `Currency` is reference; `Queue`, `CustomField`, `SystemSettings` say nothing. */
export function tableGrowth(model: string): TableGrowth {
  const word = lastOf(words(model));
  if (REFERENCE_MODEL.test(word)) return 'reference';
  return GROWING_MODEL.test(word) ? 'grows' : 'unknown';
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

/**
 * Whether the rows of one parent keep piling up. `parent` (the relation or
 * key that picks it: `product`, `workspaceId`, `chat_id`) is struck from the
 * model's name first, so a link table is judged by what it links:
 * `Benchmark_Product` rows of one product are its benchmarks.
 */
export function parentRowsGrow(model: string, parent?: string): boolean {
  const own = words(model);
  const parentWords = parent ? words(parent).map(singular).filter((word) => word !== 'id') : [];
  const left = own.filter((word) => !parentWords.includes(singular(word)));
  const word = lastOf(left.length ? left : own);
  if (!GROWING_MODEL.test(word) || REFERENCE_MODEL.test(word) || PART_OF_ANY.test(word)) return false;
  const person = parentWords.some((part) => PERSON.test(part)) || /created_?by/i.test(parent ?? '');
  return person || !PART_OF_RECORD.test(word);
}

/** `programEnrollment` → program, Enrollment; `Endpoint_Status` → Endpoint, Status; `chat_id` → chat, id; `auditRepository` → audit. */
function words(name: string): string[] {
  const all = name.match(/[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])/g) ?? [name];
  const kept = all.filter((word) => !NOISE.test(word));
  return kept.length ? kept : all;
}

function lastOf(list: string[]): string {
  return list[list.length - 1] ?? '';
}

function singular(word: string): string {
  const lower = word.toLowerCase();
  if (lower.endsWith('ies')) return lower.slice(0, -3) + 'y';
  return lower.endsWith('s') && !lower.endsWith('ss') ? lower.slice(0, -1) : lower;
}
