import hljs from 'highlight.js/lib/core';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import typescript from 'highlight.js/lib/languages/typescript';
import { escapeHtml } from './html';

/**
 * Syntax colouring for lesson code and the user's excerpt, through
 * highlight.js (only the languages lessons show, to keep the bundle small).
 * Its output is escaped text inside `<span class="hljs-…">` elements, which
 * media/lesson.css colours with the theme's token-like variables. Languages it
 * does not know (Prisma schemas) are shown escaped and uncoloured.
 */
hljs.registerLanguage('typescript', typescript);
hljs.registerLanguage('python', python);
hljs.registerLanguage('json', json);
hljs.registerLanguage('dockerfile', dockerfile);
hljs.registerLanguage('markdown', markdown);

const ALIASES: Record<string, string> = {
  typescript: 'typescript',
  typescriptreact: 'typescript',
  javascript: 'typescript',
  javascriptreact: 'typescript',
  python: 'python',
  json: 'json',
  jsonc: 'json',
  dockerfile: 'dockerfile',
  markdown: 'markdown',
};

/** Highlighted HTML for a whole snippet. */
export function highlightCode(code: string, languageId: string): string {
  const language = ALIASES[languageId];
  if (!language) return escapeHtml(code);
  return hljs.highlight(code, { language, ignoreIllegals: true }).value;
}

const TOKEN = /(<[^>]*>)|([^<]+)/g;

/**
 * Highlighted HTML per line, each line with balanced tags: a span that
 * crosses a line break (a multi-line string or comment) is closed at the end
 * of the line and reopened on the next.
 */
export function highlightLines(lines: readonly string[], languageId: string): string[] {
  const html = highlightCode(lines.join('\n'), languageId);
  const out: string[] = [];
  const open: string[] = [];
  let current = '';
  for (const match of html.matchAll(TOKEN)) {
    const [, tag, text] = match;
    if (tag) {
      if (tag.startsWith('</')) open.pop();
      else if (!tag.endsWith('/>')) open.push(tag);
      current += tag;
      continue;
    }
    const pieces = text.split('\n');
    current += pieces[0];
    for (const piece of pieces.slice(1)) {
      out.push(current + '</span>'.repeat(open.length));
      current = open.join('') + piece;
    }
  }
  out.push(current + '</span>'.repeat(open.length));
  return out;
}

/** One character of escaped text: an entity or a single UTF-16 code unit, like the editor's columns. */
const CHARACTER = /&(?:#x?[0-9a-f]+|[a-z]+);|[\s\S]/gi;

/**
 * Wraps the text between 0-based columns `[start, end)` of one highlighted
 * line in `<mark>`, closing and reopening it around tags so the markup stays
 * well nested.
 */
export function markColumns(lineHtml: string, start: number, end: number): string {
  if (end <= start) return lineHtml;
  let column = 0;
  let inside = false;
  let out = '';
  for (const match of lineHtml.matchAll(TOKEN)) {
    const [, tag, text] = match;
    if (tag) {
      out += inside ? `</mark>${tag}<mark>` : tag;
      continue;
    }
    for (const [character] of text.matchAll(CHARACTER)) {
      if (column === start) {
        out += '<mark>';
        inside = true;
      }
      if (column === end && inside) {
        out += '</mark>';
        inside = false;
      }
      out += character;
      column++;
    }
  }
  if (inside) out += '</mark>';
  return out.replace(/<mark><\/mark>/g, '');
}
