import ts from 'typescript';
import type { FixInput, RuleContext, MessageIdOf } from '../../core/rule';
import type { TextEdit } from '../../core/types';
import { dbCallsOf, type DbCall } from '../../typescript/db-calls';
import { insertBefore, insertProperties } from '../../typescript/edits';
import { resolve } from '../../typescript/declarations';
import type { LoopInfo } from '../../typescript/loops';
import type { CallSite, FileModel } from '../../typescript/model';
import type { TsTree } from '../../typescript/parse';
import type rule from './rule';
import { skipOuter } from '../../typescript/prisma-calls';
import type { TsScope } from '../../typescript/scope';
import { enclosingStatement, isAsync, isFunctionNode, propertyName, propertyNamed, propertyValue } from '../../typescript/syntax';

type MessageId = MessageIdOf<typeof rule>;

/**
 * Quick fixes for a Prisma lookup run once per item, both unsafe (they change
 * the query and, for `include`, rely on a relation name read from the field
 * names):
 *
 * - include the relation in the query that produced the loop's rows, and
 *   read it from the row (`post.author`, `post._count.comments`);
 * - or load every row the loop needs with one `findMany({ where: { key: { in
 *   } } })` before the loop and look each up in a Map.
 *
 * Offered only for shapes where the rewrite keeps meaning: a `where` on one
 * key computed from the loop item, an async function to `await` in, a loop
 * over a plain variable.
 */
export function nPlusOneFixes(context: RuleContext<TsTree>, scope: TsScope, site: CallSite, call: DbCall, loop: LoopInfo, claimed: Set<ts.Node>): FixInput<MessageId>[] | undefined {
  const prisma = call.prisma;
  if (!prisma || !prisma.args) return undefined;
  const shape = lookupShape(prisma.args, loop);
  if (!shape) return undefined;
  const fixes: FixInput<MessageId>[] = [];
  const include = includeFix(context, scope, site, call, loop, shape, claimed);
  if (include) fixes.push(include);
  const batch = batchFix(context, scope, call, loop, shape);
  if (batch) fixes.push(batch);
  return fixes.length ? fixes : undefined;
}

interface LookupShape {
  key: string;
  value: ts.Expression;
  /** The loop item's name. */
  element: string;
  /** `authorId` in `where: { id: post.authorId }`, or undefined when the value is the item itself. */
  field?: string;
  select?: ts.Expression;
  include?: ts.Expression;
}

/** `{ where: { <key>: <item>.<field> | <item> }, select?, include? }` and nothing else. */
function lookupShape(args: ts.ObjectLiteralExpression, loop: LoopInfo): LookupShape | undefined {
  if (!loop.element || !ts.isIdentifier(loop.element)) return undefined;
  const element = loop.element.text;
  for (const property of args.properties) {
    const name = propertyName(property.name);
    if (!ts.isPropertyAssignment(property) || !name || !['where', 'select', 'include'].includes(name)) return undefined;
  }
  const where = propertyValue(args, 'where');
  if (!where || !ts.isObjectLiteralExpression(skipOuter(where))) return undefined;
  const filter = skipOuter(where) as ts.ObjectLiteralExpression;
  if (filter.properties.length !== 1) return undefined;
  const only = filter.properties[0];
  const key = propertyName(only.name);
  if (!key) return undefined;
  const value = ts.isPropertyAssignment(only) ? skipOuter(only.initializer) : ts.isShorthandPropertyAssignment(only) ? only.name : undefined;
  if (!value) return undefined;
  let field: string | undefined;
  if (ts.isIdentifier(value) && value.text === element) field = undefined;
  else if (ts.isPropertyAccessExpression(value) && ts.isIdentifier(value.expression) && value.expression.text === element) field = value.name.text;
  else return undefined;
  return { key, value, element, field, select: propertyValue(args, 'select'), include: propertyValue(args, 'include') };
}

/** The expression to replace: the `await` around the call, or the call. */
function replaced(call: ts.CallExpression): ts.Expression {
  let current: ts.Expression = call;
  while (current.parent && ts.isParenthesizedExpression(current.parent)) current = current.parent;
  return current.parent && ts.isAwaitExpression(current.parent) ? current.parent : call;
}

