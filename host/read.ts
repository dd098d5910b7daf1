import * as fs from 'node:fs';
import { MAX_FILE_CHARS } from '../analyzers/core/guards';

export type ReadResult = { text: string } | { skipped: string };

/**
 * Reads a source file as the editor would see it: UTF-8, byte order mark
 * removed (VS Code hides it, so offsets would otherwise differ by one).
 * Large and binary files are refused before decoding.
 */
export function readSource(absolute: string): ReadResult {
  let bytes: Buffer;
  try {
    const size = fs.statSync(absolute).size;
    if (size > MAX_FILE_CHARS) return { skipped: 'larger than 2 MB' };
    bytes = fs.readFileSync(absolute);
  } catch (error) {
    return { skipped: `unreadable: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  if (bytes.subarray(0, 8192).includes(0)) return { skipped: 'binary content' };
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text };
}
