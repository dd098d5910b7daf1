import type { SqlToken } from './tokens';

/**
 * The statements of a migration that create, drop or rename an index, in
 * file order. Names are as written, without quotes or schema qualifiers;
 * the replay compares them case-insensitively.
 */
export type IndexStatement =
  | {
      kind: 'create-index';
      table: string;
      name?: string;
      /**
       * The index's leading plain columns, up to its first expression
       * (`lower("email")`): an expression serves no filter on the bare
       * column, so neither do the columns after it. Never empty.
       */
      columns: string[];
      primary?: true;
    }
  | { kind: 'drop-index'; name: string; table?: string }
  | { kind: 'drop-primary'; table: string }
  | { kind: 'rename-index'; name: string; to: string; table?: string }
  | { kind: 'rename-table'; table: string; to: string }
  | { kind: 'rename-column'; table: string; column: string; to: string }
  | { kind: 'drop-table'; table: string };

/** Reads one statement's tokens; anything it does not recognise yields nothing. */
export function readStatement(tokens: readonly SqlToken[]): IndexStatement[] {
  const reader = new Reader(tokens);
  const out: IndexStatement[] = [];
  if (reader.take('CREATE')) {
    reader.take('OR', 'REPLACE');
    if (reader.peek('TABLE') || reader.peek('TEMPORARY') || reader.peek('TEMP')) createTable(reader, out);
    else createIndex(reader, out);
  } else if (reader.take('ALTER', 'TABLE')) alterTable(reader, out);
  else if (reader.take('ALTER', 'INDEX')) {
    reader.take('IF', 'EXISTS');
    const name = reader.name();
    if (name && reader.take('RENAME', 'TO')) {
      const to = reader.name();
      if (to) out.push({ kind: 'rename-index', name, to });
    }
  } else if (reader.take('DROP', 'INDEX')) dropIndex(reader, out);
  else if (reader.take('DROP', 'TABLE')) {
    reader.take('IF', 'EXISTS');
    for (const table of reader.nameList()) out.push({ kind: 'drop-table', table });
  }
  return out;
}

/** `CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] table [USING m] (…) [INCLUDE …] [WHERE …]`. */
function createIndex(reader: Reader, out: IndexStatement[]): void {
  reader.take('UNIQUE');
  if (!reader.take('CLUSTERED')) reader.take('NONCLUSTERED');
  // Full-text and spatial indexes answer their own operators, not equality or ranges on the column.
  if (!reader.take('INDEX')) return;
  reader.take('CONCURRENTLY');
  reader.take('IF', 'NOT', 'EXISTS');
  const name = reader.peek('ON') ? undefined : reader.name();
  if (reader.take('USING')) reader.next();
  if (!reader.take('ON')) return;
  reader.take('ONLY');
  const table = reader.name();
  if (reader.take('USING')) reader.next();
  const columns = reader.columnList();
  if (table && columns.length) out.push({ kind: 'create-index', table, name, columns });
}

/** Inline keys of `CREATE TABLE`: `PRIMARY KEY (…)`, `[CONSTRAINT n] UNIQUE (…)`, MySQL's `[UNIQUE] INDEX|KEY n (…)`, and column-level `UNIQUE` / `PRIMARY KEY`. */
function createTable(reader: Reader, out: IndexStatement[]): void {
  if (!reader.take('TEMPORARY')) reader.take('TEMP');
  if (!reader.take('TABLE')) return;
  reader.take('IF', 'NOT', 'EXISTS');
  const table = reader.name();
  if (!table || !reader.takePunct('(')) return;
  for (const element of reader.until(')')) tableElement(new Reader(element), table, out, false);
}

/**
 * One element of a table body or one `ADD` of `ALTER TABLE`: a constraint
 * or index, or a column definition with a column-level key.
 */
function tableElement(reader: Reader, table: string, out: IndexStatement[], adding: boolean): void {
  let name = reader.take('CONSTRAINT') ? reader.name() : undefined;
  if (reader.take('PRIMARY', 'KEY')) {
    const columns = reader.columnList();
    if (columns.length) out.push({ kind: 'create-index', table, name, columns, primary: true });
    return;
  }
  const unique = reader.take('UNIQUE');
  const keyword = reader.take('INDEX') || reader.take('KEY');
  if (unique || keyword) {
    // `ADD CONSTRAINT c UNIQUE USING INDEX i` turns an existing index into the constraint.
    if (reader.take('USING', 'INDEX')) {
      const index = reader.name();
      if (index && name) out.push({ kind: 'rename-index', name: index, to: name, table });
      return;
    }
    if (!reader.peekPunct('(') && !reader.peek('USING')) name = reader.name() ?? name;
    if (reader.take('USING')) reader.next();
    const columns = reader.columnList();
    if (columns.length) out.push({ kind: 'create-index', table, name, columns });
    return;
  }
  if (name || reader.peek('FOREIGN') || reader.peek('CHECK') || reader.peek('EXCLUDE') || reader.peek('FULLTEXT') || reader.peek('SPATIAL')) return;
  if (adding) reader.take('COLUMN');
  reader.take('IF', 'NOT', 'EXISTS');
  const column = reader.name();
  if (!column) return;
  const rest = reader.rest();
  const primary = rest.some((token, i) => isWord(token, 'PRIMARY') && isWord(rest[i + 1], 'KEY'));
  if (primary || rest.some((token) => isWord(token, 'UNIQUE'))) out.push({ kind: 'create-index', table, columns: [column], ...(primary ? { primary: true as const } : {}) });
}

