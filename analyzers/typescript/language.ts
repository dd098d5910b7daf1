import type { LanguageSupport } from '../core/languages';
import { extractTsFacts, type TsFacts } from './facts';
import { parseTypeScript, type TsTree } from './parse';

export const typescriptLanguage: LanguageSupport<TsTree, TsFacts> = {
  language: 'typescript',
  isReady: () => true,
  parse: parseTypeScript,
  extractFacts: extractTsFacts,
};
