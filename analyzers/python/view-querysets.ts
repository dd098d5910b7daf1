/**
 * The rows a view class starts from: its `queryset` attribute, or what its
 * `get_queryset` returns (followed back through one local assignment).
 */
import type { FactsDraft } from './facts-draft';
import type { QuerysetFact } from './facts-types';
import { eagerEntries, querysetChain, type QuerysetChain } from './queryset';
import { callParts, chainCalls, chainRoot, simpleAssignment } from './syntax';
import { field, unwrap, walkScope, type PyNode } from './tree';

/**
 * The first queryset `get_queryset` returns that ScaleCheck can read;
 * undefined when it reads none (a `super()` call), which hides the attribute.
 * `return self.queryset.filter(user=…)` narrows the class's own `queryset`
 * attribute (`attribute`): its filters and eager loads add to it.
 */
export function getQuerysetResult(draft: FactsDraft, method: PyNode, attribute?: QuerysetFact): QuerysetFact | undefined {
  for (const returned of returnValues(method)) {
    const fact = querysetFact(draft, returned, method) ?? onAttribute(draft, returned, attribute);
    if (fact) return fact;
  }
  return undefined;
}

/** `self.queryset.filter(…).select_related(…)` on the class's `queryset = Model.objects…`. */
function onAttribute(draft: FactsDraft, returned: PyNode, attribute: QuerysetFact | undefined): QuerysetFact | undefined {
  if (!attribute) return undefined;
  const calls = chainCalls(returned);
  const root = calls.length ? field(calls[calls.length - 1], 'function') : undefined;
  const receiver = root?.type === 'attribute' ? unwrap(field(root, 'object')) : undefined;
  if (!receiver || draft.text(receiver) !== 'self.queryset') return undefined;
  const fact: QuerysetFact = { ...attribute, selectRelated: [...attribute.selectRelated], prefetchRelated: [...attribute.prefetchRelated], filters: [...attribute.filters] };
  for (const call of calls) {
    const parts = callParts(draft.tree, call);
    if (!parts?.name) continue;
    if (parts.name === 'select_related' || parts.name === 'prefetch_related') {
      (parts.name === 'select_related' ? fact.selectRelated : fact.prefetchRelated).push(...eagerEntries(draft.tree, parts.name, parts.positional));
    } else if (parts.name === 'filter') {
      fact.filters.push(...parts.keywords.keys());
      if (parts.positional.length > 0 || parts.hasKwargsSplat) fact.unreadFilter = true;
    } else if (/^(?:values|values_list)$/.test(parts.name)) fact.flat = true;
  }
  if (isSliced(returned)) fact.sliced = true;
  return fact;
}

/** A queryset expression (`queryset = Post.objects.filter(...)`), followed back through one local assignment in `scope`. */
export function querysetFact(draft: FactsDraft, expression: PyNode | undefined, scope?: PyNode): QuerysetFact | undefined {
  let chain = querysetChain(draft.tree, expression);
  let origin = unwrap(expression);
  // `qs = Model.objects.filter(...)` earlier in get_queryset, then `return qs.order_by(...)`.
  const extra: QuerysetChain = { model: '', manager: expression!, calls: [], selectRelated: [], prefetchRelated: [], flat: false };
  const root = chainRoot(expression);
  if (!chain && scope && root?.type === 'identifier') {
    const name = draft.text(root);
    walkScope(field(scope, 'body') ?? scope, (node) => {
      const assignment = simpleAssignment(draft.tree, node);
      if (assignment?.name !== name || node.start >= expression!.start) return;
      const assigned = querysetChain(draft.tree, assignment.value);
      if (assigned) {
        chain = assigned;
        origin = unwrap(assignment.value);
      }
    });
    for (const call of chainCalls(expression)) {
      const parts = callParts(draft.tree, call);
      if (parts?.name === 'select_related' || parts?.name === 'prefetch_related') (parts.name === 'select_related' ? extra.selectRelated : extra.prefetchRelated).push(...eagerEntries(draft.tree, parts.name, parts.positional));
      if (parts?.name && /^(?:values|values_list)$/.test(parts.name)) extra.flat = true;
    }
  }
  const found = chain as QuerysetChain | undefined;
  // `queryset = Model.objects.none()` lists nothing; `get_queryset` says what it does list.
  if (!found || found.terminal || found.empty || !origin) return undefined;
  const sliced = isSliced(expression) || isSliced(origin);
  const filters = filtersOf(draft, expression === origin ? [origin] : [origin, expression]);
  return {
    model: found.model,
    location: draft.loc(origin),
    selectRelated: [...found.selectRelated, ...extra.selectRelated],
    prefetchRelated: [...found.prefetchRelated, ...extra.prefetchRelated],
    insertAt: found.manager.end,
    flat: found.flat || extra.flat,
    sliced,
    ...filters,
  };
}

/** The lookups of every `filter(…)` along the chains, and whether one takes what ScaleCheck cannot read. */
function filtersOf(draft: FactsDraft, chains: Array<PyNode | undefined>): { filters: string[]; unreadFilter: boolean } {
  const filters: string[] = [];
  let unreadFilter = false;
  for (const call of chains.flatMap((chain) => chainCalls(chain))) {
    const parts = callParts(draft.tree, call);
    if (parts?.name !== 'filter' || !parts.receiver) continue;
    filters.push(...parts.keywords.keys());
    if (parts.positional.length > 0 || parts.hasKwargsSplat) unreadFilter = true;
  }
  return { filters, unreadFilter };
}

/** True when a queryset chain is sliced or indexed anywhere along it: `qs.filter(x)[:50]`. */
function isSliced(expression: PyNode | undefined): boolean {
  for (let current = unwrap(expression); current; ) {
    if (current.type === 'subscript') return true;
    if (current.type === 'call') current = unwrap(field(current, 'function'));
    else if (current.type === 'attribute') current = unwrap(field(current, 'object'));
    else return false;
  }
  return false;
}

/** Every value a function returns. */
function returnValues(definition: PyNode): PyNode[] {
  const out: PyNode[] = [];
  walkScope(field(definition, 'body') ?? definition, (node) => {
    if (node.type === 'return_statement' && node.children[0]) out.push(node.children[0]);
  });
  return out;
}
