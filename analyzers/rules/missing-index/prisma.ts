import type { RuleContext, MessageIdOf, RelatedInput } from '../../core/rule';
import type { PrismaTree } from '../../prisma/facts';
import { addIndexEdits } from '../../prisma/index-fix';
import { needsOf } from '../../query-index/index-join';
import { PROVIDER_NAMES } from '../../prisma/schema-view';
import type rule from './rule';

type MessageId = MessageIdOf<typeof rule>;
type Context = RuleContext<PrismaTree, typeof rule>;

/** Related locations shown per finding; the count of all of them goes in `details`. */
const MAX_RELATED = 20;

/**
 * The schema side of missing-index: foreign keys without an index that no
 * query site filters on (a query that does carries the finding itself).
 * Low confidence unless a query reads the relation by that key.
 */
export function check(context: Context): void {
  for (const need of needsOf(context.facts, context.file.path, context.settings.config.scripts)) {
    const { entry, field } = need;
    const model = entry.model.name;
    const provider = entry.set.datasource?.provider ?? 'unknown';
    const related = need.relationUses.map((location): RelatedInput<MessageId> => ({ location, message: 'relationReadHere' }));
    const edits = need.copies.flatMap((copy) => addIndexEdits(copy, need.columns));
    context.report({
      message: need.foreignKey.emulated ? 'foreignKeyEmulated' : 'foreignKey',
      data: {
        model,
        field: field.name,
        target: need.foreignKey.target,
        provider: PROVIDER_NAMES[provider] ?? provider,
        setting: entry.set.datasource?.relationModeSetting ?? 'relationMode',
      },
      start: field.location.range.start.offset,
      end: field.location.range.end.offset,
      severity: need.severity,
      confidence: need.confidence,
      context: need.background ? 'background' : undefined,
      related: related.slice(0, MAX_RELATED),
      fixes: edits.length ? [{ title: { id: 'addIndex', data: { model, columns: need.columns.join(', ') } }, applicability: 'safe', edits }] : undefined,
      details: {
        stack: 'prisma',
        model,
        table: entry.model.dbName ?? model,
        fields: need.columns.join(', '),
        provider,
        kind: 'foreign-key',
        relationReads: related.length,
        growth: need.growthReason,
      },
    });
  }
}
