import { parentRowsGrow, tableGrowth } from '../core/growing-tables';
import type { CollectionSize } from '../core/evidence';
import type { PyCheck } from './check';
import { callParts, chainCalls } from './syntax';
import { unwrap, type PyNode } from './tree';
import type { Relation, ResolvedModel } from './workspace';

/**
 * Which rows of its table a queryset's filters pick, read from the lookups
 * (`filter(finding=f)`, `filter(pk__in=ids)`) against the model's relations:
 *
 * - `table`: every row, or rows picked by a column of their own (`status="open"`);
 * - `one`: one row by its key (`filter(pk=pk)`);
 * - `keys`: rows by a list of keys (`pk__in=ids`, `author__in=followed`), as
 *   many as the list for the primary key, the list's parents' rows for a relation;
 * - `parent`: the rows of one parent, by a relation compared to one value
 *   (`finding=f`, `user=request.user`, `space_id=…`, `userspace__user=u`);
 * - `unread`: a filter ScaleCheck cannot read (`Q(…)`, `**kwargs`).
 *
 * n-plus-one sizes loops with it, unbounded-query weighs lists, and both
 * judge a parent's rows by `parentRowsGrow`.
 */
export type RowScope =
  | { kind: 'table' }
  | { kind: 'one' }
  | { kind: 'keys'; relation?: string; value?: PyNode }
  | { kind: 'parent'; parent: string }
  | { kind: 'unread' };

/** Lookup suffixes that compare rather than name a field (`__in`, `__gte`, `__isnull`). */
const OPERATORS = new Set(['exact', 'iexact', 'in', 'isnull', 'gt', 'gte', 'lt', 'lte', 'contains', 'icontains', 'startswith', 'istartswith', 'endswith', 'iendswith', 'range', 'regex', 'iregex', 'search', 'date', 'year', 'month', 'day', 'week_day', 'overlap', 'has_key', 'has_any_keys', 'has_keys', 'contained_by', 'trigram_similar', 'unaccent']);
/** Most telling first: one row, then a key list, one parent, an unreadable filter, the table. */
const RANK: Record<RowScope['kind'], number> = { one: 0, keys: 1, parent: 2, unread: 3, table: 4 };

/**
 * The scope two filters on the same rows leave (`filter(poll=p, user=u)`):
 * the more telling one, and of two parents the one whose rows stay short.
 */
export function narrower(model: ResolvedModel, a: RowScope, b: RowScope): RowScope {
  if (a.kind === 'parent' && b.kind === 'parent') return parentRowsGrow(model.name, a.parent) ? b : a;
  return RANK[b.kind] < RANK[a.kind] ? b : a;
}

/** One lookup: `finding=f` → parent `finding`; `id__in=ids` → keys; `status="x"` → table. */
export function lookupScope(model: ResolvedModel, key: string, value?: PyNode): RowScope {
  const parts = key.split('__');
  const operator = parts.length > 1 && OPERATORS.has(parts[parts.length - 1]) ? parts.pop()! : 'exact';
  if (operator !== 'exact' && operator !== 'in') return { kind: 'table' };
  if (parts.length === 1 && (parts[0] === 'pk' || parts[0] === 'id')) return operator === 'in' ? { kind: 'keys', value } : { kind: 'one' };
  // Walk the relations: `finding`, `finding_id`, `finding__id`, `userspace__user`.
  let current: ResolvedModel | undefined = model;
  let parent: string | undefined;
  for (let i = 0; i < parts.length; i++) {
    const hop = parts[i];
    if (parent && (hop === 'id' || hop === 'pk') && i === parts.length - 1) break;
    const relation: Relation | undefined = current?.lookupHops.get(hop) ?? (hop.endsWith('_id') && i === parts.length - 1 ? current?.lookupHops.get(hop.slice(0, -3)) : undefined) ?? relationField(current, hop);
    // A one-to-one field of the row itself picks one row: a user's profile, a user's preferences.
    if (i === 0 && relation?.field === 'o2o' && relation.kind === 'single' && current?.fields.has(hop.replace(/_id$/, '')) && operator === 'exact') return { kind: 'one' };
    if (!relation) {
      // A column of the row itself (`status="open"`), or of a related row set to a literal (`category__enabled=True`):
      // rows picked by a value. A related row's column set to a variable names that row (`author__username=name`).
      if (!parent || isLiteral(value)) return { kind: 'table' };
      break;
    }
    parent = hop.endsWith('_id') && !current?.lookupHops.has(hop) ? hop.slice(0, -3) : hop;
    current = relation.target;
  }
  if (!parent) return { kind: 'table' };
  return operator === 'in' ? { kind: 'keys', relation: parent, value } : { kind: 'parent', parent };
}

/**
 * A field whose class says it relates rows though the model recognizer does
 * not know it (`AutoOneToOneField`, `TreeForeignKey`): read as the relation it names.
 */
function relationField(model: ResolvedModel | undefined, hop: string): Relation | undefined {
  const fieldClass = model?.fields.get(hop)?.field.fieldClass ?? '';
  if (/OneToOne(?:Field)?$/.test(fieldClass)) return { kind: 'single', field: 'o2o', targetName: hop };
  if (/ForeignKey$/.test(fieldClass)) return { kind: 'single', field: 'fk', targetName: hop };
  return undefined;
}

const LITERALS = new Set(['true', 'false', 'none', 'integer', 'float', 'string', 'concatenated_string']);

function isLiteral(value: PyNode | undefined): boolean {
  const node = unwrap(value);
  return !!node && LITERALS.has(node.type);
}

/** The scope of every `filter(…)` along a chain (`Model.objects.filter(a=…).filter(b=…)`, `qs.filter(…)`). */
export function chainScope(c: PyCheck<unknown>, node: PyNode | undefined, model: ResolvedModel): RowScope {
  let best: RowScope = { kind: 'table' };
  for (const call of chainCalls(node)) {
    const parts = callParts(c.tree, call);
    if (!parts?.receiver || parts.name !== 'filter') continue;
    const scopes: RowScope[] = [...parts.keywords].map(([key, value]) => lookupScope(model, key, value));
    if (parts.positional.length > 0 || parts.hasKwargsSplat) scopes.push({ kind: 'unread' });
    for (const scope of scopes) best = narrower(model, best, scope);
  }
  return best;
}

/** The same from recorded lookup keys (a view's queryset in facts); key lists have no value to size. */
export function factScope(model: ResolvedModel, filters: readonly string[], unread: boolean): RowScope {
  let best: RowScope = unread ? { kind: 'unread' } : { kind: 'table' };
  for (const key of filters) best = narrower(model, best, lookupScope(model, key));
  return best;
}

/**
 * How many rows a scope holds, for a loop over them: one parent's rows grow
 * only when they pile up over that parent's life; a whole table grows unless
 * it is reference data; a key list is as long as the list (`keysSize`), or,
 * for a relation's keys, as long as those parents' rows.
 */
export function scopeSize(model: ResolvedModel, scope: RowScope, keysSize: () => CollectionSize): CollectionSize {
  switch (scope.kind) {
    case 'one':
      return 'bounded';
    case 'keys': {
      const keys = keysSize();
      if (scope.relation && keys !== 'grows' && parentRowsGrow(model.name, scope.relation)) return 'grows';
      return keys;
    }
    case 'parent':
      return parentRowsGrow(model.name, scope.parent) ? 'grows' : 'unknown';
    default:
      return tableGrowth(model.name) === 'reference' ? 'unknown' : 'grows';
  }
}
