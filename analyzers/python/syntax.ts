import { field, fields, unwrap, type PyNode, type PyTree } from './tree';

/**
 * Small readers over tree-sitter-python's node shapes, shared by the facts
 * extractor and the rules. They return undefined for anything they do not
 * recognise; none of them throws on broken code.
 */

/** `a.b.c` as `['a', 'b', 'c']`; undefined unless the expression is a plain dotted name. */
export function dottedName(tree: PyTree, node: PyNode | undefined): string[] | undefined {
  const parts: string[] = [];
  let current = unwrap(node);
  while (current?.type === 'attribute') {
    const attribute = field(current, 'attribute');
    if (!attribute) return undefined;
    parts.unshift(tree.text.slice(attribute.start, attribute.end));
    current = unwrap(field(current, 'object'));
  }
  if (current?.type !== 'identifier') return undefined;
  parts.unshift(tree.text.slice(current.start, current.end));
  return parts;
}

export interface CallParts {
  call: PyNode;
  callee: PyNode;
  /** The name after the last dot (`create` in `client.messages.create`), or the bare name. */
  name: string | undefined;
  /** The receiver of a method call (`client.messages`). */
  receiver: PyNode | undefined;
  args: PyNode | undefined;
  positional: PyNode[];
  keywords: Map<string, PyNode>;
  /** `**kwargs` was passed: any keyword may be in it. */
  hasKwargsSplat: boolean;
}

export function callParts(tree: PyTree, call: PyNode): CallParts | undefined {
  if (call.type !== 'call') return undefined;
  const callee = field(call, 'function');
  if (!callee) return undefined;
  const args = field(call, 'arguments');
  const positional: PyNode[] = [];
  const keywords = new Map<string, PyNode>();
  let hasKwargsSplat = false;
  if (args?.type === 'argument_list') {
    for (const arg of args.children) {
      if (arg.type === 'comment') continue;
      if (arg.type === 'keyword_argument') {
        const name = field(arg, 'name');
        const value = field(arg, 'value');
        if (name && value) keywords.set(tree.text.slice(name.start, name.end), value);
      } else if (arg.type === 'dictionary_splat') hasKwargsSplat = true;
      else positional.push(arg);
    }
  }
  let name: string | undefined;
  let receiver: PyNode | undefined;
  if (callee.type === 'identifier') name = tree.text.slice(callee.start, callee.end);
  else if (callee.type === 'attribute') {
    const attribute = field(callee, 'attribute');
    if (attribute) name = tree.text.slice(attribute.start, attribute.end);
    receiver = field(callee, 'object');
  }
  return { call, callee, name, receiver, args, positional, keywords, hasKwargsSplat };
}

/** The keyword argument node (name and value) for `name` in a call, to point at. */
export function keywordNode(call: PyNode, tree: PyTree, name: string): PyNode | undefined {
  const args = field(call, 'arguments');
  for (const arg of args?.children ?? []) {
    if (arg.type !== 'keyword_argument') continue;
    const key = field(arg, 'name');
    if (key && tree.text.slice(key.start, key.end) === name) return arg;
  }
  return undefined;
}

/** The value of a plain string literal (no f-string parts), else undefined. */
export function stringValue(tree: PyTree, node: PyNode | undefined): string | undefined {
  const current = unwrap(node);
  if (!current) return undefined;
  if (current.type === 'concatenated_string') {
    let out = '';
    for (const part of current.children) {
      if (part.type === 'comment') continue;
      const value = stringValue(tree, part);
      if (value === undefined) return undefined;
      out += value;
    }
    return out;
  }
  if (current.type !== 'string') return undefined;
  const start = current.children.find((child) => child.type === 'string_start');
  if (start && /[fF]/.test(tree.text.slice(start.start, start.end))) {
    if (current.children.some((child) => child.type === 'interpolation')) return undefined;
  }
  let out = '';
  for (const child of current.children) if (child.type === 'string_content') out += tree.text.slice(child.start, child.end);
  return out;
}

