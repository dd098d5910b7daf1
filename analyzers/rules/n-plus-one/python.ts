import type { RuleContext, MessageIdOf, RelatedInput, FixInput } from '../../core/rule';
import type { DrfSerializer } from '../../python/facts-types';
import { covers, querysetChain } from '../../python/queryset';
import { rowSource, type RowSource } from '../../python/rows';
import type { Relation, ResolvedModel } from '../../python/workspace';
import { callParts, chainCalls, dottedName, isOutermostCall, parameterNames } from '../../python/syntax';
import { field, unwrap, walk, walkScope, type PyNode, type PyTree } from '../../python/tree';
import { executionContextAt, pyCheck, stackOf, text, topLevelClass, type PyCheck } from '../../python/check';
import { weigh, type CollectionSize, type Evidence } from '../../core/evidence';
import { iterableSize, loopSize } from '../../python/collection-size';
import { factScope, scopeSize } from '../../python/row-scope';
import { serializerRows } from '../../python/serializer-uses';
import { iterationKind, perItemParts } from '../../python/loops';
import rule from './rule';

type MessageId = MessageIdOf<typeof rule>;
type Context = RuleContext<PyTree, typeof rule>;
type Check = PyCheck<typeof rule>;

/** Related-manager calls a `prefetch_related` cache answers; anything else queries again. */
const PREFETCH_SERVED = new Set(['all', 'count', 'exists']);
const MANAGER_QUERIES = /^(?:all|filter|exclude|get|count|exists|first|last|order_by|values|values_list|aggregate|annotate|latest|earliest)$/;
const WRITES = new Set(['create', 'update', 'delete', 'get_or_create', 'update_or_create', 'bulk_create', 'bulk_update']);
/** List views serialize many rows; detail-only views serialize one. */
const LIST_BASES = /(?:ModelViewSet|ReadOnlyModelViewSet|ListAPIView|ListCreateAPIView|ListModelMixin|ListView)$/;

export function check(context: Context): void {
  const c = pyCheck(context);
  if (!c) return;
  const reported = new Set<string>();
  const rowsByLoop = new Map<PyNode, Map<string, RowSource | undefined>>();
  walk(c.tree.root, (node) => {
    if (iterationKind(c.tree, node)) checkLoop(c, node, reported, rowsByLoop);
    else if (node.type === 'call') checkSerializerCall(c, node, reported);
  });
  checkDrfClasses(c, reported);
  checkSerializerMethods(c, reported);
}

function checkLoop(c: Check, loop: PyNode, reported: Set<string>, rowsByLoop: Map<PyNode, Map<string, RowSource | undefined>>): void {
  const { regions, bindings } = perItemParts(loop);
  // Rows of enclosing loops stay in scope: `for item in order.items.all()` inside `for order in …`.
  let outer: PyNode | undefined = loop.parent;
  while (outer && !rowsByLoop.has(outer) && outer.type !== 'function_definition') outer = outer.parent;
  const rows = new Map<string, RowSource | undefined>(outer ? rowsByLoop.get(outer) : undefined);
  rowsByLoop.set(loop, rows);
  const size = loopSize(c, loop, rows);
  for (const binding of bindings) {
    let left = binding.left;
    let right = unwrap(binding.right)!;
    // `for i, post in enumerate(posts)`.
    if (right.type === 'call' && callParts(c.tree, right)?.name === 'enumerate' && (left.type === 'pattern_list' || left.type === 'tuple_pattern')) {
      const second = left.children.filter((child) => child.type !== 'comment')[1];
      const arg = callParts(c.tree, right)?.positional[0];
      if (!second || !arg) continue;
      left = second;
      right = arg;
    }
    if (left.type !== 'identifier') continue;
    rows.set(text(c, left), rowSource(c, right, rows));
  }

  const perItem: PerItem = { size, writes: writesEachItem(c, regions) };
  for (const region of regions) {
    walkScope({ ...region, children: [region] } as PyNode, (node) => {
      if (node.type === 'call') return checkCallInLoop(c, node, loop, perItem, rows, reported);
      if (node.type === 'attribute') return checkAttributeInLoop(c, node, perItem, rows, reported);
      return undefined;
    });
  }
}

