import type { FixInput, RelatedInput, RuleContext, MessageIdOf } from '../../core/rule';
import { parentRowsGrow, tableGrowth } from '../../core/growing-tables';
import { lowerConfidence } from '../../core/evidence';
import type { Confidence } from '../../core/types';
import { audienceAt, classAudience } from '../../python/audience';
import type { PyClass } from '../../python/facts-types';
import { lookupScope, narrower, type RowScope } from '../../python/row-scope';
import type { ResolvedModel } from '../../python/workspace';
import { SINGLE_RESULT } from '../../python/queryset';
import { iterablesOf } from '../../python/loops';
import { lastAssignment } from '../../python/rows';
import { callParts, dottedName, indentAt, isTrue, statements } from '../../python/syntax';
import { field, unwrap, walk, walkScope, type PyNode, type PyTree } from '../../python/tree';
import { pyCheck, stackOf, text, topLevelClass, type PyCheck } from '../../python/check';
import type rule from './rule';

type MessageId = MessageIdOf<typeof rule>;
type Context = RuleContext<PyTree, typeof rule>;
type Check = PyCheck<typeof rule>;

/**
 * A queryset whose every row goes back to the client: serialized, listed
 * or rendered by a view with no slice and no paginator, a DRF list view
 * without pagination (its own or `DEFAULT_PAGINATION_CLASS`), or a
 * `ListView` without `paginate_by`. Reported once per queryset, where it is
 * built. How sure depends on growth (`growing-tables.ts`): a whole table of
 * records that pile up is high; a table whose name says nothing (a queue,
 * a custom field, a settings row) is medium; reference data is no finding.
 * Rows of one parent are info, and only when they pile up over that
 * parent's life. A view only staff reach is one step less sure.
 */
const LIMIT = 100;
const PAGE_SIZE = 20;

/** Staff-only screens, not the public's requests. */
const ADMIN_PATH = /(?:^|\/)admin(?:\.py$|\/)/;
/** Queryset methods that still return rows; any other name is a custom method ScaleCheck cannot see into. */
const ROW_METHODS = new Set(['all', 'filter', 'exclude', 'order_by', 'select_related', 'prefetch_related', 'distinct', 'annotate', 'only', 'defer', 'using', 'reverse', 'alias', 'values', 'values_list', 'iterator', 'union', 'intersection', 'difference', 'select_for_update', 'dates', 'datetimes', 'extra']);
/** Calls that hand their argument's rows on unchanged. */
const PASS_THROUGH = new Set(['list', 'tuple', 'sorted', 'reversed', 'set']);
/** Lookups that pick rows by key: as many rows as keys, not as the table. */
const KEY_LOOKUP = /^(?:pk|id)(?:__(?:exact|in))?$/;
const RESPONSES = new Set(['Response', 'JsonResponse', 'HttpResponse']);
const PAGES = new Set(['render', 'render_to_response', 'TemplateResponse']);
const DRF_LIST = new Set(['ListAPIView', 'ListCreateAPIView', 'ModelViewSet', 'ReadOnlyModelViewSet', 'ListModelMixin']);
const DJANGO_LIST = new Set(['ListView', 'BaseListView']);
/** Base classes whose pagination behaviour is known; any other base outside the workspace might paginate. */
const KNOWN_BASES = new Set([
  ...DRF_LIST, ...DJANGO_LIST, 'GenericViewSet', 'GenericAPIView', 'ViewSet', 'ViewSetMixin', 'APIView', 'View', 'CreateModelMixin', 'RetrieveModelMixin',
  'UpdateModelMixin', 'DestroyModelMixin', 'MultipleObjectTemplateResponseMixin', 'LoginRequiredMixin', 'PermissionRequiredMixin',
  'UserPassesTestMixin', 'AccessMixin', 'object',
]);
const MAX_DEPTH = 6;

