import type { ParsedFile } from '../core/rule';
import type { Location } from '../core/types';
import type { ArgNode, AttributeNode, BlockNode, FieldNode, SchemaAst, Span, ValueNode } from './parse';

/**
 * What one `.prisma` file contributes to the workspace: its datasource, its
 * models with their fields and indexes, its enums. Plain data with full
 * locations, so rules in other files (a route's query) can point here.
 */
export interface PrismaFacts {
  datasource?: PrismaDatasource;
  models: PrismaModel[];
  enums: PrismaEnum[];
  /** How many spans the parser could not read: the file is mid-edit when > 0. */
  problems: number;
}

export interface PrismaDatasource {
  name: string;
  location: Location;
  /** `postgresql`, `mysql`, `sqlite`, `sqlserver`, `cockroachdb`, `mongodb`; undefined when not a string literal. */
  provider?: string;
  providerLocation?: Location;
  /** `prisma` or `foreignKeys`, from `relationMode` or its legacy name `referentialIntegrity`. */
  relationMode?: string;
  relationModeSetting?: 'relationMode' | 'referentialIntegrity';
  relationModeLocation?: Location;
}

export interface PrismaEnum {
  name: string;
  location: Location;
  values: string[];
}

export type PrismaIndexKind = 'id' | 'unique' | 'index' | 'fulltext';

export interface PrismaIndex {
  kind: PrismaIndexKind;
  /** Field names (not column names), in index order: a composite index serves its leading columns. */
  fields: string[];
  location: Location;
  /** `@id` / `@unique` on a field, or a block attribute. */
  source: 'field' | 'block';
}

export interface PrismaRelation {
  /** The relation name, when one is given (`@relation("Author", …)`). */
  name?: string;
  /** Scalar fields of this model that hold the foreign key. Empty on the side without one. */
  fields: string[];
  references: string[];
  location: Location;
}

export interface PrismaField {
  name: string;
  /** The type as written: `String`, `User`, `Role`, `Unsupported`. */
  type: string;
  list: boolean;
  optional: boolean;
  location: Location;
  nameLocation: Location;
  /** Column name from `@map`. */
  dbName?: string;
  ignored: boolean;
  relation?: PrismaRelation;
  /** Attribute names as written, without `@`: `id`, `unique`, `default`, `db.VarChar`. */
  attributes: string[];
  /** Where an attribute written after the field's last one goes (for `@unique`). */
  attributeInsertOffset: number;
}

/**
 * Where a new `@@index` goes, formatted like the model's own block
 * attributes: `eol + indent + '@@index([…])'` at `offset`. When the model has
 * no block attribute yet, `blankLine` is inserted there first, as its own
 * edit, so several new indexes share one blank line above them.
 */
export interface BlockAttributeInsertion {
  offset: number;
  eol: string;
  indent: string;
  blankLine: boolean;
}

export interface PrismaModel {
  kind: 'model' | 'view' | 'type';
  name: string;
  location: Location;
  nameLocation: Location;
  /** Table name from `@@map`. */
  dbName?: string;
  ignored: boolean;
  fields: PrismaField[];
  indexes: PrismaIndex[];
  /** Undefined when the block is not closed yet: no edit can be placed safely. */
  insertion?: BlockAttributeInsertion;
}

declare module '../core/facts' {
  interface FactsByLanguage {
    prisma: PrismaFacts;
  }
}

export interface PrismaTree {
  ast: SchemaAst;
}

const OBJECT_KINDS = new Set(['model', 'view', 'type']);

export function extractPrismaFacts(file: ParsedFile<PrismaTree>): PrismaFacts {
  const { ast } = file.tree;
  const locate = (span: Span): Location => ({ file: file.path, range: file.lines.range(span.start, span.end) });
  const facts: PrismaFacts = { models: [], enums: [], problems: ast.problems.length };
  const eol = file.text.includes('\r\n') ? '\r\n' : file.text.includes('\r') && !file.text.includes('\n') ? '\r' : '\n';
  for (const block of ast.blocks) {
    if (block.keyword === 'datasource' && !facts.datasource) facts.datasource = datasourceOf(block, locate);
    else if (block.keyword === 'enum') facts.enums.push({ name: block.name, location: locate(block), values: block.enumValues.map((value) => value.name) });
    else if (OBJECT_KINDS.has(block.keyword)) facts.models.push(modelOf(block, file, locate, eol));
  }
  return facts;
}

function datasourceOf(block: BlockNode, locate: (span: Span) => Location): PrismaDatasource {
  const datasource: PrismaDatasource = { name: block.name, location: locate(block) };
  for (const assignment of block.assignments) {
    const value = assignment.value?.kind === 'string' ? assignment.value.value : undefined;
    if (assignment.key === 'provider') {
      datasource.provider = value;
      datasource.providerLocation = locate(assignment);
    } else if ((assignment.key === 'relationMode' || assignment.key === 'referentialIntegrity') && value !== undefined) {
      // The current name wins when a schema mid-migration has both.
      if (datasource.relationModeSetting === 'relationMode') continue;
      datasource.relationMode = value;
      datasource.relationModeSetting = assignment.key;
      datasource.relationModeLocation = locate(assignment);
    }
  }
  return datasource;
}