/** How a loop's body runs: over a collection of `size`, and whether it writes a row per item. */
interface PerItem {
  size: CollectionSize;
  writes: boolean;
}

/**
 * The loop writes a row per item (`row.save()`, `Model.objects.create(…)`,
 * `obj.delete()`): an import, a sync or a bulk edit that does a row's work
 * per item. A read beside each write adds one round trip to the ones the loop
 * makes anyway; what pays is batching the whole loop, which the write's own
 * (info) finding names. Reads in such a loop are one step less sure.
 */
function writesEachItem(c: Check, regions: PyNode[]): boolean {
  let writes = false;
  for (const region of regions) {
    walkScope({ ...region, children: [region] } as PyNode, (node) => {
      if (writes || node.type !== 'call') return writes ? false : undefined;
      const parts = callParts(c.tree, node);
      if (parts?.receiver && ROW_WRITES.has(parts.name ?? '')) writes = true;
      return undefined;
    });
  }
  return writes;
}

/** ORM writes by name; `update`, `add` and `remove` are left out: dicts and sets have them too. */
const ROW_WRITES = new Set(['save', 'create', 'delete', 'get_or_create', 'update_or_create']);

/** A read's evidence in a loop: its size and context, one step less sure beside a write per item. */
function readEvidence(c: Check, node: PyNode, perItem: PerItem): Evidence & { confidence?: 'medium' } {
  return { context: executionContextAt(c, node), size: perItem.size, ...(perItem.writes ? { confidence: 'medium' as const } : {}) };
}

function checkCallInLoop(c: Check, call: PyNode, loop: PyNode, perItem: PerItem, rows: Map<string, RowSource | undefined>, reported: Set<string>): boolean | void {
  // Only the outermost call of a chain: `.filter(x).count()` is one query.
  if (!isOutermostCall(call)) return;
  const chain = querysetChain(c.tree, call);
  if (chain) {
    const model = c.ws.model(c.path, chain.model);
    if (!model) return false;
    const last = chain.calls[chain.calls.length - 1]?.name ?? 'all';
    // Custom manager methods may cache (`get_for_model`); bulk writes are the cure, not the disease.
    if (!QUERYSET_METHODS.has(last) || last.startsWith('bulk_')) return false;
    // A lazy queryset handed to a form field or filter runs no query here.
    if (!chain.terminal && !isEvaluated(c, call, loop)) return false;
    // `for family in (4, 6)`: a fixed, small number of queries that does not grow with the data.
    const write = WRITES.has(last);
    const evidence = write ? { context: executionContextAt(c, call), size: perItem.size } : readEvidence(c, call, perItem);
    if (!weigh(rule.contexts, evidence, evidence.confidence)) return false;
    const key = `call:${call.start}`;
    if (reported.has(key)) return;
    reported.add(key);
    c.context.report({
      message: write ? 'pyWriteInLoop' : 'pyQueryInLoop',
      data: { model: model.name, method: last },
      start: call.start,
      end: call.end,
      severity: write ? 'info' : undefined,
      ...evidence,
      related: [{ location: c.context.locate(loop.start, loop.start + loopHead(c, loop)), message: 'pyLoopHere' }],
      details: { stack: stackOf(c.facts), pattern: write ? 'write-per-row' : 'query-per-row', queriesPerRow: 1, model: model.name },
    });
    return false;
  }
  // `post.comments.all()` on a row of the loop.
  const calls = chainCalls(call);
  const innermost = calls[calls.length - 1];
  const callee = innermost ? dottedName(c.tree, field(innermost, 'function')) : undefined;
  if (!callee || callee.length !== 3) return;
  const source = rows.get(callee[0]);
  const relation = source?.model.relations.get(callee[1]);
  if (!source || !relation || relation.kind !== 'many' || !MANAGER_QUERIES.test(callee[2])) return;
  const key = `rel:${call.start}`;
  if (reported.has(key)) return;
  reported.add(key);
  const evidence = readEvidence(c, call, perItem);
  if (!weigh(rule.contexts, evidence, evidence.confidence)) return false;
  if (PREFETCH_SERVED.has(callee[2])) {
    if (covers(source.prefetch, callee[1])) return false;
    c.context.report({
      message: 'pyRelatedInLoop',
      data: { model: source.model.name, relation: callee[1], method: callee[2], target: relation.targetName },
      start: call.start,
      end: call.end,
      ...evidence,
      related: [{ location: c.context.locate(source.origin.start, source.origin.end), message: 'pyRowsFromHere' }],
      fixes: prefetchFix(c, source, callee[1]),
      details: { stack: stackOf(c.facts), pattern: 'related-per-row', queriesPerRow: 1, model: source.model.name },
    });
  } else {
    c.context.report({
      message: 'pyRelatedQueryInLoop',
      data: { model: source.model.name, relation: callee[1], method: callee[2] },
      start: call.start,
      end: call.end,
      ...evidence,
      details: { stack: stackOf(c.facts), pattern: 'related-query-per-row', queriesPerRow: 1, model: source.model.name },
    });
  }
  return false;
}

