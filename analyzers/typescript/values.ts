import ts from 'typescript';
import { resolve, type Declaration, type NameTable } from './declarations';
import { skipOuter } from './prisma-calls';
import { propertyPath } from './syntax';

/**
 * Where a value comes from, as far as one file can tell without a type
 * checker: an import, a `new X()`, a factory call, a parameter. Recognizers
 * use it to tell `new OpenAI()` from `new PrismaClient()` when both are
 * called `client`.
 */
export type Origin =
  | { kind: 'import'; specifier: string; imported: string; member: string[] }
  | { kind: 'new'; name: string; module?: string; node: ts.NewExpression }
  | { kind: 'call'; name: string; module?: string; node: ts.CallExpression; receiver?: Origin }
  | { kind: 'param'; name: string; declaration: Declaration }
  | { kind: 'property'; path: string[] }
  | { kind: 'global'; name: string }
  | { kind: 'function'; name: string }
  | { kind: 'literal'; node: ts.Expression }
  | { kind: 'unknown' };

const MAX_DEPTH = 6;

export function originOf(expression: ts.Expression, model: NameTable, depth = 0): Origin {
  if (depth > MAX_DEPTH) return { kind: 'unknown' };
  const inner = skipOuter(expression);
  if (ts.isIdentifier(inner)) return identifierOrigin(inner, model, depth);
  if (ts.isNewExpression(inner)) {
    const callee = skipOuter(inner.expression);
    return { kind: 'new', name: lastName(callee), module: moduleOf(callee, model), node: inner };
  }
  if (ts.isCallExpression(inner)) {
    const callee = skipOuter(inner.expression);
    const name = lastName(callee);
    // `new PrismaClient().$extends(…)` is still that client.
    if (ts.isPropertyAccessExpression(callee) && (name === '$extends' || name === 'withAccelerate')) return originOf(callee.expression, model, depth + 1);
    const receiver = ts.isPropertyAccessExpression(callee) ? originOf(callee.expression, model, depth + 1) : undefined;
    return { kind: 'call', name, module: moduleOf(callee, model), node: inner, receiver };
  }
  if (ts.isBinaryExpression(inner)) {
    const operator = inner.operatorToken.kind;
    if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken) {
      // `globalForPrisma.prisma ?? new PrismaClient()`: the right side says what it is.
      const right = originOf(inner.right, model, depth + 1);
      return right.kind === 'unknown' ? originOf(inner.left, model, depth + 1) : right;
    }
    if (operator === ts.SyntaxKind.EqualsToken) return originOf(inner.right, model, depth + 1);
    return { kind: 'unknown' };
  }
  if (ts.isConditionalExpression(inner)) {
    const whenTrue = originOf(inner.whenTrue, model, depth + 1);
    return whenTrue.kind === 'new' || whenTrue.kind === 'call' ? whenTrue : originOf(inner.whenFalse, model, depth + 1);
  }
  if (ts.isPropertyAccessExpression(inner)) {
    const path = propertyPath(inner);
    const root = chainStart(inner);
    if (ts.isIdentifier(root)) {
      const base = identifierOrigin(root, model, depth);
      if (base.kind === 'import') return { ...base, member: [...base.member, ...path.slice(1)] };
    }
    return { kind: 'property', path };
  }
  if (ts.isStringLiteralLike(inner) || ts.isNumericLiteral(inner) || ts.isTemplateExpression(inner) || ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner)) {
    return { kind: 'literal', node: inner };
  }
  return { kind: 'unknown' };
}

function identifierOrigin(identifier: ts.Identifier, model: NameTable, depth: number): Origin {
  const declaration = resolve(model, identifier);
  if (!declaration) return { kind: 'global', name: identifier.text };
  switch (declaration.kind) {
    case 'import':
      return { kind: 'import', specifier: declaration.specifier ?? '', imported: declaration.imported ?? 'default', member: [] };
    case 'param':
      return { kind: 'param', name: declaration.name, declaration };
    case 'function':
    case 'class':
      return { kind: 'function', name: declaration.name };
    case 'const':
    case 'let':
    case 'var': {
      if (!declaration.initializer) return { kind: 'unknown' };
      if (declaration.key === undefined) return originOf(declaration.initializer, model, depth + 1);
      const from = originOf(declaration.initializer, model, depth + 1);
      if (from.kind === 'import') {
        if (from.member.length === 0 && (from.imported === '*' || from.imported === 'default')) return { ...from, imported: String(declaration.key) };
        return { ...from, member: [...from.member, String(declaration.key)] };
      }
      return { kind: 'unknown' };
    }
    default:
      return { kind: 'unknown' };
  }
}

function chainStart(expression: ts.Expression): ts.Expression {
  let current = skipOuter(expression);
  while (ts.isPropertyAccessExpression(current)) current = skipOuter(current.expression);
  return current;
}

function lastName(callee: ts.Expression): string {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return '';
}

/** The module a callee was imported from: `openai` for `new OpenAI()` after `import OpenAI from 'openai'`. */
function moduleOf(callee: ts.Expression, model: NameTable): string | undefined {
  const root = chainStart(callee);
  if (!ts.isIdentifier(root)) return undefined;
  const declaration = resolve(model, root);
  return declaration?.kind === 'import' ? declaration.specifier : undefined;
}

