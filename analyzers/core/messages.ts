import type { MessageData, MessageRef, NestedMessage, RuleMeta } from './rule';
import { interpolate } from './text';
import type { Locale } from './types';

/** How a list of nested messages (the reasons of one finding) is joined in each language. */
const LIST_SEPARATOR: Record<Locale, string> = { en: '; ', ko: ', ' };

/**
 * Renders a message template of a rule in the requested language, nested
 * messages in its data first. A missing template renders as its id, so a
 * slip shows up in tests instead of throwing.
 */
export function renderMessage(meta: Pick<RuleMeta, 'messages'>, ref: MessageRef, data: MessageData | undefined, locale: Locale): string {
  const id = typeof ref === 'string' ? ref : ref.id;
  const merged: MessageData = { ...data, ...(typeof ref === 'string' ? undefined : ref.data) };
  const plain: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(merged)) if (typeof value !== 'object') plain[name] = value;
  const nested = (entry: NestedMessage): string => template(meta, entry.message, locale, { ...plain, ...entry.data });
  const values = { ...plain };
  for (const [name, value] of Object.entries(merged)) {
    if (typeof value === 'object') values[name] = Array.isArray(value) ? value.map(nested).join(LIST_SEPARATOR[locale]) : nested(value);
  }
  return template(meta, id, locale, values);
}

function template(meta: Pick<RuleMeta, 'messages'>, id: string, locale: Locale, data: Record<string, string | number>): string {
  const found = meta.messages[id];
  return found ? interpolate(found[locale] ?? found.en, data) : id;
}
