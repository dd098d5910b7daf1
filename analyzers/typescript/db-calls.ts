import ts from 'typescript';
import type { FileModel } from './model';
import { PRISMA_READ_OPERATIONS, prismaCallOf, skipOuter, type PrismaCall } from './prisma-calls';
import { propertyPath, shortText, stringPrefix, stringValue } from './syntax';
import { classifyOrigin, importRefOf, originOf, type ClientKind, type ImportRef, type Origin } from './values';

/**
 * Database round trips, whichever library makes them: Prisma, Drizzle,
 * Supabase, Mongoose, Sequelize, TypeORM, Kysely, the MongoDB and pg drivers,
 * tagged `sql` templates, and `fetch` to the app's own API routes.
 */
export type DbLibrary = 'prisma' | 'drizzle' | 'supabase' | 'mongoose' | 'sequelize' | 'typeorm' | 'kysely' | 'mongodb' | 'pg' | 'sql' | 'model' | 'own-api';

export interface DbCall {
  node: ts.CallExpression | ts.TaggedTemplateExpression;
  library: DbLibrary;
  /** How the call reads in messages: `prisma.user.findUnique`, `supabase.from('posts').select`. */
  label: string;
  operation: string;
  /** Table or model when the call names one. */
  model?: string;
  read: boolean;
  /** Batched by construction: `createMany`, `{ id: { in: ids } }`, `inArray(…)`. */
  bulk: boolean;
  /** A list read without `take`/`limit`: every matching row comes back. */
  unbounded: boolean;
  prisma?: PrismaCall;
  /**
   * Set when the client is imported and only the workspace knows what it is:
   * the call counts when the import resolves to one of `accepts`, or, when it
   * does not resolve, when the name is conventional (`prisma`, `db`).
   */
  pending?: { ref: ImportRef; accepts: ClientKind[]; conventional: boolean };
}

/** Reads that return one row (or a number), not rows. */
const SINGLE_ROW = /^(?:findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|findOne|findOneBy|findOneOrFail|findOneByOrFail|findById|findByPk|single|maybeSingle|count|countBy|aggregate|exists|exist|existsBy|getOne|getOneOrFail|getRawOne|getCount|executeTakeFirst|executeTakeFirstOrThrow)$/;

/** A read that returns rows, as many as match (capped or not): `findMany`, `select`, `find`. */
export function isListRead(call: DbCall): boolean {
  return call.read && !SINGLE_ROW.test(call.operation);
}

/** Names assistants and templates give database clients. `client` alone is too common (OpenAI, Twilio) to trust. */
export const CONVENTIONAL_DB = /prisma|^(?:db|database|tx|trx|transaction|dbClient|drizzle|orm)$/i;

const MONGOOSE_ONLY = new Set(['findById', 'findByIdAndUpdate', 'findByIdAndDelete', 'findByIdAndRemove', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'countDocuments', 'estimatedDocumentCount', 'insertMany', 'updateOne', 'deleteOne', 'replaceOne', 'bulkWrite', 'exists']);
const SEQUELIZE_ONLY = new Set(['findAll', 'findByPk', 'findOrCreate', 'findAndCountAll', 'bulkCreate']);
const MODEL_SHARED = new Set(['find', 'findOne', 'create', 'update', 'updateMany', 'deleteMany', 'count', 'aggregate', 'distinct', 'destroy', 'upsert']);
const MODEL_READS = /^(?:find|count|estimated|aggregate|distinct|exists)/;
const TYPEORM_OPS = new Set(['find', 'findOne', 'findBy', 'findOneBy', 'findAndCount', 'findAndCountBy', 'findOneOrFail', 'findOneByOrFail', 'count', 'countBy', 'exist', 'exists', 'existsBy', 'save', 'insert', 'update', 'upsert', 'delete', 'remove', 'softDelete', 'increment', 'decrement', 'query', 'sum', 'average', 'minimum', 'maximum']);
const QUERY_BUILDER_RUNS = new Set(['getMany', 'getOne', 'getOneOrFail', 'getRawMany', 'getRawOne', 'getCount', 'getManyAndCount']);
const MONGO_OPS = new Set(['find', 'findOne', 'insertOne', 'insertMany', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'aggregate', 'countDocuments', 'replaceOne', 'bulkWrite', 'findOneAndUpdate', 'findOneAndDelete', 'distinct']);
const SUPABASE_OPS = new Set(['select', 'insert', 'update', 'upsert', 'delete']);
const GLOBALS = new Set(['Object', 'Array', 'Promise', 'Math', 'JSON', 'Date', 'Reflect', 'Number', 'String', 'Intl', 'Buffer', 'Symbol', 'Map', 'Set', 'Error', 'Response', 'Request', 'URL', 'NextResponse', 'Boolean', 'Proxy', 'BigInt', 'RegExp', 'Atomics', 'WebAssembly', 'Headers', 'FormData', 'Blob', 'File']);

