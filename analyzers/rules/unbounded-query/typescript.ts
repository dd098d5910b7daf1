import ts from 'typescript';
import type { FixInput, RelatedInput, RuleContext, MessageIdOf } from '../../core/rule';
import { outflowingCalls } from '../../typescript/dataflow';
import { dbCallsOf, type DbCall } from '../../typescript/db-calls';
import { insertProperties } from '../../typescript/edits';
import type { HandlerInfo } from '../../typescript/handlers';
import type { Unit } from '../../typescript/model';
import type { TsTree } from '../../typescript/parse';
import { skipOuter } from '../../typescript/prisma-calls';
import { propertyNamed } from '../../typescript/syntax';
import { tsScope } from '../../typescript/scope';
import { tableGrowth } from '../../core/growing-tables';
import type { Confidence } from '../../core/types';
import { listScope, parentsGrow, tableOf, type RowScope } from '../../typescript/row-scope';
import type rule from './rule';

type MessageId = MessageIdOf<typeof rule>;
type Context = RuleContext<TsTree, typeof rule>;

/**
 * A list read with no limit whose rows end up in a response: returned from a
 * handler (route, server action, page, tRPC procedure), sent with
 * `res.json`, or returned by a function whose result a handler returns.
 * Reads filtered to a list of ids (`{ in: ids }`) are bounded by that list.
 * How sure depends on growth (`core/growing-tables.ts`): a whole table of
 * records that pile up is high, one whose name says nothing (settings,
 * migrations, organizations) medium; one parent's rows are info, and only
 * when they pile up over that parent's life.
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
    const scopeOfRows = listScope(call);
    // `skip` without `take`: the code pages, so it expects many rows, yet sends every row after the offset.
    const pagedWithoutLimit = skipsWithoutLimit(call) && scopeOfRows.kind !== 'one';
    const growth = pagedWithoutLimit ? { confidence: 'high' as const, info: false } : growthOf(tableOf(call), scopeOfRows);
    if (!growth) continue;
    const scoped = growth.info;
    context.report({
      message: pagedWithoutLimit ? 'tsSkipWithoutTake' : handler?.kind === 'page' ? 'tsUnboundedToPage' : 'tsUnboundedToClient',
      // Rows of one parent (a user's files, a dataset's runs) grow slower than a whole table: info.
      severity: scoped ? 'info' : undefined,
      confidence: growth.confidence,
      data: { call: call.label, limitKey: limitKey(call) },
      start: site.node.getStart(sourceFile),
      end: (site.node as ts.CallExpression).expression.end,
      related,
      fixes: fixFor(context, call),
      details: { stack: scope.stack(handler), framework: handler?.kind ?? 'none', library: call.library, operation: call.operation, model: call.model ?? 'unknown', viaHelper: related.length > 0, scopedToParent: scoped },
    });
  }
}

/**
 * Whether an unlimited list of these rows is a finding, and how sure:
 * undefined for rows that stay short (one row, a list of keys, reference
 * data, a parent's rows that do not pile up).
 */
function growthOf(model: string, scope: RowScope): { confidence: Confidence; info: boolean } | undefined {
  switch (scope.kind) {
    case 'one':
      return undefined;
    case 'keys':
      return scope.parent && parentsGrow(model, [scope.parent]) ? { confidence: 'high', info: true } : undefined;
    case 'parent':
      return parentsGrow(model, scope.parents) ? { confidence: 'high', info: true } : undefined;
    case 'unread':
      // Narrowed by a condition ScaleCheck cannot read: maybe one parent's rows, maybe most of the table.
      return tableGrowth(model) === 'grows' ? { confidence: 'medium', info: true } : undefined;
    default: {
      const growth = tableGrowth(model);
      return growth === 'reference' ? undefined : { confidence: growth === 'grows' ? 'high' : 'medium', info: false };
    }
  }
}

/** A Prisma or TypeORM read that passes `skip` (an offset) and no limit. */
function skipsWithoutLimit(call: DbCall): boolean {
  if (limitKey(call) !== 'take') return false;
  const args = call.prisma?.args ?? (ts.isCallExpression(call.node) && call.node.arguments[0] && ts.isObjectLiteralExpression(skipOuter(call.node.arguments[0])) ? (skipOuter(call.node.arguments[0]) as ts.ObjectLiteralExpression) : undefined);
  return !!args && !!propertyNamed(args, 'skip');
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
