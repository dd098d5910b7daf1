import type { ExecutionContext } from '../core/evidence';
import type { TsScope } from './scope';

/** Folders of background work: cron jobs, queue consumers and their push endpoints. */
const BACKGROUND_PATH = /(?:^|\/)(?:cron|crons|jobs|workers?|queues?|inngest|trigger|qstash)(?:\/|$)/i;
/** Wrappers that make a route a queue's or a scheduler's endpoint (a signature check). */
const BACKGROUND_WRAPPER = /verifySignature|qstash|cron/i;
/**
 * A route that checks a scheduler's or a queue's credential is that
 * scheduler's endpoint: Vercel Cron's `CRON_SECRET`, its `x-vercel-cron`
 * header, App Engine cron and Cloud Tasks headers, QStash/Upstash signatures.
 */
const SCHEDULER_CHECK = /\bCRON_SECRET\b|x-vercel-cron|x-appengine-cron|x-cloudtasks-|upstash-signature/i;

/**
 * Where a unit of this file runs (see `ExecutionContext`): one-off scripts
 * and tests by the workspace's globs, background work by its folder, a
 * scheduler's credential check or a queue's signature wrapper, a request when a handler is or reaches it.
 */
export function executionContextOf(scope: TsScope, path: string, unit: number): ExecutionContext {
  if (scope.offline) return 'script';
  if (isBackgroundFile(path, scope.model.sourceFile.text) || isBackgroundUnit(scope, unit)) return 'background';
  const reach = scope.handlerOf(unit);
  return scope.model.units[unit].handler ?? reach.own ?? reach.reached ? 'request' : 'unknown';
}

export function isBackgroundFile(path: string, text: string): boolean {
  return BACKGROUND_PATH.test(path) || SCHEDULER_CHECK.test(text);
}

/** `export const POST = verifySignatureAppRouter(handler)`: the unit is wrapped as a queue's endpoint. */
export function isBackgroundUnit(scope: TsScope, unit: number): boolean {
  const sourceFile = scope.model.sourceFile;
  return scope.model.units[unit].refs.some((ref) => ref.wrapper && BACKGROUND_WRAPPER.test(ref.expression.getText(sourceFile)));
}
