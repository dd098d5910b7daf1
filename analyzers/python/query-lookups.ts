/**
 * The columns queries filter and sort by, for missing-index: the lookups of
 * every `Model.objects` chain (keywords, `Q(...)`, `order_by`, `distinct`)
 * and of `get_object_or_404`/`get_list_or_404`; and where rows are created
 * (`create`, `bulk_create`, `get_or_create`, `update_or_create`), which tells
 * how a table grows.
 */
import type { FactsDraft } from './facts-draft';
import type { CreateFact, LookupFact } from './facts-types';
import { enclosingFunctionId } from './functions';
import { enclosingLoop } from './loops';
import { querysetChain } from './queryset';
import { callParts, dottedName, isOutermostCall, stringValue } from './syntax';
import { ancestor, enclosingFunction, field, unwrap, walk, type PyNode } from './tree';

const CREATES = new Set(['create', 'bulk_create', 'get_or_create', 'update_or_create']);

/** Django's own QuerySet methods; anything else on a chain is a custom manager method. */
const KNOWN_QUERYSET_METHODS = new Set([
  'all', 'filter', 'exclude', 'get', 'first', 'last', 'count', 'exists', 'aggregate', 'annotate', 'order_by', 'values', 'values_list',
  'distinct', 'select_related', 'prefetch_related', 'only', 'defer', 'latest', 'earliest', 'in_bulk', 'contains', 'iterator', 'create',
  'update', 'delete', 'get_or_create', 'update_or_create', 'none', 'reverse', 'using', 'alias', 'dates', 'datetimes', 'select_for_update',
  'bulk_create', 'bulk_update', 'explain', 'union', 'intersection', 'difference', 'extra', 'raw',
]);

/** Every query with lookups in the file, each chain once, with the function it runs in. */
export function collectQueries(draft: FactsDraft): void {
  const userModels = userModelNames(draft);
  collectConstructedSaves(draft, userModels);
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
        const opaque = !parts.positional.slice(1).every((arg) => isConjunctionOfQ(draft, arg));
        if (lookups.length) draft.facts.queries.push({ model: userModels.has(model) ? '@AUTH_USER_MODEL' : model, method: parts.name!, location: draft.loc(node), lookups, filtered: true, hasSplat: parts.hasKwargsSplat, opaque, inFunction });
      }
      return;
    }
    const chain = querysetChain(draft.tree, node);
    if (!chain) return;
    // `User = get_user_model()`: whichever model the settings name, maybe Django's own.
    const model = userModels.has(chain.model) ? '@AUTH_USER_MODEL' : chain.model;
    for (const call of chain.calls) if (CREATES.has(call.name)) draft.facts.creates.push(createFact(draft, model, call.name, call.node, inFunction));
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
        // A condition other than plain `Q(...)`s (an `Exists`, a variable, an OR) may be what narrows the rows.
        if (!callPartsOf.positional.every((arg) => isConjunctionOfQ(draft, arg))) opaque = true;
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
      const bulkWrite = chain.calls.some((call) => call.name === 'update' || call.name === 'delete') || undefined;
      draft.facts.queries.push({ model, bulkWrite, method, location: draft.loc(node), lookups, filtered: lookups.some((lookup) => lookup.kind === 'filter'), hasSplat, opaque, inFunction });
    }
  });
}

/**
 * `comment = Comment(…)` then `comment.save()` in the same function, and
 * `cls.objects.create(…)` in a model's classmethod: rows of the model are created.
 */
function collectConstructedSaves(draft: FactsDraft, userModels: ReadonlySet<string>): void {
  const constructed = new Map<string, string>();
  const scopeKey = (node: PyNode, name: string) => `${enclosingFunction(node)?.start ?? -1}:${name}`;
  walk(draft.tree.root, (node) => {
    if (node.type === 'assignment') {
      const left = field(node, 'left');
      const right = unwrap(field(node, 'right'));
      const callee = right?.type === 'call' ? dottedName(draft.tree, field(right, 'function')) : undefined;
      const name = callee?.[callee.length - 1];
      if (left?.type === 'identifier' && name && /^[A-Z]/.test(name)) constructed.set(scopeKey(node, draft.text(left)), userModels.has(name) ? '@AUTH_USER_MODEL' : name);
      return;
    }
    if (node.type !== 'call') return;
    const callee = dottedName(draft.tree, field(node, 'function'));
    // `cls.objects.get_or_create(…)` in a model's classmethod creates rows of that model.
    if (callee?.length === 3 && callee[0] === 'cls' && callee[1] === 'objects' && CREATES.has(callee[2])) {
      const owner = ancestor(node, 'class_definition');
      const name = owner && field(owner, 'name');
      if (name) draft.facts.creates.push(createFact(draft, draft.text(name), callee[2], node, enclosingFunctionId(draft.tree, node)));
      return;
    }
    const model = callee?.length === 2 && callee[1] === 'save' ? constructed.get(scopeKey(node, callee[0])) : undefined;
    if (model) draft.facts.creates.push({ model, bulk: !!enclosingLoop(draft.tree, node), location: draft.loc(node), inFunction: enclosingFunctionId(draft.tree, node) });
  });
}

function createFact(draft: FactsDraft, model: string, method: string, call: PyNode, inFunction: string | undefined): CreateFact {
  const fact: CreateFact = { model, bulk: method === 'bulk_create' || !!enclosingLoop(draft.tree, call), location: draft.loc(call), inFunction };
  if (method === 'get_or_create' || method === 'update_or_create') {
    const parts = callParts(draft.tree, call);
    if (parts && !parts.hasKwargsSplat && parts.positional.length === 0) fact.keys = [...parts.keywords.keys()].filter((name) => name !== 'defaults' && name !== 'create_defaults');
  }
  return fact;
}

/** Names bound to `get_user_model()` anywhere in the module. */
function userModelNames(draft: FactsDraft): Set<string> {
  const names = new Set<string>();
  walk(draft.tree.root, (node) => {
    if (node.type !== 'assignment') return;
    const left = field(node, 'left');
    const right = unwrap(field(node, 'right'));
    if (left?.type === 'identifier' && right?.type === 'call' && dottedName(draft.tree, field(right, 'function'))?.pop() === 'get_user_model') names.add(draft.text(left));
  });
  return names;
}

/** `Q(a=1)`, `~Q(…)`, `Q(…) & Q(…)`: conditions that all hold. An `|` is a choice the lookups alone do not show. */
function isConjunctionOfQ(draft: FactsDraft, node: PyNode | undefined): boolean {
  const inner = unwrap(node);
  if (!inner) return false;
  if (inner.type === 'call') return callParts(draft.tree, inner)?.name === 'Q';
  if (inner.type === 'unary_operator') return isConjunctionOfQ(draft, field(inner, 'argument'));
  if (inner.type === 'binary_operator') return draft.text(field(inner, 'operator') ?? inner).trim() === '&' && isConjunctionOfQ(draft, field(inner, 'left')) && isConjunctionOfQ(draft, field(inner, 'right'));
  return false;
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