const QUERYSET_METHODS = new Set([
  'all', 'filter', 'exclude', 'get', 'first', 'last', 'count', 'exists', 'aggregate', 'annotate', 'order_by', 'values', 'values_list',
  'distinct', 'select_related', 'prefetch_related', 'only', 'defer', 'latest', 'earliest', 'in_bulk', 'contains', 'iterator',
  'create', 'update', 'delete', 'get_or_create', 'update_or_create', 'none', 'reverse', 'using', 'alias', 'dates', 'datetimes',
]);
const EVALUATING_CALLS = new Set(['list', 'tuple', 'set', 'sorted', 'len', 'bool', 'sum', 'any', 'all', 'dict', 'enumerate', 'zip', 'max', 'min', 'next', 'iter']);

/**
 * Whether a lazy queryset built in a loop is run there: iterated, passed to
 * `list()`/`len()`, indexed, tested for truth, or assigned to a name that is
 * used so later in the same loop.
 */
function isEvaluated(c: Check, expression: PyNode, loop: PyNode): boolean {
  if (evaluatedInPlace(c, expression)) return true;
  const parent = expression.parent;
  if (parent?.type !== 'assignment' || expression.field !== 'right') return false;
  const left = field(parent, 'left');
  if (left?.type !== 'identifier') return false;
  const name = text(c, left);
  let used = false;
  walkScope({ ...loop, children: [loop] } as PyNode, (node) => {
    if (used || node.start <= parent.end || node.type !== 'identifier' || text(c, node) !== name) return;
    if (evaluatedInPlace(c, node)) used = true;
  });
  return used;
}

function evaluatedInPlace(c: Check, node: PyNode): boolean {
  let current = node;
  // `qs[:10]` is still lazy; `qs[0]` runs it.
  while (current.parent?.type === 'subscript' && current.field === 'value') {
    const index = field(current.parent, 'subscript');
    if (index?.type !== 'slice') return true;
    current = current.parent;
  }
  const parent = current.parent;
  if (!parent) return false;
  if ((parent.type === 'for_statement' || parent.type === 'for_in_clause') && current.field === 'right') return true;
  if (parent.type === 'if_statement' || parent.type === 'while_statement' || parent.type === 'not_operator' || parent.type === 'boolean_operator' || parent.type === 'conditional_expression') return true;
  if (parent.type === 'argument_list' && parent.parent?.type === 'call') {
    const callee = field(parent.parent, 'function');
    if (callee?.type === 'identifier' && (EVALUATING_CALLS.has(text(c, callee)) || /Serializer$/.test(text(c, callee)))) return true;
  }
  return false;
}

