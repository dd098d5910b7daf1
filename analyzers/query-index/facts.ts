import type { FileModel } from '../typescript/model';
import type { TsFactExtractor } from '../typescript/facts';
import { conventionalClientTest, type ClientTest } from '../typescript/prisma-calls';
import { classifyOrigin, originOf } from '../typescript/values';
import { prismaQuerySites, type PrismaQuerySite } from './query-sites';

declare module '../typescript/facts' {
  interface TsExtraFacts {
    /** Prisma Client calls and what they filter, sort and read (joined with the schema by `index-join.ts`). */
    prismaQueries?: PrismaQuerySite[];
  }
}

/**
 * The query sites of a file, kept in its TypeScript facts: the join reads
 * every file's sites, and a file's facts are the unit the editor's session
 * updates and the scan ships between its passes.
 */
export const prismaQueryFacts: TsFactExtractor = (file, model) => ({
  prismaQueries: prismaQuerySites(file, knownClientsOnly(model, conventionalClientTest(file.tree.sourceFile))),
});

/**
 * Narrows a client test with what the file model knows: a conventionally
 * named value made by another SDK (`const client = new Anthropic()`) is not a
 * Prisma client, however it is called.
 */
function knownClientsOnly(model: FileModel, test: ClientTest): ClientTest {
  return (expression) => {
    if (!test(expression)) return false;
    const kind = classifyOrigin(originOf(expression, model));
    return !kind || kind === 'prisma';
  };
}