interface Rows {
  model: ResolvedModel;
  /** The `Model.objects…` expression the rows come from: where the finding goes. */
  origin: PyNode;
  /** Which rows the filters pick (`row-scope.ts`). */
  scope: RowScope;
  label: string;
}

/** Filters met on the way from the response back to `Model.objects`, read once the model is known. */
interface Filters {
  lookups: Array<{ key: string; value: PyNode }>;
  unread: boolean;
}


export function check(context: Context): void {
  const c = pyCheck(context);
  if (!c || ADMIN_PATH.test(c.path)) return;
  const reported = new Set<number>();
  checkViewFunctions(c, reported);
  checkListClasses(c, reported);
}

// ── rows: where a queryset expression comes from, and whether it is bounded ──

/** The unbounded rows an expression evaluates to, or undefined when they are bounded, single, or unknown. */
function unboundedRows(c: Check, expression: PyNode | undefined, depth = 0): Rows | undefined {
  const node = unwrap(expression);
  if (!node || depth > MAX_DEPTH) return undefined;
  if (node.type === 'call') {
    const parts = callParts(c.tree, node);
    if (parts?.callee.type === 'identifier' && PASS_THROUGH.has(parts.name ?? '') && parts.positional.length === 1) return unboundedRows(c, parts.positional[0], depth + 1);
  }
  const filters: Filters = { lookups: [], unread: false };
  const methods: string[] = [];
  let current: PyNode | undefined = node;
  while (current) {
    if (current.type === 'subscript') return undefined; // sliced or indexed
    if (current.type === 'call') {
      const parts = callParts(c.tree, current);
      if (!parts?.name || !parts.receiver) return undefined;
      const receiver = dottedName(c.tree, parts.receiver)?.join('.');
      if (receiver === 'self' && parts.name === 'get_queryset') return narrowed(classRows(c, current, depth + 1), filters);
      if (receiver === 'self' && parts.name === 'filter_queryset') return narrowed(unboundedRows(c, parts.positional[0], depth + 1), filters);
      if (SINGLE_RESULT.has(parts.name) || parts.name === 'none' || !ROW_METHODS.has(parts.name)) return undefined;
      if (parts.name === 'filter') {
        if ([...parts.keywords.keys()].some((key) => KEY_LOOKUP.test(key))) return undefined;
        for (const [key, value] of parts.keywords) filters.lookups.push({ key, value });
        if (parts.positional.length > 0 || parts.hasKwargsSplat) filters.unread = true;
      }
      methods.unshift(parts.name);
      current = unwrap(parts.receiver);
      continue;
    }
    if (current.type === 'attribute') {
      const names = dottedName(c.tree, current);
      if (names?.length === 2 && names[1] === 'objects' && /^[A-Z]/.test(names[0])) return managerRows(c, node, names[0], methods, filters);
      if (names?.join('.') === 'self.queryset') return narrowed(classRows(c, current, depth + 1), filters);
      return undefined; // a related manager (`request.user.posts`) or something else: scoped or unknown
    }
    if (current.type === 'identifier') {
      const name = text(c, current);
      if (isPaginated(c, current, name)) return undefined;
      const assigned = lastAssignment(c, current, name);
      return narrowed(assigned ? unboundedRows(c, assigned, depth + 1) : undefined, filters);
    }
    return undefined;
  }
  return undefined;
}

/** Rows narrowed further by filters applied on top of them (`qs.filter(author=user)`). */
function narrowed(rows: Rows | undefined, filters: Filters): Rows | undefined {
  return rows && { ...rows, scope: narrower(rows.model, rows.scope, scopeOf(rows.model, filters)) };
}

function scopeOf(model: ResolvedModel, filters: Filters): RowScope {
  let best: RowScope = filters.unread ? { kind: 'unread' } : { kind: 'table' };
  for (const { key, value } of filters.lookups) best = narrower(model, best, lookupScope(model, key, value));
  return best;
}

