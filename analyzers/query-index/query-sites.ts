import * as ts from 'typescript';
import type { ParsedFile } from '../core/rule';
import type { Location } from '../core/types';
import type { TsTree } from '../typescript/parse';
import { prismaCallOf, skipOuter, type ClientTest } from '../typescript/prisma-calls';
import { startOf, walk } from '../typescript/walk';

/**
 * What a Prisma Client call asks of the database, as far as the source shows
 * it: the fields it filters, sorts, picks distinct values by, and the
 * relations it reads. Extracted with the TypeScript facts (plain data, see
 * `facts.ts`), then joined with the schema's indexes by `index-join.ts`.
 * Nothing here knows the schema: whether `author` is a relation or a column
 * is decided there.
 */
export interface PrismaQuerySite {
  /** Model accessor as written: `post`, `blogPost`. */
  accessor: string;
  operation: string;
  /** The whole call expression. */
  location: Location;
  /** The `where` conjunction; empty when there is none or it cannot be seen. */
  where: WhereCondition[];
  /** Where the `where` property is, when the call has one. */
  whereLocation?: Location;
  /** True when part of the filter is invisible here: a variable, a spread, a computed key. */
  whereOpaque: boolean;
  /** Sort keys in order; relation and aggregate orderings are kept with `nested` set. */
  orderBy: FieldUse[];
  orderByOpaque: boolean;
  cursor: string[];
  distinct: FieldUse[];
  /** `take` is present: the caller wants the first rows only. */
  take: boolean;
  /** Relations read along with the result: `include: { posts: true }`, `select: { author: … }`, `_count`. */
  relations: RelationUse[];
  /** Relations whose rows the call creates too: `data: { comments: { create: … } }` → `['comments']`. */
  nestedCreates: string[][];
  /** The unit of code the call runs in (`FileModel.units`), for its execution context. */
  unit: number;
  /** The call runs once per item of a loop. */
  inLoop: boolean;
  /** The file is background work by its folder or a scheduler's check (`execution-context.ts`). */
  background: boolean;
  /** The call runs in a `"use cache"` function or file: once per cache lifetime, not once per request. */
  cached: boolean;
}

/** Where a call runs, as the file model knows it. */
export interface CallPlace {
  unit: number;
  inLoop: boolean;
  background: boolean;
  cached: boolean;
}

export interface FieldUse {
  field: string;
  location: Location;
  /** True when the value is an object of sub-keys (a relation ordering). */
  nested?: boolean;
}

export interface RelationUse {
  /** Field names from the queried model: `['posts']`, `['posts', 'comments']`. */
  path: string[];
  location: Location;
  /** The relation's own filter: `include: { posts: { where: { published: true } } }`. */
  where?: WhereCondition[];
}

/**
 * One conjunct of a filter. A field condition keeps the operator keys it
 * uses (`equals` for a plain value, `null` for `null`) and, for an object
 * that is not made of operators, the nested conditions (a to-one relation
 * filter, or the inside of `some` / `every` / `none` / `is` / `isNot`).
 */
export type WhereCondition =
  | { kind: 'field'; field: string; location: Location; ops: string[]; insensitive: boolean; nested?: WhereCondition[] }
  | { kind: 'or'; location: Location; branches: WhereCondition[][] }
  | { kind: 'not'; location: Location }
  | { kind: 'opaque'; location: Location };

/** Prisma's filter operators on scalar fields. */
const SCALAR_OPERATORS = new Set([
  'equals', 'in', 'notIn', 'lt', 'lte', 'gt', 'gte', 'not', 'contains', 'startsWith', 'endsWith', 'search', 'mode',
  'has', 'hasEvery', 'hasSome', 'isEmpty', 'isSet', 'path', 'string_contains', 'string_starts_with', 'string_ends_with', 'array_contains', 'array_starts_with', 'array_ends_with',
]);
const RELATION_OPERATORS = new Set(['some', 'every', 'none', 'is', 'isNot']);

/** Nesting guard: filters deeper than this are treated as invisible. */
const MAX_DEPTH = 8;

/**
 * Every Prisma Client call of a file. `isClient` decides what counts as a
 * client; it is passed in one place (`prismaQueryFacts` in `facts.ts`) so a
 * smarter, workspace-aware test can replace the conventional one.
 */
