import { tokenize, type Token } from './lexer';

/**
 * A tolerant parser for Prisma schema files. Every node keeps its exact
 * source span (UTF-16 offsets). It reads block by block and, inside a block,
 * line by line: a line it cannot read becomes a problem and is skipped, an
 * unclosed block ends where the next block header starts, and everything that
 * parses still yields nodes. It never throws.
 *
 * Why not `@mrleebo/prisma-ast`: see ARCHITECTURE.md (Prisma section).
 */
export interface Span {
  start: number;
  end: number;
}

export type ValueNode =
  | (Span & { kind: 'string'; value: string })
  | (Span & { kind: 'number'; value: string })
  /** A bare name: `Desc`, `Cascade`, `true`, `db.Text`. */
  | (Span & { kind: 'ident'; name: string })
  /** `env("DATABASE_URL")`, `now()`, `createdAt(sort: Desc)`. */
  | (Span & { kind: 'call'; name: string; nameSpan: Span; args: ArgNode[] })
  | (Span & { kind: 'array'; items: ValueNode[] });

export interface ArgNode extends Span {
  key?: string;
  value: ValueNode;
}

/** `@id`, `@db.VarChar(255)`, `@@index([a, b])`: the name is written without `@`. */
export interface AttributeNode extends Span {
  name: string;
  nameSpan: Span;
  args: ArgNode[];
}

export interface FieldNode extends Span {
  name: string;
  nameSpan: Span;
  type: string;
  typeSpan: Span;
  list: boolean;
  optional: boolean;
  attributes: AttributeNode[];
}

export interface AssignmentNode extends Span {
  key: string;
  keySpan: Span;
  value?: ValueNode;
}

export interface EnumValueNode extends Span {
  name: string;
  attributes: AttributeNode[];
}

export interface BlockNode extends Span {
  /** `model`, `view`, `type`, `enum`, `datasource`, `generator`, or whatever was written. */
  keyword: string;
  name: string;
  nameSpan: Span;
  /** Offset of `{`. */
  open: number;
  /** Offset of `}`; undefined while the block is not closed yet. */
  close?: number;
  fields: FieldNode[];
  /** Block attributes (`@@…`), in source order. */
  attributes: AttributeNode[];
  assignments: AssignmentNode[];
  enumValues: EnumValueNode[];
}

export interface ParseProblem extends Span {
  message: string;
}

export interface SchemaAst {
  blocks: BlockNode[];
  problems: ParseProblem[];
}

export function parsePrismaSchema(text: string): SchemaAst {
  return new Parser(tokenize(text).filter((token) => token.kind !== 'comment')).parse();
}

const OBJECT_KEYWORDS = new Set(['model', 'view', 'type']);

