import type { LanguageSupport } from '../core/languages';
import { extractTsFacts, type TsFacts } from './facts';
import { parseTypeScript, reparseTypeScript, type TsTree } from './parse';

export const typescriptLanguage: LanguageSupport<TsTree, TsFacts> = {
  language: 'typescript',
  isReady: () => true,
  parse: parseTypeScript,
  reparse: reparseTypeScript,
  extractFacts: extractTsFacts,
  // The compiler keeps the errors its parser recovered from on the source file (not in its public typings).
  syntaxErrorCount: (tree) => (tree.sourceFile as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics?.length ?? 0,
};
