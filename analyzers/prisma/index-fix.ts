import type { TextEdit } from '../core/types';
import type { PrismaField } from './facts';
import type { ModelEntry } from './schema-view';

/**
 * `@@index([a, b])` added to a model, laid out like the model's own block
 * attributes. Undefined when the model's block is not closed (no safe place
 * yet) or the very same index is already declared (the fix is idempotent).
 */
export function addIndexEdits(entry: ModelEntry, columns: readonly string[]): TextEdit[] {
  const { insertion, indexes } = entry.model;
  if (!insertion || columns.length === 0) return [];
  const declared = indexes.some((index) => index.kind === 'index' && index.fields.length === columns.length && index.fields.every((name, i) => name === columns[i]));
  if (declared) return [];
  const at = (newText: string): TextEdit => ({ file: entry.file, start: insertion.offset, end: insertion.offset, newText });
  const line = at(`${insertion.eol}${insertion.indent}@@index([${columns.join(', ')}])`);
  return insertion.blankLine ? [at(insertion.eol), line] : [line];
}

/** ` @unique` after the field's last attribute. */
export function addUniqueEdit(entry: ModelEntry, field: PrismaField): TextEdit | undefined {
  if (field.attributes.includes('unique') || field.attributes.includes('id')) return undefined;
  return { file: entry.file, start: field.attributeInsertOffset, end: field.attributeInsertOffset, newText: ' @unique' };
}

/** Field names as code, joined the same way in both languages: `` `a`, `b` ``. */
export function codeList(names: readonly string[]): string {
  return names.map((name) => `\`${name}\``).join(', ');
}
