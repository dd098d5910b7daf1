import ts from 'typescript';

export interface TsImportBinding {
  /** `default`, `*` for a namespace import, or the exported name. */
  imported: string;
  local: string;
}

/** An ES import, or a CommonJS `require` bound to a name at the top of the file. */
export interface TsImport {
  specifier: string;
  bindings: TsImportBinding[];
}

/**
 * How requests reach a module directly, judged from its path and directives:
 * App Router route handlers and pages (server components), Pages API routes,
 * server actions, middleware (`proxy.ts` since Next.js 16), and plain
 * serverless functions (`api/` at the root for Vercel, `netlify/functions/`).
 */
export type TsEntryKind = 'route-handler' | 'pages-api' | 'server-action' | 'middleware' | 'page' | 'function';

export function directivesOf(sourceFile: ts.SourceFile): string[] {
  const directives: string[] = [];
  for (const statement of sourceFile.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isStringLiteral(statement.expression)) break;
    directives.push(statement.expression.text);
  }
  return directives;
}

const ROUTE_HANDLER = /(?:^|\/)app\/(?:.*\/)?route\.[cm]?[jt]sx?$/;
const APP_PAGE = /(?:^|\/)app\/(?:.*\/)?(?:page|layout)\.[cm]?[jt]sx?$/;
const PAGES_API = /(?:^|\/)pages\/api\//;
const MIDDLEWARE = /(?:^|\/)(?:src\/)?(?:middleware|proxy)\.[cm]?[jt]s$/;
const SERVERLESS_FUNCTION = /^(?:api\/|netlify\/functions\/|(?:.*\/)?netlify\/functions\/)/;

export function entryKind(path: string, directives: readonly string[]): TsEntryKind | undefined {
  if (directives.includes('use client')) return undefined;
  if (ROUTE_HANDLER.test(path)) return 'route-handler';
  if (PAGES_API.test(path)) return 'pages-api';
  if (MIDDLEWARE.test(path)) return 'middleware';
  if (directives.includes('use server')) return 'server-action';
  if (APP_PAGE.test(path)) return 'page';
  if (SERVERLESS_FUNCTION.test(path)) return 'function';
  return undefined;
}
