import type { FactsDraft } from './facts-draft';
import { callParts } from './syntax';
import { field, unwrap, walk, type PyNode } from './tree';

/** Calls that put a value in Django's cache for later requests to read. */
const WRITES = new Set(['set', 'add', 'set_many', 'get_or_set', 'incr', 'decr']);

/**
 * Where the module stores values in a Django cache, by alias: `cache.set(…)`
 * on `from django.core.cache import cache` (the `default` alias),
 * `caches["x"].set(…)`, and a name bound to `caches["x"]`. A per-process
 * cache (LocMemCache) keeps each of them in one worker only.
 */
export function collectCacheWrites(draft: FactsDraft): void {
  if (draft.facts.isTest || draft.facts.isScript) return;
  const imported = (name: string) => draft.facts.imports.filter((entry) => entry.module === 'django.core.cache' && entry.name === name).map((entry) => entry.local);
  const defaultCache = new Set(imported('cache'));
  const cachesNames = new Set(imported('caches'));
  if (defaultCache.size === 0 && cachesNames.size === 0) return;

  /** The alias a `caches["x"]` subscript names. */
  const aliasOfSubscript = (node: PyNode | undefined): string | undefined => {
    const value = unwrap(node);
    if (value?.type !== 'subscript') return undefined;
    const object = unwrap(field(value, 'value'));
    const key = unwrap(field(value, 'subscript'));
    if (object?.type !== 'identifier' || !cachesNames.has(draft.text(object)) || key?.type !== 'string') return undefined;
    return draft.text(key).replace(/^[a-z]*['"]|['"]$/gi, '');
  };
  // Names bound to `caches["x"]` anywhere in the module (`cache = caches["default"]`).
  const bound = new Map<string, string>();
  walk(draft.tree.root, (node) => {
    if (node.type !== 'assignment') return;
    const left = field(node, 'left');
    const alias = aliasOfSubscript(field(node, 'right'));
    if (left?.type === 'identifier' && alias) bound.set(draft.text(left), alias);
  });

  walk(draft.tree.root, (node) => {
    if (node.type !== 'call') return;
    const parts = callParts(draft.tree, node);
    if (!parts?.name || !WRITES.has(parts.name)) return;
    const receiver = unwrap(parts.receiver);
    let alias: string | undefined;
    if (receiver?.type === 'identifier') {
      const name = draft.text(receiver);
      alias = bound.get(name) ?? (defaultCache.has(name) ? 'default' : undefined);
    } else alias = aliasOfSubscript(receiver);
    if (!alias) return;
    const state = parts.name === 'incr' || parts.name === 'decr' || (parts.name === 'set' && readsBack(draft, node, draft.text(parts.receiver!)));
    (draft.facts.cacheWrites ??= []).push({ alias, location: draft.loc(node), ...(state ? { state } : {}) });
  });
}

/**
 * The value stored was read from the same cache with a starting value and
 * changed (`errors = cache.get(k, []); errors.insert(0, e); cache.set(k, errors[:50])`):
 * it accumulates in the cache, so it is state, not a copy that can be recomputed.
 */
function readsBack(draft: FactsDraft, call: PyNode, receiver: string): boolean {
  let value = unwrap(callParts(draft.tree, call)?.positional[1]);
  while (value?.type === 'subscript') value = unwrap(field(value, 'value'));
  if (value?.type !== 'identifier') return false;
  const name = draft.text(value);
  let scope: PyNode | undefined = call.parent;
  while (scope && scope.type !== 'function_definition') scope = scope.parent;
  if (!scope) return false;
  let last: PyNode | undefined;
  walk(scope, (node) => {
    if (node.start >= call.start || (node.type !== 'assignment' && node.type !== 'named_expression')) return;
    const left = field(node, node.type === 'assignment' ? 'left' : 'name');
    if (left?.type === 'identifier' && draft.text(left) === name) last = unwrap(field(node, 'right') ?? field(node, 'value'));
  });
  if (last?.type !== 'call') return false;
  const read = callParts(draft.tree, last);
  const start = unwrap(read?.positional[1]);
  return read?.name === 'get' && !!read.receiver && draft.text(read.receiver) === receiver && !!start && /^(?:list|dictionary|set|tuple|integer)$/.test(start.type);
}
