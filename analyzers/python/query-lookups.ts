/**
 * The columns queries filter and sort by, for missing-index: the lookups of
 * every `Model.objects` chain (keywords, `Q(...)`, `order_by`, `distinct`)
 * and of `get_object_or_404`/`get_list_or_404`.
 */
import type { FactsDraft } from './facts-draft';
import type { LookupFact } from './facts-types';
import { enclosingFunctionId } from './functions';
import { querysetChain } from './queryset';
import { callParts, isOutermostCall, stringValue } from './syntax';
import { field, walk, type PyNode } from './tree';

/** Django's own QuerySet methods; anything else on a chain is a custom manager method. */
const KNOWN_QUERYSET_METHODS = new Set([
  'all', 'filter', 'exclude', 'get', 'first', 'last', 'count', 'exists', 'aggregate', 'annotate', 'order_by', 'values', 'values_list',
  'distinct', 'select_related', 'prefetch_related', 'only', 'defer', 'latest', 'earliest', 'in_bulk', 'contains', 'iterator', 'create',
  'update', 'delete', 'get_or_create', 'update_or_create', 'none', 'reverse', 'using', 'alias', 'dates', 'datetimes', 'select_for_update',
  'bulk_create', 'bulk_update', 'explain', 'union', 'intersection', 'difference', 'extra', 'raw',
]);

/** Every query with lookups in the file, each chain once, with the function it runs in. */
export function collectQueries(draft: FactsDraft): void {
  walk(draft.tree.root, (node) => {
    if (node.type !== 'call') return;
    // Only the outermost call of a chain: `.filter(a).order_by(b)` is one query.
    if (!isOutermostCall(node)) return;
    const inFunction = enclosingFunctionId(draft.tree, node);
    const parts = callParts(draft.tree, node);
    if (parts?.callee.type === 'identifier' && /^get_(?:object|list)_or_404$/.test(parts.name ?? '')) {
      const model = draft.dotted(parts.positional[0])?.split('.')[0];
      if (model && /^[A-Z]/.test(model)) {
        const lookups = filterLookups(draft, parts.keywords, parts.positional.slice(1));
        if (lookups.length) draft.facts.queries.push({ model, method: parts.name!, location: draft.loc(node), lookups, filtered: true, hasSplat: parts.hasKwargsSplat, opaque: false, inFunction });
      }
      return;
    }
    const chain = querysetChain(draft.tree, node);
    if (!chain) return;
    const lookups: LookupFact[] = [];
    let method = '';
    let hasSplat = false;
    let opaque = false;
    for (const call of chain.calls) {
      const callPartsOf = callParts(draft.tree, call.node)!;
      if (callPartsOf.hasKwargsSplat && call.name !== 'order_by') hasSplat = true;
      if (!KNOWN_QUERYSET_METHODS.has(call.name)) opaque = true;
      if (/^(?:filter|exclude|get|get_or_create|update_or_create)$/.test(call.name)) {
        const keywords = new Map(callPartsOf.keywords);
        if (call.name !== 'filter' && call.name !== 'exclude' && call.name !== 'get') keywords.delete('defaults');
        lookups.push(...filterLookups(draft, keywords, callPartsOf.positional));
        method ||= call.name;
      } else if (call.name === 'order_by' || call.name === 'distinct') {
        for (const arg of callPartsOf.positional) {
          const value = stringValue(draft.tree, arg);
          if (value && !value.startsWith('?')) lookups.push({ path: value.replace(/^-/, '').split('__'), location: draft.loc(arg), kind: 'order' });
        }
        method ||= call.name;
      }
    }
    if (lookups.length) {
      draft.facts.queries.push({ model: chain.model, method, location: draft.loc(node), lookups, filtered: lookups.some((lookup) => lookup.kind === 'filter'), hasSplat, opaque, inFunction });
    }
  });
}

/** Keyword lookups, plus those inside `Q(...)` objects among the positional arguments. */
function filterLookups(draft: FactsDraft, keywords: Map<string, PyNode>, positional: PyNode[]): LookupFact[] {
  const out: LookupFact[] = [];
  for (const [name, value] of keywords) {
    const nameNode = value.parent ? field(value.parent, 'name') : undefined;
    out.push({ path: name.split('__'), location: draft.loc(nameNode ?? value), kind: 'filter' });
  }
  for (const arg of positional) {
    walk({ ...arg, children: [arg] } as PyNode, (node) => {
      if (node.type !== 'call') return;
      const parts = callParts(draft.tree, node);
      if (parts?.name !== 'Q') return;
      for (const [name, value] of parts.keywords) {
        const nameNode = value.parent ? field(value.parent, 'name') : undefined;
        out.push({ path: name.split('__'), location: draft.loc(nameNode ?? value), kind: 'filter' });
      }
    });
  }
  return out;
}
