import ts from 'typescript';
import { parentRowsGrow, tableGrowth } from '../core/growing-tables';
import { chainAfter, type DbCall } from './db-calls';
import { skipOuter } from './prisma-calls';
import { propertyName, propertyValue, stringValue } from './syntax';

/**
 * Which rows of its table a list read picks, read from its filter
 * (`where: { chatId }`, `.eq('chat_id', id)`, `{ id: { in: ids } }`):
 *
 * - `table`: every row, or rows picked by a column of their own (`status: 'open'`);
 * - `one`: one row by its key, or a chain ending in `.single()`;
 * - `keys`: rows by a list of keys (`id: { in: ids }`, `objectId: { in: … }`),
 *   as many as the list, or, for a parent's key, that list's parents' rows;
 * - `parent`: the rows of one parent, by its key compared to one value
 *   (`workspaceId`, `chat_id`, `userId`, an owner's `email`), or through a
 *   relation filter (`members: { some: … }`);
 * - `unread`: a filter ScaleCheck cannot read (a variable, a spread, `OR`).
 *
 * n-plus-one sizes loops with it and unbounded-query weighs lists; both judge
 * a parent's rows by `parentRowsGrow` (`core/growing-tables.ts`).
 */
export type RowScope =
  | { kind: 'table' }
  | { kind: 'one' }
  | { kind: 'keys'; keys: ts.Expression; parent?: string }
  | { kind: 'parent'; parents: string[] }
  | { kind: 'unread' };

/** `workspaceId`, `chat_id`, `authorID` → the parent's name. */
const PARENT_KEY = /^(.+?)_?(?:Id|_id|ID)$/;
/** Keys that name one owner without an id: a user's email, an owner or author object. */
const OWNER_KEY = /^(?:email|userEmail|ownerEmail|owner|author|user|parent|creator|createdBy)$/;
/** Prisma relation filters: rows linked to other rows that match. */
const RELATION_FILTER = /^(?:some|every|none|is|isNot)$/;
const RANK: Record<RowScope['kind'], number> = { one: 0, keys: 1, parent: 2, unread: 3, table: 4 };

/** The rows a list read picks (see `RowScope`). */
export function listScope(call: DbCall): RowScope {
  if (call.library === 'supabase') return supabaseScope(call);
  const node = call.node;
  if (!ts.isCallExpression(node)) return { kind: 'unread' };
  const first = node.arguments[0] && skipOuter(node.arguments[0]);
  if (!first) return { kind: 'table' };
  if (!ts.isObjectLiteralExpression(first)) return { kind: 'unread' };
  const filter = ['prisma', 'drizzle', 'sequelize', 'typeorm'].includes(call.library) ? propertyValue(first, 'where') : first;
  return filter ? objectScope(filter, 0, call.library === 'sequelize') : { kind: 'table' };
}

/**
 * The table a call reads, for judging growth: its model, or for a repository
 * that names none the receiver (`auditRepository.find` → `auditRepository`,
 * whose access-path words `growing-tables.ts` ignores).
 */
export function tableOf(call: DbCall): string {
  if (call.model) return call.model;
  const callee = ts.isCallExpression(call.node) ? skipOuter(call.node.expression) : undefined;
  const receiver = callee && ts.isPropertyAccessExpression(callee) ? skipOuter(callee.expression) : undefined;
  if (receiver && ts.isIdentifier(receiver)) return receiver.text;
  return receiver && ts.isPropertyAccessExpression(receiver) ? receiver.name.text : '';
}

/** How many rows a scope holds for a loop over them; `keysSize` sizes a key list. */
export function scopeGrows(model: string, scope: RowScope, keysSize: (keys: ts.Expression) => 'grows' | 'bounded' | 'unknown'): 'grows' | 'bounded' | 'unknown' {
  switch (scope.kind) {
    case 'one':
      return 'bounded';
    case 'keys': {
      const keys = keysSize(scope.keys);
      return keys !== 'grows' && scope.parent && parentRowsGrow(model, scope.parent) ? 'grows' : keys;
    }
    case 'parent':
      return parentsGrow(model, scope.parents) ? 'grows' : 'unknown';
    default:
      return tableGrowth(model) === 'reference' ? 'unknown' : 'grows';
  }
}