function managerRows(c: Check, origin: PyNode, modelName: string, methods: string[], filters: Filters): Rows | undefined {
  const model = c.ws.model(c.path, modelName);
  if (!model) return undefined;
  const label = `${model.name}.objects${methods.map((name) => `.${name}(${callHasArgs(c, origin, name) ? '…' : ''})`).join('')}`;
  return { model, origin, scope: scopeOf(model, filters), label };
}

/**
 * Whether a list of these rows is a finding, and how sure (see the file's
 * comment): undefined for rows that stay short (one row, a list of keys,
 * reference data, a parent's rows that do not pile up).
 */
function growthOf(rows: Rows): { confidence: Confidence; info: boolean } | undefined {
  const { model, scope } = rows;
  switch (scope.kind) {
    case 'one':
      return undefined;
    case 'keys':
      // `filter(author__in=followed)`: the rows of a few parents; `pk__in` is as long as its keys.
      return scope.relation && parentRowsGrow(model.name, scope.relation) ? { confidence: 'high', info: true } : undefined;
    case 'parent':
      return parentRowsGrow(model.name, scope.parent) ? { confidence: 'high', info: true } : undefined;
    case 'unread':
      // Narrowed by a condition ScaleCheck cannot read: maybe one parent's, maybe most of the table.
      return tableGrowth(model.name) === 'grows' ? { confidence: 'medium', info: true } : undefined;
    default: {
      const growth = tableGrowth(model.name);
      return growth === 'reference' ? undefined : { confidence: growth === 'grows' ? 'high' : 'medium', info: false };
    }
  }
}

function callHasArgs(c: Check, chain: PyNode, name: string): boolean {
  for (let current: PyNode | undefined = unwrap(chain); current; ) {
    if (current.type !== 'call') current = current.type === 'attribute' ? unwrap(field(current, 'object')) : current.type === 'subscript' ? unwrap(field(current, 'value')) : undefined;
    else {
      const parts = callParts(c.tree, current);
      if (parts?.name === name) return (parts.args?.children.filter((child) => child.type !== 'comment').length ?? 0) > 0;
      current = parts?.receiver ? unwrap(parts.receiver) : undefined;
    }
  }
  return false;
}

/** `Paginator(posts, 20)` or `self.paginate_queryset(posts)` in the same function: `posts` is shown a page at a time. */
function isPaginated(c: Check, at: PyNode, name: string): boolean {
  let scope: PyNode | undefined = at.parent;
  while (scope && scope.type !== 'function_definition' && scope.type !== 'module') scope = scope.parent;
  if (!scope) return false;
  let found = false;
  walkScope(field(scope, 'body') ?? scope, (node) => {
    if (found || node.type !== 'call') return;
    const parts = callParts(c.tree, node);
    if (!parts || !/^(?:Paginator|paginate_queryset|paginate)$/.test(parts.name ?? '')) return;
    const first = unwrap(parts.positional[0] ?? parts.keywords.get('object_list') ?? parts.keywords.get('queryset'));
    if (first?.type === 'identifier' && text(c, first) === name) found = true;
  });
  return found;
}

/** The rows a class-based view lists: its `get_queryset` returns (all of them unbounded) or its `queryset`. */
function classRows(c: Check, inside: PyNode, depth: number): Rows | undefined {
  let owner: PyNode | undefined = inside.parent;
  while (owner && owner.type !== 'class_definition') owner = owner.parent;
  return owner ? rowsOfClass(c, owner, depth) : undefined;
}

