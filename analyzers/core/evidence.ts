import type { Confidence } from './types';

/**
 * The evidence every rule weighs, named once so that the languages map their
 * own syntax onto the same words.
 *
 * Where a function runs: a user-facing `request`; `background` work (a task,
 * a queue consumer or push endpoint, a cron); a one-off `script` (seed, data
 * migration, management command); `test` code; `build` time (static
 * generation); or `unknown` when no entry point shows.
 */
export type ExecutionContext = 'request' | 'background' | 'script' | 'test' | 'build' | 'unknown';

/**
 * How many times a loop or per-item callback runs: `grows` with data (rows of
 * a query, request input, pages or contents of something external),
 * `bounded` by the code (a literal list, a constant, an enum, a chunking
 * helper's output), or `unknown`.
 */
export type CollectionSize = 'grows' | 'bounded' | 'unknown';

const LADDER: readonly Confidence[] = ['low', 'medium', 'high'];

export const CONFIDENCE_LEVELS: readonly Confidence[] = ['high', 'medium', 'low'];

/** The level hosts show unless told otherwise: what the evidence supports. */
export const DEFAULT_MIN_CONFIDENCE: Confidence = 'high';

export function meetsConfidence(confidence: Confidence, minimum: Confidence): boolean {
  return LADDER.indexOf(confidence) >= LADDER.indexOf(minimum);
}

/** One step down the ladder (`low` stays `low`): for evidence that weakens a finding without refuting it. */
export function lowerConfidence(confidence: Confidence): Confidence {
  return LADDER[Math.max(0, LADDER.indexOf(confidence) - 1)];
}

export function isConfidence(value: unknown): value is Confidence {
  return value === 'high' || value === 'medium' || value === 'low';
}

/**
 * What a finding's execution context does to it, per rule: `report` leaves
 * it as it is, `info` lowers its severity to info, `lower` takes its
 * confidence one step down, `skip` drops it.
 */
export type ContextEffect = 'report' | 'info' | 'lower' | 'skip';

/** Every rule declares what each context does to its findings (`contexts` in its declaration). */
export type ContextPolicy = Record<ExecutionContext, ContextEffect>;

/** The evidence a checker hands the engine with a finding. */
export interface Evidence {
  /** Where the reported code runs. */
  context?: ExecutionContext;
  /** For work done once per item of a loop: how its collection grows. */
  size?: CollectionSize;
}

/**
 * A finding's confidence and severity once its evidence is weighed, or
 * undefined when there is no finding: a bounded loop, or a context the rule
 * skips. A loop of unknown size takes the confidence one step down, as a
 * `lower` context does, so per-item work in a request over a growing
 * collection stays `high`, and every missing piece of evidence costs a step.
 */
export function weigh(policy: ContextPolicy, evidence: Evidence, confidence: Confidence = 'high'): { confidence: Confidence; info: boolean } | undefined {
  if (evidence.size === 'bounded') return undefined;
  let weighed = evidence.size === 'unknown' ? lowerConfidence(confidence) : confidence;
  const effect = evidence.context ? policy[evidence.context] : 'report';
  if (effect === 'skip') return undefined;
  if (effect === 'lower') weighed = lowerConfidence(weighed);
  return { confidence: weighed, info: effect === 'info' };
}
