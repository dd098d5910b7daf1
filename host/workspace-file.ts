import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeText } from './read';

/** Configuration and ignore files larger than this are not read. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export type WorkspaceFileRead =
  | { kind: 'text'; text: string }
  /** No such file: the defaults apply, nothing to say. */
  | { kind: 'absent' }
  /** There is something, but it is not read; `reason` says why, for the user. */
  | { kind: 'refused'; reason: string };

/**
 * Reads a configuration or ignore file of the workspace (`.scalecheck.json`,
 * a `.gitignore`) the way a hostile repository cannot abuse: only a regular
 * file, inside the workspace once links are resolved (a link to
 * `/dev/zero`, a FIFO or a secret elsewhere is refused, never opened in a
 * way that could block), at most `maxBytes`. Never throws.
 */
export function readWorkspaceFile(root: string, file: string, maxBytes = MAX_CONFIG_BYTES): WorkspaceFileRead {
  let real: string;
  try {
    if (!fs.lstatSync(file).isSymbolicLink()) real = file;
    else {
      real = fs.realpathSync(file);
      if (!isInside(fs.realpathSync(root), real)) return { kind: 'refused', reason: 'it is a link to a file outside the workspace' };
    }
  } catch (error) {
    return absentOrUnreadable(error);
  }
  let fd: number;
  try {
    // Non-blocking, so that opening a FIFO returns at once instead of waiting for a writer.
    fd = fs.openSync(real, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW);
  } catch (error) {
    return absentOrUnreadable(error);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { kind: 'refused', reason: 'it is not a regular file' };
    if (stat.size > maxBytes) return { kind: 'refused', reason: `it is larger than ${formatBytes(maxBytes)}` };
    const buffer = Buffer.alloc(stat.size + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length; length += read) read = fs.readSync(fd, buffer, length, buffer.length - length, null);
    // It grew while being read (or was not what fstat said): refuse rather than read on.
    if (length > maxBytes) return { kind: 'refused', reason: `it is larger than ${formatBytes(maxBytes)}` };
    const text = decodeText(buffer.subarray(0, length));
    return text === undefined ? { kind: 'refused', reason: 'it is not text' } : { kind: 'text', text };
  } catch (error) {
    return absentOrUnreadable(error);
  } finally {
    fs.closeSync(fd);
  }
}

function absentOrUnreadable(error: unknown): WorkspaceFileRead {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'absent' };
  return { kind: 'refused', reason: `it could not be read (${code ?? 'error'})` };
}

export function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`;
}
