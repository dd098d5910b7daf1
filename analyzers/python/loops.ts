/**
 * Python's ways of doing something once per item, mapped onto the shared
 * iteration kinds (`core/iteration.ts`). Every question about loops asks
 * here: which nodes iterate, what they iterate, and which of their parts run
 * once per item.
 */
import type { IterationKind } from '../core/iteration';
import { dottedName } from './syntax';
import { field, type PyNode, type PyTree } from './tree';

const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/** `[f(x) for x in xs]`, its set and dict forms, and the generator expression `(f(x) for x in xs)`. */
export function isComprehension(node: PyNode): boolean {
  return COMPREHENSIONS.has(node.type);
}

/**
 * How `node` iterates, or undefined when it is no loop: `for` is `for-each`,
 * `while` is `while`, a comprehension `comprehension`, and a comprehension
 * spread into `asyncio.gather(*(…))` is `gather`: the calls start at once,
 * still one per item.
 */
export function iterationKind(tree: PyTree, node: PyNode): IterationKind | undefined {
  if (node.type === 'for_statement') return 'for-each';
  if (node.type === 'while_statement') return 'while';
  if (!isComprehension(node)) return undefined;
  return isGathered(tree, node) ? 'gather' : 'comprehension';
}

/** `asyncio.gather(*(fetch(x) for x in xs))` or `gather(*[…])`. */
function isGathered(tree: PyTree, comprehension: PyNode): boolean {
  const splat = comprehension.parent;
  const call = splat?.type === 'list_splat' && splat.parent?.type === 'argument_list' ? splat.parent.parent : undefined;
  if (call?.type !== 'call') return false;
  const callee = dottedName(tree, field(call, 'function'));
  return callee !== undefined && callee[callee.length - 1] === 'gather' && (callee.length === 1 || (callee.length === 2 && callee[0] === 'asyncio'));
}

/**
 * What a loop iterates: a `for`'s iterable, or each `for … in` clause's of a
 * comprehension, in order (undefined where the code is half typed). A
 * `while` iterates no collection.
 */
export function iterablesOf(loop: PyNode): Array<PyNode | undefined> {
  if (loop.type === 'for_statement') return [field(loop, 'right')];
  if (loop.type === 'while_statement') return [];
  return loop.children.filter((child) => child.type === 'for_in_clause').map(clauseIterable);
}

/** The parts of a loop that run once per item, and the names bound to each item. */
export function perItemParts(loop: PyNode): { regions: PyNode[]; bindings: Array<{ left: PyNode; right: PyNode }> } {
  if (loop.type === 'for_statement') {
    const left = field(loop, 'left');
    const right = field(loop, 'right');
    const body = field(loop, 'body');
    return { regions: body ? [body] : [], bindings: left && right ? [{ left, right }] : [] };
  }
  if (loop.type === 'while_statement') {
    const body = field(loop, 'body');
    return { regions: body ? [body] : [], bindings: [] };
  }
  const regions: PyNode[] = [];
  const bindings: Array<{ left: PyNode; right: PyNode }> = [];
  let firstClause = true;
  for (const child of loop.children) {
    if (child.type === 'for_in_clause') {
      const left = field(child, 'left');
      const right = clauseIterable(child);
      if (left && right) bindings.push({ left, right });
      // The first clause's iterable is evaluated once, before the loop; later ones once per item of the earlier.
      if (!firstClause && right) regions.push(right);
      firstClause = false;
    } else if (child.type === 'if_clause' || child.field === 'body') regions.push(child);
  }
  return { regions, bindings };
}

/**
 * The loop `node` runs inside, within its own function: the body of a `for`
 * or `while`, or the per-item part of a comprehension. The iterable of a
 * `for` runs once and does not count.
 */
export function enclosingLoop(tree: PyTree, node: PyNode): PyNode | undefined {
  let child = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'class_definition' || current.type === 'lambda') return undefined;
    const kind = iterationKind(tree, current);
    if ((kind === 'for-each' || kind === 'while') && child.field === 'body') return current;
    if (kind === 'comprehension' || kind === 'gather') {
      const clauses = current.children.filter((part) => part.type === 'for_in_clause');
      // The first clause's iterable is evaluated once, before the loop.
      if (child === clauses[0]) continue;
      return current;
    }
  }
  return undefined;
}

/** The iterable of one `for … in` clause: `xs` in `for x in xs` (the first, in `for x in a, b`). */
function clauseIterable(clause: PyNode): PyNode | undefined {
  return clause.children.find((part) => part.field === 'right' && part.type !== ',');
}
