import ts from 'typescript';
import { bindingNames } from './declarations';
import type { FileModel, Unit } from './model';
import { skipOuter } from './prisma-calls';
import { isFunctionNode } from './syntax';

/**
 * Which calls' results a unit hands back to its caller or its client: what it
 * returns, and what it passes to `NextResponse.json`, `res.json`, `c.json`,
 * `reply.send`. Values are followed through local variables, destructuring,
 * `push`/`set` into collections and loops over them:
 *
 *   const posts = await prisma.post.findMany();   // ← flows out
 *   const feed = [];
 *   for (const post of posts) feed.push({ ...post });
 *   return NextResponse.json(feed);
 *
 * Names are not scoped: two variables called `rows` in different callbacks
 * count as one. That errs towards "flows out", which only matters for
 * unbounded-query, and only when the query has no limit at all.
 */
export function outflowingCalls(model: FileModel, unit: Unit): Set<ts.Node> {
  const root = unit.node;
  if (!root) return new Set();
  // A value (variable name or call node) and what it is made from.
  const sources = new Map<string, Set<string | ts.Node>>();
  const outputs: Array<string | ts.Node> = [];
  const addSources = (name: string, from: ts.Node) => {
    let set = sources.get(name);
    if (!set) sources.set(name, (set = new Set()));
    collectValues(from, set);
  };

  const stack: ts.Node[] = [];
  ts.forEachChild(root, (child) => {
    stack.push(child);
  });
  if (ts.isArrowFunction(root) && !ts.isBlock(root.body)) collectValues(root.body, outputs);
  let budget = 200_000;
  while (stack.length && budget-- > 0) {
    const node = stack.pop()!;
    // Nested units (another handler registered inside this one) speak for themselves.
    if (isFunctionNode(node) && model.unitByNode.has(node)) continue;
    if (ts.isReturnStatement(node) && node.expression && ownFunction(node) === root) collectValues(node.expression, outputs);
    else if (ts.isVariableDeclaration(node) && node.initializer) {
      for (const name of bindingNames(node.name)) addSources(name, node.initializer);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) {
      const target = rootName(node.left);
      if (target) addSources(target, node.right);
    } else if ((ts.isForOfStatement(node) || ts.isForInStatement(node)) && ts.isVariableDeclarationList(node.initializer)) {
      for (const declaration of node.initializer.declarations) for (const name of bindingNames(declaration.name)) addSources(name, node.expression);
    } else if (ts.isCallExpression(node)) {
      const callee = skipOuter(node.expression);
      if (ts.isPropertyAccessExpression(callee)) {
        const method = callee.name.text;
        if (/^(?:push|unshift|set|add|splice|concat|assign)$/.test(method)) {
          const target = rootName(callee.expression);
          if (target) for (const argument of node.arguments) addSources(target, argument);
        }
        if (isResponseCall(node, method)) for (const argument of node.arguments) collectValues(argument, outputs);
      }
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && /^(?:Response|NextResponse)$/.test(node.expression.text)) {
      for (const argument of node.arguments ?? []) collectValues(argument, outputs);
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }

  // Everything the outputs are made of, transitively.
  const reached = new Set<ts.Node>();
  const seenNames = new Set<string>();
  const work = [...outputs];
  while (work.length) {
    const value = work.pop()!;
    if (typeof value === 'string') {
      if (seenNames.has(value)) continue;
      seenNames.add(value);
      for (const source of sources.get(value) ?? []) work.push(source);
    } else reached.add(value);
  }
  return reached;
}

/** `NextResponse.json(x)`, `Response.json(x)`, `res.json(x)`, `res.status(200).send(x)`, `c.json(x)`, `reply.send(x)`. */
function isResponseCall(call: ts.CallExpression, method: string): boolean {
  if (call.arguments.length === 0) return false;
  if (!/^(?:json|send|jsonp|html|body)$/.test(method)) return false;
  const receiver = skipOuter((skipOuter(call.expression) as ts.PropertyAccessExpression).expression);
  if (ts.isIdentifier(receiver)) return /^(?:NextResponse|Response|res|response|reply|c|ctx|context)$/.test(receiver.text);
  // `res.status(404).json(…)`
  return ts.isCallExpression(receiver);
}

/** Calls whose result is made of their arguments: `Promise.all([…])`, `Schema.parse(rows)`, `serializePosts(rows)`. */
const ARGUMENTS_FLOW = /^(?:all|allSettled|assign|from|of|stringify|parse|safeParse|parseAsync|json|concat|structuredClone|cloneDeep|resolve|format\w*|serializ\w*|transform\w*|to[A-Z]\w*|map\w*|normaliz\w*|present\w*|pick|omit|sortBy|orderBy|groupBy|keyBy|uniqBy|compact|flatten|chunk|Response|NextResponse)$/;
/** Methods that return (part of) the collection they are called on. */
const RECEIVER_FLOWS = /^(?:map|flatMap|filter|slice|concat|sort|toSorted|reverse|toReversed|flat|splice|with|entries|values|keys|then|toArray|exec|lean|populate|select|where|orderBy|skip|include|returning)$/;

/**
 * Variable names and call nodes an expression is built from. A call is a
 * value of its own (its result); what flows through it is its receiver for
 * collection methods (`rows.map(…)`) and its arguments for pass-through
 * calls (`Promise.all`, `parse`, `format…`). An argument handed to any other
 * call (`getAnalytics({ folderIds })`) does not come back in its result.
 */
function collectValues(root: ts.Node, into: Set<string | ts.Node> | Array<string | ts.Node>): void {
  const add = (value: string | ts.Node) => (Array.isArray(into) ? into.push(value) : into.add(value));
  const stack: ts.Node[] = [root];
  let budget = 5000;
  while (stack.length && budget-- > 0) {
    const node = stack.pop()!;
    if (ts.isIdentifier(node)) {
      const parent = node.parent;
      if (parent && ts.isPropertyAccessExpression(parent) && parent.name === node) continue;
      if (parent && ts.isPropertyAssignment(parent) && parent.name === node) continue;
      // `rows.length` sends a number, not the rows.
      if (parent && ts.isPropertyAccessExpression(parent) && parent.expression === node && /^(?:length|size)$/.test(parent.name.text)) continue;
      add(node.text);
      continue;
    }
    if (ts.isShorthandPropertyAssignment(node)) {
      add(node.name.text);
      continue;
    }
    if (ts.isTaggedTemplateExpression(node)) {
      add(node);
      continue;
    }
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      add(node);
      const callee = skipOuter(node.expression);
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      if (ts.isPropertyAccessExpression(callee) && RECEIVER_FLOWS.test(name)) stack.push(callee.expression);
      for (const argument of node.arguments ?? []) {
        // A callback contributes what it returns (`rows.map((r) => ({ ...r }))`), not everything it mentions.
        if (isFunctionNode(argument)) stack.push(...returnedBy(argument));
        else if (ARGUMENTS_FLOW.test(name)) stack.push(argument);
      }
      continue;
    }
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
}

/** The expressions a function returns, not counting nested functions. */
function returnedBy(fn: ts.Node): ts.Node[] {
  if (ts.isArrowFunction(fn) && !ts.isBlock(fn.body)) return [fn.body];
  const out: ts.Node[] = [];
  const stack: ts.Node[] = [];
  ts.forEachChild(fn, (child) => {
    stack.push(child);
  });
  let budget = 5000;
  while (stack.length && budget-- > 0) {
    const node = stack.pop()!;
    if (isFunctionNode(node)) continue;
    if (ts.isReturnStatement(node) && node.expression) out.push(node.expression);
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return out;
}

function rootName(expression: ts.Expression): string | undefined {
  let current = skipOuter(expression);
  for (let i = 0; i < 20 && (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)); i++) current = skipOuter(current.expression);
  return ts.isIdentifier(current) ? current.text : undefined;
}

function ownFunction(node: ts.Node): ts.Node | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunctionNode(current)) return current;
  return undefined;
}
