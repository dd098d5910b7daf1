import type { FactsDraft } from './facts-draft';
import type { PyFunction, ViewKind } from './facts-types';
import { querysetChain } from './queryset';
import { recordReceiver } from './signals';
import { callParts, decoratorName, decoratorsOf, dottedName, isAsync, parameterNames } from './syntax';
import { isTaskDecorator, taskFramework } from './tasks';
import { isThrottleDecorator } from './throttles';
import { field, unwrap, walkScope, type PyNode, type PyTree } from './tree';
import { functionViewKind, isStaffOnly, verifiesWebhook } from './views';

/** The class a method is defined in, with what the class says about all its methods. */
export interface MethodOwner {
  name: string;
  view?: ViewKind;
  throttled: boolean;
  /** Its permissions or mixins admit only staff. */
  staffOnly?: boolean;
}

/**
 * A module function or a method (with its `owner`): whether it is a view, a
 * task or throttled, and every call it makes. Recorded in source order, a
 * class's methods before the class.
 */
export function recordFunction(draft: FactsDraft, definition: PyNode, owner: MethodOwner | undefined): PyFunction | undefined {
  const nameNode = field(definition, 'name');
  if (!nameNode) return undefined;
  const name = draft.text(nameNode);
  const decorators = decoratorsOf(definition).map((decorator) => ({ node: decorator, name: decoratorName(draft.tree, decorator) ?? [] }));
  const params = parameterNames(draft.tree, definition);
  const taskDecorator = decorators.find((decorator) => isTaskDecorator(decorator.name));

  let view: ViewKind | undefined;
  // A class's private helpers (`_serialize`) are not entry points of its own.
  if (owner?.view && !name.startsWith('_')) view = owner.view;
  if (!owner) view = functionViewKind(draft, decorators.map((decorator) => decorator.name), params);
  const fn: PyFunction = {
    id: owner ? `${owner.name}.${name}` : name,
    name,
    className: owner?.name,
    location: draft.loc(nameNode),
    async: isAsync(draft.tree, definition),
    view,
    task: taskDecorator !== undefined,
    taskFramework: taskDecorator ? taskFramework(taskDecorator.name, draft.facts.imports) : undefined,
    throttled: (owner?.throttled ?? false) || decorators.some((decorator) => isThrottleDecorator(draft, decorator.node, decorator.name)),
    calls: [],
    saves: [],
  };
  if (view) {
    if (owner?.staffOnly || isStaffOnly(draft, decorators, field(definition, 'body'))) fn.staffOnly = true;
    if (verifiesWebhook(draft, field(definition, 'body'))) fn.webhook = true;
  }
  collectCalls(draft, definition, fn);
  for (const decorator of decorators) {
    if (decorator.name[decorator.name.length - 1] === 'receiver' && decorator.node.type === 'call') recordReceiver(draft, decorator.node, fn.id);
  }
  draft.facts.functions.push(fn);
  return fn;
}

/** Calls in a function body, with `x.save()` on `x = Model(...)` recorded as `Model.save`. */
function collectCalls(draft: FactsDraft, definition: PyNode, fn: PyFunction): void {
  const body = field(definition, 'body');
  if (!body) return;
  // Locals bound to a constructor call: `form = SignupForm(request.POST)`.
  const constructed = new Map<string, string>();
  walkScope(body, (node) => {
    const assignment = node.type === 'assignment' ? node : undefined;
    if (assignment) {
      const left = field(assignment, 'left');
      const right = unwrap(field(assignment, 'right'));
      if (left?.type === 'identifier' && right?.type === 'call') {
        const callee = dottedName(draft.tree, field(right, 'function'));
        if (callee?.length === 1 && /^[A-Z]/.test(callee[0])) constructed.set(draft.text(left), callee[0]);
        const chain = querysetChain(draft.tree, right);
        if (chain && (chain.terminal === 'get' || chain.terminal === 'first' || chain.terminal === 'last')) constructed.set(draft.text(left), chain.model);
        // `get_object_or_404(Article, pk=pk)`: one row of the model named first, like `.get()`.
        const shortcut = callee && callee[callee.length - 1] === 'get_object_or_404' ? rowShortcutModel(draft, right) : undefined;
        if (shortcut) constructed.set(draft.text(left), shortcut);
      }
    }
    if (node.type !== 'call') return;
    const callee = dottedName(draft.tree, field(node, 'function'));
    if (!callee) return;
    fn.calls.push({ callee, location: draft.loc(node) });
    if (callee.length === 2 && constructed.has(callee[0])) {
      fn.calls.push({ callee: [constructed.get(callee[0])!, callee[1]], location: draft.loc(node) });
      if (callee[1] === 'save') fn.saves.push(constructed.get(callee[0])!);
    }
    if (callee.length === 3 && callee[1] === 'objects' && /^(?:create|get_or_create|update_or_create)$/.test(callee[2]) && /^[A-Z]/.test(callee[0])) fn.saves.push(callee[0]);
  });
}

/** The model `get_object_or_404(Model, …)` or `get_object_or_404(Model.objects.filter(…), …)` returns a row of. */
function rowShortcutModel(draft: FactsDraft, call: PyNode): string | undefined {
  const first = unwrap(callParts(draft.tree, call)?.positional[0]);
  if (!first) return undefined;
  if (first.type === 'identifier') {
    const name = draft.text(first);
    return /^[A-Z]/.test(name) ? name : undefined;
  }
  return querysetChain(draft.tree, first)?.model;
}

/** `Class.method` or `function` for the function a node is in (one level of class), as `PyFunction.id` names it. */
export function enclosingFunctionId(tree: PyTree, node: PyNode): string | undefined {
  let fn: PyNode | undefined;
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition') fn = current;
  }
  if (!fn) return undefined;
  const name = field(fn, 'name');
  if (!name) return undefined;
  let owner: PyNode | undefined;
  for (let current = fn.parent; current; current = current.parent) if (current.type === 'class_definition') owner = current;
  const ownerName = owner ? field(owner, 'name') : undefined;
  const fnName = tree.text.slice(name.start, name.end);
  return ownerName ? `${tree.text.slice(ownerName.start, ownerName.end)}.${fnName}` : fnName;
}