function rowsOfClass(c: Check, classNode: PyNode, depth: number): Rows | undefined {
  if (depth > MAX_DEPTH) return undefined;
  let attribute: PyNode | undefined;
  for (const member of statements(field(classNode, 'body'))) {
    const definition = member.type === 'decorated_definition' ? field(member, 'definition') : member;
    const name = definition?.type === 'function_definition' ? field(definition, 'name') : undefined;
    if (definition && name && text(c, name) === 'get_queryset') {
      const returned: PyNode[] = [];
      walkScope(field(definition, 'body') ?? definition, (node) => {
        if (node.type === 'return_statement' && node.children[0]) returned.push(node.children[0]);
      });
      const rows = returned.map((value) => unboundedRows(c, value, depth + 1));
      // Every path must return unbounded rows; report the first one that does not narrow them.
      if (rows.length === 0 || rows.some((entry) => !entry)) return undefined;
      return rows.find((entry) => entry!.scope.kind === 'table') ?? rows[0];
    }
    const assignment = member.type === 'expression_statement' ? member.children[0] : undefined;
    const left = assignment?.type === 'assignment' ? field(assignment, 'left') : undefined;
    if (left?.type === 'identifier' && text(c, left) === 'queryset') attribute = field(assignment!, 'right');
  }
  return attribute ? unboundedRows(c, attribute, depth + 1) : undefined;
}

// ── function views and view methods ──

function checkViewFunctions(c: Check, reported: Set<number>): void {
  const views = new Set(c.facts.functions.filter((fn) => fn.view && fn.view !== 'ninja' && fn.view !== 'fastapi' && !fn.task).map((fn) => fn.location.range.start.offset));
  if (views.size === 0) return;
  walk(c.tree.root, (node) => {
    if (node.type !== 'function_definition') return;
    const name = field(node, 'name');
    if (!name || !views.has(name.start)) return;
    // Staff and superuser screens are opened now and then, not at user traffic: one step less sure.
    const staff = audienceAt(c, field(node, 'body') ?? node) !== undefined;
    walkScope(field(node, 'body') ?? node, (inner) => {
      if (inner.type !== 'return_statement' || !inner.children[0]) return;
      for (const response of responsesOf(c, inner.children[0])) {
        for (const target of response.payload.flatMap((payload) => targetsOf(c, payload))) reportTarget(c, target, response.page, staff, reported);
      }
    });
  });
}

interface ResponseCall {
  page: boolean;
  payload: PyNode[];
}

/** The response a view returns: `Response(data)`, `JsonResponse({...})`, `render(request, tpl, context)`. */
function responsesOf(c: Check, value: PyNode, depth = 0): ResponseCall[] {
  const node = unwrap(value);
  if (!node || depth > 2) return [];
  if (node.type === 'identifier') {
    const assigned = lastAssignment(c, node, text(c, node));
    return assigned ? responsesOf(c, assigned, depth + 1) : [];
  }
  if (node.type !== 'call') return [];
  const parts = callParts(c.tree, node);
  if (!parts?.name) return [];
  if (RESPONSES.has(parts.name)) return [{ page: false, payload: [parts.positional[0] ?? parts.keywords.get('data')].filter((entry): entry is PyNode => !!entry) }];
  if (PAGES.has(parts.name)) {
    // `render(request, tpl, ctx)`, `TemplateResponse(request, tpl, ctx)`, `self.render_to_response(ctx)`.
    const index = parts.name === 'render_to_response' ? (parts.receiver ? 0 : 1) : 2;
    const context = parts.keywords.get('context') ?? parts.positional[index];
    return context ? [{ page: true, payload: [context] }] : [];
  }
  return [];
}

