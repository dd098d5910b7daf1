import type { CollectionSize } from '../core/evidence';
import { querysetChain } from './queryset';
import { isComprehension, iterablesOf, iterationKind, perItemParts } from './loops';
import { chainScope, scopeSize } from './row-scope';
import { lastAssignment, rowSource, type RowSource } from './rows';
import type { PyCheck } from './check';
import { callParts, chainRoot, dottedName, intValue } from './syntax';
import { field, unwrap, walkScope, type PyNode } from './tree';

/** A literal collection or `range(n)` up to this many items is a handful, not data. */
const SMALL = 20;
const MAX_DEPTH = 6;
/** Calls whose result has the size of their first argument. */
const SAME_SIZE = new Set(['enumerate', 'sorted', 'reversed', 'list', 'tuple', 'set', 'frozenset', 'iter', 'filter', 'map']);
/** Dict views: as many items as the mapping. */
const VIEWS = new Set(['items', 'keys', 'values']);
/** Request bodies, query strings and uploads: as long as the client makes them. */
const REQUEST_INPUT = new Set(['data', 'POST', 'GET', 'FILES', 'query_params', 'validated_data', 'cleaned_data', 'initial_data']);
/** Of those, the mappings whose keys are the fields of one form or query string (DRF's `data` may be a list). */
const FORM_MAPPINGS = new Set(['POST', 'GET', 'FILES', 'query_params', 'validated_data', 'cleaned_data', 'initial_data']);
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
    let own = iterableSize(c, iterable, rows, 0);
    // `for op in request.data["operations"]: op["path"]…`: structures the client wrote by hand (a patch's
    // operations, a form's rows), as many as it chose to send; selected ids and uploaded files still grow.
    if (own === 'grows' && isRequestInput(c, iterable, 0) && readsItemFields(c, loop)) own = 'unknown';
    if (own === 'grows') return 'grows';
    if (own === 'unknown') size = 'unknown';
  }
  return size;
}

/** An expression that is (a part of) a request's parsed body or query, not read through a file or a list getter. */
function isRequestInput(c: PyCheck, expression: PyNode | undefined, depth: number): boolean {
  return requestSource(c, expression, depth) !== undefined;
}

/** Which part of the request an expression comes from (`POST`, `data`, `FILES`…), followed through names and subscripts. */
function requestSource(c: PyCheck, expression: PyNode | undefined, depth: number): string | undefined {
  const node = unwrap(expression);
  if (!node || depth > MAX_DEPTH) return undefined;
  if (node.type === 'subscript') return requestSource(c, field(node, 'value'), depth + 1);
  if (node.type === 'identifier') {
    const assigned = lastAssignment(c, node, text(c, node));
    return assigned ? requestSource(c, assigned, depth + 1) : undefined;
  }
  if (node.type === 'call') {
    const parts = callParts(c.tree, node);
    // `request.data.get("items", [])`, `request.FILES["f"].read()`
    return (parts?.name === 'get' || parts?.name === 'read') && parts.receiver ? requestSource(c, parts.receiver, depth + 1) : undefined;
  }
  const names = node.type === 'attribute' ? dottedName(c.tree, node) : undefined;
  return names && names.length >= 2 && REQUEST_INPUT.has(names[names.length - 1]) ? names[names.length - 1] : undefined;
}

/** A value of a submitted form or body (`request.POST["x"]`, `form.cleaned_data["x"]`), not an uploaded file. */
function isFormValue(c: PyCheck, expression: PyNode, depth: number): boolean {
  const source = requestSource(c, expression, depth);
  return source !== undefined && source !== 'FILES';
}