/** `post.author.name` on a row whose queryset does not join `author`. */
function checkAttributeInLoop(c: Check, node: PyNode, perItem: PerItem, rows: Map<string, RowSource | undefined>, reported: Set<string>): boolean | void {
  if (node.parent?.type === 'attribute' && node.field === 'object') return; // handled at the outermost attribute
  const names = dottedName(c.tree, node);
  if (!names || names.length < 2) return;
  const source = rows.get(names[0]);
  if (!source) return;
  // `post.author = user` assigns; it loads nothing.
  if (node.field === 'left' && node.parent?.type === 'assignment' && names.length === 2) return;
  // `post.comments.all()` is a manager call, handled with calls.
  const isCallee = node.parent?.type === 'call' && node.field === 'function';
  const hops = isCallee ? names.slice(1, -1) : names.slice(1);
  // The to-one relations this access walks through: `order.customer.user.username` → customer, user.
  let model: ResolvedModel | undefined = source.model;
  const path: string[] = [];
  for (const hop of hops) {
    const relation: Relation | undefined = model?.relations.get(hop);
    if (!relation || relation.kind === 'many') break;
    path.push(hop);
    model = relation.target;
    if (!model) break;
  }
  const firstMissing = path.findIndex((_, i) => {
    const joined = path.slice(0, i + 1).join('__');
    return !covers(source.select, joined) && !covers(source.prefetch, joined);
  });
  if (firstMissing < 0) return false;
  // One select_related for the whole chain joins every hop of it.
  const joined = path.join('__');
  const key = `attr:${source.origin.start}:${names[0]}:${path.slice(0, firstMissing + 1).join('__')}`;
  if (reported.has(key)) return false;
  reported.add(key);
  const evidence = readEvidence(c, node, perItem);
  if (!weigh(rule.contexts, evidence, evidence.confidence)) return false;
  c.context.report({
    ...evidence,
    message: 'pyRelationInLoop',
    data: { model: source.model.name, relation: joined, access: names.slice(0, path.length + 1).join('.') },
    start: node.start,
    end: node.end,
    related: [{ location: c.context.locate(source.origin.start, source.origin.end), message: 'pyRowsFromHere' }],
    fixes: selectFix(c, source, joined),
    details: { stack: stackOf(c.facts), pattern: 'fk-per-row', queriesPerRow: path.length - firstMissing, model: source.model.name },
  });
  return false;
}

/** `PostSerializer(posts, many=True)` in a view. */
function checkSerializerCall(c: Check, call: PyNode, reported: Set<string>): void {
  const parts = callParts(c.tree, call);
  if (!parts?.name || !/Serializer$/.test(parts.name) || !parts.keywords.has('many')) return;
  if (text(c, parts.keywords.get('many')!) !== 'True') return;
  const data = parts.positional[0] ?? parts.keywords.get('instance');
  const serializer = findSerializer(c, parts.name);
  if (!serializer || !data) return;
  const source = rowSource(c, data, new Map());
  // `PostSerializer(posts, many=True)`: as many rows as `posts` holds (a user's few spaces, or a table).
  if (source) checkSerializerRelations(c, serializer, source, call, reported, { size: iterableSize(c, data, new Map(), 0) });
}

/** A DRF list view whose queryset feeds a serializer that reads relations. */
function checkDrfClasses(c: Check, reported: Set<string>): void {
  for (const cls of c.facts.classes) {
    if (!cls.queryset || !cls.serializerClass || cls.queryset.flat) continue;
    if (!cls.bases.some((base) => LIST_BASES.test(base))) continue;
    // A project base class that overrides get_queryset or list may add the joins itself.
    if (ancestorsOverride(c, cls.bases, new Set(['get_queryset', 'list']))) continue;
    const serializer = findSerializer(c, cls.serializerClass);
    const model = c.ws.model(c.path, cls.queryset.model);
    if (!serializer || !model) continue;
    const origin = { type: 'queryset', start: offsetOf(c, cls.queryset.location), end: endOffsetOf(c, cls.queryset.location), field: undefined, parent: undefined, children: [] } as PyNode;
    const source: RowSource = { model, select: cls.queryset.selectRelated, prefetch: cls.queryset.prefetchRelated, fixAt: cls.queryset.insertAt, origin };
    // The view lists its queryset's rows: a whole table's page, or one user's few rows.
    const size = scopeSize(model, factScope(model, cls.queryset.filters, cls.queryset.unreadFilter), () => 'unknown');
    checkSerializerRelations(c, serializer, source, origin, reported, { size }, cls.name);
  }
}

