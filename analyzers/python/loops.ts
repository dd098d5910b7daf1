import type { PyNode } from './tree';

const LOOP_BODY_PARENTS = new Set(['for_statement', 'while_statement']);
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/**
 * The loop `node` runs inside, within its own function: the body of a `for`
 * or `while`, or the per-item part of a comprehension. The iterable of a
 * `for` runs once and does not count.
 */
export function enclosingLoop(node: PyNode): PyNode | undefined {
  let child = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (current.type === 'function_definition' || current.type === 'class_definition' || current.type === 'lambda') return undefined;
    if (LOOP_BODY_PARENTS.has(current.type) && child.field === 'body') return current;
    if (COMPREHENSIONS.has(current.type)) {
      const clauses = current.children.filter((part) => part.type === 'for_in_clause');
      // The first clause's iterable is evaluated once, before the loop.
      if (child === clauses[0]) continue;
      return current;
    }
  }
  return undefined;
}
