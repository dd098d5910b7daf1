import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ParserAssets } from '../analyzers';

/**
 * Finds parser wasm files next to the running bundle (`dist/wasm/`, where the
 * build copies them and the VSIX ships them) or, when running from sources,
 * in the packages that publish them.
 */
export function nodeParserAssets(baseDir: string = __dirname): ParserAssets {
  const packageOf: Record<string, string> = {
    'tree-sitter.wasm': 'web-tree-sitter',
    'tree-sitter-python.wasm': 'tree-sitter-python',
  };
  return {
    wasm(fileName) {
      const bundled = path.join(baseDir, 'wasm', fileName);
      if (fs.existsSync(bundled)) return fs.readFileSync(bundled);
      const owner = packageOf[fileName];
      if (!owner) throw new Error(`Unknown parser asset ${fileName}`);
      // Both packages expose the wasm file itself as a resolvable subpath.
      return fs.readFileSync(require.resolve(`${owner}/${fileName}`, { paths: [baseDir, process.cwd()] }));
    },
  };
}