const cache = new WeakMap<FileModel, Map<ts.Node, DbCall>>();

/** Every database call of a file, by call node, computed once. */
export function dbCallsOf(model: FileModel): Map<ts.Node, DbCall> {
  let calls = cache.get(model);
  if (!calls) {
    calls = new Map();
    for (const site of model.calls) {
      if (ts.isNewExpression(site.node)) continue;
      const found = dbCallOf(site.node, model);
      if (found) calls.set(site.node, found);
    }
    cache.set(model, calls);
  }
  return calls;
}

export function dbCallOf(node: ts.CallExpression | ts.TaggedTemplateExpression, model: FileModel): DbCall | undefined {
  if (ts.isTaggedTemplateExpression(node)) return taggedSql(node, model);
  return drizzleCall(node, model) ?? prismaCall(node, model) ?? supabaseCall(node, model) ?? mongoDriverCall(node) ?? modelCall(node, model) ?? typeormCall(node, model) ?? kyselyCall(node, model) ?? pgCall(node, model) ?? ownApiFetch(node);
}

/** Decides whether `expression` is a client of one of `accepts`, or leaves it to the workspace. */
export function clientTest(expression: ts.Expression, model: FileModel, accepts: ClientKind[], conventional: RegExp): { ok: boolean; pending?: DbCall['pending'] } {
  const origin = originOf(expression, model);
  const kind = classifyOrigin(origin);
  if (kind) return { ok: accepts.includes(kind) };
  const name = nameOf(expression, origin);
  const isConventional = conventional.test(name);
  const ref = importRefOf(origin);
  if (ref && !isPackageClient(ref)) return { ok: true, pending: { ref, accepts, conventional: isConventional } };
  return { ok: isConventional };
}

/** A client imported from a package we know nothing about: judged by its name, like a global. */
function isPackageClient(ref: ImportRef): boolean {
  return ref.specifier.startsWith('@prisma/') || ref.specifier === 'mongoose';
}

function nameOf(expression: ts.Expression, origin: Origin): string {
  const inner = skipOuter(expression);
  if (ts.isIdentifier(inner)) return inner.text;
  if (ts.isPropertyAccessExpression(inner)) return inner.name.text;
  if (origin.kind === 'param') return origin.name;
  return '';
}

function clientLabel(expression: ts.Expression, sourceFile: ts.SourceFile): string {
  const inner = skipOuter(expression);
  if (ts.isIdentifier(inner)) return inner.text;
  if (ts.isPropertyAccessExpression(inner)) {
    const path = propertyPath(inner);
    return path.slice(-2).filter(Boolean).join('.') || inner.name.text;
  }
  return shortText(inner, sourceFile, 20);
}

const PRISMA_READS = new Set<string>(PRISMA_READ_OPERATIONS);

