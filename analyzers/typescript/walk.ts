import ts from 'typescript';

/**
 * Visits every descendant of `root` depth-first, in source order, without
 * recursion: 5,000 nested parentheses must not overflow the stack. Return
 * `false` from `visit` to skip a node's children.
 */
export function walk(root: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  const stack: ts.Node[] = [];
  const pushChildren = (node: ts.Node) => {
    const children: ts.Node[] = [];
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
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