/** True when a workspace ancestor of a class defines one of `methods`. */
function ancestorsOverride(c: Check, bases: string[], methods: Set<string>): boolean {
  const queue = bases.map((base) => ({ path: c.path, name: base.split('.').pop()! }));
  const seen = new Set<string>();
  while (queue.length) {
    const { path, name } = queue.shift()!;
    const target = c.ws.resolveName(path, name);
    if (!target || !('path' in target) || seen.has(`${target.path}#${target.name}`)) continue;
    seen.add(`${target.path}#${target.name}`);
    const cls = c.ws.files.get(target.path)?.classes.find((candidate) => candidate.name === target.name);
    if (!cls) continue;
    if (cls.methods.some((method) => methods.has(method))) return true;
    queue.push(...cls.bases.map((base) => ({ path: target.path, name: base.split('.').pop()! })));
  }
  return false;
}

/** A relation a serializer reads that the queryset does not load. */
interface SerializerMiss {
  relation: string;
  many: boolean;
  location: RelationReadLocation;
}
type RelationReadLocation = DrfSerializer['relations'][number]['location'];

/**
 * One finding per serializer use, however many relations it misses: the
 * message names them all and the first fix loads them all at once.
 */
function checkSerializerRelations(c: Check, serializer: DrfSerializer, source: RowSource, at: PyNode, reported: Set<string>, evidence: Evidence & { confidence?: 'medium' }, view?: string): void {
  if (!weigh(rule.contexts, evidence, evidence.confidence)) return;
  const misses: SerializerMiss[] = [];
  for (const relationRead of serializer.relations) {
    let model = source.model;
    const path: string[] = [];
    for (let i = 0; i < relationRead.path.length; i++) {
      const hop = relationRead.path[i];
      const relation = model.relations.get(hop);
      if (!relation) break;
      path.push(hop);
      const joined = path.join('__');
      const many = relation.kind === 'many';
      const covered = many ? covers(source.prefetch, joined) : covers(source.select, joined) || covers(source.prefetch, joined);
      if (!covered) {
        const key = `ser:${at.start}:${joined}`;
        if (reported.has(key)) break;
        reported.add(key);
        misses.push({ relation: joined, many, location: relationRead.location });
        break;
      }
      if (many || !relation.target) break;
      model = relation.target;
    }
  }
  if (misses.length === 0) return;
  const related = misses.map((miss): RelatedInput<MessageId> => ({ location: miss.location, message: 'pySerializerReadsHere' }));
  const details = { stack: 'drf', model: source.model.name };
  if (misses.length === 1) {
    const [miss] = misses;
    c.context.report({
      ...evidence,
      message: miss.many ? 'pySerializerMany' : 'pySerializerRelation',
      data: { serializer: serializer.name, relation: miss.relation, model: source.model.name, view: view ?? '' },
      start: at.start,
      end: at.end,
      related,
      fixes: miss.many ? prefetchFix(c, source, miss.relation) : selectFix(c, source, miss.relation),
      details: { ...details, pattern: miss.many ? 'serializer-many-per-row' : 'serializer-fk-per-row', queriesPerRow: 1 },
    });
    return;
  }
  const selects = misses.filter((miss) => !miss.many).map((miss) => miss.relation);
  const prefetches = misses.filter((miss) => miss.many).map((miss) => miss.relation);
  const calls = [selects.length ? `select_related(${quoted(selects)})` : '', prefetches.length ? `prefetch_related(${quoted(prefetches)})` : ''].filter(Boolean);
  const ko = c.context.settings.locale === 'ko';
  const list = (items: string[]) => {
    const code = items.map((item) => `\`${item}\``);
    if (ko || code.length < 2) return code.join(', ');
    return `${code.slice(0, -1).join(', ')}${code.length > 2 ? ',' : ''} and ${code[code.length - 1]}`;
  };
  const fixes: FixInput<MessageId>[] | undefined = source.fixAt === undefined ? undefined : [
    { title: { id: 'pyAddEagerLoading', data: { calls: calls.map((call) => `.${call}`).join('') } }, applicability: 'unsafe' as const, edits: [{ file: c.path, start: source.fixAt, end: source.fixAt, newText: calls.map((call) => `.${call}`).join('') }] },
    ...misses.flatMap((miss) => (miss.many ? prefetchFix(c, source, miss.relation) : selectFix(c, source, miss.relation)) ?? []),
  ];
  c.context.report({
    ...evidence,
    message: 'pySerializerRelations',
    data: { serializer: serializer.name, relations: list(misses.map((miss) => miss.relation)), model: source.model.name, count: misses.length, calls: list(calls) },
    start: at.start,
    end: at.end,
    related,
    fixes,
    details: { ...details, pattern: 'serializer-relations-per-row', queriesPerRow: misses.length },
  });
}