class Parser {
  private readonly blocks: BlockNode[] = [];
  private readonly problems: ParseProblem[] = [];
  private pos = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): SchemaAst {
    while (this.pos < this.tokens.length) {
      const token = this.tokens[this.pos];
      if (token.kind === 'newline') this.pos++;
      else if (this.isBlockHeader(this.pos)) this.parseBlock();
      else {
        const line = this.readLine();
        if (line.tokens.length) this.problem(line.tokens, 'Expected a block such as `model Name {`.');
        if (this.tokens[this.pos]?.text === '}') this.pos++;
      }
    }
    return { blocks: this.blocks, problems: this.problems };
  }

  /** `keyword Name {` — also ends an unclosed block above it. */
  private isBlockHeader(at: number): boolean {
    const [keyword, name, brace] = [this.tokens[at], this.tokens[at + 1], this.tokens[at + 2]];
    return keyword?.kind === 'ident' && name?.kind === 'ident' && brace?.kind === 'punct' && brace.text === '{';
  }

  private parseBlock(): void {
    const keywordToken = this.tokens[this.pos];
    const nameToken = this.tokens[this.pos + 1];
    const openToken = this.tokens[this.pos + 2];
    this.pos += 3;
    const block: BlockNode = {
      keyword: keywordToken.text,
      name: nameToken.text,
      nameSpan: spanOf(nameToken),
      start: keywordToken.start,
      end: openToken.end,
      open: openToken.start,
      fields: [],
      attributes: [],
      assignments: [],
      enumValues: [],
    };
    this.blocks.push(block);
    while (this.pos < this.tokens.length) {
      if (this.isBlockHeader(this.pos)) {
        this.problems.push({ start: block.start, end: block.end, message: `\`${block.keyword} ${block.name}\` is not closed.` });
        return;
      }
      const line = this.readLine();
      if (line.tokens.length) {
        this.parseMember(block, line.tokens);
        block.end = Math.max(block.end, line.tokens[line.tokens.length - 1].end);
      }
      const next = this.tokens[this.pos];
      if (!next) break;
      if (next.text === '}' && next.kind === 'punct') {
        block.close = next.start;
        block.end = next.end;
        this.pos++;
        return;
      }
      this.pos++; // the line break
    }
    this.problems.push({ start: block.start, end: block.end, message: `\`${block.keyword} ${block.name}\` is not closed.` });
  }

  /**
   * The tokens up to the end of the logical line: a line break outside
   * brackets, or a `}` outside brackets. A line break inside brackets
   * continues the line only where a list obviously goes on (after `(`, `[`,
   * `,` or before `)`, `]`, `,`), so a half-typed `@relation(` does not
   * swallow the rest of the model.
   */
  private readLine(): { tokens: Token[] } {
    const tokens: Token[] = [];
    let depth = 0;
    while (this.pos < this.tokens.length) {
      const token = this.tokens[this.pos];
      if (token.kind === 'newline') {
        if (depth === 0 || !this.continuesList(tokens[tokens.length - 1])) return { tokens };
        this.pos++;
        continue;
      }
      if (token.kind === 'punct') {
        if (token.text === '}' && depth === 0) return { tokens };
        if (token.text === '(' || token.text === '[') depth++;
        if ((token.text === ')' || token.text === ']') && depth > 0) depth--;
      }
      tokens.push(token);
      this.pos++;
    }
    return { tokens };
  }

  private continuesList(previous: Token | undefined): boolean {
    if (previous && previous.kind === 'punct' && (previous.text === '(' || previous.text === '[' || previous.text === ',')) return true;
    let at = this.pos;
    while (this.tokens[at]?.kind === 'newline') at++;
    const next = this.tokens[at];
    return next?.kind === 'punct' && (next.text === ')' || next.text === ']' || next.text === ',');
  }

  private parseMember(block: BlockNode, line: Token[]): void {
    const first = line[0];
    if (first.kind === 'punct' && first.text === '@@') {
      const parsed = parseAttribute(line, 0);
      if (parsed) block.attributes.push(parsed.node);
      if (!parsed || parsed.next < line.length) this.problem(line, 'Could not read this block attribute.');
      return;
    }
    if (first.kind !== 'ident') {
      this.problem(line, 'Expected a field, an attribute or an assignment.');
      return;
    }
    if (OBJECT_KEYWORDS.has(block.keyword)) this.parseField(block, line);
    else if (block.keyword === 'enum') this.parseEnumValue(block, line);
    else this.parseAssignment(block, line);
  }

  private parseField(block: BlockNode, line: Token[]): void {
    const [name, type] = line;
    if (type?.kind !== 'ident') {
      this.problem(line, `Field \`${name.text}\` has no type yet.`);
      return;
    }
    const field: FieldNode = {
      name: name.text,
      nameSpan: spanOf(name),
      type: type.text,
      typeSpan: spanOf(type),
      list: false,
      optional: false,
      attributes: [],
      start: name.start,
      end: type.end,
    };
    let at = 2;
    // `Unsupported("circle")` is a type with an argument.
    if (isPunct(line[at], '(')) {
      const args = parseArgs(line, at);
      at = args.next;
      field.typeSpan = { start: type.start, end: line[at - 1].end };
    }
    if (isPunct(line[at], '[') && isPunct(line[at + 1], ']')) {
      field.list = true;
      at += 2;
    }
    if (isPunct(line[at], '?')) {
      field.optional = true;
      at++;
    }
    field.end = line[at - 1].end;
    while (at < line.length) {
      const parsed = isPunct(line[at], '@') ? parseAttribute(line, at) : undefined;
      if (!parsed) {
        this.problem(line.slice(at), 'Could not read this field attribute.');
        break;
      }
      field.attributes.push(parsed.node);
      field.end = parsed.node.end;
      at = parsed.next;
    }
    block.fields.push(field);
  }

  private parseEnumValue(block: BlockNode, line: Token[]): void {
    const name = line[0];
    const value: EnumValueNode = { name: name.text, attributes: [], start: name.start, end: name.end };
    let at = 1;
    while (at < line.length) {
      const parsed = isPunct(line[at], '@') ? parseAttribute(line, at) : undefined;
      if (!parsed) {
        this.problem(line.slice(at), 'Could not read this enum value.');
        break;
      }
      value.attributes.push(parsed.node);
      value.end = parsed.node.end;
      at = parsed.next;
    }
    block.enumValues.push(value);
  }

  private parseAssignment(block: BlockNode, line: Token[]): void {
    const key = line[0];
    if (!isPunct(line[1], '=')) {
      this.problem(line, `Expected \`${key.text} = value\`.`);
      return;
    }
    const parsed = line.length > 2 ? parseValue(line, 2) : undefined;
    block.assignments.push({ key: key.text, keySpan: spanOf(key), value: parsed?.node, start: key.start, end: parsed ? parsed.node.end : line[1].end });
    if (!parsed || parsed.next < line.length) this.problem(line, `Could not read the value of \`${key.text}\`.`);
  }

  private problem(tokens: Token[], message: string): void {
    if (tokens.length) this.problems.push({ start: tokens[0].start, end: tokens[tokens.length - 1].end, message });
  }
}

