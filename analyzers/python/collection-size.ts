import type { CollectionSize } from '../core/evidence';
import { querysetChain } from './queryset';
import { isComprehension, iterablesOf, iterationKind } from './loops';
import { lastAssignment, rowSource, type RowSource } from './rows';
import type { PyCheck } from './check';
import { callParts, dottedName, intValue } from './syntax';
import { field, unwrap, type PyNode } from './tree';

/** A literal collection or `range(n)` up to this many items is a handful, not data. */
const SMALL = 20;
const MAX_DEPTH = 6;
/** Calls whose result has the size of their first argument. */
const SAME_SIZE = new Set(['enumerate', 'sorted', 'reversed', 'list', 'tuple', 'set', 'frozenset', 'iter', 'filter', 'map']);
/** Dict views: as many items as the mapping. */
const VIEWS = new Set(['items', 'keys', 'values']);
/** Request bodies, query strings and uploads: as long as the client makes them. */
const REQUEST_INPUT = new Set(['data', 'POST', 'GET', 'FILES', 'query_params', 'validated_data', 'cleaned_data', 'initial_data']);
/** Reading a file, a CSV, a spreadsheet or a response body: as long as the content. */
const CONTENT_READERS = /^(?:reader|DictReader|readlines|read_csv|read_excel|iter_rows|iterrows|json|load|loads|splitlines|getlist|lists|iterlines|iter_lines|walk|listdir|scandir|glob|iglob)$/;
/** Helpers that hand out batches: each item is a chunk, and a query per chunk is the fix for N+1. */
const CHUNKING = /(?:chunk|batch|paginat|in_batches|grouper)/i;

/**
 * How many times the body of `loop` runs, from what it iterates: Django rows,
 * request input and file or API contents grow; literals, `range(3)`,
 * constants (`STATUSES`, `self.FIELDS`) and their dict views are bounded;
 * anything else is unknown. Enclosing loops of the same function multiply:
 * the body runs per item of every one of them, so one growing loop makes it
 * grow and it is bounded only when each is.
 */
export function loopSize(c: PyCheck, loop: PyNode, rows: Map<string, RowSource | undefined>): CollectionSize {
  let size: CollectionSize = 'bounded';
  for (let current: PyNode | undefined = loop; current && current.type !== 'function_definition' && current.type !== 'lambda'; current = current.parent) {
    if (current !== loop && !iterationKind(c.tree, current)) continue;
    const own = ownSize(c, current, rows);
    if (own === 'grows') return 'grows';
    if (own === 'unknown') size = 'unknown';
  }
  return size;
}

function ownSize(c: PyCheck, loop: PyNode, rows: Map<string, RowSource | undefined>): CollectionSize {
  // A `while` runs until a condition changes: a retry, a poll or pages; the code rarely says how often.
  if (iterationKind(c.tree, loop) === 'while') return 'unknown';
  let size: CollectionSize = 'bounded';
  for (const iterable of iterablesOf(loop)) {
    const own = iterableSize(c, iterable, rows, 0);
    if (own === 'grows') return 'grows';
    if (own === 'unknown') size = 'unknown';
  }
  return size;
}

export function iterableSize(c: PyCheck, expression: PyNode | undefined, rows: Map<string, RowSource | undefined>, depth: number): CollectionSize {
  const node = unwrap(expression);
  if (!node || depth > MAX_DEPTH) return 'unknown';
  // `[row.pk for row in rows]` has as many items as what it iterates.
  if (isComprehension(node)) return iterableSize(c, iterablesOf(node)[0], rows, depth + 1);
  switch (node.type) {
    case 'list':
    case 'tuple':
    case 'set':
    case 'dictionary': {
      const items = node.children.filter((child) => !['[', ']', '(', ')', '{', '}', ',', 'comment'].includes(child.type));
      if (items.some((item) => item.type === 'list_splat' || item.type === 'dictionary_splat')) return 'unknown';
      return items.length <= SMALL ? 'bounded' : 'unknown';
    }
    case 'string':
    case 'concatenated_string':
      return 'bounded';
    case 'identifier':
      return nameSize(c, node, rows, depth);
    case 'attribute':
      return attributeSize(c, node, rows);
    case 'subscript':
      return subscriptSize(c, node, rows, depth);
    case 'call':
      return callSize(c, node, rows, depth);
    default:
      return 'unknown';
  }
}

