import type { ParserAssets } from '../core/languages';
import { walk, type PyNode, type PyTree } from './tree';

/** The two halves of web-tree-sitter this module needs, loaded on first use. */
interface LoadedParser {
  parser: import('web-tree-sitter').Parser;
  /** Node type names, whether each is named, and field names, by id: read once, not per node. */
  types: string[];
  named: boolean[];
  fields: Array<string | undefined>;
}

let loaded: LoadedParser | undefined;
let loading: Promise<void> | undefined;

export function isParserReady(): boolean {
  return loaded !== undefined;
}

/**
 * Loads web-tree-sitter and the Python grammar from the host's assets. The
 * module itself is imported here, not at the top, so that hosts that never
 * meet a Python file never evaluate it. The wasm bytes always come from
 * `ParserAssets`: the runtime is never allowed to locate or fetch them.
 */
export function loadPythonParser(assets: ParserAssets): Promise<void> {
  loading ??= (async () => {
    const { Parser, Language } = await import('web-tree-sitter');
    const runtime = await assets.wasm('tree-sitter.wasm');
    await Parser.init({ wasmBinary: runtime, locateFile: () => 'tree-sitter.wasm' });
    const grammar = await Language.load(await assets.wasm('tree-sitter-python.wasm'));
    const parser = new Parser();
    parser.setLanguage(grammar);
    const named = grammar.types.map((_, id) => grammar.nodeTypeIsNamed(id));
    loaded = { parser, types: grammar.types, named, fields: grammar.fields.map((name) => name ?? undefined) };
  })().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** Parsing gives up after this long; the file then yields an empty tree instead of a hang. */
const PARSE_BUDGET_MS = 5_000;

/**
 * Parses Python text into a plain tree (see `tree.ts`) and frees the wasm tree
 * before returning. Syntax errors become `ERROR` nodes; any input yields a tree.
 */
export function parsePython(text: string): PyTree {
  if (!loaded) throw new Error('The Python parser is not loaded.');
  const { parser } = loaded;
  const deadline = Date.now() + PARSE_BUDGET_MS;
  parser.reset();
  const tree = parser.parse(text, null, { progressCallback: () => Date.now() > deadline });
  if (!tree) return { text, root: emptyModule(text), syntaxErrors: 1 };
  try {
    const root = copyTree(tree, loaded);
    return { text, root, syntaxErrors: tree.rootNode.hasError ? Math.max(1, countErrors(root)) : 0 };
  } finally {
    tree.delete();
  }
}

function countErrors(root: PyNode): number {
  let count = 0;
  walk(root, (node) => {
    if (node.type === 'ERROR') count++;
  });
  return count;
}

function emptyModule(text: string): PyNode {
  return { type: 'module', start: 0, end: text.length, field: undefined, parent: undefined, children: [] };
}

/**
 * Copies named nodes, and anonymous tokens that fill a field (operators), with
 * one cursor walk: iterative, so depth costs no stack.
 */
function copyTree(tree: import('web-tree-sitter').Tree, names: LoadedParser): PyNode {
  const cursor = tree.walk();
  try {
    const root: PyNode = { type: cursor.nodeType, start: cursor.startIndex, end: cursor.endIndex, field: undefined, parent: undefined, children: [] };
    // `parents[i]` is the copied node under which depth i+1 nodes go; undefined when skipped.
    const parents: Array<PyNode | undefined> = [root];
    let depth = 0;
    for (;;) {
      if (cursor.gotoFirstChild()) depth++;
      else {
        while (!cursor.gotoNextSibling()) {
          if (!cursor.gotoParent()) return root;
          depth--;
          if (depth === 0) return root;
        }
      }
      const parent = parents[depth - 1];
      // Each cursor read crosses into wasm: ids first, offsets only for nodes that are kept.
      const typeId = cursor.nodeTypeId;
      const fieldName = names.fields[cursor.currentFieldId];
      if (parent && ((names.named[typeId] ?? true) || fieldName)) {
        const node: PyNode = { type: names.types[typeId] ?? cursor.nodeType, start: cursor.startIndex, end: cursor.endIndex, field: fieldName, parent, children: [] };
        parent.children.push(node);
        parents[depth] = node;
      } else parents[depth] = undefined;
    }
  } finally {
    cursor.delete();
  }
}