interface Parsed<T> {
  node: T;
  /** Index of the first token after the node. */
  next: number;
}

function spanOf(token: Token): Span {
  return { start: token.start, end: token.end };
}

function isPunct(token: Token | undefined, text: string): boolean {
  return token?.kind === 'punct' && token.text === text;
}

/** `@name`, `@group.name`, `@@name(args)`; undefined when no name follows the `@`. */
function parseAttribute(line: Token[], at: number): Parsed<AttributeNode> | undefined {
  const marker = line[at];
  let index = at + 1;
  if (line[index]?.kind !== 'ident') return undefined;
  const nameStart = line[index].start;
  let name = line[index].text;
  let nameEnd = line[index].end;
  index++;
  while (isPunct(line[index], '.') && line[index + 1]?.kind === 'ident') {
    name += `.${line[index + 1].text}`;
    nameEnd = line[index + 1].end;
    index += 2;
  }
  const node: AttributeNode = { name, nameSpan: { start: nameStart, end: nameEnd }, args: [], start: marker.start, end: nameEnd };
  if (isPunct(line[index], '(')) {
    const args = parseArgs(line, index);
    node.args = args.node;
    node.end = line[args.next - 1].end;
    index = args.next;
  }
  return { node, next: index };
}

/** `( arg, key: value, … )` starting at `(`; a missing `)` ends the list where reading stops. */
function parseArgs(line: Token[], at: number): Parsed<ArgNode[]> {
  const args: ArgNode[] = [];
  let index = at + 1;
  while (index < line.length) {
    if (isPunct(line[index], ')')) return { node: args, next: index + 1 };
    let key: string | undefined;
    const start = line[index].start;
    if (line[index].kind === 'ident' && isPunct(line[index + 1], ':')) {
      key = line[index].text;
      index += 2;
    }
    const value = parseValue(line, index);
    if (!value) break;
    args.push({ key, value: value.node, start, end: value.node.end });
    index = value.next;
    if (isPunct(line[index], ',')) index++;
    else if (!isPunct(line[index], ')')) break;
  }
  return { node: args, next: Math.max(index, at + 1) };
}

function parseValue(line: Token[], at: number): Parsed<ValueNode> | undefined {
  const token = line[at];
  if (!token) return undefined;
  if (token.kind === 'string') return { node: { kind: 'string', value: token.text, start: token.start, end: token.end }, next: at + 1 };
  if (token.kind === 'number') return { node: { kind: 'number', value: token.text, start: token.start, end: token.end }, next: at + 1 };
  if (isPunct(token, '[')) {
    const items: ValueNode[] = [];
    let index = at + 1;
    while (index < line.length && !isPunct(line[index], ']')) {
      const item = parseValue(line, index);
      if (!item) break;
      items.push(item.node);
      index = item.next;
      if (isPunct(line[index], ',')) index++;
      else if (!isPunct(line[index], ']')) break;
    }
    const closed = isPunct(line[index], ']');
    const end = closed ? line[index].end : line[Math.max(at, index - 1)].end;
    return { node: { kind: 'array', items, start: token.start, end }, next: closed ? index + 1 : index };
  }
  if (token.kind === 'ident') {
    let name = token.text;
    let index = at + 1;
    let end = token.end;
    while (isPunct(line[index], '.') && line[index + 1]?.kind === 'ident') {
      name += `.${line[index + 1].text}`;
      end = line[index + 1].end;
      index += 2;
    }
    if (isPunct(line[index], '(')) {
      const args = parseArgs(line, index);
      return { node: { kind: 'call', name, nameSpan: { start: token.start, end }, args: args.node, start: token.start, end: line[args.next - 1].end }, next: args.next };
    }
    return { node: { kind: 'ident', name, start: token.start, end }, next: index };
  }
  return undefined;
}