/** The expressions inside a response payload whose rows are sent: serializer data, lists, comprehensions, querysets. */
function targetsOf(c: Check, value: PyNode, depth = 0): PyNode[] {
  const node = unwrap(value);
  if (!node || depth > MAX_DEPTH) return [];
  if (unboundedRows(c, node)) return [node];
  switch (node.type) {
    case 'identifier': {
      const assigned = lastAssignment(c, node, text(c, node));
      return assigned ? targetsOf(c, assigned, depth + 1) : [];
    }
    case 'dictionary':
      return node.children.filter((pair) => pair.type === 'pair').flatMap((pair) => {
        const entry = field(pair, 'value');
        return entry ? targetsOf(c, entry, depth + 1) : [];
      });
    case 'list':
    case 'tuple':
      return node.children.flatMap((item) => targetsOf(c, item, depth + 1));
    case 'list_comprehension':
    case 'generator_expression': {
      const iterable = iterablesOf(node)[0];
      return iterable && unboundedRows(c, iterable) ? [iterable] : [];
    }
    case 'attribute': {
      // `serializer.data`, `PostSerializer(posts, many=True).data`.
      const attribute = field(node, 'attribute');
      const object = field(node, 'object');
      return attribute && object && text(c, attribute) === 'data' ? targetsOf(c, object, depth + 1) : [];
    }
    case 'call': {
      const parts = callParts(c.tree, node);
      if (!parts?.name) return [];
      const serializer = /Serializer$/.test(parts.name) || (parts.name === 'get_serializer' && dottedName(c.tree, parts.receiver)?.join('.') === 'self');
      if (serializer) {
        const data = parts.positional[0] ?? parts.keywords.get('instance');
        return isTrue(c.tree, parts.keywords.get('many')) && data ? targetsOf(c, data, depth + 1) : [];
      }
      if (parts.name === 'dict') return [...parts.keywords.values()].flatMap((entry) => targetsOf(c, entry, depth + 1));
      // A django-tables2 table renders every row of its data unless the view pages it.
      if (isTables2Table(c, parts.name) && parts.positional[0] && !pagesTables(c, node)) return targetsOf(c, parts.positional[0], depth + 1);
      // `json.dumps(rows)`, `serializers.serialize("json", qs)`.
      if (parts.name === 'dumps') return parts.positional[0] ? targetsOf(c, parts.positional[0], depth + 1) : [];
      if (parts.name === 'serialize') return parts.positional[1] ? targetsOf(c, parts.positional[1], depth + 1) : [];
      return [];
    }
    default:
      return [];
  }
}

/** A class of the workspace built on django-tables2's `Table` (`tables.Table`, `django_tables2.Table`). */
function isTables2Table(c: Check, name: string): boolean {
  const target = c.ws.resolveName(c.path, name);
  if (!target || !('path' in target)) return false;
  const facts = c.ws.files.get(target.path);
  if (!facts?.imports.some((entry) => entry.module.startsWith('django_tables2'))) return false;
  return !!facts.classes.find((cls) => cls.name === target.name)?.bases.some((base) => /(?:^|\.)Table$/.test(base));
}

/**
 * A table is paged only when the view asks: `RequestConfig(request, paginate=…).configure(table)`
 * or `table.paginate(…)`, anywhere in the view. Without either, every row is rendered.
 */
function pagesTables(c: Check, at: PyNode): boolean {
  let scope: PyNode | undefined = at.parent;
  while (scope && scope.type !== 'function_definition') scope = scope.parent;
  if (!scope) return true;
  let pages = false;
  walkScope(field(scope, 'body') ?? scope, (node) => {
    if (pages || node.type !== 'call') return pages ? false : undefined;
    const name = callParts(c.tree, node)?.name;
    if (name === 'RequestConfig' || name === 'paginate') pages = true;
    return undefined;
  });
  return pages;
}

