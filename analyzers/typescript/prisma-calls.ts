import ts from 'typescript';
import { walk } from './walk';

/**
 * Prisma Client calls: `<client>.<model>.<operation>(args)`. Shared by every
 * rule that reasons about queries (n-plus-one, missing-index, unbounded-query).
 */
export interface PrismaCall {
  call: ts.CallExpression;
  /** The client expression as written: `prisma`, `db`, `tx`, `this.prisma`, `ctx.db`. */
  client: ts.Expression;
  /** The model accessor as written, lower camel case: `user`, `blogPost`. */
  modelAccessor: string;
  operation: PrismaOperation;
  /** The first argument when it is an object literal (`{ where, include, … }`). */
  args?: ts.ObjectLiteralExpression;
}

export const PRISMA_READ_OPERATIONS = ['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'count', 'aggregate', 'groupBy'] as const;
export const PRISMA_WRITE_OPERATIONS = ['create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'updateManyAndReturn', 'upsert', 'delete', 'deleteMany'] as const;
export type PrismaOperation = (typeof PRISMA_READ_OPERATIONS)[number] | (typeof PRISMA_WRITE_OPERATIONS)[number];

const OPERATIONS = new Set<string>([...PRISMA_READ_OPERATIONS, ...PRISMA_WRITE_OPERATIONS]);

/** Decides whether an expression is a Prisma client (a local, an import, `tx`, `this.prisma`). */
export type ClientTest = (expression: ts.Expression) => boolean;

/** The Prisma call `node` is, or undefined. */
export function prismaCallOf(node: ts.Node, isClient: ClientTest): PrismaCall | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  const callee = skipOuter(node.expression);
  if (!ts.isPropertyAccessExpression(callee) || !OPERATIONS.has(callee.name.text)) return undefined;
  const modelAccess = skipOuter(callee.expression);
  if (!ts.isPropertyAccessExpression(modelAccess)) return undefined;
  const modelAccessor = modelAccess.name.text;
  // `$queryRaw`, `$transaction` and friends are client methods, not models.
  if (modelAccessor.startsWith('$')) return undefined;
  const client = skipOuter(modelAccess.expression);
  if (!isClient(client)) return undefined;
  const first = node.arguments[0];
  return {
    call: node,
    client,
    modelAccessor,
    operation: callee.name.text as PrismaOperation,
    args: first && ts.isObjectLiteralExpression(skipOuter(first)) ? (skipOuter(first) as ts.ObjectLiteralExpression) : undefined,
  };
}

const OUTER_KINDS = new Set([ts.SyntaxKind.NonNullExpression, ts.SyntaxKind.ParenthesizedExpression, ts.SyntaxKind.AsExpression, ts.SyntaxKind.SatisfiesExpression, ts.SyntaxKind.AwaitExpression]);

/** Drops `!`, parentheses, `as` casts and `await` around an expression. */
export function skipOuter(expression: ts.Expression): ts.Expression {
  let current = expression;
  // One set lookup per step: this runs for almost every call of every file.
  while (OUTER_KINDS.has(current.kind)) current = (current as ts.NonNullExpression).expression;
  return current;
}

/** Names assistants and templates give Prisma clients. */
const CONVENTIONAL_CLIENT_NAMES = /^(?:prisma|prismaClient|db|database|client|tx|trx|transaction)$/i;

/**
 * The client test that needs no workspace facts: a conventional client name,
 * `this.<name>` / `ctx.<name>` with such a name, or a local bound to
 * `new PrismaClient()`. The TypeScript analyzer's facts refine this with
 * imports resolved across the workspace.
 */
export function conventionalClientTest(sourceFile: ts.SourceFile): ClientTest {
  const constructed = new Set<string>();
  walk(sourceFile, (node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const init = skipOuter(node.initializer);
      if (ts.isNewExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'PrismaClient') constructed.add(node.name.text);
    }
  });
  return (expression) => {
    if (ts.isIdentifier(expression)) return constructed.has(expression.text) || CONVENTIONAL_CLIENT_NAMES.test(expression.text);
    if (ts.isPropertyAccessExpression(expression)) return CONVENTIONAL_CLIENT_NAMES.test(expression.name.text) && (expression.expression.kind === ts.SyntaxKind.ThisKeyword || ts.isIdentifier(expression.expression));
    return false;
  };
}
