import ts from 'typescript';
import type { FixInput, RelatedInput, RuleContext, MessageIdOf } from '../../core/rule';
import { outflowingCalls } from '../../typescript/dataflow';
import { dbCallsOf, type DbCall } from '../../typescript/db-calls';
import { insertProperties } from '../../typescript/edits';
import type { HandlerInfo } from '../../typescript/handlers';
import type { Unit } from '../../typescript/model';
import type { TsTree } from '../../typescript/parse';
import { skipOuter } from '../../typescript/prisma-calls';
import { tsScope } from '../../typescript/scope';
import { propertyValue } from '../../typescript/syntax';
import { staysShort } from '../../core/growing-tables';
import type rule from './rule';

type MessageId = MessageIdOf<typeof rule>;
type Context = RuleContext<TsTree, typeof rule>;

/**
 * A list read with no limit whose rows end up in a response: returned from a
 * handler (route, server action, page, tRPC procedure), sent with
 * `res.json`, or returned by a function whose result a handler returns.
 * Reads filtered to a list of ids (`{ in: ids }`) are bounded by that list.
 */
const LIMIT = '100';

/** Routes a scheduler or a queue calls: their "client" reads no rows. */
const BACKGROUND_PATH = /(?:^|\/)(?:cron|crons|jobs|workers?|queues?|inngest|trigger|qstash|webhooks?)(?:\/|$)/i;

export function check(context: Context): void {
  const scope = tsScope(context);
  if (scope.offline) return;
  const { model, answers } = scope;
  const path = context.file.path;
  if (BACKGROUND_PATH.test(path)) return;
  const outflow = new Map<Unit, Set<ts.Node>>();
  for (const site of model.calls) {
    const call = dbCallsOf(model).get(site.node);
    if (!call?.unbounded || call.bulk) continue;
    if (call.pending && !answers.accepts(path, call.pending)) continue;
    const unit = model.units[site.unit];
    if (!unit.node) continue;
    let out = outflow.get(unit);
    if (!out) outflow.set(unit, (out = outflowingCalls(model, unit)));
    if (!out.has(site.node)) continue;
    let handler: HandlerInfo | undefined = scope.handlerOf(site.unit).own;
    const related: RelatedInput<MessageId>[] = [];
    if (!handler) {
      if (!scope.fresh) continue;
      const via = answers.rows(path, site.unit);
      if (!via?.caller || !via.at) continue;
      related.push({ location: via.at, message: { id: 'tsRowsReturnedBy', data: { caller: via.caller } } });
      handler = via.info;
    }
    const sourceFile = context.file.tree.sourceFile;
    const scoped = isScopedToParent(call);
    if (staysShort(call.model ?? '', scoped)) continue;
    context.report({
      message: handler?.kind === 'page' ? 'tsUnboundedToPage' : 'tsUnboundedToClient',
      // Rows of one parent (a workspace's tags, a post's comments) grow slower than a whole table: info.
      severity: scoped ? 'info' : undefined,
      data: { call: call.label, limitKey: limitKey(call) },
      start: site.node.getStart(sourceFile),
      end: (site.node as ts.CallExpression).expression.end,
      related,
      fixes: fixFor(context, call),
      details: { stack: scope.stack(handler), framework: handler?.kind ?? 'none', library: call.library, operation: call.operation, model: call.model ?? 'unknown', viaHelper: related.length > 0, scopedToParent: scoped },
    });
  }
}

const PARENT_KEY = /(?:Id|_id|ID)$|^(?:id|_id|owner|author|user|parent)$/;

/**
 * The read is filtered by a parent (`where: { workspaceId }`, a relation
 * filter like `links: { some: … }`), or by a filter we cannot see into.
 */
function isScopedToParent(call: DbCall): boolean {
  const node = call.node as ts.CallExpression;
  const first = node.arguments[0] && skipOuter(node.arguments[0]);
  if (!first) return false;
  if (!ts.isObjectLiteralExpression(first)) return true;
  const filter = ['prisma', 'drizzle', 'sequelize', 'typeorm'].includes(call.library) ? propertyValue(first, 'where') : first;
  // No filter at all: the whole table.
  if (!filter) return false;
  const value = skipOuter(filter);
  if (!ts.isObjectLiteralExpression(value)) return true;
  const stack: ts.Node[] = [value];
  while (stack.length) {
    const node = stack.pop()!;
    if (ts.isSpreadAssignment(node)) return true;
    if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && node.name) {
      const key = node.name.getText().replace(/['"]/g, '');
      if (PARENT_KEY.test(key) || /^(?:some|every|is|none)$/.test(key)) return true;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return false;
}

function limitKey(call: DbCall): string {
  switch (call.library) {
    case 'prisma':
    case 'typeorm':
      return 'take';
    case 'mongoose':
    case 'model':
    case 'mongodb':
      return '.limit()';
    default:
      return 'limit';
  }
}

/** Unsafe: a page of 100 changes what the client gets; it needs paging (`skip`/`cursor`) to see the rest. */
function fixFor(context: Context, call: DbCall): FixInput<MessageId>[] | undefined {
  const { path, text } = context.file;
  const node = call.node as ts.CallExpression;
  const key = limitKey(call);
  if (key === '.limit()') {
    // Cursor methods chain in any order: right after `find(…)` keeps `.toArray()` / `.exec()` last.
    return [{ title: { id: 'tsFixLimit', data: { limit: `.limit(${LIMIT})` } }, applicability: 'unsafe', edits: [{ file: path, start: node.end, end: node.end, newText: `.limit(${LIMIT})` }] }];
  }
  const args = call.prisma?.args ?? (node.arguments[0] && ts.isObjectLiteralExpression(skipOuter(node.arguments[0])) ? (skipOuter(node.arguments[0]) as ts.ObjectLiteralExpression) : undefined);
  if (args) return [{ title: { id: 'tsFixLimit', data: { limit: `${key}: ${LIMIT}` } }, applicability: 'unsafe', edits: [insertProperties(path, text, args, [[key, LIMIT]])] }];
  if (node.arguments.length === 0) {
    const close = node.end - 1;
    if (text[close] !== ')') return undefined;
    return [{ title: { id: 'tsFixLimit', data: { limit: `${key}: ${LIMIT}` } }, applicability: 'unsafe', edits: [{ file: path, start: close, end: close, newText: `{ ${key}: ${LIMIT} }` }] }];
  }
  return undefined;
}
