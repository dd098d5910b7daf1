import type { LanguageSupport } from '../core/languages';
import { extractPrismaFacts, type PrismaFacts, type PrismaTree } from './facts';
import { parsePrismaSchema } from './parse';

export const prismaLanguage: LanguageSupport<PrismaTree, PrismaFacts> = {
  language: 'prisma',
  isReady: () => true,
  parse: (_path, text) => ({ ast: parsePrismaSchema(text) }),
  extractFacts: extractPrismaFacts,
};