function modelOf(block: BlockNode, file: ParsedFile<PrismaTree>, locate: (span: Span) => Location, eol: string): PrismaModel {
  const model: PrismaModel = {
    kind: block.keyword as PrismaModel['kind'],
    name: block.name,
    location: locate(block),
    nameLocation: locate(block.nameSpan),
    ignored: false,
    fields: [],
    indexes: [],
  };
  for (const field of block.fields) {
    const facts = fieldOf(field, locate);
    model.fields.push(facts);
    for (const attribute of field.attributes) {
      if (attribute.name === 'id' || attribute.name === 'unique') {
        model.indexes.push({ kind: attribute.name, fields: [field.name], location: locate(attribute), source: 'field' });
      }
    }
  }
  for (const attribute of block.attributes) {
    if (attribute.name === 'map') model.dbName = stringArg(attribute.args[0]);
    else if (attribute.name === 'ignore') model.ignored = true;
    else if (attribute.name === 'id' || attribute.name === 'unique' || attribute.name === 'index' || attribute.name === 'fulltext') {
      const fields = indexFields(attribute);
      if (fields.length) model.indexes.push({ kind: attribute.name, fields, location: locate(attribute), source: 'block' });
    }
  }
  model.insertion = insertionOf(block, file, eol);
  return model;
}

function fieldOf(field: FieldNode, locate: (span: Span) => Location): PrismaField {
  const facts: PrismaField = {
    name: field.name,
    type: field.type,
    list: field.list,
    optional: field.optional,
    location: locate(field),
    nameLocation: locate(field.nameSpan),
    ignored: false,
    attributes: field.attributes.map((attribute) => attribute.name),
    attributeInsertOffset: field.end,
  };
  for (const attribute of field.attributes) {
    if (attribute.name === 'map') facts.dbName = stringArg(attribute.args[0]);
    else if (attribute.name === 'ignore') facts.ignored = true;
    else if (attribute.name === 'relation') facts.relation = relationOf(attribute, locate);
  }
  return facts;
}

function relationOf(attribute: AttributeNode, locate: (span: Span) => Location): PrismaRelation {
  const relation: PrismaRelation = { fields: [], references: [], location: locate(attribute) };
  for (const arg of attribute.args) {
    if ((arg.key === undefined || arg.key === 'name') && arg.value.kind === 'string') relation.name = arg.value.value;
    else if (arg.key === 'fields') relation.fields = fieldNames(arg.value);
    else if (arg.key === 'references') relation.references = fieldNames(arg.value);
  }
  return relation;
}

/** `@@index([a, b(sort: Desc)])`, `@@index(fields: [a, b])`, or one field without brackets: `@@index(a)`. */
function indexFields(attribute: AttributeNode): string[] {
  const arg = attribute.args.find((candidate) => candidate.key === 'fields') ?? attribute.args.find((candidate) => candidate.key === undefined);
  return arg ? fieldNames(arg.value) : [];
}

function fieldNames(value: ValueNode): string[] {
  // Prisma reads a single value where a list is expected: `@@index(projectId)`.
  if (value.kind === 'ident' || value.kind === 'call') return [value.name];
  if (value.kind !== 'array') return [];
  const names: string[] = [];
  for (const item of value.items) {
    if (item.kind === 'ident') names.push(item.name);
    else if (item.kind === 'call') names.push(item.name);
  }
  return names;
}

function stringArg(arg: ArgNode | undefined): string | undefined {
  return arg?.value.kind === 'string' ? arg.value.value : undefined;
}

/**
 * After the last block attribute, in its indentation; or, when the model has
 * none, after the last field with a blank line first, as `prisma format`
 * lays models out.
 */
function insertionOf(block: BlockNode, file: ParsedFile<PrismaTree>, eol: string): BlockAttributeInsertion | undefined {
  if (block.close === undefined) return undefined;
  const { lines, text } = file;
  const endOfLine = (offset: number) => Math.min(lines.lineEnd(lines.position(offset).line), block.close!);
  const lastAttribute = block.attributes[block.attributes.length - 1];
  if (lastAttribute) return { offset: endOfLine(lastAttribute.end), eol, indent: indentOf(text, lines, block.attributes[0].start), blankLine: false };
  const lastField = block.fields.reduce<FieldNode | undefined>((last, field) => (!last || field.end > last.end ? field : last), undefined);
  if (lastField) return { offset: endOfLine(lastField.end), eol, indent: indentOf(text, lines, block.fields[0].start), blankLine: true };
  return { offset: endOfLine(block.open), eol, indent: '  ', blankLine: false };
}

/** The whitespace that starts the line holding `offset`, when only whitespace precedes it there. */
function indentOf(text: string, lines: ParsedFile['lines'], offset: number): string {
  const lineStart = lines.lineStart(lines.position(offset).line);
  const leading = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(leading) && leading.length > 0 ? leading : '  ';
}
