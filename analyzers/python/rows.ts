import { enclosingFunction, field, unwrap, walkScope, type PyNode } from './tree';
import { callParts, chainCalls, chainRoot, dottedName, simpleAssignment } from './syntax';
import { eagerEntries, querysetChain } from './queryset';
import type { PyCheck } from './check';
import type { ResolvedModel } from './workspace';

/**
 * Where the rows of a loop or a serializer come from: the model, what the
 * queryset loads eagerly, and where a fix can add more. Followed back through
 * local assignments (`qs = qs.filter(...)`), slicing, `list(...)`,
 * `self.get_queryset()`, and related managers of other rows.
 */
export interface RowSource {
  model: ResolvedModel;
  select: string[];
  prefetch: string[];
  /** Offset in this file where `.select_related(...)` can be inserted (after `Model.objects`). */
  fixAt?: number;
  /** The expression the rows come from, for messages and related locations. */
  origin: PyNode;
}

const PASS_THROUGH = new Set(['list', 'tuple', 'sorted', 'reversed', 'iter', 'set']);
const QUERYSET_METHODS = /^(?:all|filter|exclude|order_by|select_related|prefetch_related|distinct|annotate|only|defer|using|reverse|alias|iterator|none|union|intersection|difference|select_for_update|filter_queryset|paginate_queryset)$/;
const MAX_DEPTH = 6;

export function rowSource(check: PyCheck, expression: PyNode | undefined, loopVars: Map<string, RowSource | undefined>, depth = 0): RowSource | undefined {
  let node = unwrap(expression);
  if (!node || depth > MAX_DEPTH) return undefined;
  if (node.type === 'call') {
    const parts = callParts(check.tree, node);
    if (parts?.callee.type === 'identifier' && PASS_THROUGH.has(parts.name ?? '') && parts.positional[0]) return rowSource(check, parts.positional[0], loopVars, depth + 1);
    // DRF: `self.filter_queryset(self.get_queryset())`, `self.paginate_queryset(qs)`.
    if (parts && /^(?:filter_queryset|paginate_queryset)$/.test(parts.name ?? '') && parts.positional[0]) return rowSource(check, parts.positional[0], loopVars, depth + 1);
  }
  const chain = querysetChain(check.tree, node);
  if (chain) {
    if (chain.flat || chain.empty || (chain.terminal && chain.terminal !== 'iterator')) return undefined;
    const model = check.ws.model(check.path, chain.model);
    if (!model) return undefined;
    return { model, select: chain.selectRelated, prefetch: chain.prefetchRelated, fixAt: chain.manager.end, origin: node };
  }

  // A chain on something else: a variable, `self.get_queryset()`, or `row.comments.all()`.
  const eager = eagerOf(check, node);
  if (!eager) return undefined;
  const root = chainRoot(node);
  let base: RowSource | undefined;
  const names = dottedName(check.tree, baseOfChain(check, node));
  if (root?.type === 'identifier' && names?.length === 1) {
    const name = names[0];
    if (loopVars.has(name)) return undefined; // a loop row is one object, not rows
    const assigned = lastAssignment(check, node, name);
    if (assigned) base = rowSource(check, assigned, loopVars, depth + 1);
    if (base) base = { ...base, prefetch: [...base.prefetch, ...prefetchedLater(check, node, name)] };
  } else if (names && names[0] === 'self' && (names[1] === 'queryset' || names[1] === 'get_queryset') && names.length === 2) {
    base = classQueryset(check, node);
  } else if (names && names.length === 2 && loopVars.get(names[0])) {
    // `post.comments.all()`: rows of the relation's target.
    const owner = loopVars.get(names[0])!;
    const relation = owner.model.relations.get(names[1]);
    // What the parent rows prefetched below this relation (`team_set__members`) is loaded for these rows too.
    if (relation?.kind === 'many' && relation.target) base = { model: relation.target, select: below(owner.select, names[1]), prefetch: below(owner.prefetch, names[1]), origin: node };
  }
  if (!base) return undefined;
  return { ...base, select: [...base.select, ...eager.select], prefetch: [...base.prefetch, ...eager.prefetch], origin: base.origin };
}

