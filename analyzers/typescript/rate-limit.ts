import ts from 'typescript';
import type { FileModel } from './model';
import { skipOuter } from './prisma-calls';
import { classifyOrigin, originOf } from './values';

/**
 * Rate-limit checks: `ratelimit.limit(id)` (@upstash/ratelimit),
 * `limiter.consume(ip)` (rate-limiter-flexible), `express-rate-limit`
 * middleware on a route or app, and helpers named for what they do
 * (`checkRateLimit(ip)`, `withRateLimit(handler)`). Recognition leans towards
 * "limited": a missed limiter costs a finding, a false one costs trust.
 */
const LIMIT_METHODS = /^(?:limit|consume|check|checkLimit|hit|blockEffective|take|increment)$/;
const LIMITER_NAMES = /rate.?limit|ratelimit|limiter|throttl/i;

const cache = new WeakMap<FileModel, Set<ts.Node>>();

/** Calls in the file that check a rate limit. */
export function rateLimitCallsOf(model: FileModel): Set<ts.Node> {
  let calls = cache.get(model);
  if (!calls) {
    calls = new Set();
    for (const site of model.calls) {
      if (ts.isCallExpression(site.node) && isRateLimitCall(site.node, model)) calls.add(site.node);
    }
    cache.set(model, calls);
  }
  return calls;
}

export function isRateLimitCall(call: ts.CallExpression, model: FileModel): boolean {
  const callee = skipOuter(call.expression);
  if (ts.isIdentifier(callee)) return LIMITER_NAMES.test(callee.text);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  if (LIMITER_NAMES.test(callee.name.text)) return true;
  if (!LIMIT_METHODS.test(callee.name.text)) return false;
  const receiver = skipOuter(callee.expression);
  const name = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) ? receiver.name.text : '';
  if (LIMITER_NAMES.test(name)) return true;
  return classifyOrigin(originOf(receiver, model)) === 'ratelimit';
}

/** A route argument that is a limiter: `limiter` (bound to `rateLimit({…})`), `rateLimit({…})` inline, `apiLimiter`. */
export function isLimiterArgument(argument: ts.Expression, model: FileModel): boolean {
  const inner = skipOuter(argument);
  if (ts.isCallExpression(inner)) return isRateLimitCall(inner, model) || classifyOrigin(originOf(inner, model)) === 'ratelimit';
  const name = ts.isIdentifier(inner) ? inner.text : ts.isPropertyAccessExpression(inner) ? inner.name.text : '';
  if (LIMITER_NAMES.test(name)) return true;
  return classifyOrigin(originOf(inner, model)) === 'ratelimit';
}

export function isLimiterName(name: string): boolean {
  return LIMITER_NAMES.test(name);
}
