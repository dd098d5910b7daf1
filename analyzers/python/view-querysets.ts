/**
 * The rows a view class starts from: its `queryset` attribute, or what its
 * `get_queryset` returns (followed back through one local assignment).
 */
import type { FactsDraft } from './facts-draft';
import type { QuerysetFact } from './facts-types';
import { querysetChain, type QuerysetChain } from './queryset';
import { callParts, chainCalls, chainRoot, simpleAssignment, stringValue } from './syntax';
import { field, unwrap, walkScope, type PyNode } from './tree';

/**
 * The first queryset `get_queryset` returns that ScaleCheck can read;
 * undefined when it reads none (a `super()` call), which hides the attribute.
 */
export function getQuerysetResult(draft: FactsDraft, method: PyNode): QuerysetFact | undefined {
  for (const returned of returnValues(method)) {
    const fact = querysetFact(draft, returned, method);
    if (fact) return fact;
  }
  return undefined;
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
      const target = parts?.name === 'select_related' ? extra.selectRelated : parts?.name === 'prefetch_related' ? extra.prefetchRelated : undefined;
      for (const arg of target ? parts!.positional : []) target!.push(stringValue(draft.tree, arg) ?? '*');
      if (parts?.name && /^(?:values|values_list)$/.test(parts.name)) extra.flat = true;
    }
  }
  const found = chain as QuerysetChain | undefined;
  if (!found || found.terminal || !origin) return undefined;
  const sliced = isSliced(expression) || isSliced(origin);
  return {
    model: found.model,
    location: draft.loc(origin),
    selectRelated: [...found.selectRelated, ...extra.selectRelated],
    prefetchRelated: [...found.prefetchRelated, ...extra.prefetchRelated],
    insertAt: found.manager.end,
    flat: found.flat || extra.flat,
    sliced,
  };
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