function prismaCall(node: ts.CallExpression, model: FileModel): DbCall | undefined {
  const callee = skipOuter(node.expression);
  // Raw queries: `prisma.$queryRawUnsafe(…)`, `prisma.$executeRaw(…)`.
  if (ts.isPropertyAccessExpression(callee) && /^\$(?:queryRaw|executeRaw|queryRawUnsafe|executeRawUnsafe|runCommandRaw)$/.test(callee.name.text)) {
    const test = clientTest(callee.expression, model, ['prisma'], CONVENTIONAL_DB);
    if (!test.ok) return undefined;
    const operation = callee.name.text;
    return { node, library: 'prisma', label: `${clientLabel(callee.expression, model.sourceFile)}.${operation}`, operation, read: operation.startsWith('$query'), bulk: false, unbounded: false, pending: test.pending };
  }
  const call = prismaCallOf(node, () => true);
  if (!call) return undefined;
  // `openai.chat.completions.create` has Prisma's shape; a client reached through a property must be named like one (`this.prisma`, `ctx.db`).
  if (ts.isPropertyAccessExpression(call.client) && !CONVENTIONAL_DB.test(call.client.name.text)) return undefined;
  const test = clientTest(call.client, model, ['prisma'], CONVENTIONAL_DB);
  if (!test.ok) return undefined;
  // `createMany` writes many rows in one statement; `updateMany`/`findMany` per item are still one query per item.
  const bulk = /^createMany/.test(call.operation) || (!!call.args && hasInFilter(call.args));
  return {
    node,
    library: 'prisma',
    label: `${clientLabel(call.client, model.sourceFile)}.${call.modelAccessor}.${call.operation}`,
    operation: call.operation,
    model: call.modelAccessor,
    read: PRISMA_READS.has(call.operation),
    bulk,
    unbounded: call.operation === 'findMany' && !hasLimit(call.args, node, ['take', 'cursor']),
    prisma: call,
    pending: test.pending,
  };
}