function reportTarget(c: Check, target: PyNode, page: boolean, staff: boolean, reported: Set<number>): void {
  const rows = unboundedRows(c, target);
  if (!rows || reported.has(rows.origin.start)) return;
  const growth = growthOf(rows);
  if (!growth) return;
  reported.add(rows.origin.start);
  const related: RelatedInput<MessageId>[] = [];
  if (target.start !== rows.origin.start || target.end !== rows.origin.end) related.push({ location: c.context.locate(target.start, target.end), message: page ? 'pyRenderedHere' : 'pySentHere' });
  const fixAt = sliceAt(c, target);
  const fixes: FixInput<MessageId>[] | undefined =
    fixAt === undefined ? undefined : [{ title: { id: 'pyFixSlice', data: { limit: LIMIT } }, applicability: 'unsafe', edits: [{ file: c.path, start: fixAt, end: fixAt, newText: `[:${LIMIT}]` }] }];
  c.context.report({
    message: page ? 'pyUnboundedToPage' : 'pyUnboundedToClient',
    data: { call: rows.label, model: rows.model.name },
    start: rows.origin.start,
    end: rows.origin.end,
    severity: growth.info ? 'info' : undefined,
    confidence: staff ? lowerConfidence(growth.confidence) : growth.confidence,
    related,
    fixes,
    details: { stack: stackOf(c.facts), framework: page ? 'django-template' : stackOf(c.facts), model: rows.model.name, scopedToParent: growth.info },
  });
}

/** Where `[:100]` bounds the rows a response takes: after the queryset, inside `list(...)`, on a comprehension's iterable. */
function sliceAt(c: Check, target: PyNode, depth = 0): number | undefined {
  const node = unwrap(target);
  if (!node || depth > MAX_DEPTH) return undefined;
  if (node.type === 'identifier') {
    // `numbers = list(qs)`: slicing `numbers` would still load every row; slice where they are fetched.
    const assigned = unwrap(lastAssignment(c, node, text(c, node)));
    const parts = assigned?.type === 'call' ? callParts(c.tree, assigned) : undefined;
    if (parts?.callee.type === 'identifier' && PASS_THROUGH.has(parts.name ?? '')) return sliceAt(c, assigned!, depth + 1);
  }
  if (node.type === 'call') {
    const parts = callParts(c.tree, node);
    if (parts?.callee.type === 'identifier' && PASS_THROUGH.has(parts.name ?? '')) return parts.positional[0] ? sliceAt(c, parts.positional[0], depth + 1) : undefined;
    // A generator from `.iterator()` cannot be sliced.
    if (parts?.name === 'iterator') return undefined;
  }
  return node.type === 'call' || node.type === 'identifier' || node.type === 'attribute' ? node.end : undefined;
}

// ── class-based list views ──

interface Lineage {
  /** Last segments of every base, the workspace ancestors' included. */
  bases: Set<string>;
  /** A base outside the workspace that ScaleCheck does not know: it may paginate. */
  unknownBase: boolean;
  paginationClass?: 'set' | 'none';
  paginateBy?: 'set' | 'none';
  /** Methods the workspace ancestors define. */
  inherited: Set<string>;
}

function lineageOf(c: Check, cls: PyClass): Lineage {
  const lineage: Lineage = { bases: new Set(), unknownBase: false, paginationClass: cls.paginationClass, paginateBy: cls.paginateBy, inherited: new Set() };
  const queue = cls.bases.map((base) => ({ path: c.path, base }));
  const seen = new Set<string>();
  while (queue.length) {
    const { path, base } = queue.shift()!;
    const name = base.split('.').pop()!;
    lineage.bases.add(name);
    const target = c.ws.resolveName(path, name);
    const ancestor = target && 'path' in target ? c.ws.files.get(target.path)?.classes.find((candidate) => candidate.name === target.name) : undefined;
    if (!ancestor || !target || !('path' in target)) {
      if (!KNOWN_BASES.has(name)) lineage.unknownBase = true;
      continue;
    }
    if (seen.has(`${target.path}#${ancestor.name}`)) continue;
    seen.add(`${target.path}#${ancestor.name}`);
    // Breadth-first, like the method resolution order for the usual single chain of bases.
    lineage.paginationClass ??= ancestor.paginationClass;
    lineage.paginateBy ??= ancestor.paginateBy;
    for (const method of ancestor.methods) lineage.inherited.add(method);
    queue.push(...ancestor.bases.map((next) => ({ path: target.path, base: next })));
  }
  return lineage;
}