export function prismaQuerySites(file: ParsedFile<TsTree>, isClient: ClientTest, placeOf: (call: ts.CallExpression) => CallPlace): PrismaQuerySite[] {
  const { sourceFile } = file.tree;
  const locate = (node: ts.Node): Location => ({ file: file.path, range: file.lines.range(startOf(node), node.end) });
  const sites: PrismaQuerySite[] = [];
  walk(sourceFile, (node) => {
    const call = prismaCallOf(node, isClient);
    if (!call) return;
    const site: PrismaQuerySite = {
      accessor: call.modelAccessor,
      operation: call.operation,
      location: locate(call.call),
      where: [],
      whereOpaque: false,
      orderBy: [],
      orderByOpaque: false,
      cursor: [],
      distinct: [],
      take: false,
      relations: [],
      nestedCreates: [],
      ...placeOf(call.call),
    };
    if (!call.args) {
      // `findMany(args)`: everything about the query is invisible here.
      if (call.call.arguments.length > 0) {
        site.whereOpaque = true;
        site.orderByOpaque = true;
      }
    } else readArgs(call.args, site, locate);
    sites.push(site);
  });
  return sites;
}

function readArgs(args: ts.ObjectLiteralExpression, site: PrismaQuerySite, locate: (node: ts.Node) => Location): void {
  for (const property of args.properties) {
    if (ts.isSpreadAssignment(property)) {
      site.whereOpaque = true;
      site.orderByOpaque = true;
      continue;
    }
    const name = propertyName(property);
    if (name === undefined) continue;
    const value = propertyValue(property);
    switch (name) {
      case 'where': {
        site.whereLocation = locate(property);
        const literal = value && objectLiteralOf(value);
        if (literal) site.where = readWhere(literal, locate, 0);
        else site.whereOpaque = true;
        if (site.where.some((condition) => condition.kind === 'opaque')) site.whereOpaque = true;
        break;
      }
      case 'orderBy':
        if (value) readOrderBy(value, site, locate);
        break;
      case 'cursor': {
        const literal = value && objectLiteralOf(value);
        if (literal) for (const entry of literal.properties) site.cursor.push(propertyName(entry) ?? '');
        break;
      }
      case 'distinct':
        if (value) site.distinct = fieldList(value, locate);
        break;
      case 'take':
        site.take = true;
        break;
      case 'include':
      case 'select': {
        const literal = value && objectLiteralOf(value);
        if (literal) readRelations(literal, [], site.relations, locate, 0);
        break;
      }
      case 'data':
      case 'create':
      case 'update': {
        for (const item of value ? listItems(value) : []) {
          const literal = objectLiteralOf(item);
          if (literal) readNestedCreates(literal, [], site.nestedCreates, 0);
        }
        break;
      }
    }
  }
}

/** Nested writes that create rows of a relation: `{ create }`, `{ createMany }`, `{ connectOrCreate }`, `{ upsert }`. */
const NESTED_CREATES = new Set(['create', 'createMany', 'connectOrCreate', 'upsert']);

/** The rows a nested create writes: `create`'s items, or those under `createMany.data` and `connectOrCreate`/`upsert`'s `create`. */
function rowsOf(key: string, value: ts.Expression): ts.Expression[] {
  if (key === 'create') return listItems(value);
  return listItems(value).flatMap((item) => {
    const literal = objectLiteralOf(item);
    const rows = literal?.properties.find((entry) => propertyName(entry) === (key === 'createMany' ? 'data' : 'create'));
    const rowsValue = rows && propertyValue(rows);
    return rowsValue ? listItems(rowsValue) : [];
  });
}

function readNestedCreates(data: ts.ObjectLiteralExpression, path: string[], out: string[][], depth: number): void {
  if (depth > MAX_DEPTH) return;
  for (const property of data.properties) {
    const name = propertyName(property);
    const value = propertyValue(property);
    const literal = value && objectLiteralOf(value);
    if (name === undefined || !literal) continue;
    const writes = literal.properties.filter((entry) => NESTED_CREATES.has(propertyName(entry) ?? ''));
    if (!writes.length) continue;
    out.push([...path, name]);
    for (const write of writes) {
      const inner = propertyValue(write);
      for (const row of inner ? rowsOf(propertyName(write)!, inner) : []) {
        const rowLiteral = objectLiteralOf(row);
        if (rowLiteral) readNestedCreates(rowLiteral, [...path, name], out, depth + 1);
      }
    }
  }
}

