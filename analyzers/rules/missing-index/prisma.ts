import { PathFilter } from '../../core/config';
import type { RuleContext, MessageIdOf, RelatedInput } from '../../core/rule';
import type { PrismaTree } from '../../prisma/facts';
import { addIndexEdits } from '../../prisma/index-fix';
import { needsOf, type FieldNeed } from '../../query-index/index-join';
import { PROVIDER_NAMES } from '../../prisma/schema-view';
import type rule from './rule';

type MessageId = MessageIdOf<typeof rule>;
type Context = RuleContext<PrismaTree, typeof rule>;

/** Related locations shown per finding; the count of all of them goes in `details`. */
const MAX_RELATED = 20;

/**
 * The schema side of missing-index: foreign keys without an index, and
 * columns that queries in the workspace filter or sort on without one.
 */
export function check(context: Context): void {
  const needs = needsOf(context.facts, context.file.path);
  if (needs.length === 0) return;
  const paths = new PathFilter(context.settings.config);
  for (const need of needs) {
    // Seeds and one-off scripts are not on a request path: they do not make a column hot.
    const verdicts = need.verdicts.filter((verdict) => !paths.isScript(verdict.file));
    if (need.kind === 'queried' && verdicts.length === 0) continue;
    const { entry, field } = need;
    const model = entry.model.name;
    const provider = entry.set.datasource?.provider ?? 'unknown';
    const related: RelatedInput<MessageId>[] = [
      ...verdicts.map((verdict): RelatedInput<MessageId> => ({ location: verdict.anchor, message: verdict.kind === 'filter' ? 'filteredHere' : 'sortedHere' })),
      ...need.relationUses.map((location): RelatedInput<MessageId> => ({ location, message: 'relationReadHere' })),
    ].filter((entry, i, all) => all.findIndex((other) => other.location.file === entry.location.file && other.location.range.start.offset === entry.location.range.start.offset) === i);
    const edits = need.lowCardinality ? [] : addIndexEdits(entry, need.columns);
    context.report({
      message: messageOf(need, verdicts.length),
      data: {
        model,
        field: field.name,
        target: need.foreignKey?.target ?? '',
        provider: PROVIDER_NAMES[provider] ?? provider,
        setting: entry.set.datasource?.relationModeSetting ?? 'relationMode',
        count: verdicts.length,
      },
      start: field.location.range.start.offset,
      end: field.location.range.end.offset,
      severity: need.severity,
      related: related.slice(0, MAX_RELATED),
      fixes: edits.length ? [{ title: { id: 'addIndex', data: { model, columns: need.columns.join(', ') } }, applicability: 'safe', edits }] : undefined,
      details: {
        stack: 'prisma',
        model,
        table: entry.model.dbName ?? model,
        fields: need.columns.join(', '),
        provider,
        kind: need.kind,
        queries: verdicts.length,
        relationReads: related.filter((entry) => entry.message === 'relationReadHere').length,
      },
    });
  }
}

function messageOf(need: FieldNeed, count: number): MessageId {
  if (need.kind === 'foreign-key') return need.foreignKey?.emulated ? 'foreignKeyEmulated' : 'foreignKey';
  if (need.lowCardinality) return 'fieldLowCardinality';
  if (need.verdicts.length > 0 && need.verdicts.every((verdict) => verdict.sortUnserved)) return 'fieldSortUnserved';
  const kinds = new Set(need.verdicts.map((verdict) => verdict.kind));
  if (kinds.has('filter')) return count === 1 ? 'fieldFilteredOnce' : 'fieldFiltered';
  if (kinds.has('order')) return count === 1 ? 'fieldSortedOnce' : 'fieldSorted';
  return 'fieldDistinct';
}