/** Under several parents at once (`{ pollId, userId }`) the rows are as short as under the shortest. */
export function parentsGrow(model: string, parents: readonly string[]): boolean {
  return parents.every((parent) => parentRowsGrow(model, parent));
}

/** `sequelize`: `where: { id: ids }` with an array is `IN`, so a plain variable may be a key list. */
function objectScope(filter: ts.Expression, depth: number, sequelize = false): RowScope {
  const value = skipOuter(filter);
  if (!ts.isObjectLiteralExpression(value) || depth > 4) return { kind: 'unread' };
  let best: RowScope = { kind: 'table' };
  for (const property of value.properties) best = narrower(best, propertyScope(property, depth, sequelize));
  return best;
}

function propertyScope(property: ts.ObjectLiteralElementLike, depth: number, sequelize: boolean): RowScope {
  if (ts.isSpreadAssignment(property)) return { kind: 'unread' };
  if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) return { kind: 'table' };
  const key = propertyName(property.name);
  if (!key) return { kind: 'unread' };
  const value = ts.isPropertyAssignment(property) ? skipOuter(property.initializer) : property.name;
  if (key === 'AND') {
    if (ts.isArrayLiteralExpression(value)) return value.elements.reduce<RowScope>((best, element) => narrower(best, objectScope(element, depth + 1, sequelize)), { kind: 'table' });
    return objectScope(value, depth + 1, sequelize);
  }
  if (key === 'OR' || key === 'NOT') return { kind: 'unread' };
  const parent = parentOf(key);
  const list = ts.isObjectLiteralExpression(value) ? propertyValue(value, 'in') : ts.isArrayLiteralExpression(value) || (sequelize && !ts.isLiteralExpression(value)) ? value : undefined;
  // `{ not: x }`, `{ gte: d }` compare; only a plain value picks one row or one parent.
  const compared = ts.isObjectLiteralExpression(value);
  if (key === 'id' || key === '_id') return list ? { kind: 'keys', keys: list } : compared ? { kind: 'table' } : { kind: 'one' };
  if (parent) return list ? { kind: 'keys', keys: list, parent } : compared ? { kind: 'table' } : { kind: 'parent', parents: [parent] };
  // `members: { some: { userId } }`: rows linked to one parent through a relation.
  if (ts.isObjectLiteralExpression(value) && value.properties.some((inner) => RELATION_FILTER.test(propertyName(inner.name) ?? ''))) return { kind: 'parent', parents: [key] };
  return { kind: 'table' };
}

function parentOf(key: string): string | undefined {
  if (OWNER_KEY.test(key)) return /mail/i.test(key) ? 'user' : key;
  const match = PARENT_KEY.exec(key);
  return match && match[1] !== '' ? match[1] : undefined;
}

/** `.eq('chat_id', id)`, `.in('id', ids)`, `.match({ user_id })`, `.single()` after `from(t).select()`. */
function supabaseScope(call: DbCall): RowScope {
  let best: RowScope = { kind: 'table' };
  for (const step of chainAfter(call.node as ts.Expression)) {
    if (step.name === 'single' || step.name === 'maybeSingle') return { kind: 'one' };
    const column = stringValue(step.call.arguments[0]);
    if (step.name === 'match' && step.call.arguments[0]) best = narrower(best, objectScope(step.call.arguments[0], 0));
    if (!column) continue;
    if (step.name === 'eq') {
      const parent = parentOf(column);
      best = narrower(best, column === 'id' ? { kind: 'one' } : parent ? { kind: 'parent', parents: [parent] } : { kind: 'table' });
    } else if (step.name === 'in' && step.call.arguments[1]) {
      best = narrower(best, { kind: 'keys', keys: step.call.arguments[1], parent: column === 'id' ? undefined : parentOf(column) });
    }
  }
  return best;
}

function narrower(a: RowScope, b: RowScope): RowScope {
  if (a.kind === 'parent' && b.kind === 'parent') return { kind: 'parent', parents: [...a.parents, ...b.parents] };
  return RANK[b.kind] < RANK[a.kind] ? b : a;
}
