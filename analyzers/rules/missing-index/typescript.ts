import type { FixInput, RuleContext, MessageIdOf } from '../../core/rule';
import { addIndexEdits, addUniqueEdit, codeList } from '../../prisma/index-fix';
import { verdictsOf, type SiteVerdict } from '../../query-index/index-join';
import type { TsTree } from '../../typescript/parse';
import type rule from './rule';

type MessageId = MessageIdOf<typeof rule>;
type Context = RuleContext<TsTree, typeof rule>;

/**
 * The query side of missing-index: each Prisma Client call of this file that
 * no index of its model serves, with the fix placed in the schema file.
 */
export function check(context: Context): void {
  // Seeds and one-off scripts run once, not per request.
  if (context.isScript) return;
  const verdicts = verdictsOf(context.facts, context.file.path);
  for (const verdict of verdicts) {
    const { entry } = verdict;
    const model = entry.model.name;
    const fixes: FixInput<MessageId>[] = [];
    const edits = verdict.kind !== 'pattern' && !verdict.lowCardinality ? addIndexEdits(entry, verdict.fixColumns) : [];
    if (edits.length) fixes.push({ title: { id: 'addIndex', data: { model, columns: verdict.fixColumns.join(', ') } }, applicability: 'safe', edits });
    const unique = verdict.uniqueField && addUniqueEdit(entry, verdict.uniqueField);
    if (unique) fixes.push({ title: { id: 'addUnique', data: { model, field: verdict.uniqueField!.name } }, applicability: 'unsafe', edits: [unique] });
    context.report({
      message: messageOf(verdict),
      data: { model, fields: codeList(verdict.usedFields), lead: verdict.columns[0] ?? verdict.usedFields[0], columns: verdict.fixColumns.join(', ') },
      start: verdict.anchor.range.start.offset,
      end: verdict.anchor.range.end.offset,
      severity: verdict.severity,
      related: [{ location: entry.model.nameLocation, message: 'modelDeclared' }],
      fixes,
      details: {
        stack: 'prisma',
        model,
        table: entry.model.dbName ?? model,
        fields: verdict.usedFields.join(', '),
        index: verdict.fixColumns.join(', '),
        provider: entry.set.datasource?.provider ?? 'unknown',
        operation: verdict.site.operation,
        kind: verdict.kind,
      },
    });
  }
}

function messageOf(verdict: SiteVerdict): MessageId {
  switch (verdict.kind) {
    case 'filter':
      if (verdict.sortUnserved) return 'queryFilterSortUnserved';
      return verdict.lowCardinality ? 'queryFilterLowCardinality' : 'queryFilter';
    case 'order':
      return 'queryOrder';
    case 'distinct':
      return 'queryDistinct';
    case 'pattern':
      return verdict.patternKind === 'startsWith' ? 'queryStartsWith' : verdict.patternKind === 'insensitive' ? 'queryInsensitive' : 'queryContains';
  }
}