function nameSize(c: PyCheck, node: PyNode, rows: Map<string, RowSource | undefined>, depth: number): CollectionSize {
  const name = text(c, node);
  if (isConstantName(name)) return 'bounded';
  // The row of an enclosing loop is one object; what it holds is not known here.
  if (rows.has(name)) return 'unknown';
  const assigned = lastAssignment(c, node, name);
  if (assigned) return iterableSize(c, assigned, rows, depth + 1);
  return 'unknown';
}

function attributeSize(c: PyCheck, node: PyNode, rows: Map<string, RowSource | undefined>): CollectionSize {
  const names = dottedName(c.tree, node);
  if (!names) return querysetSize(c, node, rows);
  const last = names[names.length - 1];
  if (isConstantName(last)) return 'bounded';
  if (names.length >= 2 && REQUEST_INPUT.has(last)) return 'grows';
  // `order.items`: the many side of a relation of a loaded row.
  const owner = names.length === 2 ? rows.get(names[0]) : undefined;
  if (owner && owner.model.relations.get(last)?.kind === 'many') return 'grows';
  return querysetSize(c, node, rows);
}

function subscriptSize(c: PyCheck, node: PyNode, rows: Map<string, RowSource | undefined>, depth: number): CollectionSize {
  const value = field(node, 'value');
  const slice = node.children.find((child) => child.field === 'subscript');
  // `rows[:5]`: cut to a small, literal size.
  if (slice?.type === 'slice') {
    const bound = slice.children.filter((child) => child.type !== ':' && child.type !== 'comment');
    const stop = bound.length === 1 && text(c, slice).startsWith(':') ? intValue(c.tree, bound[0]) : undefined;
    if (stop !== undefined && stop <= SMALL) return 'bounded';
  }
  // `request.data["items"]`, `CHOICES["kinds"]`: a part of something has at most its size class.
  const base = iterableSize(c, value, rows, depth + 1);
  return base === 'grows' || base === 'bounded' ? base : 'unknown';
}

function callSize(c: PyCheck, node: PyNode, rows: Map<string, RowSource | undefined>, depth: number): CollectionSize {
  const parts = callParts(c.tree, node);
  if (!parts?.name) return 'unknown';
  const name = parts.name;
  if (CHUNKING.test(name)) return 'bounded';
  if (name === 'range') {
    const stop = parts.positional[parts.positional.length === 1 ? 0 : 1];
    const literal = intValue(c.tree, stop);
    if (literal !== undefined) return literal <= SMALL ? 'bounded' : 'unknown';
    const inner = stop && unwrap(stop);
    // `range(len(rows))` iterates rows.
    if (inner?.type === 'call' && callParts(c.tree, inner)?.name === 'len') return iterableSize(c, callParts(c.tree, inner)?.positional[0], rows, depth + 1);
    return stop && isConstantName(text(c, stop)) ? 'bounded' : 'unknown';
  }
  if (parts.callee.type === 'identifier' && SAME_SIZE.has(name)) return iterableSize(c, parts.positional[name === 'filter' || name === 'map' ? 1 : 0], rows, depth + 1);
  if (name === 'zip') return parts.positional.some((arg) => iterableSize(c, arg, rows, depth + 1) === 'bounded') ? 'bounded' : 'unknown';
  if (VIEWS.has(name) && parts.receiver) return iterableSize(c, parts.receiver, rows, depth + 1);
  if (CONTENT_READERS.test(name)) return 'grows';
  return querysetSize(c, node, rows);
}

/** A queryset grows with its table unless it is cut short (`[:5]` is read by the caller). */
function querysetSize(c: PyCheck, node: PyNode, rows: Map<string, RowSource | undefined>): CollectionSize {
  const chain = querysetChain(c.tree, node);
  // `in_bulk()` is a dict of rows; other single results (`get`, `count`) are not collections at all.
  if (chain && c.ws.model(c.path, chain.model)) return !chain.terminal || chain.terminal === 'in_bulk' ? 'grows' : 'unknown';
  return rowSource(c, node, rows) ? 'grows' : 'unknown';
}

/** `STATUSES`, `MAX_RETRIES`: module or class constants hold a fixed set. */
function isConstantName(name: string): boolean {
  return /^_?[A-Z][A-Z0-9_]+$/.test(name);
}

function text(c: PyCheck, node: PyNode): string {
  return c.tree.text.slice(node.start, node.end);
}