function uniqueName(model: FileModel, wanted: string): string {
  if (!model.declarations.has(wanted)) return wanted;
  for (let i = 2; ; i++) if (!model.declarations.has(`${wanted}${i}`)) return `${wanted}${i}`;
}

function plural(name: string): string {
  if (/[^aeiou]y$/.test(name)) return `${name.slice(0, -1)}ies`;
  if (/(?:s|x|ch|sh)$/.test(name)) return `${name}es`;
  return `${name}s`;
}

function capitalized(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** The simple expression a loop iterates, if re-reading it before the loop is harmless. */
function iterableText(loop: LoopInfo, sourceFile: ts.SourceFile): string | undefined {
  const iterable = loop.iterable && skipOuter(loop.iterable);
  if (!iterable) return undefined;
  let current: ts.Expression = iterable;
  while (ts.isPropertyAccessExpression(current)) current = current.expression;
  if (!ts.isIdentifier(current)) return undefined;
  return iterable.getText(sourceFile);
}

/** The statement to insert before, inside an async function (or at module level). */
function insertionPoint(loop: LoopInfo): ts.Statement | undefined {
  const statement = ts.isForOfStatement(loop.node) ? (loop.node as ts.Statement) : enclosingStatement(loop.node);
  if (!statement || (ts.isForOfStatement(statement) && statement.awaitModifier)) return undefined;
  for (let current: ts.Node | undefined = statement.parent; current; current = current.parent) {
    if (isFunctionNode(current)) return isAsync(current) ? statement : undefined;
  }
  return statement;
}

function batchFix(context: RuleContext<TsTree>, scope: TsScope, call: DbCall, loop: LoopInfo, shape: LookupShape): FixInput<MessageId> | undefined {
  const prisma = call.prisma!;
  if (prisma.operation !== 'findUnique' && prisma.operation !== 'findFirst') return undefined;
  const sourceFile = context.file.tree.sourceFile;
  const iterable = iterableText(loop, sourceFile);
  const statement = insertionPoint(loop);
  if (!iterable || !statement) return undefined;
  // The Map is keyed by the selected rows' key: a `select` without it would lose the lookup.
  if (shape.select) {
    const select = skipOuter(shape.select);
    if (!ts.isObjectLiteralExpression(select) || !propertyNamed(select, shape.key)) return undefined;
  }
  const text = context.file.text;
  const base = shape.field ? shape.field.replace(/Ids?$/, '') || prisma.modelAccessor : prisma.modelAccessor;
  const rows = uniqueName(scope.model, plural(base));
  const byKey = uniqueName(scope.model, `${base}By${capitalized(shape.key)}`);
  const row = base === shape.element ? `${base}Row` : base;
  const client = prisma.client.getText(sourceFile);
  const keys = shape.field ? `${iterable}.map((${shape.element}) => ${shape.value.getText(sourceFile)})` : iterable;
  const extra = [shape.select ? `select: ${shape.select.getText(sourceFile)}` : '', shape.include ? `include: ${shape.include.getText(sourceFile)}` : ''].filter(Boolean).join(', ');
  const query = `const ${rows} = await ${client}.${prisma.modelAccessor}.findMany({ where: { ${shape.key}: { in: ${keys} } }${extra ? `, ${extra}` : ''} });`;
  const map = `const ${byKey} = new Map(${rows}.map((${row}) => [${row}.${shape.key}, ${row}]));`;
  const target = replaced(prisma.call);
  const edits: TextEdit[] = [
    insertBefore(context.file.path, text, statement, [query, map]),
    { file: context.file.path, start: target.getStart(sourceFile), end: target.end, newText: `(${byKey}.get(${shape.value.getText(sourceFile)}) ?? null)` },
  ];
  return { title: { id: 'tsFixBatch', data: { model: prisma.modelAccessor, key: shape.key } }, applicability: 'unsafe', edits };
}

/**
 * `posts` came from `prisma.post.findMany(…)` in the same function: ask that
 * query for the relation instead. Many-to-one (`where: { id: post.authorId }`
 * → `author`) and one-to-many (`where: { postId: post.id }` → `comments`,
 * `count` → `_count`).
 */
function includeFix(context: RuleContext<TsTree>, scope: TsScope, site: CallSite, call: DbCall, loop: LoopInfo, shape: LookupShape, claimed: Set<ts.Node>): FixInput<MessageId> | undefined {
  const prisma = call.prisma!;
  const sourceFile = context.file.tree.sourceFile;
  const parent = parentQuery(scope, loop, site);
  if (!parent || !parent.prisma) return undefined;
  let relation: string;
  let read: string;
  let addition: [string, string];
  if ((prisma.operation === 'findUnique' || prisma.operation === 'findFirst') && shape.key === 'id' && shape.field && /Id$/.test(shape.field) && shape.field.length > 2) {
    relation = shape.field.slice(0, -2);
    read = `${shape.element}.${relation}`;
    const nested = nestedOptions(shape, sourceFile);
    addition = [relation, nested ?? 'true'];
  } else if ((prisma.operation === 'findMany' || prisma.operation === 'count') && shape.field === 'id' && /Id$/.test(shape.key) && !shape.select && !shape.include) {
    relation = plural(prisma.modelAccessor);
    if (prisma.operation === 'count') {
      read = `${shape.element}._count.${relation}`;
      addition = ['_count', `{ select: { ${relation}: true } }`];
    } else {
      read = `${shape.element}.${relation}`;
      addition = [relation, 'true'];
    }
  } else return undefined;
  // Two fixes writing into one query at once would give it the same key twice: one include per query and pass.
  if (claimed.has(parent.node)) return undefined;
  const parentEdit = addToParent(context, parent, addition);
  if (!parentEdit) return undefined;
  claimed.add(parent.node);
  const target = replaced(prisma.call);
  const edits: TextEdit[] = [parentEdit, { file: context.file.path, start: target.getStart(sourceFile), end: target.end, newText: read }];
  return { title: { id: 'tsFixInclude', data: { relation: addition[0] === '_count' ? `_count.${relation}` : relation, parent: parent.label } }, applicability: 'unsafe', edits };
}

/** `{ select: … }` / `{ include: … }` of the per-item query, carried into the nested include. */
function nestedOptions(shape: LookupShape, sourceFile: ts.SourceFile): string | undefined {
  if (shape.select) return `{ select: ${shape.select.getText(sourceFile)} }`;
  if (shape.include) return `{ include: ${shape.include.getText(sourceFile)} }`;
  return undefined;
}

/** The Prisma `findMany` whose rows the loop iterates, declared in the same function. */
function parentQuery(scope: TsScope, loop: LoopInfo, site: CallSite): DbCall | undefined {
  const iterable = loop.iterable && skipOuter(loop.iterable);
  if (!iterable || !ts.isIdentifier(iterable)) return undefined;
  const declaration = resolve(scope.model, iterable);
  if (!declaration || declaration.kind !== 'const' || declaration.key !== undefined || !declaration.initializer) return undefined;
  const init = skipOuter(declaration.initializer);
  if (!ts.isCallExpression(init)) return undefined;
  const found = dbCallsOf(scope.model).get(init);
  if (!found?.prisma || found.prisma.operation !== 'findMany') return undefined;
  const unitNode = scope.model.units[site.unit].node;
  if (unitNode && !(init.pos >= unitNode.pos && init.end <= unitNode.end)) return undefined;
  return found;
}

function addToParent(context: RuleContext<TsTree>, parent: DbCall, [key, value]: [string, string]): TextEdit | undefined {
  const prisma = parent.prisma!;
  const path = context.file.path;
  const text = context.file.text;
  const args = prisma.args;
  if (!args) {
    if (prisma.call.arguments.length) return undefined;
    const close = prisma.call.end - 1;
    return { file: path, start: close, end: close, newText: `{ include: { ${key}: ${value} } }` };
  }
  if (args.properties.some((property) => ts.isSpreadAssignment(property))) return undefined;
  for (const name of ['select', 'include']) {
    const existing = propertyValue(args, name);
    if (!existing) continue;
    const object = skipOuter(existing);
    if (!ts.isObjectLiteralExpression(object) || propertyNamed(object, key)) return undefined;
    return insertProperties(path, text, object, [[key, value]]);
  }
  return insertProperties(path, text, args, [['include', `{ ${key}: ${value} }`]]);
}
