/**
 * Files that are never analyzed, so a scan cannot slow down on them: the
 * engine would give no useful finding on a minified bundle or a generated
 * client, and a 2 MB file on every keystroke would stall the editor.
 */

export const MAX_FILE_CHARS = 2 * 1024 * 1024;
/** A line this long only occurs in bundles, source maps and embedded data. */
const MAX_LINE_CHARS = 20_000;
/** Mean line length above which a file of some size is treated as minified. */
const MINIFIED_MEAN_LINE = 300;
const MINIFIED_MIN_SIZE = 4_096;

export type SkipReason = 'too-large' | 'binary' | 'minified' | 'generated';

export const SKIP_REASON_TEXT: Record<SkipReason, string> = {
  'too-large': 'larger than 2 MB',
  binary: 'binary content',
  minified: 'minified (very long lines)',
  generated: 'generated code',
};

/** Why `text` at `path` must not be analyzed, or undefined when it may be. */
export function skipReason(path: string, text: string): SkipReason | undefined {
  if (text.length > MAX_FILE_CHARS) return 'too-large';
  const head = text.slice(0, 8_192);
  if (head.includes('\u0000')) return 'binary';
  if (/\.min\.[cm]?js$/i.test(path) || /\.bundle\.[cm]?js$/i.test(path)) return 'minified';
  if (isGenerated(head)) return 'generated';
  if (looksMinified(text)) return 'minified';
  return undefined;
}

function isGenerated(head: string): boolean {
  const firstLines = head.split(/\r\n|\r|\n/, 6).join('\n');
  return /@generated\b/.test(firstLines) || /\bCode generated\b.*\bDO NOT EDIT\b/i.test(firstLines);
}

function looksMinified(text: string): boolean {
  let lineStart = 0;
  let lines = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || ch === 13) {
      if (i - lineStart > MAX_LINE_CHARS) return true;
      lines++;
      lineStart = i + 1;
    }
  }
  if (text.length - lineStart > MAX_LINE_CHARS) return true;
  return text.length >= MINIFIED_MIN_SIZE && text.length / lines > MINIFIED_MEAN_LINE;
}
