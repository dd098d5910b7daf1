import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import type { FactsKey, FileFacts, FileResult } from '../analyzers';

/**
 * The scan cache on disk: per file, the digest of its bytes and what the
 * last scan made of them (its facts, or why it was skipped) and its findings
 * with the keys of the other files' facts they read; per view key read, a
 * fingerprint of the value read, and per view, the files' facts it was
 * computed from. Never a file's text. `host/scan.ts` decides what of it
 * still stands (`host/reuse.ts`).
 *
 * Layout: a magic line, a JSON header line (format, engine identity, body
 * length and SHA-256), then the body, one `v8.serialize` value. A file that
 * does not match in any way is not used, and the reason is returned.
 */
export const CACHE_FORMAT = 1;
const MAGIC = 'scalecheck-cache\n';

export type CacheEntry = FactsEntry | SkippedEntry;

export interface FactsEntry {
  /** SHA-256 of the file's bytes (`bytesDigest`). */
  digest: string;
  /** The file's `FileFacts`, serialized on their own: an unchanged file's are written back as they were read. */
  facts: Uint8Array;
  /** Its findings against the whole workspace; absent when they are not to be reused (a rule failed, a worker was lost). */
  analysis?: CachedAnalysis;
}

export interface SkippedEntry {
  digest: string;
  /** Why the engine skipped the file (minified, generated…): it says the same for the same bytes. */
  skipped: string;
}

export interface CachedAnalysis {
  result: FileResult;
  /** The keys of other files' facts and views the analysis read (`FactsKey`s; the file's own facts follow from its digest). */
  reads: FactsKey[];
}

export interface ScanCache {
  /** Everything besides the files that changes findings (configuration, rules, locale, root), as the host spells it. */
  settings: string;
  entries: Map<string, CacheEntry>;
  /** For the view keys the findings read: a fingerprint of the value they read (`Fingerprints`), '' when it has none. */
  values: Map<FactsKey, string>;
  /** For the views read: the keys of the files' facts each was computed from, through the views it read. */
  views: Map<string, FactsKey[]>;
}

export type CacheRead = { cache: ScanCache } | { absent: true } | { problem: string };

interface Header {
  format: number;
  engine: string;
  bytes: number;
  sha256: string;
}

/** `[start, end)` in `Body.facts` or `Body.ids`. */
type Span = [start: number, end: number];

/** A file: its skip reason, or where its facts are, and its findings with where the ids of the keys they read are. */
type FileRow = [path: string, digest: string, facts: Span | string, result?: FileResult, reads?: Span];

/**
 * Byte strings and id lists are kept in one buffer each: Node serializes
 * every typed array through a JavaScript callback, so thousands of small
 * ones cost more than the bytes.
 */
interface Body {
  settings: string;
  keys: string[];
  /** Parallel to `keys`: the fingerprint of a view key's value ('' for other keys and values without one). */
  fingerprints: string[];
  views: Array<[view: string, reads: Span]>;
  files: FileRow[];
  /** Every file's serialized facts, back to back. */
  facts: Uint8Array;
  /** Every list of key ids (a view's reads, a file's reads), back to back. */
  ids: Uint32Array;
}

export function factsOf(entry: FactsEntry): FileFacts {
  return v8.deserialize(entry.facts) as FileFacts;
}

export function serializeFacts(facts: FileFacts): Uint8Array {
  return v8.serialize(facts);
}

/** Reads the cache `engine` (the ScaleCheck version and build, the Node.js version) wrote at `file`. */
export function readScanCache(file: string, engine: string): CacheRead {
  let data: Buffer;
  try {
    // A FIFO or a device where the cache should be would block or never end: only a regular file is read.
    if (!fs.statSync(file).isFile()) return { problem: 'it is not a regular file' };
    data = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { absent: true };
    return { problem: `it could not be read (${code ?? (error as Error).message})` };
  }
  if (!data.subarray(0, MAGIC.length).equals(Buffer.from(MAGIC))) return { problem: 'it is not a ScaleCheck cache file' };
  const headerEnd = data.indexOf(0x0a, MAGIC.length);
  let header: Partial<Header> | null = null;
  try {
    if (headerEnd > 0) header = JSON.parse(data.subarray(MAGIC.length, headerEnd).toString('utf8')) as Partial<Header> | null;
  } catch {
    // Told below.
  }
  if (typeof header !== 'object' || header === null || typeof header.bytes !== 'number' || typeof header.sha256 !== 'string') return { problem: 'its header is damaged' };
  if (header.format !== CACHE_FORMAT || header.engine !== engine) return { problem: `it was written by another build of ScaleCheck or Node.js (${printableValue(header.engine)}, format ${printableValue(header.format)})` };
  const body = data.subarray(headerEnd + 1);
  if (body.length < header.bytes) return { problem: 'it is truncated' };
  if (body.length > header.bytes) return { problem: 'it is damaged (longer than its header says)' };
  if (digest(body) !== header.sha256) return { problem: 'it is damaged (checksum mismatch)' };
  try {
    return { cache: fromBody(v8.deserialize(body) as Body) };
  } catch (error) {
    return { problem: `it is damaged (${(error as Error).message})` };
  }
}

/**
 * Writes the cache to a temporary file beside `file` and renames it into
 * place: a reader sees the old file or the new one, never half of one, and
 * of two runs writing at once the last one wins. Returns the problem when it
 * could not be written.
 */