export function intValue(tree: PyTree, node: PyNode | undefined): number | undefined {
  const current = unwrap(node);
  if (current?.type !== 'integer') return undefined;
  const text = tree.text.slice(current.start, current.end).replace(/_/g, '');
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** `int(os.environ.get("X", 4))` / `os.getenv("X", "4")` → 4: the value the app runs with when nothing overrides it. */
export function envDefault(tree: PyTree, node: PyNode | undefined): number | undefined {
  let current = unwrap(node);
  if (current?.type === 'call') {
    const parts = callParts(tree, current);
    if (parts?.name === 'int' && parts.positional[0]) current = unwrap(parts.positional[0]);
  }
  if (current?.type !== 'call') return undefined;
  const parts = callParts(tree, current);
  const callee = dottedName(tree, parts?.callee)?.join('.');
  if (!parts || !callee || !/^(?:os\.environ\.get|os\.getenv|env\.int|config)$/.test(callee)) return undefined;
  const fallback = parts.positional[1] ?? parts.keywords.get('default');
  const number = intValue(tree, fallback) ?? Number(stringValue(tree, fallback));
  return Number.isFinite(number) && fallback ? number : undefined;
}

/** Truthy literal: `True` or a non-zero integer. */
export function isTrue(tree: PyTree, node: PyNode | undefined): boolean {
  const current = unwrap(node);
  if (!current) return false;
  if (current.type === 'true') return true;
  return intValue(tree, current) !== undefined && intValue(tree, current) !== 0;
}

export function isFalse(node: PyNode | undefined): boolean {
  return unwrap(node)?.type === 'false';
}

/** Elements of a list, tuple or set literal. */
export function sequenceItems(node: PyNode | undefined): PyNode[] | undefined {
  const current = unwrap(node);
  if (!current || !['list', 'tuple', 'set', 'expression_list'].includes(current.type)) return undefined;
  return current.children.filter((child) => child.type !== 'comment');
}

/** `{ key: value }` pairs of a dict literal, or of `dict(key=value)`. */
export function dictEntries(tree: PyTree, node: PyNode | undefined): Array<{ key: string; keyNode: PyNode; value: PyNode; pair: PyNode }> | undefined {
  const current = unwrap(node);
  if (!current) return undefined;
  if (current.type === 'dictionary') {
    const out: Array<{ key: string; keyNode: PyNode; value: PyNode; pair: PyNode }> = [];
    for (const pair of current.children) {
      if (pair.type !== 'pair') continue;
      const keyNode = field(pair, 'key');
      const value = field(pair, 'value');
      const key = stringValue(tree, keyNode);
      if (keyNode && value && key !== undefined) out.push({ key, keyNode, value, pair });
    }
    return out;
  }
  if (current.type === 'call') {
    const parts = callParts(tree, current);
    if (parts?.callee.type !== 'identifier' || parts.name !== 'dict') return undefined;
    const out: Array<{ key: string; keyNode: PyNode; value: PyNode; pair: PyNode }> = [];
    for (const arg of parts.args?.children ?? []) {
      if (arg.type !== 'keyword_argument') continue;
      const keyNode = field(arg, 'name');
      const value = field(arg, 'value');
      if (keyNode && value) out.push({ key: tree.text.slice(keyNode.start, keyNode.end), keyNode, value, pair: arg });
    }
    return out;
  }
  return undefined;
}

/** Decorator expressions of a definition (empty when it is not decorated). */
export function decoratorsOf(definition: PyNode): PyNode[] {
  const parent = definition.parent;
  if (parent?.type !== 'decorated_definition') return [];
  return parent.children.filter((child) => child.type === 'decorator').map((decorator) => decorator.children.find((child) => child.type !== 'comment')!).filter(Boolean);
}

/** The dotted name a decorator is, with or without a call: `@app.task`, `@shared_task(bind=True)`. */
export function decoratorName(tree: PyTree, decorator: PyNode): string[] | undefined {
  if (decorator.type === 'call') return dottedName(tree, field(decorator, 'function'));
  return dottedName(tree, decorator);
}

/** Names of a function's parameters, in order (`self` included). */
export function parameterNames(tree: PyTree, definition: PyNode): string[] {
  const parameters = field(definition, 'parameters');
  const names: string[] = [];
  for (const parameter of parameters?.children ?? []) {
    let nameNode: PyNode | undefined;
    if (parameter.type === 'identifier') nameNode = parameter;
    else if (parameter.type === 'default_parameter' || parameter.type === 'typed_default_parameter') nameNode = field(parameter, 'name');
    else if (parameter.type === 'typed_parameter') nameNode = parameter.children.find((child) => child.type === 'identifier');
    if (nameNode?.type === 'identifier') names.push(tree.text.slice(nameNode.start, nameNode.end));
  }
  return names;
}

export function isAsync(tree: PyTree, definition: PyNode): boolean {
  return tree.text.startsWith('async', definition.start);
}

/** The statements of a block, comments left out. */
export function statements(block: PyNode | undefined): PyNode[] {
  return (block?.children ?? []).filter((child) => child.type !== 'comment');
}

/** A definition with its decorators unwrapped: `decorated_definition` → the function or class. */
export function definitionOf(statement: PyNode): PyNode {
  if (statement.type === 'decorated_definition') return field(statement, 'definition') ?? statement;
  return statement;
}

/** The single `target = value` of an expression statement, if that is what it is. */
export function simpleAssignment(tree: PyTree, statement: PyNode): { name: string; target: PyNode; value: PyNode; assignment: PyNode } | undefined {
  const assignment = statement.type === 'expression_statement' ? statement.children[0] : statement;
  if (assignment?.type !== 'assignment') return undefined;
  const target = field(assignment, 'left');
  const value = field(assignment, 'right');
  if (target?.type !== 'identifier' || !value) return undefined;
  return { name: tree.text.slice(target.start, target.end), target, value, assignment };
}

/** Calls along a method chain, outermost first: `A.objects.filter(x).order_by(y)` → [order_by(...), filter(...)]. */
export function chainCalls(node: PyNode | undefined): PyNode[] {
  const out: PyNode[] = [];
  let current = unwrap(node);
  while (current) {
    if (current.type === 'call') {
      out.push(current);
      current = unwrap(field(current, 'function'));
    } else if (current.type === 'attribute') current = unwrap(field(current, 'object'));
    else if (current.type === 'subscript') current = unwrap(field(current, 'value'));
    else break;
  }
  return out;
}

/** The innermost object of a chain: `Post` in `Post.objects.filter(...)[:5]`. */
export function chainRoot(node: PyNode | undefined): PyNode | undefined {
  let current = unwrap(node);
  for (;;) {
    if (current?.type === 'call') current = unwrap(field(current, 'function'));
    else if (current?.type === 'attribute') current = unwrap(field(current, 'object'));
    else if (current?.type === 'subscript') current = unwrap(field(current, 'value'));
    else return current;
  }
}

/** Line indentation (spaces and tabs) at the start of the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  let lineStart = offset;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  const match = /^[ \t]*/.exec(text.slice(lineStart, offset + 1));
  return match ? match[0] : '';
}

/**
 * False for a call that is only part of a longer chain (`filter(...)` in
 * `X.objects.filter(...)[:5].count()`), so each chain is handled once.
 */
export function isOutermostCall(call: PyNode): boolean {
  let current = call;
  for (;;) {
    const parent = current.parent;
    if (parent?.type === 'subscript' && current.field === 'value') current = parent;
    else if (parent?.type === 'attribute' && current.field === 'object') return parent.parent?.type !== 'call' || parent.field !== 'function';
    else return true;
  }
}

export { field, fields };
