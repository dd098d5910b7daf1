import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import type { FileFacts } from '../analyzers';

/**
 * The workspace facts for pass 2, serialized once with V8's serializer (the
 * one structured clone uses) for workers started during pass 2 in place of a
 * dead one: a file in a private temporary folder, so the scan holds no copy
 * in memory (10 MB for 2,000 TypeScript files), or shared memory when no
 * temporary file can be written. Live workers get the facts as a message,
 * which Node frees as soon as it is read.
 */
export type SharedFacts = { file: string } | { shared: SharedArrayBuffer };

export function shareFacts(snapshot: FileFacts[]): { facts: SharedFacts; dispose: () => void } {
  const bytes = v8.serialize(snapshot);
  try {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalecheck-facts-'));
    const file = path.join(dir, 'facts.bin');
    fs.writeFileSync(file, bytes, { mode: 0o600 });
    return { facts: { file }, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
  } catch {
    const shared = new SharedArrayBuffer(bytes.length);
    new Uint8Array(shared).set(bytes);
    return { facts: { shared }, dispose: () => {} };
  }
}

export function readSharedFacts(facts: SharedFacts): FileFacts[] {
  const bytes = 'file' in facts ? fs.readFileSync(facts.file) : new Uint8Array(facts.shared);
  return v8.deserialize(bytes) as FileFacts[];
}
