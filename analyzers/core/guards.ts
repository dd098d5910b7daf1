/**
 * Files that are never analyzed, so a scan cannot slow down on them: the
 * engine would give no useful finding on a minified bundle or a generated
 * client, and a 2 MB file on every keystroke would stall the editor.
 */

/**
 * The size limit, in bytes of the text as UTF-8: what the editor would save
 * and what the CLI reads from a UTF-8 file, so a file is skipped in both or
 * in neither (UTF-16 files are counted after decoding).
 */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** A line this long only occurs in bundles, source maps and embedded data. */
const MAX_LINE_CHARS = 20_000;
/** Mean line length above which a file of some size is treated as minified. */
const MINIFIED_MEAN_LINE = 300;
const MINIFIED_MIN_SIZE = 4_096;
/**
 * Bracket nesting beyond which a file is not parsed. The parsers we build on
 * (the TypeScript compiler, JSON and config readers) recurse once per level
 * and overflow a default stack somewhere past 600 levels, less in a thread
 * with a smaller stack; hand-written code stays far below 100.
 */
export const MAX_NESTING = 200;

export type SkipReason = 'too-large' | 'binary' | 'minified' | 'generated' | 'too-deep' | 'parser-overflow';

export const SKIP_REASON_TEXT: Record<SkipReason, string> = {
  'too-large': 'larger than 2 MB',
  binary: 'binary content',
  minified: 'minified (very long lines)',
  generated: 'generated code',
  'too-deep': `nested more than ${MAX_NESTING} brackets deep`,
  'parser-overflow': 'nested too deeply to parse',
};

/**
 * A parser that recursed past the stack on nesting the bracket count does not
 * see (3,000 nested arrow functions, 10,000 `else if`): the file is skipped
 * with that reason rather than reported as an internal failure.
 */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** Why `text` at `path` must not be analyzed, or undefined when it may be. */
export function skipReason(path: string, text: string): SkipReason | undefined {
  if (overByteLimit(text)) return 'too-large';
  const head = text.slice(0, 8_192);
  if (head.includes('\u0000')) return 'binary';
  if (/\.min\.[cm]?js$/i.test(path) || /\.bundle\.[cm]?js$/i.test(path)) return 'minified';
  if (isGenerated(head)) return 'generated';
  return scanShape(text);
}

function isGenerated(head: string): boolean {
  const firstLines = head.split(/\r\n|\r|\n/, 6).join('\n');
  return /@generated\b/.test(firstLines) || /\bCode generated\b.*\bDO NOT EDIT\b/i.test(firstLines);
}

/**
 * One pass over the text for the guards that need every character: very
 * long lines (minified) and bracket nesting (too deep). Brackets inside
 * strings and comments count too; only absurd files reach the limit anyway.
 */
function scanShape(text: string): SkipReason | undefined {
  let lineStart = 0;
  let lines = 1;
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 || ch === 13) {
      if (i - lineStart > MAX_LINE_CHARS) return 'minified';
      lines++;
      lineStart = i + 1;
    } else if (ch === 40 || ch === 91 || ch === 123) {
      if (++depth > deepest) deepest = depth;
    } else if ((ch === 41 || ch === 93 || ch === 125) && depth > 0) {
      depth--;
    }
  }
  if (text.length - lineStart > MAX_LINE_CHARS) return 'minified';
  if (text.length >= MINIFIED_MIN_SIZE && text.length / lines > MINIFIED_MEAN_LINE) return 'minified';
  return deepest > MAX_NESTING ? 'too-deep' : undefined;
}

/** Whether `text` as UTF-8 is over `MAX_FILE_BYTES`, counted without encoding it and only when the length leaves it open. */
export function overByteLimit(text: string): boolean {
  if (text.length > MAX_FILE_BYTES) return true; // every code unit is at least a byte
  if (text.length * 3 <= MAX_FILE_BYTES) return false; // and at most three
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
    if (bytes > MAX_FILE_BYTES) return true;
  }
  return false;
}
