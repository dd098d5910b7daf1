import type { FixInput, RuleContext, MessageIdOf, RelatedInput } from '../../core/rule';
import { addIndexEdits, addUniqueEdit, codeList } from '../../prisma/index-fix';
import { verdictsOf, type SiteVerdict } from '../../query-index/index-join';
import { executionContextOf } from '../../typescript/execution-context';
import type { TsTree } from '../../typescript/parse';
import { tsScope } from '../../typescript/scope';
import type rule from './rule';

type MessageId = MessageIdOf<typeof rule>;
type Context = RuleContext<TsTree, typeof rule>;

/** Related locations shown per finding. */
const MAX_RELATED = 20;

/**
 * The query side of missing-index: each missing index that a Prisma Client
 * call of this file needs, reported once at the call the join picked for it
 * (the other calls that need it are related locations), with the fix placed
 * in the schema file.
 */
export function check(context: Context): void {
  // Seeds and one-off scripts run once, not per request.
  if (context.isScript) return;
  const verdicts = verdictsOf(context.facts, context.file.path, context.settings.config.scripts);
  if (!verdicts.length) return;
  const scope = tsScope(context);
  for (const verdict of verdicts) {
    const { entry } = verdict;
    const model = entry.model.name;
    const fixes: FixInput<MessageId>[] = [];
    const edits = verdict.kind !== 'pattern' && !verdict.lowCardinality ? verdict.copies.flatMap((copy) => addIndexEdits(copy, verdict.fixColumns)) : [];
    if (edits.length) fixes.push({ title: { id: 'addIndex', data: { model, columns: verdict.fixColumns.join(', ') } }, applicability: 'safe', edits });
    const unique = verdict.uniqueField && addUniqueEdit(entry, verdict.uniqueField);
    if (unique) fixes.push({ title: { id: 'addUnique', data: { model, field: verdict.uniqueField!.name } }, applicability: 'unsafe', edits: [unique] });
    const lead = verdict.columns[0] ?? verdict.usedFields[0];
    const related: RelatedInput<MessageId>[] = [
      { location: verdict.field?.location ?? entry.model.nameLocation, message: 'modelDeclared' },
      ...verdict.others.map((other): RelatedInput<MessageId> => ({ location: other.location, message: other.kind === 'relation' ? 'relationReadHere' : other.kind === 'filter' ? 'filteredHere' : 'sortedHere' })),
    ];
    context.report({
      message: messageOf(verdict),
      data: { model, fields: codeList(verdict.usedFields), lead, columns: verdict.fixColumns.join(', ') },
      start: verdict.anchor.range.start.offset,
      end: verdict.anchor.range.end.offset,
      severity: verdict.severity,
      confidence: verdict.confidence,
      context: executionContextOf(scope, context.file.path, verdict.site.unit),
      related: related.slice(0, MAX_RELATED),
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
        queries: 1 + verdict.others.filter((other) => other.kind !== 'relation').length,
        relationReads: verdict.others.filter((other) => other.kind === 'relation').length,
        growth: verdict.growthReason,
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