/** `ALTER TABLE [ONLY] [IF EXISTS] t action, action…`. */
function alterTable(reader: Reader, out: IndexStatement[]): void {
  reader.take('IF', 'EXISTS');
  reader.take('ONLY');
  const table = reader.name();
  if (!table) return;
  for (const tokens of reader.splitTopLevel()) {
    const action = new Reader(tokens);
    if (action.take('ADD')) tableElement(action, table, out, true);
    else if (action.take('DROP', 'PRIMARY', 'KEY')) out.push({ kind: 'drop-primary', table });
    else if (action.take('DROP', 'CONSTRAINT') || action.take('DROP', 'INDEX') || action.take('DROP', 'KEY')) {
      action.take('IF', 'EXISTS');
      const name = action.name();
      if (name) out.push({ kind: 'drop-index', name, table });
    } else if (action.take('RENAME', 'INDEX') || action.take('RENAME', 'KEY') || action.take('RENAME', 'CONSTRAINT')) {
      const name = action.name();
      const to = action.take('TO') ? action.name() : undefined;
      if (name && to) out.push({ kind: 'rename-index', name, to, table });
    } else if (action.take('RENAME', 'TO') || action.take('RENAME', 'AS')) {
      const to = action.name();
      if (to) out.push({ kind: 'rename-table', table, to });
    } else if (action.take('RENAME')) {
      action.take('COLUMN');
      const column = action.name();
      const to = action.take('TO') ? action.name() : undefined;
      if (column && to) out.push({ kind: 'rename-column', table, column, to });
    }
  }
}

/** `DROP INDEX [CONCURRENTLY] [IF EXISTS] a, b [CASCADE] [ON t]` (the `ON` is MySQL's and SQL Server's). */
function dropIndex(reader: Reader, out: IndexStatement[]): void {
  reader.take('CONCURRENTLY');
  reader.take('IF', 'EXISTS');
  const names = reader.nameList();
  if (!reader.take('CASCADE')) reader.take('RESTRICT');
  const table = reader.take('ON') ? reader.name() : undefined;
  for (const name of names) out.push({ kind: 'drop-index', name, ...(table ? { table } : {}) });
}

function isWord(token: SqlToken | undefined, keyword: string): boolean {
  return token?.kind === 'word' && token.text.toUpperCase() === keyword;
}

class Reader {
  private i = 0;
  constructor(private readonly tokens: readonly SqlToken[]) {}

  /** Consumes the keywords when all of them come next. */
  take(...keywords: string[]): boolean {
    if (!keywords.every((keyword, k) => isWord(this.tokens[this.i + k], keyword))) return false;
    this.i += keywords.length;
    return true;
  }

  peek(keyword: string): boolean {
    return isWord(this.tokens[this.i], keyword);
  }

  peekPunct(char: string): boolean {
    const token = this.tokens[this.i];
    return token?.kind === 'punct' && token.text === char;
  }

  takePunct(char: string): boolean {
    if (!this.peekPunct(char)) return false;
    this.i++;
    return true;
  }

  next(): SqlToken | undefined {
    return this.tokens[this.i++];
  }

  rest(): readonly SqlToken[] {
    return this.tokens.slice(this.i);
  }

  /** A possibly qualified name (`"public"."Post"`, `dbo.Post`): its last part. */
  name(): string | undefined {
    let last: string | undefined;
    for (;;) {
      const token = this.tokens[this.i];
      if (!token || (token.kind !== 'word' && token.kind !== 'ident')) return last;
      last = token.text;
      this.i++;
      if (!this.takePunct('.')) return last;
    }
  }

  nameList(): string[] {
    const names: string[] = [];
    for (let name = this.name(); name; name = this.takePunct(',') ? this.name() : undefined) names.push(name);
    return names;
  }

  /** The elements of a parenthesised list from here (its `(` already read), split at top-level commas; reads past its `)`. */
  until(close: ')'): SqlToken[][] {
    const elements: SqlToken[][] = [[]];
    let depth = 0;
    while (this.i < this.tokens.length) {
      const token = this.tokens[this.i++];
      if (token.kind === 'punct' && token.text === '(') depth++;
      else if (token.kind === 'punct' && token.text === close) {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && token.kind === 'punct' && token.text === ',') {
        elements.push([]);
        continue;
      }
      elements[elements.length - 1].push(token);
    }
    return elements.filter((element) => element.length > 0);
  }

  /** The rest, split at commas outside parentheses. */
  splitTopLevel(): SqlToken[][] {
    const parts: SqlToken[][] = [[]];
    let depth = 0;
    while (this.i < this.tokens.length) {
      const token = this.tokens[this.i++];
      if (token.kind === 'punct' && token.text === '(') depth++;
      else if (token.kind === 'punct' && token.text === ')') depth = Math.max(0, depth - 1);
      else if (depth === 0 && token.kind === 'punct' && token.text === ',') {
        parts.push([]);
        continue;
      }
      parts[parts.length - 1].push(token);
    }
    return parts.filter((part) => part.length > 0);
  }

  /**
   * `("status", "createdAt" DESC)`: the leading plain columns. An element is
   * a plain column when it starts with a name not followed by `(`, or by a
   * MySQL prefix length (`title(20)`); sort order, `NULLS`, `COLLATE` and
   * operator classes after it do not change which column it is.
   */
  columnList(): string[] {
    if (!this.takePunct('(')) return [];
    const columns: string[] = [];
    for (const element of this.until(')')) {
      const [first, second, third, fourth] = element;
      if (first.kind !== 'word' && first.kind !== 'ident') break;
      const call = second?.kind === 'punct' && second.text === '(';
      const prefixLength = call && third?.kind === 'number' && fourth?.kind === 'punct' && fourth.text === ')';
      if ((call && !prefixLength) || (second?.kind === 'punct' && second.text !== '(')) break;
      columns.push(first.text);
    }
    return columns;
  }
}
