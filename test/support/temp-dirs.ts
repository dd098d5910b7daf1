import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Temporary folders one test file makes and removes at the end: only its
 * own, never another run's (test runs going on at once share the temp folder).
 */
export function tempDirs(prefix: string) {
  const made: string[] = [];
  const make = (): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
  return {
    make,
    /** A fresh copy of a folder. */
    copy(from: string): string {
      const dir = make();
      fs.cpSync(from, dir, { recursive: true });
      return dir;
    },
    /** Takes a folder made elsewhere into the set to remove. */
    keep(dir: string): string {
      made.push(dir);
      return dir;
    },
    removeAll(): void {
      for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