/** `prefetch_related_objects(teams, "member_set")` before `node` in its function: the list's rows carry those relations. */
function prefetchedLater(check: PyCheck, node: PyNode, name: string): string[] {
  const scope = enclosingFunction(node);
  const found: string[] = [];
  if (!scope) return found;
  walkScope(scope, (candidate) => {
    if (candidate.type !== 'call' || candidate.start >= node.start) return;
    const parts = callParts(check.tree, candidate);
    const first = unwrap(parts?.positional[0]);
    if (parts?.name !== 'prefetch_related_objects' || first?.type !== 'identifier' || check.tree.text.slice(first.start, first.end) !== name) return;
    found.push(...eagerEntries(check.tree, 'prefetch_related', parts.positional.slice(1)));
  });
  return found;
}

/** The eager paths under `relation`, relative to it: `member_set__note_set` under `member_set` → `note_set`. */
function below(eager: readonly string[], relation: string): string[] {
  return eager.filter((entry) => entry.startsWith(relation + '__')).map((entry) => entry.slice(relation.length + 2));
}

/** `select_related`/`prefetch_related` calls along a chain on any root; undefined when it leaves querysets. */
function eagerOf(check: PyCheck, node: PyNode): { select: string[]; prefetch: string[] } | undefined {
  const select: string[] = [];
  const prefetch: string[] = [];
  for (const call of chainCalls(node)) {
    const parts = callParts(check.tree, call);
    if (!parts?.name) return undefined;
    if (parts.receiver === undefined) continue;
    if (parts.name === 'get_queryset' && dottedName(check.tree, parts.receiver)?.join('.') === 'self') continue;
    if (/^(?:values|values_list|dates|datetimes)$/.test(parts.name)) return undefined;
    if (!QUERYSET_METHODS.test(parts.name)) return undefined;
    if (parts.name === 'none') return undefined;
    if (parts.name === 'select_related' || parts.name === 'prefetch_related') (parts.name === 'select_related' ? select : prefetch).push(...eagerEntries(check.tree, parts.name, parts.positional));
  }
  return { select, prefetch };
}

/**
 * The expression a chain starts from: `qs` in `qs.filter(x)[:5]`,
 * `post.comments` in `post.comments.all()`, `self.get_queryset` in
 * `self.get_queryset().filter(x)`.
 */
function baseOfChain(check: PyCheck, node: PyNode): PyNode | undefined {
  let current: PyNode | undefined = unwrap(node);
  for (;;) {
    if (current?.type === 'subscript') current = unwrap(field(current, 'value'));
    else if (current?.type === 'call') {
      const callee = unwrap(field(current, 'function'));
      if (callee?.type !== 'attribute') return undefined;
      if (dottedName(check.tree, callee)?.join('.') === 'self.get_queryset') return callee;
      current = unwrap(field(callee, 'object'));
    } else return current;
  }
}

/** The queryset a DRF/CBV class declares (`queryset = …` or `get_queryset`). */
function classQueryset(check: PyCheck, node: PyNode): RowSource | undefined {
  let owner: PyNode | undefined = node.parent;
  while (owner && owner.type !== 'class_definition') owner = owner.parent;
  const nameNode = owner ? field(owner, 'name') : undefined;
  if (!nameNode) return undefined;
  const cls = check.facts.classes.find((candidate) => candidate.name === check.tree.text.slice(nameNode.start, nameNode.end));
  if (!cls?.queryset || cls.queryset.flat) return undefined;
  const model = check.ws.model(check.path, cls.queryset.model);
  if (!model) return undefined;
  return { model, select: cls.queryset.selectRelated, prefetch: cls.queryset.prefetchRelated, fixAt: cls.queryset.insertAt, origin: node };
}

/** The value last assigned to `name` before `at`, in the enclosing function. */
export function lastAssignment(check: PyCheck, at: PyNode, name: string): PyNode | undefined {
  let scope: PyNode | undefined = at.parent;
  while (scope && scope.type !== 'function_definition' && scope.type !== 'module') scope = scope.parent;
  if (!scope) return undefined;
  let found: PyNode | undefined;
  walkScope(field(scope, 'body') ?? scope, (node) => {
    if (node.start >= at.start) return false;
    const assignment = node.type === 'assignment' ? simpleAssignment(check.tree, node) : undefined;
    if (assignment?.name === name && assignment.value.end <= at.start) found = assignment.value;
    return undefined;
  });
  return found;
}
