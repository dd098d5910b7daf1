/**
 * A tolerant SQL tokenizer: just enough to read index statements out of
 * migration files written for PostgreSQL, MySQL, SQLite or SQL Server.
 * Comments, string literals and PostgreSQL dollar-quoted bodies (functions,
 * `DO` blocks) are skipped, so an index statement quoted inside them is not
 * read; an unclosed quote runs to the end of the text. Never throws.
 */
export interface SqlToken {
  /** `word`: a bare identifier or keyword; `ident`: a quoted identifier; `number`; `string`: a literal; `punct`: one character. */
  kind: 'word' | 'ident' | 'number' | 'string' | 'punct';
  /** Identifiers without their quotes (doubled quotes collapsed); keywords as written. */
  text: string;
}

const WORD_START = /[A-Za-z_\u0080-\uFFFF]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uFFFF]/;
const DIGIT = /[0-9]/;
const CLOSING_QUOTE: Record<string, string> = { '"': '"', '`': '`', '[': ']' };

export function tokenize(text: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '-' && text[i + 1] === '-') i = lineEnd(text, i);
    else if (char === '#') i = lineEnd(text, i); // MySQL's line comment
    else if (char === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else if (char === "'") {
      i = quotedEnd(text, i, "'").end;
      tokens.push({ kind: 'string', text: '' });
    } else if (char in CLOSING_QUOTE) {
      const { end, content } = quotedEnd(text, i, CLOSING_QUOTE[char]);
      tokens.push({ kind: 'ident', text: content });
      i = end;
    } else if (char === '$' && /^\$[A-Za-z_]*\$/.test(text.slice(i, i + 64))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i, i + 64))![0];
      const close = text.indexOf(tag, i + tag.length);
      i = close < 0 ? text.length : close + tag.length;
      tokens.push({ kind: 'string', text: '' });
    } else if (WORD_START.test(char)) {
      let end = i + 1;
      while (end < text.length && WORD_PART.test(text[end])) end++;
      tokens.push({ kind: 'word', text: text.slice(i, end) });
      i = end;
    } else if (DIGIT.test(char)) {
      let end = i + 1;
      while (end < text.length && /[0-9.]/.test(text[end])) end++;
      tokens.push({ kind: 'number', text: text.slice(i, end) });
      i = end;
    } else {
      if (!/\s/.test(char)) tokens.push({ kind: 'punct', text: char });
      i++;
    }
  }
  return tokens;
}

function lineEnd(text: string, from: number): number {
  const newline = text.slice(from).search(/[\r\n]/);
  return newline < 0 ? text.length : from + newline;
}

/** A quoted run from `start` (its opening quote); a doubled closing quote stands for itself. */
function quotedEnd(text: string, start: number, close: string): { end: number; content: string } {
  let content = '';
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === close) {
      if (text[i + 1] === close) {
        content += close;
        i += 2;
        continue;
      }
      return { end: i + 1, content };
    }
    // Backslash escapes in MySQL strings; harmless elsewhere, since identifiers rarely hold one.
    if (text[i] === '\\' && close === "'") {
      i += 2;
      continue;
    }
    content += text[i++];
  }
  return { end: text.length, content };
}

/** Statements split at top-level semicolons; empty ones dropped. */
export function statements(tokens: readonly SqlToken[]): SqlToken[][] {
  const out: SqlToken[][] = [];
  let current: SqlToken[] = [];
  for (const token of tokens) {
    if (token.kind === 'punct' && token.text === ';') {
      if (current.length) out.push(current);
      current = [];
    } else current.push(token);
  }
  if (current.length) out.push(current);
  return out;
}
