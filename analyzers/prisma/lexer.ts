/**
 * Tokens of the Prisma schema language. Offsets are UTF-16 code units into
 * the file, like everywhere in the engine. The lexer never fails: a character
 * it does not know becomes an `unknown` token the parser skips.
 */
export type TokenKind = 'ident' | 'string' | 'number' | 'punct' | 'newline' | 'comment' | 'unknown';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** The token's text; for strings, the unquoted value with escapes resolved. */
  text: string;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_-]/;
const DIGIT = /[0-9]/;
const PUNCT = new Set(['{', '}', '(', ')', '[', ']', ',', ':', '=', '?', '.', '!']);

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (ch === '\n' || ch === '\r') {
      const end = ch === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1;
      tokens.push({ kind: 'newline', start: i, end, text: text.slice(i, end) });
      i = end;
    } else if (ch === ' ' || ch === '\t' || ch === '\f' || ch === '\v' || ch === '\u00a0' || ch === '\ufeff') {
      i++;
    } else if (ch === '/' && text[i + 1] === '/') {
      let end = i;
      while (end < n && text[end] !== '\n' && text[end] !== '\r') end++;
      tokens.push({ kind: 'comment', start: i, end, text: text.slice(i, end) });
      i = end;
    } else if (ch === '/' && text[i + 1] === '*') {
      // Prisma accepts block comments too, and real schemas document models with them.
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? n : close + 2;
      tokens.push({ kind: 'comment', start: i, end, text: text.slice(i, end) });
      i = end;
    } else if (ch === '"') {
      i = readString(text, i, tokens);
    } else if (DIGIT.test(ch) || (ch === '-' && DIGIT.test(text[i + 1] ?? ''))) {
      let end = i + 1;
      while (end < n && /[0-9.eE+-]/.test(text[end])) end++;
      tokens.push({ kind: 'number', start: i, end, text: text.slice(i, end) });
      i = end;
    } else if (IDENT_START.test(ch)) {
      let end = i + 1;
      while (end < n && IDENT_PART.test(text[end])) end++;
      tokens.push({ kind: 'ident', start: i, end, text: text.slice(i, end) });
      i = end;
    } else if (ch === '@') {
      const end = text[i + 1] === '@' ? i + 2 : i + 1;
      tokens.push({ kind: 'punct', start: i, end, text: text.slice(i, end) });
      i = end;
    } else if (PUNCT.has(ch)) {
      tokens.push({ kind: 'punct', start: i, end: i + 1, text: ch });
      i++;
    } else {
      // Surrogate pairs stay together so a stray emoji is one token.
      const end = ch >= '\ud800' && ch <= '\udbff' ? i + 2 : i + 1;
      tokens.push({ kind: 'unknown', start: i, end, text: text.slice(i, end) });
      i = end;
    }
  }
  return tokens;
}

/** A string literal; an unterminated one ends at the line break, as the editor shows it. */
function readString(text: string, start: number, tokens: Token[]): number {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      tokens.push({ kind: 'string', start, end: i + 1, text: value });
      return i + 1;
    }
    if (ch === '\n' || ch === '\r') break;
    if (ch === '\\' && i + 1 < text.length && text[i + 1] !== '\n' && text[i + 1] !== '\r') {
      const escaped = text[i + 1];
      value += escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped;
      i += 2;
      continue;
    }
    value += ch;
    i++;
  }
  tokens.push({ kind: 'string', start, end: i, text: value });
  return i;
}
