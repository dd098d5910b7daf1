import * as ts from 'typescript';

/**
 * Visits every descendant of `root` depth-first, in source order, without
 * recursion: 5,000 nested parentheses must not overflow the stack. Return
 * `false` from `visit` to skip a node's children.
 */
export function walk(root: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  const stack: ts.Node[] = [];
  const push = (child: ts.Node) => {
    stack.push(child);
  };
  // Children go on the stack reversed, so they pop in source order; no array per node (this walk runs over every file).
  const pushChildren = (node: ts.Node) => {
    const from = stack.length;
    ts.forEachChild(node, push);
    for (let i = from, j = stack.length - 1; i < j; i++, j--) {
      const first = stack[i];
      stack[i] = stack[j];
      stack[j] = first;
    }
  };
  pushChildren(root);
  while (stack.length) {
    const node = stack.pop()!;
    if (visit(node) !== false) pushChildren(node);
  }
}

/** The nearest enclosing function-like node, or undefined at module level. */
export function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current)) return current;
  }
  return undefined;
}

/** Start of a node's own text, after leading trivia. */
export function startOf(node: ts.Node): number {
  return node.getStart(node.getSourceFile());
}
