import type { RuleContext } from '../core/rule';
import { clientTest, CONVENTIONAL_DB, dbCallsOf } from './db-calls';
import type { TsTree } from './parse';
import type { ClientTest, PrismaCall } from './prisma-calls';
import { tsScope } from './scope';

/**
 * The Prisma client test that knows the workspace: a local `new
 * PrismaClient()`, a `tx` of `$transaction`, or an import that resolves to a
 * module exporting a Prisma client (`import { prisma as db } from
 * '@/lib/db'`, through `tsconfig` paths, re-exports and monorepo packages).
 * A binding imported from a module we cannot see is judged by its name, as
 * `conventionalClientTest` does; one that resolves to something else (an
 * OpenAI client called `client`) is not a Prisma client.
 */
export function workspaceClientTest(context: RuleContext<TsTree>): ClientTest {
  const scope = tsScope(context);
  return (expression) => {
    const test = clientTest(expression, scope.model, ['prisma'], CONVENTIONAL_DB);
    if (!test.ok) return false;
    return !test.pending || scope.answers.accepts(context.file.path, test.pending);
  };
}

/** Every Prisma Client call of the file whose client the workspace confirms, computed once per file. */
export function workspacePrismaCalls(context: RuleContext<TsTree>): PrismaCall[] {
  const scope = tsScope(context);
  const out: PrismaCall[] = [];
  for (const call of dbCallsOf(scope.model).values()) {
    if (!call.prisma) continue;
    if (call.pending && !scope.answers.accepts(context.file.path, call.pending)) continue;
    out.push(call.prisma);
  }
  return out;
}
