import type { FactsDraft } from './facts-draft';
import { field, walk, type PyNode } from './tree';

/** `blog/views.py` → `blog.views`; `blog/models/__init__.py` → `blog.models`. */
export function moduleNameOf(path: string): string {
  return path
    .replace(/\.py$/i, '')
    .replace(/\/__init__$/, '')
    .split('/')
    .filter(Boolean)
    .join('.');
}

/** Every `import` and `from … import` in the file, nested ones included, relative ones made absolute. */
export function collectImports(draft: FactsDraft): void {
  const imports = draft.facts.imports;
  walk(draft.tree.root, (node) => {
    if (node.type === 'import_statement') {
      for (const child of node.children) {
        if (child.field !== 'name') continue;
        if (child.type === 'dotted_name') {
          const module = draft.text(child);
          imports.push({ module, local: module.split('.')[0] });
        } else if (child.type === 'aliased_import') {
          const name = field(child, 'name');
          const alias = field(child, 'alias');
          if (name && alias) imports.push({ module: draft.text(name), local: draft.text(alias) });
        }
      }
      return false;
    }
    if (node.type === 'import_from_statement') {
      const moduleNode = field(node, 'module_name');
      if (!moduleNode) return false;
      const module = absoluteModule(draft, moduleNode);
      for (const child of node.children) {
        // `from .base import *`: binds no one name, but says this module builds on that one (split settings).
        if (child.type === 'wildcard_import') imports.push({ module, name: '*', local: '*' });
        if (child.field !== 'name') continue;
        if (child.type === 'dotted_name') imports.push({ module, name: draft.text(child), local: draft.text(child) });
        else if (child.type === 'aliased_import') {
          const name = field(child, 'name');
          const alias = field(child, 'alias');
          if (name && alias) imports.push({ module, name: draft.text(name), local: draft.text(alias) });
        }
      }
      return false;
    }
    return undefined;
  });
}

/** Resolves `from ..services import x` against this file's package. */
function absoluteModule(draft: FactsDraft, node: PyNode): string {
  if (node.type !== 'relative_import') return draft.text(node);
  const prefix = node.children.find((child) => child.type === 'import_prefix');
  const rest = node.children.find((child) => child.type === 'dotted_name');
  const dots = prefix ? draft.text(prefix).length : 0;
  const isPackage = /(?:^|\/)__init__\.py$/.test(draft.file.path);
  const parts = draft.facts.module.split('.').filter(Boolean);
  // A module's package is its parent; a package's `__init__` is its own package.
  const base = parts.slice(0, Math.max(0, parts.length - (isPackage ? 0 : 1) - (dots - 1)));
  if (rest) base.push(...draft.text(rest).split('.'));
  return base.join('.');
}

/** True when `local` is bound by an import from a module matching `module`. */
export function importedFrom(draft: FactsDraft, local: string, module: RegExp): boolean {
  return draft.facts.imports.some((entry) => entry.local === local && module.test(entry.module));
}
