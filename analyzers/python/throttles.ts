import type { FactsDraft } from './facts-draft';
import { sequenceItems } from './syntax';
import type { PyNode } from './tree';

/**
 * A decorator that limits how often a view runs: django-ratelimit's
 * `@ratelimit` (also through `@method_decorator`), DRF's
 * `@throttle_classes`, slowapi's and fastapi-limiter's `@limiter.limit("5/minute")`.
 */
export function isThrottleDecorator(draft: FactsDraft, node: PyNode, name: readonly string[]): boolean {
  const last = name[name.length - 1] ?? '';
  return (
    last === 'ratelimit' ||
    last === 'throttle_classes' ||
    (last === 'method_decorator' && /ratelimit/.test(draft.text(node))) ||
    (last === 'limit' && /limiter/i.test(name[0] ?? ''))
  );
}

/** A class decorated with a rate limit: `@method_decorator(ratelimit(...), name="dispatch")`. */
export function isThrottledClass(draft: FactsDraft, decorators: readonly PyNode[]): boolean {
  return decorators.some((decorator) => /ratelimit/.test(draft.text(decorator)));
}

/** `throttle_classes = [...]` on a view: any list but an empty one, which throttles nothing. */
export function throttlesView(value: PyNode): boolean {
  const items = sequenceItems(value);
  return !items || items.length > 0;
}
