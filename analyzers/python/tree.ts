/**
 * A plain JavaScript copy of tree-sitter's syntax tree for one Python file.
 *
 * Web-tree-sitter's nodes live in wasm memory: every property read crosses
 * into wasm, and every tree must be freed by hand. The parser copies the tree
 * once, through a cursor, into these objects and frees the wasm tree at once,
 * so rules walk ordinary objects and nothing leaks however many files an
 * editor session parses.
 */
export interface PyNode {
  /** tree-sitter-python's node type: `call`, `attribute`, `identifier`, `ERROR`, … */
  type: string;
  /** UTF-16 offsets into the file's text. */
  start: number;
  end: number;
  /** The field this node fills in its parent (`function`, `arguments`, `left`, …). */
  field: string | undefined;
  parent: PyNode | undefined;
  /** Named children, plus anonymous tokens that fill a field (an operator, say). */
  children: PyNode[];
}

export interface PyTree {
  root: PyNode;
  text: string;
  /**
   * Syntax errors the parser recovered from: `ERROR` nodes, or 1 when only
   * zero-width MISSING tokens were inserted. Safe fixes are not offered in a
   * file that has any: where an edit lands depends on how the parser
   * recovered, and applying it again could land elsewhere.
   */
  syntaxErrors: number;
}

export function textOf(tree: PyTree, node: PyNode): string {
  return tree.text.slice(node.start, node.end);
}

export function field(node: PyNode, name: string): PyNode | undefined {
  for (const child of node.children) if (child.field === name) return child;
  return undefined;
}

export function fields(node: PyNode, name: string): PyNode[] {
  return node.children.filter((child) => child.field === name);
}

export function childOfType(node: PyNode, type: string): PyNode | undefined {
  for (const child of node.children) if (child.type === type) return child;
  return undefined;
}

/**
 * Visits every descendant of `root` depth-first in source order, without
 * recursion (5,000 nested brackets must not overflow the stack). Return
 * `false` from `visit` to skip a node's children.
 */
export function walk(root: PyNode, visit: (node: PyNode) => boolean | void): void {
  const stack: PyNode[] = [];
  for (let i = root.children.length - 1; i >= 0; i--) stack.push(root.children[i]);
  while (stack.length) {
    const node = stack.pop()!;
    if (visit(node) === false) continue;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
}

/** Function and class bodies start new scopes; walks that stay in one scope stop at them. */
export const SCOPE_TYPES = new Set(['function_definition', 'class_definition', 'lambda']);

/** Like `walk`, but does not enter nested functions, classes or lambdas. */
export function walkScope(root: PyNode, visit: (node: PyNode) => boolean | void): void {
  walk(root, (node) => {
    if (SCOPE_TYPES.has(node.type)) return false;
    return visit(node);
  });
}

/** The nearest enclosing node of one of `types`, or undefined. */
export function ancestor(node: PyNode, types: ReadonlySet<string> | string): PyNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (typeof types === 'string' ? current.type === types : types.has(current.type)) return current;
  }
  return undefined;
}

/** The nearest enclosing function definition, or undefined at module or class level. */
export function enclosingFunction(node: PyNode): PyNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition') return current;
    if (current.type === 'class_definition') return undefined;
  }
  return undefined;
}

/** Strips parentheses and `await` around an expression. */
export function unwrap(node: PyNode | undefined): PyNode | undefined {
  let current = node;
  while (current && (current.type === 'parenthesized_expression' || current.type === 'await') && current.children.length === 1) current = current.children[0];
  return current;
}
