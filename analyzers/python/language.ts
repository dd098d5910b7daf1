import type { LanguageSupport } from '../core/languages';
import { extractPythonFacts } from './facts';
import type { PythonFacts } from './facts-types';
import { isParserReady, loadPythonParser, parsePython } from './parse';
import type { PyTree } from './tree';

/** Python through web-tree-sitter, loaded the first time a `.py` file is analyzed. */
export const pythonLanguage: LanguageSupport<PyTree, PythonFacts> = {
  language: 'python',
  isReady: isParserReady,
  load: loadPythonParser,
  parse: (_path, text) => parsePython(text),
  extractFacts: extractPythonFacts,
  syntaxErrorCount: (tree) => tree.syntaxErrors,
};
