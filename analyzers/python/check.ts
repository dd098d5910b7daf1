import type { RuleContext, RuleDeclaration } from '../core/rule';
import type { ExecutionContext } from '../core/evidence';
import { enclosingFunctionId } from './functions';
import type { PyFunction, PythonFacts } from './facts-types';
import { field, type PyNode, type PyTree } from './tree';
import { pythonWorkspace, type PyWorkspace, type Reach } from './workspace';

/** What every Python checker starts from: this file's facts and the workspace view. */
export interface PyCheck<Declaration = RuleDeclaration> {
  context: RuleContext<PyTree, Declaration>;
  tree: PyTree;
  path: string;
  facts: PythonFacts;
  ws: PyWorkspace;
}

/**
 * The check's inputs, or undefined for files no request runs: tests,
 * scripts, management commands (the engine's `isScript`), or a file whose
 * facts are missing.
 */
export function pyCheck<Declaration>(context: RuleContext<PyTree, Declaration>, options: { includeScripts?: boolean } = {}): PyCheck<Declaration> | undefined {
  const facts = context.facts.get(context.file.path);
  if (!facts || facts.language !== 'python') return undefined;
  if (facts.data.isTest || (facts.data.isScript && !options.includeScripts)) return undefined;
  if (context.isScript && !options.includeScripts) return undefined;
  return { context, tree: context.file.tree, path: context.file.path, facts: facts.data, ws: pythonWorkspace(context.facts, context.settings.config.scripts) };
}

export function functionKey(check: PyCheck<unknown>, node: PyNode): string | undefined {
  const id = enclosingFunctionId(check.tree, node);
  return id ? `${check.path}#${id}` : undefined;
}

export function functionFacts(check: PyCheck<unknown>, node: PyNode): PyFunction | undefined {
  const id = enclosingFunctionId(check.tree, node);
  return id ? check.facts.functions.find((fn) => fn.id === id) : undefined;
}

/** The request handler that reaches the code at `node`, if any does. */
export function reachOf(check: PyCheck<unknown>, node: PyNode): Reach | undefined {
  const key = functionKey(check, node);
  return key ? check.ws.reach.get(key) : undefined;
}

/** Stack name for `details`, from what the file imports. */
export function stackOf(facts: PythonFacts, fallback: 'django' | 'drf' | 'celery' | 'fastapi' = 'django'): string {
  if (facts.imports.some((entry) => entry.module.startsWith('fastapi'))) return 'fastapi';
  if (facts.imports.some((entry) => entry.module.startsWith('rest_framework'))) return 'drf';
  return fallback;
}

export function text(check: PyCheck<unknown>, node: PyNode): string {
  return check.tree.text.slice(node.start, node.end);
}

/** The class named `name` defined at the top of the file (decorated or not). */
export function topLevelClass(c: PyCheck<unknown>, name: string): PyNode | undefined {
  for (const statement of c.tree.root.children) {
    const definition = statement.type === 'decorated_definition' ? field(statement, 'definition') : statement;
    const nameNode = definition?.type === 'class_definition' ? field(definition, 'name') : undefined;
    if (nameNode && text(c, nameNode) === name) return definition;
  }
  return undefined;
}

/**
 * Where the code at `node` runs, from the entry points that reach its
 * function (`contexts.ts`): a `request` when a view does, `background` when
 * only tasks or webhook receivers do, `script` when only management
 * commands, scripts or `AppConfig.ready()` do; `unknown` for module code and
 * helpers nothing reaches. Test and script files never get this far (`pyCheck`).
 */
export function executionContextAt(check: PyCheck<unknown>, node: PyNode): ExecutionContext {
  const key = functionKey(check, node);
  return key ? check.ws.contextOf(key).context : 'unknown';
}

/** Only views that admit staff alone reach the code at `node`: a rare action. */
export function staffOnlyAt(check: PyCheck<unknown>, node: PyNode): boolean {
  const key = functionKey(check, node);
  return !!key && check.ws.contextOf(key).staffOnly;
}
