import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { MAX_FILE_BYTES } from '../analyzers/core/guards';

/** `digest`, when asked for and the bytes were read: their SHA-256 (the scan cache's key). */
export type ReadResult = { text: string; digest?: string } | { skipped: string; digest?: string };

/**
 * Reads a source file as the editor would see it: UTF-8, or UTF-16 when it
 * starts with a byte order mark or looks like UTF-16 text (as VS Code
 * detects it), the byte order mark removed (VS Code hides it, so offsets
 * would otherwise differ by one). Files over the limit are refused before
 * they are read, unless they may be UTF-16, whose size on disk is not its
 * size as text; the engine's guard then counts the decoded text.
 */
export function readSource(absolute: string, options: { digest?: boolean } = {}): ReadResult {
  const read = readBytes(absolute);
  if ('skipped' in read) return read;
  const text = decodeText(read.bytes);
  const digest = options.digest ? { digest: bytesDigest(read.bytes) } : {};
  return text === undefined ? { skipped: 'binary content', ...digest } : { text, ...digest };
}

/** A source file's bytes, or why it is not read (`refusal`, or an error reading it). */
export function readBytes(absolute: string): { bytes: Buffer } | { skipped: string } {
  const refused = refusal(absolute);
  if (refused) return { skipped: refused };
  try {
    return { bytes: fs.readFileSync(absolute) };
  } catch (error) {
    return { skipped: unreadable(error) };
  }
}

/** Why a file is not read at all (not a regular file, too large, no access to it), or undefined. */
export function refusal(absolute: string): string | undefined {
  try {
    const stat = fs.statSync(absolute);
    // A FIFO or a device would block or never end; only regular files are read.
    if (!stat.isFile()) return 'not a regular file';
    const size = stat.size;
    if (size > 2 * MAX_FILE_BYTES + 2 || (size > MAX_FILE_BYTES + 3 && !mayBeUtf16(absolute))) return 'larger than 2 MB';
    return undefined;
  } catch (error) {
    return unreadable(error);
  }
}

function unreadable(error: unknown): string {
  return `unreadable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
}

/** SHA-256 of a file's bytes, base64: the text decoded from them, and so its facts, follow from it. */
export function bytesDigest(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('base64');
}

/** Text from bytes: UTF-16 (by byte order mark or shape) or UTF-8; undefined for binary content (a NUL in the first 8 KB of UTF-8). */
export function decodeText(bytes: Uint8Array): string | undefined {
  const utf16 = utf16Order(bytes);
  if (utf16) {
    const bom = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) ? 2 : 0;
    return new TextDecoder(utf16, { ignoreBOM: true }).decode(bytes.subarray(bom));
  }
  if (bytes.subarray(0, 8192).includes(0)) return undefined;
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

/**
 * `utf-16le`/`utf-16be` for a byte order mark, or for a start whose every
 * other byte is zero (ASCII-range text in UTF-16, VS Code's own test), else
 * undefined.
 */
function utf16Order(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const sample = bytes.subarray(0, Math.min(bytes.length, 512) & ~1);
  if (sample.length < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) evenZeros++;
    if (sample[i + 1] === 0) oddZeros++;
  }
  const pairs = sample.length / 2;
  if (oddZeros === pairs && evenZeros === 0) return 'utf-16le';
  if (evenZeros === pairs && oddZeros === 0) return 'utf-16be';
  return undefined;
}

function mayBeUtf16(absolute: string): boolean {
  const head = Buffer.alloc(512);
  let read = 0;
  const fd = fs.openSync(absolute, 'r');
  try {
    read = fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  return utf16Order(head.subarray(0, read)) !== undefined;
}