/** `db.select().from(t)`, `db.insert(t).values(…)`, `db.query.users.findMany(…)`. */
function drizzleCall(node: ts.CallExpression, model: FileModel): DbCall | undefined {
  const callee = skipOuter(node.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  if (method === 'findMany' || method === 'findFirst') {
    const tableAccess = skipOuter(callee.expression);
    if (!ts.isPropertyAccessExpression(tableAccess)) return undefined;
    const queryAccess = skipOuter(tableAccess.expression);
    if (!ts.isPropertyAccessExpression(queryAccess) || queryAccess.name.text !== 'query') return undefined;
    const test = clientTest(queryAccess.expression, model, ['drizzle'], CONVENTIONAL_DB);
    if (!test.ok) return undefined;
    const args = node.arguments[0] && ts.isObjectLiteralExpression(skipOuter(node.arguments[0])) ? (skipOuter(node.arguments[0]) as ts.ObjectLiteralExpression) : undefined;
    return {
      node,
      library: 'drizzle',
      label: `${clientLabel(queryAccess.expression, model.sourceFile)}.query.${tableAccess.name.text}.${method}`,
      operation: method,
      model: tableAccess.name.text,
      read: true,
      bulk: !!args && hasInFilter(args),
      unbounded: method === 'findMany' && !hasLimit(args, node, ['limit']),
      pending: test.pending,
    };
  }
  if (!/^(?:select|selectDistinct|selectDistinctOn|insert|update|delete)$/.test(method)) return undefined;
  const next = chainAfter(node);
  const continues = next.some((step) => /^(?:from|values|set|where|returning|onConflictDoNothing|onConflictDoUpdate)$/.test(step.name));
  if (!continues) return undefined;
  const test = clientTest(callee.expression, model, ['drizzle'], CONVENTIONAL_DB);
  if (!test.ok) return undefined;
  const from = next.find((step) => step.name === 'from');
  const table = method.startsWith('select') ? from?.call.arguments[0] : node.arguments[0];
  const tableName = table ? shortText(table, model.sourceFile, 30) : undefined;
  const read = method.startsWith('select');
  return {
    node,
    library: 'drizzle',
    label: read ? `${clientLabel(callee.expression, model.sourceFile)}.select().from(${tableName ?? '…'})` : `${clientLabel(callee.expression, model.sourceFile)}.${method}(${tableName ?? '…'})`,
    operation: method,
    model: tableName,
    read,
    bulk: next.some((step) => step.call.arguments.some((argument) => containsCall(argument, /^inArray$/))),
    unbounded: read && !next.some((step) => step.name === 'limit'),
    pending: test.pending,
  };
}

/** `supabase.from('posts').select(…)`, `supabase.rpc('fn')`. */
function supabaseCall(node: ts.CallExpression, model: FileModel): DbCall | undefined {
  const callee = skipOuter(node.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  if (method !== 'from' && method !== 'rpc') return undefined;
  const table = stringValue(node.arguments[0]);
  if (table === undefined) return undefined;
  const test = clientTest(callee.expression, model, ['supabase'], /supabase|^sb$/i);
  if (!test.ok) return undefined;
  const client = clientLabel(callee.expression, model.sourceFile);
  if (method === 'rpc') return { node, library: 'supabase', label: `${client}.rpc('${table}')`, operation: 'rpc', model: table, read: false, bulk: false, unbounded: false, pending: test.pending };
  const next = chainAfter(node);
  const operation = next.find((step) => SUPABASE_OPS.has(step.name))?.name;
  if (!operation) return undefined;
  return {
    node,
    library: 'supabase',
    label: `${client}.from('${table}').${operation}`,
    operation,
    model: table,
    read: operation === 'select',
    bulk: next.some((step) => step.name === 'in'),
    // PostgREST caps responses at its max-rows setting (1,000 by default): not unbounded the way Prisma is.
    unbounded: false,
    pending: test.pending,
  };
}

/** The MongoDB driver: `db.collection('users').find(…)`. */
function mongoDriverCall(node: ts.CallExpression): DbCall | undefined {
  const callee = skipOuter(node.expression);
  if (!ts.isPropertyAccessExpression(callee) || !MONGO_OPS.has(callee.name.text)) return undefined;
  const collection = skipOuter(callee.expression);
  if (!ts.isCallExpression(collection)) return undefined;
  const collectionCallee = skipOuter(collection.expression);
  if (!ts.isPropertyAccessExpression(collectionCallee) || collectionCallee.name.text !== 'collection') return undefined;
  const name = stringValue(collection.arguments[0]);
  if (name === undefined) return undefined;
  const operation = callee.name.text;
  return {
    node,
    library: 'mongodb',
    label: `collection('${name}').${operation}`,
    operation,
    model: name,
    read: MODEL_READS.test(operation),
    bulk: /^insertMany$|^bulkWrite$/.test(operation) || node.arguments.some((argument) => hasInFilter(argument)),
    unbounded: operation === 'find' && !chainAfter(node).some((step) => step.name === 'limit'),
  };
}

/** Mongoose and Sequelize model statics: `User.findById(id)`, `Post.findAll()`. */
function modelCall(node: ts.CallExpression, model: FileModel): DbCall | undefined {
  const callee = skipOuter(node.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const operation = callee.name.text;
  const mongooseOnly = MONGOOSE_ONLY.has(operation);
  const sequelizeOnly = SEQUELIZE_ONLY.has(operation);
  if (!mongooseOnly && !sequelizeOnly && !MODEL_SHARED.has(operation)) return undefined;
  const receiver = skipOuter(callee.expression);
  if (!ts.isIdentifier(receiver) || GLOBALS.has(receiver.text)) return undefined;
  const origin = originOf(receiver, model);
  const kind = classifyOrigin(origin);
  const pascal = /^[A-Z][a-zA-Z0-9]*$/.test(receiver.text) && !/^[A-Z0-9_]+$/.test(receiver.text);
  let pending: DbCall['pending'];
  if (kind) {
    if (kind !== 'mongoose-model' && kind !== 'sequelize-model') return undefined;
  } else {
    const ref = importRefOf(origin);
    // A generic name (`create`, `find`) on an unknown PascalCase value could be anything; only library-specific ones count unresolved.
    const conventional = pascal && (mongooseOnly || sequelizeOnly);
    if (ref && !ref.specifier.startsWith('mongoose') && !ref.specifier.startsWith('sequelize')) pending = { ref, accepts: ['mongoose-model', 'sequelize-model'], conventional };
    else if (!conventional) return undefined;
  }
  const library: DbLibrary = kind === 'mongoose-model' || mongooseOnly ? 'mongoose' : kind === 'sequelize-model' || sequelizeOnly ? 'sequelize' : 'model';
  const args = node.arguments[0] && ts.isObjectLiteralExpression(skipOuter(node.arguments[0])) ? (skipOuter(node.arguments[0]) as ts.ObjectLiteralExpression) : undefined;
  const isList = operation === 'find' || operation === 'findAll';
  // Sequelize limits in its options (`{ limit: 20 }`), Mongoose with a chained `.limit(20)`.
  const limited = operation === 'findAll' ? hasLimit(args, node, ['limit']) : chainAfter(node).some((step) => step.name === 'limit');
  return {
    node,
    library,
    label: `${receiver.text}.${operation}`,
    operation,
    model: receiver.text,
    read: MODEL_READS.test(operation),
    bulk: /^insertMany$|^bulk/.test(operation) || node.arguments.some((argument) => hasInFilter(argument)),
    unbounded: isList && !limited,
    pending,
  };
}

/** TypeORM repositories (`this.userRepository.find(…)`) and query builders (`….createQueryBuilder().getMany()`). */
function typeormCall(node: ts.CallExpression, model: FileModel): DbCall | undefined {
  const callee = skipOuter(node.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const operation = callee.name.text;
  if (QUERY_BUILDER_RUNS.has(operation)) {
    if (!chainBefore(callee.expression).includes('createQueryBuilder')) return undefined;
    return { node, library: 'typeorm', label: `createQueryBuilder().${operation}`, operation, read: true, bulk: false, unbounded: false };
  }
  if (!TYPEORM_OPS.has(operation)) return undefined;
  const receiver = skipOuter(callee.expression);
  const name = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) ? receiver.name.text : ts.isCallExpression(receiver) && ts.isPropertyAccessExpression(skipOuter(receiver.expression)) ? (skipOuter(receiver.expression) as ts.PropertyAccessExpression).name.text : '';
  const isRepository = /(?:Repository|Repo)$/.test(name) || name === 'getRepository' || classifyOrigin(originOf(receiver, model)) === 'typeorm';
  const isManager = /manager$/i.test(name) && !!node.arguments[0] && ts.isIdentifier(skipOuter(node.arguments[0])) && /^[A-Z]/.test((skipOuter(node.arguments[0]) as ts.Identifier).text);
  if (!isRepository && !isManager) return undefined;
  const args = node.arguments[isManager ? 1 : 0];
  const options = args && ts.isObjectLiteralExpression(skipOuter(args)) ? (skipOuter(args) as ts.ObjectLiteralExpression) : undefined;
  return {
    node,
    library: 'typeorm',
    label: `${shortText(receiver, model.sourceFile, 30)}.${operation}`,
    operation,
    read: /^(?:find|count|exist|sum|average|minimum|maximum)/.test(operation),
    bulk: node.arguments.some((argument) => containsCall(argument, /^In$/)),
    unbounded: (operation === 'find' || operation === 'findBy') && !hasLimit(options, node, ['take']),
  };
}

/** Kysely: `db.selectFrom('users')…`. */
function kyselyCall(node: ts.CallExpression, model: FileModel): DbCall | undefined {
  const callee = skipOuter(node.expression);
  if (!ts.isPropertyAccessExpression(callee) || !/^(?:selectFrom|insertInto|updateTable|deleteFrom|replaceInto)$/.test(callee.name.text)) return undefined;
  const test = clientTest(callee.expression, model, ['kysely'], CONVENTIONAL_DB);
  if (!test.ok) return undefined;
  const table = stringValue(node.arguments[0]);
  const operation = callee.name.text;
  return { node, library: 'kysely', label: `${clientLabel(callee.expression, model.sourceFile)}.${operation}(${table ? `'${table}'` : '…'})`, operation, model: table, read: operation === 'selectFrom', bulk: chainAfter(node).some((step) => step.call.arguments.some((argument) => stringValue(argument) === 'in')), unbounded: false, pending: test.pending };
}

const SQL_STATEMENT = /^\s*(?:select|insert|update|delete|with|upsert|merge)\b/i;

/** The pg driver and friends: `pool.query('SELECT …')`. */
function pgCall(node: ts.CallExpression, model: FileModel): DbCall | undefined {
  const callee = skipOuter(node.expression);
  if (!ts.isPropertyAccessExpression(callee) || (callee.name.text !== 'query' && callee.name.text !== 'execute')) return undefined;
  const text = stringPrefix(node.arguments[0] && skipOuter(node.arguments[0]));
  if (text === undefined || !SQL_STATEMENT.test(text)) return undefined;
  const receiver = skipOuter(callee.expression);
  const kind = classifyOrigin(originOf(receiver, model));
  if (kind && kind !== 'pg' && kind !== 'sql' && kind !== 'drizzle' && kind !== 'kysely') return undefined;
  const name = clientLabel(receiver, model.sourceFile);
  return { node, library: 'pg', label: `${name}.${callee.name.text}`, operation: text.trim().split(/\s+/)[0].toLowerCase(), read: /^\s*(?:select|with)\b/i.test(text), bulk: /\b(?:in\s*\(|any\s*\()/i.test(text), unbounded: false };
}

/** `` sql`SELECT …` `` from `@vercel/postgres`, `postgres`, `@neondatabase/serverless`. */
function taggedSql(node: ts.TaggedTemplateExpression, model: FileModel): DbCall | undefined {
  const tag = skipOuter(node.tag);
  const target = ts.isPropertyAccessExpression(tag) && /^\$(?:queryRaw|executeRaw)$/.test(tag.name.text) ? tag : undefined;
  if (target) {
    const test = clientTest(target.expression, model, ['prisma'], CONVENTIONAL_DB);
    if (!test.ok) return undefined;
    return { node, library: 'prisma', label: `${clientLabel(target.expression, model.sourceFile)}.${target.name.text}`, operation: target.name.text, read: target.name.text === '$queryRaw', bulk: false, unbounded: false, pending: test.pending };
  }
  if (!ts.isIdentifier(tag)) return undefined;
  const kind = classifyOrigin(originOf(tag, model));
  if (kind !== 'sql') return undefined;
  const text = stringPrefix(node.template) ?? '';
  return { node, library: 'sql', label: `${tag.text}\`…\``, operation: text.trim().split(/\s+/)[0]?.toLowerCase() || 'query', read: /^\s*(?:select|with)\b/i.test(text), bulk: false, unbounded: false };
}

/** `fetch('/api/…')`, `` fetch(`${origin}/api/…`) ``, `axios.get('/api/…')`: a round trip to this app's own routes. */
function ownApiFetch(node: ts.CallExpression): DbCall | undefined {
  const callee = skipOuter(node.expression);
  const isFetch = ts.isIdentifier(callee) && (callee.text === 'fetch' || callee.text === '$fetch');
  const isAxios = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && /^(?:axios|ky|api|http)$/.test(callee.expression.text) && /^(?:get|post|put|patch|delete)$/.test(callee.name.text);
  if (!isFetch && !isAxios) return undefined;
  const url = node.arguments[0] && skipOuter(node.arguments[0]);
  if (!url || !isOwnApiUrl(url)) return undefined;
  const method = isAxios ? (callee as ts.PropertyAccessExpression).name.text.toUpperCase() : 'GET';
  const path = stringPrefix(url) ?? '';
  const shown = ts.isTemplateExpression(url) && url.head.text === '' ? url.templateSpans[0]?.literal.text ?? '' : path;
  const caller = isFetch ? (callee as ts.Identifier).text : `${((callee as ts.PropertyAccessExpression).expression as ts.Identifier).text}.${method.toLowerCase()}`;
  const shownPath = shown.split('?')[0].replace(/\/$/, '') + (ts.isTemplateExpression(url) ? '…' : '');
  return { node, library: 'own-api', label: `${caller}('${shownPath}')`, operation: method, read: method === 'GET', bulk: false, unbounded: false };
}

function isOwnApiUrl(url: ts.Expression): boolean {
  const prefix = stringPrefix(url);
  if (prefix !== undefined && /^\/api\//.test(prefix)) return true;
  // `${baseUrl}/api/…`: the base is this app's origin in the code we see.
  if (ts.isTemplateExpression(url) && url.head.text === '' && url.templateSpans.length) {
    const first = url.templateSpans[0];
    const base = first.expression.getText();
    return /^\/api\//.test(first.literal.text) && /(?:base_?url|origin|app_?url|site_?url|host|NEXT_PUBLIC_\w*URL|VERCEL_URL)/i.test(base);
  }
  return false;
}

interface ChainStep {
  name: string;
  call: ts.CallExpression;
}

/** The method calls chained after `node`: `.from(t).where(…).limit(10)` → from, where, limit. */
export function chainAfter(node: ts.Expression, limit = 16): ChainStep[] {
  const steps: ChainStep[] = [];
  let current: ts.Node = node;
  for (let i = 0; i < limit; i++) {
    let parent = current.parent;
    while (parent && (ts.isParenthesizedExpression(parent) || ts.isNonNullExpression(parent))) {
      current = parent;
      parent = parent.parent;
    }
    if (!parent || !ts.isPropertyAccessExpression(parent) || parent.expression !== current) break;
    const call = parent.parent;
    if (!call || !ts.isCallExpression(call) || call.expression !== parent) break;
    steps.push({ name: parent.name.text, call });
    current = call;
  }
  return steps;
}

/** Method names called before `expression` in its chain: `createQueryBuilder`, `where`, … */
function chainBefore(expression: ts.Expression, limit = 16): string[] {
  const names: string[] = [];
  let current = skipOuter(expression);
  for (let i = 0; i < limit; i++) {
    if (ts.isCallExpression(current)) {
      const callee = skipOuter(current.expression);
      if (ts.isPropertyAccessExpression(callee)) {
        names.push(callee.name.text);
        current = skipOuter(callee.expression);
        continue;
      }
      if (ts.isIdentifier(callee)) names.push(callee.text);
      break;
    }
    if (ts.isPropertyAccessExpression(current)) {
      names.push(current.name.text);
      current = skipOuter(current.expression);
      continue;
    }
    break;
  }
  return names;
}

/** `{ in: … }` / `{ $in: … }` anywhere in the arguments: a batched lookup. */
export function hasInFilter(root: ts.Node, limit = 500): boolean {
  const stack: ts.Node[] = [root];
  let seen = 0;
  while (stack.length && seen++ < limit) {
    const node = stack.pop()!;
    if ((ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && /^\$?in$|^hasSome$|^\$all$/.test(node.name.getText())) return true;
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return false;
}

function containsCall(root: ts.Node, name: RegExp, limit = 300): boolean {
  const stack: ts.Node[] = [root];
  let seen = 0;
  while (stack.length && seen++ < limit) {
    const node = stack.pop()!;
    if (ts.isCallExpression(node)) {
      const callee = skipOuter(node.expression);
      const called = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      if (name.test(called)) return true;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return false;
}

/**
 * True when the query is limited: one of `keys` in its options (`take`,
 * `limit`, `cursor`), or an argument the file cannot see into (a variable, a
 * spread), which may carry one.
 */
function hasLimit(args: ts.ObjectLiteralExpression | undefined, node: ts.CallExpression, keys: string[]): boolean {
  if (!args) {
    const first = node.arguments[0];
    // `findMany()` has no options at all; `findMany(options)` may carry a limit we cannot see.
    return first !== undefined && !ts.isObjectLiteralExpression(skipOuter(first));
  }
  for (const property of args.properties) {
    if (ts.isSpreadAssignment(property)) return true;
    const key = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;
    if (key && keys.includes(key)) return true;
  }
  return false;
}
