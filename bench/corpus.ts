import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateDjangoApp } from './corpus-django';
import { generateNextApp, type GeneratedFile } from './corpus-next';

export const CORPUS_ROOT = path.join(__dirname, 'corpus');

export interface Corpus {
  name: string;
  dir: string;
}

/**
 * Writes the generated corpora under bench/corpus/ (git-ignored), once: a
 * stamp holding the digest of the generated content tells whether the files
 * on disk are still what the generator makes.
 */
export function ensureGeneratedCorpora(): Corpus[] {
  return [
    write('next-app', generateNextApp()),
    write('django-app', generateDjangoApp()),
  ];
}

function write(name: string, files: GeneratedFile[]): Corpus {
  const dir = path.join(CORPUS_ROOT, name);
  const digest = crypto.createHash('sha256');
  for (const file of files) digest.update(file.path).update('\0').update(file.text).update('\0');
  const stamp = digest.digest('hex');
  const stampFile = path.join(dir, '.corpus-stamp');
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return { name, dir };
  fs.rmSync(dir, { recursive: true, force: true });
  for (const file of files) {
    const target = path.join(dir, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.text);
  }
  fs.writeFileSync(stampFile, stamp);
  return { name, dir };
}