function readWhere(object: ts.ObjectLiteralExpression, locate: (node: ts.Node) => Location, depth: number): WhereCondition[] {
  const conditions: WhereCondition[] = [];
  if (depth > MAX_DEPTH) return [{ kind: 'opaque', location: locate(object) }];
  for (const property of object.properties) {
    const name = propertyName(property);
    if (ts.isSpreadAssignment(property) || name === undefined) {
      conditions.push({ kind: 'opaque', location: locate(property) });
      continue;
    }
    const value = propertyValue(property);
    if (!value) continue;
    if (name === 'AND') {
      for (const item of listItems(value)) {
        const literal = objectLiteralOf(item);
        if (literal) conditions.push(...readWhere(literal, locate, depth + 1));
        else conditions.push({ kind: 'opaque', location: locate(item) });
      }
    } else if (name === 'OR') {
      const items = listItems(value);
      if (!ts.isArrayLiteralExpression(skipOuter(value))) conditions.push({ kind: 'opaque', location: locate(property) });
      else {
        const branches = items.map((item) => {
          const literal = objectLiteralOf(item);
          return literal ? readWhere(literal, locate, depth + 1) : [{ kind: 'opaque', location: locate(item) } as WhereCondition];
        });
        conditions.push({ kind: 'or', location: locate(property), branches });
      }
    } else if (name === 'NOT') {
      conditions.push({ kind: 'not', location: locate(property) });
    } else {
      const condition = fieldCondition(name, property, value, locate, depth);
      if (condition) conditions.push(condition);
    }
  }
  return conditions;
}

function fieldCondition(field: string, property: ts.ObjectLiteralElementLike, value: ts.Expression, locate: (node: ts.Node) => Location, depth: number): WhereCondition | undefined {
  const inner = skipOuter(value);
  // `field: undefined` is no filter at all in Prisma.
  if (ts.isIdentifier(inner) && inner.text === 'undefined') return undefined;
  const location = locate(ts.isShorthandPropertyAssignment(property) ? property.name : (property as ts.PropertyAssignment).name ?? property);
  if (inner.kind === ts.SyntaxKind.NullKeyword) return { kind: 'field', field, location, ops: ['null'], insensitive: false };
  if (!ts.isObjectLiteralExpression(inner)) return { kind: 'field', field, location, ops: ['equals'], insensitive: false };
  const keys = inner.properties.map(propertyName);
  if (keys.some((key) => key === undefined) || inner.properties.some(ts.isSpreadAssignment)) {
    return { kind: 'field', field, location, ops: ['opaque'], insensitive: false };
  }
  const names = keys as string[];
  if (names.length > 0 && names.every((key) => SCALAR_OPERATORS.has(key))) {
    const mode = inner.properties.find((entry) => propertyName(entry) === 'mode');
    const modeValue = mode && propertyValue(mode);
    const insensitive = !!modeValue && !(ts.isStringLiteral(skipOuter(modeValue)) && (skipOuter(modeValue) as ts.StringLiteral).text === 'default');
    const ops = names.filter((key) => key !== 'mode');
    // `equals: null` and `in: []` behave like their plain forms.
    return { kind: 'field', field, location, ops, insensitive };
  }
  if (names.length > 0 && names.every((key) => RELATION_OPERATORS.has(key))) {
    const nested: WhereCondition[] = [];
    for (const entry of inner.properties) {
      const entryValue = propertyValue(entry);
      const literal = entryValue && objectLiteralOf(entryValue);
      if (literal) nested.push(...readWhere(literal, locate, depth + 1));
    }
    return { kind: 'field', field, location, ops: names, insensitive: false, nested };
  }
  // A to-one relation filtered directly (`author: { email }`), or a composite type.
  return { kind: 'field', field, location, ops: ['nested'], insensitive: false, nested: readWhere(inner, locate, depth + 1) };
}

function readOrderBy(value: ts.Expression, site: PrismaQuerySite, locate: (node: ts.Node) => Location): void {
  const inner = skipOuter(value);
  const objects = ts.isArrayLiteralExpression(inner) ? inner.elements : [inner];
  for (const element of objects) {
    const literal = objectLiteralOf(element);
    if (!literal) {
      site.orderByOpaque = true;
      return;
    }
    for (const property of literal.properties) {
      const name = propertyName(property);
      if (name === undefined || ts.isSpreadAssignment(property)) {
        site.orderByOpaque = true;
        return;
      }
      const propertyValueNode = propertyValue(property);
      const nested = !!propertyValueNode && ts.isObjectLiteralExpression(skipOuter(propertyValueNode)) && !isSortObject(skipOuter(propertyValueNode) as ts.ObjectLiteralExpression);
      site.orderBy.push({ field: name, location: locate(property), nested: nested || name.startsWith('_') || undefined });
    }
  }
}

