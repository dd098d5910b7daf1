import ts from 'typescript';
import { isBackgroundFile } from '../typescript/entry-context';
import type { FileModel } from '../typescript/model';
import type { TsFactExtractor } from '../typescript/facts';
import { conventionalClientTest, type ClientTest } from '../typescript/prisma-calls';
import { classifyOrigin, originOf } from '../typescript/values';
import { walk } from '../typescript/walk';
import { prismaQuerySites, type CallPlace, type PrismaQuerySite } from './query-sites';

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
  prismaQueries: prismaQuerySites(file, knownClientsOnly(model, orInjected(file.tree.sourceFile, conventionalClientTest(file.tree.sourceFile))), placesOf(model, isBackgroundFile(file.path, file.text))),
});

/**
 * A client a class is handed by its constructor (NestJS and other
 * injection: `constructor(private readonly prismaService: PrismaService)`),
 * used as `this.prismaService.user.findMany(…)`.
 */
function orInjected(sourceFile: ts.SourceFile, test: ClientTest): ClientTest {
  const injected = new Set<string>();
  walk(sourceFile, (node) => {
    if (!ts.isConstructorDeclaration(node)) return;
    for (const parameter of node.parameters) {
      const type = parameter.type && ts.isTypeReferenceNode(parameter.type) ? parameter.type.typeName.getText(sourceFile) : '';
      if (ts.isIdentifier(parameter.name) && /Prisma/.test(type) && ts.getModifiers(parameter)?.length) injected.add(parameter.name.text);
    }
  });
  if (!injected.size) return test;
  return (expression) => test(expression) || (ts.isPropertyAccessExpression(expression) && expression.expression.kind === ts.SyntaxKind.ThisKeyword && injected.has(expression.name.text));
}

/** Where each call runs: its unit and loop from the file model, whether the file is background work, whether its result is cached. */
function placesOf(model: FileModel, background: boolean): (call: ts.CallExpression) => CallPlace {
  const sites = new Map<ts.Node, FileModel['calls'][number]>(model.calls.map((site) => [site.node, site]));
  const cachedFile = model.directives.includes('use cache');
  return (call) => {
    const site = sites.get(call);
    return { unit: site?.unit ?? 0, inLoop: !!site?.loop, background, cached: cachedFile || inCachedFunction(call) };
  };
}

/** Next.js `"use cache"` as the first statement of an enclosing function. */
function inCachedFunction(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (!ts.isFunctionLike(current)) continue;
    const body = (current as ts.FunctionLikeDeclaration).body;
    const first = body && ts.isBlock(body) ? body.statements[0] : undefined;
    if (first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) && first.expression.text === 'use cache') return true;
  }
  return false;
}

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