/** Kinds of values the rules care about. `other` is a known non-client (a Map, a Stripe client). */
export type ClientKind =
  | 'prisma'
  | 'drizzle'
  | 'supabase'
  | 'mongoose-model'
  | 'sequelize-model'
  | 'typeorm'
  | 'kysely'
  | 'mongodb'
  | 'pg'
  | 'sql'
  | 'openai'
  | 'anthropic'
  | 'langchain'
  | 'resend'
  | 'mailer'
  | 'postmark'
  | 'ses'
  | 'sendgrid'
  | 'ratelimit'
  | 'lru'
  | 'other';

export const DB_KINDS: ReadonlySet<ClientKind> = new Set(['prisma', 'drizzle', 'supabase', 'mongoose-model', 'sequelize-model', 'typeorm', 'kysely', 'mongodb', 'pg', 'sql']);

/** An exported binding of another module whose kind the workspace view decides. */
export interface ImportRef {
  specifier: string;
  imported: string;
  member?: string[];
}

const NEW_KINDS: Array<[RegExp, ClientKind, RegExp?]> = [
  [/^PrismaClient$/, 'prisma'],
  [/^(?:OpenAI|AzureOpenAI)$/, 'openai', /^(?:openai|)$/],
  [/^Anthropic(?:Bedrock|Vertex)?$/, 'anthropic'],
  [/^(?:Chat[A-Z]\w*|OpenAI|Anthropic|Ollama|AzureChatOpenAI)$/, 'langchain', /^@?langchain/],
  [/^Resend$/, 'resend'],
  [/^ServerClient$/, 'postmark', /^postmark$/],
  [/^(?:SESClient|SESv2Client|SES)$/, 'ses'],
  [/^(?:Pool|Client)$/, 'pg', /^(?:pg|@neondatabase\/serverless|@vercel\/postgres)$/],
  [/^Kysely$/, 'kysely'],
  [/^MongoClient$/, 'mongodb'],
  [/^(?:Ratelimit|RateLimiter\w*)$/, 'ratelimit'],
  [/^(?:LRUCache|LRU|NodeCache|QuickLRU|TTLCache)$/, 'lru'],
];

const CALL_KINDS: Array<[RegExp, ClientKind, RegExp?]> = [
  [/^drizzle$/, 'drizzle'],
  [/^(?:createClient|createServerClient|createBrowserClient)$/, 'supabase', /supabase/],
  [/^(?:createRouteHandlerClient|createServerComponentClient|createServerActionClient|createMiddlewareClient|createPagesServerClient|createAdminClient|createServiceClient|createSupabase\w*|getSupabase\w*)$/, 'supabase'],
  [/^model$/, 'mongoose-model', /^mongoose$/],
  [/^getRepository$/, 'typeorm'],
  [/^(?:postgres|neon)$/, 'sql', /^(?:postgres|@neondatabase\/serverless)$/],
  [/^createTransport$/, 'mailer'],
  [/^(?:rateLimit|slowDown)$/, 'ratelimit', /^express-(?:rate-limit|slow-down)$/],
];

/** The kind of value an origin is, when one file can tell. */
export function classifyOrigin(origin: Origin): ClientKind | undefined {
  switch (origin.kind) {
    case 'new': {
      for (const [pattern, kind, module] of NEW_KINDS) if (pattern.test(origin.name) && (!module || module.test(origin.module ?? ''))) return kind;
      return /^(?:Map|Set|WeakMap|Array|Object|Date|URL|Error|Promise)$/.test(origin.name) ? 'other' : origin.module && !origin.module.startsWith('.') && !origin.module.startsWith('@/') ? 'other' : undefined;
    }
    case 'call': {
      for (const [pattern, kind, module] of CALL_KINDS) if (pattern.test(origin.name) && (!module || module.test(origin.module ?? ''))) return kind;
      if (origin.name === 'db' && origin.receiver && classifyOrigin(origin.receiver) === 'mongodb') return 'mongodb';
      if (origin.name === 'model' && origin.receiver?.kind === 'import' && origin.receiver.specifier === 'mongoose') return 'mongoose-model';
      if (origin.name === 'define' && origin.receiver?.kind === 'new' && origin.receiver.name === 'Sequelize') return 'sequelize-model';
      return undefined;
    }
    case 'import':
      return importKind(origin);
    default:
      return undefined;
  }
}

/** Clients imported straight from a package: `import { sql } from '@vercel/postgres'`, `import sgMail from '@sendgrid/mail'`. */
function importKind(origin: Extract<Origin, { kind: 'import' }>): ClientKind | undefined {
  const { specifier, imported } = origin;
  if (specifier === '@vercel/postgres') return imported === 'sql' ? 'sql' : imported === 'db' ? 'pg' : undefined;
  if (specifier === '@sendgrid/mail') return 'sendgrid';
  if (isPackage(specifier) && origin.member.length === 0) {
    // A known SDK imported as a value is that SDK's namespace, not a DB client.
    if (/^(?:openai|@anthropic-ai\/sdk|stripe|twilio|resend|@upstash\/.+|ioredis|redis|axios|zod)$/.test(specifier)) return 'other';
  }
  return undefined;
}

export function isPackage(specifier: string): boolean {
  return !specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.startsWith('@/') && !specifier.startsWith('~/') && !specifier.startsWith('#');
}

/** The import an origin hangs from, for the workspace view to resolve. */
export function importRefOf(origin: Origin): ImportRef | undefined {
  if (origin.kind !== 'import') return undefined;
  return { specifier: origin.specifier, imported: origin.imported, member: origin.member.length ? origin.member : undefined };
}