/** The loop reads fields of its items (`op["path"]`, `row.get("name")`, `item.name`): they are structures, not keys. */
function readsItemFields(c: PyCheck, loop: PyNode): boolean {
  const { regions, bindings } = perItemParts(loop);
  const names = new Set(bindings.map((binding) => binding.left).filter((left) => left.type === 'identifier').map((left) => text(c, left)));
  if (names.size === 0) return false;
  let reads = false;
  for (const region of regions) {
    walkScope({ ...region, children: [region] } as PyNode, (node) => {
      if (reads) return false;
      const object = node.type === 'subscript' ? field(node, 'value') : node.type === 'attribute' ? field(node, 'object') : undefined;
      if (object?.type === 'identifier' && names.has(text(c, object))) reads = true;
      return undefined;
    });
  }
  return reads;
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
      return attributeSize(c, node, rows, depth);
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

function attributeSize(c: PyCheck, node: PyNode, rows: Map<string, RowSource | undefined>, depth: number): CollectionSize {
  const names = dottedName(c.tree, node);
  if (!names) return querysetSize(c, node, rows, depth);
  const last = names[names.length - 1];
  // `for key in request.POST`, `form.cleaned_data.items()`: the fields of one form, as many as it declares
  // (`POST` is no constant, for all its capitals).
  if (names.length >= 2 && FORM_MAPPINGS.has(last)) return 'unknown';
  if (names.length >= 2 && REQUEST_INPUT.has(last)) return 'grows';
  if (isConstantName(last)) return 'bounded';
  // `order.items`: the many side of a relation of a loaded row.
  const owner = names.length === 2 ? rows.get(names[0]) : undefined;
  if (owner && owner.model.relations.get(last)?.kind === 'many') return 'grows';
  return querysetSize(c, node, rows, depth);
}

function subscriptSize(c: PyCheck, node: PyNode, rows: Map<string, RowSource | undefined>, depth: number): CollectionSize {
  const value = field(node, 'value');
  const slice = node.children.find((child) => child.field === 'subscript');
  // `ids[:5]`: cut to a small, literal size. A page of rows (`Post.objects.all()[:20]`) is not: it is what a
  // list view serves on every request, and a query per row of it runs as many times per page.
  if (slice?.type === 'slice' && !rowSource(c, value, rows)) {
    const bound = slice.children.filter((child) => child.type !== ':' && child.type !== 'comment');
    const stop = bound.length === 1 && text(c, slice).startsWith(':') ? intValue(c.tree, bound[0]) : undefined;
    if (stop !== undefined && stop <= SMALL) return 'bounded';
  }
  // `request.data["items"]`, `form.cleaned_data["cases"]`, `CHOICES["kinds"]`: a part of something has at most its size class.
  const names = dottedName(c.tree, value);
  if (names && names.length >= 2 && REQUEST_INPUT.has(names[names.length - 1])) return 'grows';
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
  if (CONTENT_READERS.test(name)) {
    // `json.loads(form.cleaned_data["choices"])`, `request.POST["tags"].splitlines()`: text the client typed
    // into one field, as long as it chose; a file's lines or an API's response grow.
    const parsed = parts.receiver && !/^(?:json|csv|yaml|pickle)$/.test(text(c, parts.receiver)) ? parts.receiver : parts.positional[0];
    return /^(?:loads?|json|splitlines)$/.test(name) && parsed && isFormValue(c, parsed, 0) ? 'unknown' : 'grows';
  }
  return querysetSize(c, node, rows, depth);
}

/**
 * A queryset holds what its filters pick (`row-scope.ts`): a whole table
 * grows, one parent's rows only when they pile up, a key list as its keys.
 * A chain on a variable narrows what the variable holds; rows of a relation
 * of a loop's row, or of a class-based view's queryset, grow with the rows.
 * Slices (`[:5]`) are read by the caller.
 */
function querysetSize(c: PyCheck, node: PyNode, rows: Map<string, RowSource | undefined>, depth: number): CollectionSize {
  const keys = (value?: PyNode) => () => (value ? iterableSize(c, value, rows, depth + 1) : 'unknown');
  const chain = querysetChain(c.tree, node);
  const model = chain ? c.ws.model(c.path, chain.model) : undefined;
  if (chain && model) {
    // `in_bulk()` is a dict of rows; other single results (`get`, `count`) are not collections at all.
    if (chain.terminal && chain.terminal !== 'in_bulk') return 'unknown';
    const scope = chainScope(c, node, model);
    return scopeSize(model, scope, keys(scope.kind === 'keys' ? scope.value : undefined));
  }
  const source = rowSource(c, node, rows);
  if (!source) return 'unknown';
  const own = chainScope(c, node, source.model);
  if (own.kind !== 'table') return scopeSize(source.model, own, keys(own.kind === 'keys' ? own.value : undefined));
  const root = chainRoot(node);
  if (root?.type === 'identifier' && root !== node && !rows.has(text(c, root))) return nameSize(c, root, rows, depth + 1);
  return 'grows';
}

/** `STATUSES`, `MAX_RETRIES`: module or class constants hold a fixed set. */
function isConstantName(name: string): boolean {
  return /^_?[A-Z][A-Z0-9_]+$/.test(name);
}

function text(c: PyCheck, node: PyNode): string {
  return c.tree.text.slice(node.start, node.end);
}