export function writeScanCache(file: string, engine: string, cache: ScanCache): string | undefined {
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    const body = v8.serialize(toBody(cache));
    const header: Header = { format: CACHE_FORMAT, engine, bytes: body.length, sha256: digest(body) };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fd = fs.openSync(temporary, 'wx', 0o644);
    try {
      fs.writeFileSync(fd, MAGIC + JSON.stringify(header) + '\n');
      fs.writeFileSync(fd, body);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
    removeAbandoned(file);
    return undefined;
  } catch (error) {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Nothing was created where nothing could be.
    }
    return `${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  }
}

/** Temporary files of writes that never finished (a run killed while writing), after an hour. */
function removeAbandoned(file: string): void {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  try {
    for (const name of fs.readdirSync(dir)) {
      if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
      const temporary = path.join(dir, name);
      if (Date.now() - fs.statSync(temporary).mtimeMs > 3_600_000) fs.rmSync(temporary, { force: true });
    }
  } catch {
    // Left for the next run.
  }
}

/** A header value for a one-line message: short, and nothing a terminal would act on. */
function printableValue(value: unknown): string {
  return String(value).slice(0, 80).replace(/[^\x20-\x7e]/g, '?');
}

function digest(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('base64');
}

function toBody(cache: ScanCache): Body {
  const keys: string[] = [];
  const keyIds = new Map<string, number>();
  const ids: number[] = [];
  const idsOf = (list: readonly string[]): Span => {
    const start = ids.length;
    for (const key of list) {
      let id = keyIds.get(key);
      if (id === undefined) keyIds.set(key, (id = keys.push(key) - 1));
      ids.push(id);
    }
    return [start, ids.length];
  };
  const facts: Uint8Array[] = [];
  let factsLength = 0;
  const files: FileRow[] = [];
  for (const [file, entry] of cache.entries) {
    if ('skipped' in entry) {
      files.push([file, entry.digest, entry.skipped]);
      continue;
    }
    const span: Span = [factsLength, (factsLength += entry.facts.length)];
    facts.push(entry.facts);
    if (entry.analysis) files.push([file, entry.digest, span, entry.analysis.result, idsOf(entry.analysis.reads)]);
    else files.push([file, entry.digest, span]);
  }
  const views: Body['views'] = [];
  for (const [view, reads] of cache.views) views.push([view, idsOf(reads)]);
  const fingerprints = keys.map((key) => cache.values.get(key) ?? '');
  return { settings: cache.settings, keys, fingerprints, views, files, facts: Buffer.concat(facts, factsLength), ids: Uint32Array.from(ids) };
}

/** The body as written by `toBody`; anything else throws, which makes the whole file unusable. */
function fromBody(body: Body): ScanCache {
  const fail = (what: string): never => {
    throw new Error(`unexpected ${what}`);
  };
  if (typeof body !== 'object' || body === null || typeof body.settings !== 'string' || !Array.isArray(body.keys) || !Array.isArray(body.fingerprints) || !Array.isArray(body.views) || !Array.isArray(body.files)) fail('content');
  if (!(body.facts instanceof Uint8Array) || !(body.ids instanceof Uint32Array)) fail('content');
  if (!body.keys.every((key) => typeof key === 'string') || body.fingerprints.length !== body.keys.length) fail('key');
  if (body.ids.some((id) => id >= body.keys.length)) fail('key id');
  const span = (value: unknown, length: number, what: string): Span => {
    if (!Array.isArray(value) || !Number.isInteger(value[0]) || !Number.isInteger(value[1]) || value[0] < 0 || value[0] > value[1] || value[1] > length) fail(what);
    return value as Span;
  };
  const keysOf = (value: unknown, what: string): string[] => {
    const [start, end] = span(value, body.ids.length, what);
    return Array.from(body.ids.subarray(start, end), (id) => body.keys[id]);
  };
  const values = new Map<FactsKey, string>();
  body.keys.forEach((key, id) => {
    const fingerprint = body.fingerprints[id];
    if (typeof fingerprint !== 'string') fail('fingerprint');
    if (fingerprint) values.set(key, fingerprint);
  });
  const views = new Map<string, FactsKey[]>();
  for (const row of body.views) {
    if (!Array.isArray(row) || typeof row[0] !== 'string') fail('view');
    views.set(row[0], keysOf(row[1], `view ${row[0]}`));
  }
  const entries = new Map<string, CacheEntry>();
  for (const row of body.files) {
    if (!Array.isArray(row) || typeof row[0] !== 'string' || typeof row[1] !== 'string') fail('entry');
    const [file, fileDigest, facts, result, reads] = row;
    if (typeof facts === 'string') {
      entries.set(file, { digest: fileDigest, skipped: facts });
      continue;
    }
    const [start, end] = span(facts, body.facts.length, `facts for ${file}`);
    const entry: FactsEntry = { digest: fileDigest, facts: body.facts.subarray(start, end) };
    if (result !== undefined) {
      if (typeof result !== 'object' || result === null || result.file !== file || !Array.isArray(result.findings) || !Array.isArray(result.suppressed) || !Array.isArray(result.errors)) fail(`findings for ${file}`);
      entry.analysis = { result, reads: keysOf(reads, `reads for ${file}`) };
    }
    entries.set(file, entry);
  }
  return { settings: body.settings, entries, values, views };
}