/** `{ sort: 'desc', nulls: 'last' }` sorts the field itself. */
function isSortObject(object: ts.ObjectLiteralExpression): boolean {
  return object.properties.every((property) => {
    const name = propertyName(property);
    return name === 'sort' || name === 'nulls';
  });
}

function readRelations(object: ts.ObjectLiteralExpression, path: string[], out: RelationUse[], locate: (node: ts.Node) => Location, depth: number): void {
  if (depth > MAX_DEPTH) return;
  for (const property of object.properties) {
    const name = propertyName(property);
    const value = propertyValue(property);
    if (name === undefined || !value) continue;
    const literal = objectLiteralOf(value);
    if (name === '_count') {
      // `_count: { select: { posts: true } }` counts a relation: it reads it too.
      const select = literal?.properties.find((entry) => propertyName(entry) === 'select');
      const selectValue = select && propertyValue(select);
      const selectLiteral = selectValue && objectLiteralOf(selectValue);
      if (selectLiteral) readRelations(selectLiteral, path, out, locate, depth + 1);
      continue;
    }
    if (skipOuter(value).kind === ts.SyntaxKind.FalseKeyword) continue;
    const use: RelationUse = { path: [...path, name], location: locate(property) };
    out.push(use);
    if (!literal) continue;
    for (const entry of literal.properties) {
      const key = propertyName(entry);
      const entryValue = propertyValue(entry);
      const nested = entryValue && objectLiteralOf(entryValue);
      if ((key === 'include' || key === 'select') && nested) readRelations(nested, [...path, name], out, locate, depth + 1);
      if (key === 'where' && nested) use.where = readWhere(nested, locate, depth + 1);
    }
  }
}

function fieldList(value: ts.Expression, locate: (node: ts.Node) => Location): FieldUse[] {
  const inner = skipOuter(value);
  const items = ts.isArrayLiteralExpression(inner) ? inner.elements : [inner];
  const fields: FieldUse[] = [];
  for (const item of items) {
    const element = skipOuter(item as ts.Expression);
    if (ts.isStringLiteralLike(element)) fields.push({ field: element.text, location: locate(element) });
  }
  return fields;
}

function listItems(value: ts.Expression): ts.Expression[] {
  const inner = skipOuter(value);
  return ts.isArrayLiteralExpression(inner) ? [...inner.elements] : [inner];
}

/** The object literal an expression is, or a `const` it names that is declared in the file and never mutated. */
function objectLiteralOf(expression: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const inner = skipOuter(expression);
  if (ts.isObjectLiteralExpression(inner)) return inner;
  if (ts.isIdentifier(inner)) return constObjectLiteral(inner);
  return undefined;
}

function constObjectLiteral(identifier: ts.Identifier): ts.ObjectLiteralExpression | undefined {
  for (let scope: ts.Node | undefined = identifier.parent; scope; scope = scope.parent) {
    if (!ts.isBlock(scope) && !ts.isSourceFile(scope)) continue;
    for (const statement of scope.statements) {
      if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || declaration.name.text !== identifier.text || !declaration.initializer) continue;
        const init = skipOuter(declaration.initializer);
        if (!ts.isObjectLiteralExpression(init) || isMutated(scope, identifier.text)) return undefined;
        return init;
      }
    }
  }
  return undefined;
}

/** `name.key = …`, `name[key] = …`, `delete name.key`, `Object.assign(name, …)` anywhere in the scope. */
function isMutated(scope: ts.Node, name: string): boolean {
  let mutated = false;
  walk(scope, (node) => {
    if (mutated) return false;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment && rootName(node.left) === name && !ts.isIdentifier(node.left)) mutated = true;
    else if (ts.isDeleteExpression(node) && rootName(node.expression) === name) mutated = true;
    else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'assign' && node.arguments[0] && rootName(node.arguments[0]) === name) mutated = true;
    return undefined;
  });
  return mutated;
}

function rootName(expression: ts.Expression): string | undefined {
  let current = expression;
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current) || ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
  return ts.isIdentifier(current) ? current.text : undefined;
}

function propertyName(property: ts.ObjectLiteralElementLike): string | undefined {
  if (ts.isSpreadAssignment(property)) return undefined;
  const name = property.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

function propertyValue(property: ts.ObjectLiteralElementLike): ts.Expression | undefined {
  if (ts.isPropertyAssignment(property)) return property.initializer;
  if (ts.isShorthandPropertyAssignment(property)) return property.name;
  return undefined;
}
