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
 * The confidence of work done once per item of a loop (a query, an API
 * call): one point for running in a request, one for a loop that grows with
 * data. Both make it `high`, one `medium`, none `low`. A bounded loop, and
 * code that never runs at user traffic (scripts, tests, build time), are no
 * finding at all (`undefined`). Background work is not the user's wait, but a
 * growing loop there still multiplies the database's load: it is weighed as
 * code with no known entry point.
 */
export function perItemConfidence(context: ExecutionContext, size: CollectionSize): Confidence | undefined {
  if (size === 'bounded' || context === 'script' || context === 'test' || context === 'build') return undefined;
  const points = (context === 'request' ? 1 : 0) + (size === 'grows' ? 1 : 0);
  return points === 2 ? 'high' : points === 1 ? 'medium' : 'low';
}
