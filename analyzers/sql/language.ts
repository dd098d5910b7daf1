import type { LanguageSupport } from '../core/languages';
import { extractSqlFacts, type SqlFacts, type SqlTree } from './facts';
import { readStatement } from './statements';
import { statements, tokenize } from './tokens';

/** SQL migrations: a token scan for index statements, no syntax tree (see ARCHITECTURE, SQL migrations). */
export const sqlLanguage: LanguageSupport<SqlTree, SqlFacts> = {
  language: 'sql',
  isReady: () => true,
  parse: (_path, text) => ({ statements: statements(tokenize(text)).flatMap(readStatement) }),
  extractFacts: extractSqlFacts,
};
