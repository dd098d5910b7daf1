import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

/**
 * The engine's floors (ARCHITECTURE.md, "Code map"): an import may only point
 * down, and no files import each other in a circle. Type-only imports count:
 * they tie the files together just the same.
 */
const ROOT = path.join(__dirname, '..', '..', 'analyzers');

/** Floor of each top folder; a file may import from its own floor's folder or a lower floor. */
const FLOORS: Record<string, number> = {
  core: 0,
  sql: 1,
  prisma: 2,
  python: 1,
  config: 2,
  typescript: 3,
  'query-index': 4,
  rules: 5,
  'index.ts': 6,
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.ts$/.test(entry.name) ? [full] : [];
  });
}

function localImports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  for (const statement of source.statements) {
    if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      const specifier = statement.moduleSpecifier.text;
      if (specifier.startsWith('.')) found.push(resolveLocal(file, specifier));
    }
  }
  return found;
}

function resolveLocal(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  return `${base}.ts`;
}

function topFolder(file: string): string {
  return path.relative(ROOT, file).split(path.sep)[0];
}

describe('engine floors', () => {
  const files = sourceFiles(ROOT);
  const graph = new Map(files.map((file) => [file, localImports(file)]));

  it('knows the floor of every top folder', () => {
    const unknown = [...new Set(files.map(topFolder))].filter((folder) => !(folder in FLOORS));
    assert.deepEqual(unknown, [], 'a new top folder of analyzers/ needs its floor here and in ARCHITECTURE.md');
  });

  it('imports only point down (or within a folder)', () => {
    const upward: string[] = [];
    for (const [file, imports] of graph) {
      const from = topFolder(file);
      for (const target of imports) {
        const to = topFolder(target);
        if (to !== from && FLOORS[to] >= FLOORS[from]) upward.push(`${path.relative(ROOT, file)} → ${path.relative(ROOT, target)}`);
      }
    }
    assert.deepEqual(upward, []);
  });

  it('has no import circles', () => {
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    for (const start of graph.keys()) {
      if (state.has(start)) continue;
      // Iterative depth-first search; the path on the stack names a circle when it meets itself.
      const stack: Array<{ file: string; next: number }> = [{ file: start, next: 0 }];
      state.set(start, 'open');
      while (stack.length) {
        const top = stack[stack.length - 1];
        const imports = graph.get(top.file) ?? [];
        if (top.next >= imports.length) {
          state.set(top.file, 'done');
          stack.pop();
          continue;
        }
        const target = imports[top.next++];
        if (state.get(target) === 'open') {
          const from = stack.findIndex((entry) => entry.file === target);
          circles.push([...stack.slice(from).map((entry) => path.relative(ROOT, entry.file)), path.relative(ROOT, target)].join(' → '));
        } else if (!state.has(target) && graph.has(target)) {
          state.set(target, 'open');
          stack.push({ file: target, next: 0 });
        }
      }
    }
    assert.deepEqual(circles, []);
  });
});
