import type { LanguageSupport } from '../core/languages';
import { extractTsFacts, type TsFactExtractor, type TsFacts } from './facts';
import { parseTypeScript, reparseTypeScript, type TsTree } from './parse';

/**
 * TypeScript and JavaScript, with the extra per-file facts the floors above
 * read from the syntax (`TsExtraFacts`): `analyzers/index.ts` composes them.
 */
export function typescriptLanguageWith(extractors: readonly TsFactExtractor[]): LanguageSupport<TsTree, TsFacts> {
  return {
    language: 'typescript',
    isReady: () => true,
    parse: parseTypeScript,
    reparse: reparseTypeScript,
    extractFacts: (file) => extractTsFacts(file, extractors),
    // The compiler keeps the errors its parser recovered from on the source file (not in its public typings).
    syntaxErrorCount: (tree) => (tree.sourceFile as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics?.length ?? 0,
  };
}
