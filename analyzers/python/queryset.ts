import { field, unwrap, type PyNode, type PyTree } from './tree';
import { callParts, chainCalls, stringValue } from './syntax';

/**
 * Recognises Django queryset chains: `Model.objects.<method>(…)…`, possibly
 * sliced. Only the `objects` manager on a capitalised name counts: that is
 * the convention every Django tutorial and assistant follows, and it keeps
 * dicts and API clients out.
 */
export interface QuerysetChain {
  model: string;
  /** The `Model.objects` attribute node. */
  manager: PyNode;
  /** Calls after the manager, innermost first: `filter(...)`, `order_by(...)`. */
  calls: Array<{ name: string; node: PyNode }>;
  selectRelated: string[];
  prefetchRelated: string[];
  /** Rows are dicts or tuples: `values()`, `values_list()`, or a single value (`count()`). */
  flat: boolean;
  /** The chain ends in a call that returns one row or a scalar, not rows (`get`, `count`, `first`). */
  terminal?: string;
  /** `.none()`: no rows at all. */
  empty?: boolean;
}

/** Methods that return a single row or a number instead of a queryset. */
export const SINGLE_RESULT = new Set(['get', 'first', 'last', 'latest', 'earliest', 'count', 'exists', 'aggregate', 'create', 'get_or_create', 'update_or_create', 'update', 'delete', 'in_bulk', 'contains', 'bulk_create', 'bulk_update', 'explain', 'values_list_flat']);
const FLAT = new Set(['values', 'values_list', 'dates', 'datetimes']);

export function querysetChain(tree: PyTree, expression: PyNode | undefined): QuerysetChain | undefined {
  const calls = chainCalls(expression);
  // Find the manager: the innermost `Name.objects` in the chain.
  let manager: PyNode | undefined;
  let current = unwrap(expression);
  while (current) {
    if (current.type === 'call') current = unwrap(field(current, 'function'));
    else if (current.type === 'subscript') current = unwrap(field(current, 'value'));
    else if (current.type === 'attribute') {
      const object = unwrap(field(current, 'object'));
      const attribute = field(current, 'attribute');
      if (object?.type === 'identifier' && attribute && tree.text.slice(attribute.start, attribute.end) === 'objects') {
        manager = current;
        break;
      }
      current = object;
    } else break;
  }
  if (!manager) return undefined;
  const modelNode = unwrap(field(manager, 'object'))!;
  const model = tree.text.slice(modelNode.start, modelNode.end);
  if (!/^[A-Z]/.test(model)) return undefined;

  const ordered = calls.filter((call) => call.start >= manager!.start).reverse();
  const chain: QuerysetChain = { model, manager, calls: [], selectRelated: [], prefetchRelated: [], flat: false };
  for (const node of ordered) {
    const parts = callParts(tree, node);
    if (!parts?.name) continue;
    // Only calls whose receiver is the chain itself (not calls nested in arguments).
    if (!parts.receiver || parts.receiver.start !== manager.start) continue;
    chain.calls.push({ name: parts.name, node });
    if (parts.name === 'select_related') chain.selectRelated.push(...eagerEntries(tree, parts.name, parts.positional));
    else if (parts.name === 'prefetch_related') chain.prefetchRelated.push(...eagerEntries(tree, parts.name, parts.positional));
    else if (FLAT.has(parts.name)) chain.flat = true;
    else if (parts.name === 'none') chain.empty = true;
    if (SINGLE_RESULT.has(parts.name)) chain.terminal = parts.name;
  }
  return chain;
}

/**
 * What one `select_related(…)` or `prefetch_related(…)` call loads, as `__`
 * paths: its strings (`"author__profile"` loads `author` too, see `covers`);
 * `select_related()` with no arguments, or a relation computed at run time,
 * may cover anything (`*`). A `Prefetch("comments", queryset=…)` loads
 * `comments` and what its own queryset joins (`comments__author`); with
 * `to_attr` it loads a list under another name, and `comments` itself
 * still queries.
 */
export function eagerEntries(tree: PyTree, method: 'select_related' | 'prefetch_related', args: PyNode[]): string[] {
  if (args.length === 0) return method === 'select_related' ? ['*'] : [];
  return args.flatMap((arg) => {
    const value = stringValue(tree, arg);
    if (value !== undefined) return [value];
    const prefetch = method === 'prefetch_related' ? prefetchObject(tree, arg) : undefined;
    return prefetch ?? ['*'];
  });
}

function prefetchObject(tree: PyTree, node: PyNode): string[] | undefined {
  const parts = callParts(tree, unwrap(node)!);
  if (!parts || parts.name !== 'Prefetch') return undefined;
  const lookup = stringValue(tree, parts.positional[0] ?? parts.keywords.get('lookup'));
  if (lookup === undefined) return undefined;
  if (parts.keywords.has('to_attr')) return [];
  const inner = querysetChain(tree, parts.positional[1] ?? parts.keywords.get('queryset'));
  const nested = inner ? [...inner.selectRelated, ...inner.prefetchRelated].filter((entry) => entry !== '*').map((entry) => `${lookup}__${entry}`) : [];
  return [lookup, ...nested];
}

/** True when `relation` (a `__` path) is loaded eagerly by the given select/prefetch lists. */
export function covers(eager: readonly string[], relation: string): boolean {
  return eager.some((entry) => entry === '*' || entry === relation || entry.startsWith(relation + '__'));
}
