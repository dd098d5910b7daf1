import * as ts from 'typescript';
import type { ParsedFile } from '../core/rule';
import { prismaQuerySites, type PrismaQuerySite } from '../prisma/query-sites';
import type { TsTree } from './parse';
import { conventionalClientTest } from './prisma-calls';

export interface TsImportBinding {
  /** `default`, `*` for a namespace import, or the exported name. */
  imported: string;
  local: string;
}

export interface TsImport {
  specifier: string;
  bindings: TsImportBinding[];
}

/** How requests reach a module directly, judged from its path and directives. */
export type TsEntryKind = 'route-handler' | 'pages-api' | 'server-action' | 'middleware';

export interface TsFacts {
  /** Top-of-file directives: `use server`, `use client`. */
  directives: string[];
  imports: TsImport[];
  entry?: TsEntryKind;
  /** Prisma Client calls and what they filter, sort and read (joined with the schema by missing-index). */
  prismaQueries: PrismaQuerySite[];
}

declare module '../core/facts' {
  interface FactsByLanguage {
    typescript: TsFacts;
  }
}

export function extractTsFacts(file: ParsedFile<TsTree>): TsFacts {
  const { sourceFile } = file.tree;
  const directives = directivesOf(sourceFile);
  const imports: TsImport[] = [];
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      imports.push({ specifier: statement.moduleSpecifier.text, bindings: importBindings(statement.importClause) });
    }
  }
  return { directives, imports, entry: entryKind(file.path, directives), prismaQueries: prismaQuerySites(file, conventionalClientTest(sourceFile)) };
}

export function directivesOf(sourceFile: ts.SourceFile): string[] {
  const directives: string[] = [];
  for (const statement of sourceFile.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) break;
    directives.push(statement.expression.text);
  }
  return directives;
}

function importBindings(clause: ts.ImportClause | undefined): TsImportBinding[] {
  if (!clause) return [];
  const bindings: TsImportBinding[] = [];
  if (clause.name) bindings.push({ imported: 'default', local: clause.name.text });
  const named = clause.namedBindings;
  if (named && ts.isNamespaceImport(named)) bindings.push({ imported: '*', local: named.name.text });
  if (named && ts.isNamedImports(named)) {
    for (const element of named.elements) bindings.push({ imported: (element.propertyName ?? element.name).text, local: element.name.text });
  }
  return bindings;
}

const ROUTE_HANDLER = /(?:^|\/)app\/(?:.*\/)?route\.[cm]?[jt]sx?$/;
const PAGES_API = /(?:^|\/)pages\/api\//;
const MIDDLEWARE = /(?:^|\/)(?:src\/)?middleware\.[cm]?[jt]s$/;

export function entryKind(path: string, directives: readonly string[]): TsEntryKind | undefined {
  if (ROUTE_HANDLER.test(path)) return 'route-handler';
  if (PAGES_API.test(path)) return 'pages-api';
  if (MIDDLEWARE.test(path)) return 'middleware';
  if (directives.includes('use server')) return 'server-action';
  return undefined;
}
