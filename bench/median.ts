import type { Measurement } from './measure';

/**
 * The run in the middle when the runs are ordered by `by` (wall seconds
 * unless told): the lower middle for an even count, so the figure is always
 * one that was really measured.
 */
export function medianRun(runs: readonly Measurement[], by: (run: Measurement) => number = (run) => run.seconds): Measurement {
  if (!runs.length) throw new Error('no runs to take a median of');
  const sorted = [...runs].sort((a, b) => by(a) - by(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}
