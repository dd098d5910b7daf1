import ts from 'typescript';
import type { FileModel } from './model';
import { skipOuter } from './prisma-calls';
import { propertyValue } from './syntax';
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

/** Upstash's and most helpers' window: `"1 h"`, `"10m"`, `"30 s"`, `"1 d"`. */
const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/;
const SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/**
 * How many requests per hour a limiter allows, when its call writes the
 * numbers out: `createRateLimitMiddleware(5, "1 h")`,
 * `Ratelimit.slidingWindow(20, "1 h")`, express-rate-limit's
 * `{ windowMs: 60 * 60 * 1000, max: 5 }`, rate-limiter-flexible's
 * `{ points: 5, duration: 3600 }`. Undefined when they are out of sight.
 */
export function limitPerHour(call: ts.CallExpression, model: FileModel): number | undefined {
  if (!isRateLimitCall(call, model) && !isLimiterArgument(call, model)) return undefined;
  let count: number | undefined;
  let seconds: number | undefined;
  for (const argument of call.arguments) {
    const inner = skipOuter(argument);
    if (ts.isNumericLiteral(inner) && count === undefined) count = Number(inner.text.replace(/_/g, ''));
    else if (ts.isStringLiteralLike(inner) && seconds === undefined) {
      const match = DURATION.exec(inner.text);
      if (match) seconds = Number(match[1]) * SECONDS[match[2]];
    } else if (ts.isObjectLiteralExpression(inner)) {
      const number = (key: string) => {
        const value = propertyValue(inner, key);
        return value ? numberOf(value) : undefined;
      };
      count ??= number('max') ?? number('limit') ?? number('points');
      const windowMs = number('windowMs');
      seconds ??= windowMs !== undefined ? windowMs / 1000 : number('duration');
    }
  }
  if (count === undefined || !seconds) return undefined;
  return (count * 3600) / seconds;
}

/** A number written with literals and `*` (`15 * 60 * 1000`). */
function numberOf(expression: ts.Expression): number | undefined {
  const inner = skipOuter(expression);
  if (ts.isNumericLiteral(inner)) return Number(inner.text.replace(/_/g, ''));
  if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.AsteriskToken) {
    const left = numberOf(inner.left);
    const right = numberOf(inner.right);
    return left !== undefined && right !== undefined ? left * right : undefined;
  }
  return undefined;
}