function checkListClasses(c: Check, reported: Set<number>): void {
  for (const cls of c.facts.classes) {
    const lineage = lineageOf(c, cls);
    const drf = [...lineage.bases].some((base) => DRF_LIST.has(base));
    const listView = !drf && [...lineage.bases].some((base) => DJANGO_LIST.has(base));
    if ((!drf && !listView) || lineage.unknownBase) continue;
    const methods = new Set([...cls.methods, ...lineage.inherited]);
    // Own paging or listing code decides for itself; the view-method check reads what it returns.
    if (['list', 'paginate_queryset', 'paginator', 'get_paginate_by', 'get_paginator'].some((method) => methods.has(method))) continue;
    if (lineage.inherited.has('get_queryset')) continue;
    if (drf && (lineage.paginationClass === 'set' || (lineage.paginationClass === undefined && c.ws.drfPagination !== 'unset'))) continue;
    if (listView && lineage.paginateBy === 'set') continue;
    const classNode = topLevelClass(c, cls.name);
    if (!classNode) continue;
    const rows = rowsOfClass(c, classNode, 0) ?? (listView && !cls.methods.includes('get_queryset') ? modelRows(c, cls) : undefined);
    if (!rows || reported.has(rows.origin.start)) continue;
    const growth = growthOf(rows);
    if (!growth) continue;
    reported.add(rows.origin.start);
    const message = listView ? 'pyListViewUnpaginated' : lineage.paginationClass === 'none' ? 'pyDrfPaginationOff' : 'pyDrfListUnpaginated';
    c.context.report({
      message,
      data: { view: cls.name, call: rows.label, model: rows.model.name, pageSize: PAGE_SIZE },
      start: rows.origin.start,
      end: rows.origin.end,
      severity: growth.info ? 'info' : undefined,
      confidence: classAudience(c, classNode) ? lowerConfidence(growth.confidence) : growth.confidence,
      fixes: listView && lineage.paginateBy === undefined ? paginateByFix(c, classNode, rows.origin) : undefined,
      details: { stack: listView ? 'django' : 'drf', framework: listView ? 'django-listview' : 'drf', model: rows.model.name, scopedToParent: growth.info },
    });
  }
}

/** A `ListView` that names only `model = Post` lists `Post.objects.all()`. */
function modelRows(c: Check, cls: PyClass): Rows | undefined {
  if (!cls.metaModel || !cls.modelAttribute) return undefined;
  const model = c.ws.model(c.path, cls.metaModel);
  const start = cls.modelAttribute.range.start.offset;
  const end = cls.modelAttribute.range.end.offset;
  if (!model) return undefined;
  let origin: PyNode | undefined;
  walk(c.tree.root, (node) => {
    if (origin || node.end < start || node.start > end) return false;
    if (node.type === 'assignment' && node.start === start && node.end === end) origin = node;
    return undefined;
  });
  return origin ? { model, origin, scope: { kind: 'table' }, label: `${model.name}.objects.all()` } : undefined;
}

/** Unsafe: `paginate_by = 20` after the class-body statement that holds the rows; the template still needs page links. */
function paginateByFix(c: Check, classNode: PyNode, origin: PyNode): FixInput<MessageId>[] | undefined {
  const body = field(classNode, 'body');
  const statement = statements(body).find((member) => member.start <= origin.start && origin.end <= member.end);
  if (!statement || statement.type !== 'expression_statement') return undefined;
  const indent = indentAt(c.tree.text, statement.start);
  // After the line's end, past a trailing comment.
  const newline = c.tree.text.slice(statement.end).search(/\r?\n|\r/);
  const at = newline < 0 ? c.tree.text.length : statement.end + newline;
  return [{ title: { id: 'pyFixPaginateBy', data: { pageSize: PAGE_SIZE } }, applicability: 'unsafe', edits: [{ file: c.path, start: at, end: at, newText: `\n${indent}paginate_by = ${PAGE_SIZE}` }] }];
}
