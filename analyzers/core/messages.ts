import type { MessageData, MessageRef, RuleMeta } from './rule';
import { interpolate } from './text';
import type { Locale } from './types';

/**
 * Renders a message template of a rule in the requested language. A missing
 * template renders as its id, so a slip shows up in tests instead of throwing.
 */
export function renderMessage(meta: Pick<RuleMeta, 'messages'>, ref: MessageRef, data: MessageData | undefined, locale: Locale): string {
  const id = typeof ref === 'string' ? ref : ref.id;
  const ownData = typeof ref === 'string' ? undefined : ref.data;
  const template = meta.messages[id];
  if (!template) return id;
  return interpolate(template[locale] ?? template.en, { ...data, ...ownData });
}
