import type { ParsedFile } from './rule';
import type { Language } from './types';

/**
 * Binary parser assets (tree-sitter's wasm files) that the host reads from
 * wherever it ships them; the engine itself touches no file system.
 */
export interface ParserAssets {
  /** The bytes of a wasm file by its file name, e.g. `tree-sitter-python.wasm`. */
  wasm(fileName: string): Uint8Array | Promise<Uint8Array>;
}

/** One contiguous edit: `[start, oldEnd)` of the old text became `[start, newEnd)` of the new one. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** A language's parser and facts extractor, plugged into the engine. */
export interface LanguageSupport<Tree = any, Facts = any> {
  language: Language;
  /** False until an asynchronously loaded parser (tree-sitter's wasm) is ready. */
  isReady(): boolean;
  /** Loads an asynchronous parser; called once, only when a file of the language is analyzed. */
  load?(assets: ParserAssets): Promise<void>;
  /** Builds a tree from any text. Syntax errors become part of the tree, never an exception. */
  parse(path: string, text: string): Tree;
  /**
   * Parses `text` after `edit` changed the text `previous` was parsed from,
   * reusing what the edit did not touch (the editor's keystroke path). It
   * takes ownership of `previous`: it may change it in place or free it; the
   * engine never uses or disposes of it again.
   */
  reparse?(path: string, previous: Tree, text: string, edit: TextChange): Tree;
  /** Plain-data facts the file contributes to the workspace index. */
  extractFacts(file: ParsedFile<Tree>): Facts;
  /**
   * How many syntax errors the parser recovered from. The fuzz suite checks
   * with it that no safe fix adds one; languages without it are only checked
   * to re-parse.
   */
  syntaxErrorCount?(tree: Tree): number;
  /**
   * Frees a tree the engine will not use again. Trees that live outside the
   * JavaScript heap (tree-sitter's, in wasm memory) are never collected
   * otherwise; hosts call it when a scan is done with a file and when the
   * editor's session evicts one.
   */
  dispose?(tree: Tree): void;
}

const TYPESCRIPT = /\.(?:[cm]?[jt]s|[jt]sx)$/i;
const DECLARATION = /\.d\.[cm]?ts$/i;

/**
 * Non-code files whose content feeds facts: dependencies and path aliases,
 * deployment targets, process counts. Matched on the file name.
 */
const CONFIG_NAMES = new Set([
  'package.json',
  'tsconfig.json',
  'jsconfig.json',
  'vercel.json',
  'netlify.toml',
  'fly.toml',
  'render.yaml',
  'railway.json',
  'railway.toml',
  'app.yaml',
  'procfile',
  'dockerfile',
  'requirements.txt',
  'pyproject.toml',
]);

/**
 * Prisma Migrate's layout, `migrations/<timestamp>_<name>/migration.sql`:
 * the indexes a project creates in SQL by hand. Other `.sql` files (seeds,
 * dumps, queries) say nothing about the schema the app runs against.
 */
const MIGRATION = /(?:^|\/)migrations\/[^/]+\/migration\.sql$/i;

export function baseName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash >= 0 ? path.slice(slash + 1) : path;
}

/** The language a workspace-relative path is analyzed as, or undefined when it is not. */
export function languageOf(path: string): Language | undefined {
  const name = baseName(path);
  const lower = name.toLowerCase();
  if (TYPESCRIPT.test(name)) return DECLARATION.test(name) ? undefined : 'typescript';
  if (lower.endsWith('.py')) return 'python';
  if (lower.endsWith('.prisma')) return 'prisma';
  if (lower === 'migration.sql') return MIGRATION.test(path) ? 'sql' : undefined;
  if (CONFIG_NAMES.has(lower) || lower.startsWith('dockerfile.') || lower.endsWith('.dockerfile') || /^tsconfig\..+\.json$/.test(lower)) return 'config';
  return undefined;
}