function quoted(relations: string[]): string {
  return relations.map((relation) => `"${relation}"`).join(', ');
}

/**
 * `get_<field>(self, obj)` methods of serializers that query per serialized
 * row: as many rows as the views and calls that build the serializer list
 * (`serializer-uses.ts`); a serializer only detail views use runs once.
 */
function checkSerializerMethods(c: Check, reported: Set<string>): void {
  for (const serializer of c.facts.serializers) {
    const evidence: Evidence = { size: serializerRows(c, serializer.name) };
    if (!weigh(rule.contexts, evidence)) continue;
    const classNode = topLevelClass(c, serializer.name);
    const body = classNode ? field(classNode, 'body') : undefined;
    for (const member of body?.children ?? []) {
      const method = member.type === 'decorated_definition' ? field(member, 'definition') : member;
      if (method?.type !== 'function_definition') continue;
      const name = field(method, 'name');
      if (!name || !text(c, name).startsWith('get_') || parameterNames(c.tree, method).length < 2) continue;
      walkScope(field(method, 'body') ?? method, (node) => {
        if (node.type !== 'call') return;
        if (!isOutermostCall(node)) return;
        const chain = querysetChain(c.tree, node);
        if (!chain || !c.ws.model(c.path, chain.model)) return;
        const key = `call:${node.start}`;
        if (reported.has(key)) return false;
        reported.add(key);
        const last = chain.calls[chain.calls.length - 1]?.name ?? 'all';
        c.context.report({
          ...evidence,
          message: 'pySerializerMethodQuery',
          data: { serializer: serializer.name, method: text(c, name), model: chain.model, call: last },
          start: node.start,
          end: node.end,
          details: { stack: 'drf', pattern: 'serializer-method-query', queriesPerRow: 1, model: chain.model },
        });
        return false;
      });
    }
  }
}

function findSerializer(c: Check, name: string): DrfSerializer | undefined {
  const target = c.ws.resolveName(c.path, name);
  if (target && 'path' in target) {
    const found = c.ws.files.get(target.path)?.serializers.find((serializer) => serializer.name === target.name);
    if (found) return found;
  }
  const all = [...c.ws.files.values()].flatMap((facts) => facts.serializers.filter((serializer) => serializer.name === name));
  return all.length === 1 ? all[0] : undefined;
}

function selectFix(c: Check, source: RowSource, relation: string): FixInput<MessageId>[] | undefined {
  if (source.fixAt === undefined) return undefined;
  return [{ title: { id: 'pyAddSelectRelated', data: { relation } }, applicability: 'unsafe' as const, edits: [{ file: c.path, start: source.fixAt, end: source.fixAt, newText: `.select_related("${relation}")` }] }];
}

function prefetchFix(c: Check, source: RowSource, relation: string): FixInput<MessageId>[] | undefined {
  if (source.fixAt === undefined) return undefined;
  return [{ title: { id: 'pyAddPrefetchRelated', data: { relation } }, applicability: 'unsafe' as const, edits: [{ file: c.path, start: source.fixAt, end: source.fixAt, newText: `.prefetch_related("${relation}")` }] }];
}

/** Length of a loop's first line (`for post in posts:`), for the related location. */
function loopHead(c: Check, loop: PyNode): number {
  const newline = c.tree.text.indexOf('\n', loop.start);
  const end = newline < 0 || newline > loop.end ? loop.end : newline;
  return Math.max(1, end - loop.start);
}

function offsetOf(c: Check, location: { range: { start: { offset: number } } }): number {
  return Math.min(location.range.start.offset, c.tree.text.length);
}

function endOffsetOf(c: Check, location: { range: { end: { offset: number } } }): number {
  return Math.min(location.range.end.offset, c.tree.text.length);
}
