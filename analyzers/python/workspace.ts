import picomatch from 'picomatch';
import type { FactsIndex } from '../core/facts';
import type { Location } from '../core/types';
import { contextTable, slowIoTable, type PyContext } from './contexts';
import type { DjangoField, DjangoModel, DjangoSettings, PyFunction, PythonFacts, RelationKind } from './facts-types';

/**
 * The cross-file view of a Python workspace, derived from every file's facts
 * once per facts version: modules resolved to files, Django models with
 * inherited fields and reverse accessors, and which functions a request can
 * reach.
 */
export interface PyWorkspace {
  files: Map<string, PythonFacts>;
  /** The file a dotted module lives in, seen from `fromPath` (nearest wins when names repeat). */
  resolveModule(fromPath: string, module: string): string | undefined;
  /** What a name used in `fromPath` refers to: a definition in some file. */
  resolveName(fromPath: string, name: string): { path: string; name: string } | { module: string } | undefined;
  /** The model a name in `fromPath` refers to (imports first, then a unique name in the workspace). */
  model(fromPath: string, name: string): ResolvedModel | undefined;
  /** Functions reachable from a request handler, by key (`path#id`), with the handler that reaches them. */
  reach: Map<string, Reach>;
  /** Celery task functions by key. */
  tasks: Set<string>;
  /** Where a function runs, from the entry points that reach it (`contexts.ts`). */
  contextOf(key: string): PyContext;
  /** The function waits on another machine or process (HTTP, mail, a service's SDK, a child process), itself or through its calls. */
  waitsOnIo(key: string): boolean;
  /** Resolves a call in a function to the functions it may run, by key. */
  callTargets(path: string, fn: PyFunction, callee: string[]): string[];
  function(key: string): { path: string; fn: PyFunction } | undefined;
  settings: Array<{ path: string; settings: DjangoSettings }>;
  /** DRF's DEFAULT_THROTTLE_CLASSES is set in some settings module. */
  defaultThrottle: boolean;
  /**
   * Whether DRF list views paginate when they name no `pagination_class`:
   * `unknown` when no settings module is in the workspace or one cannot be
   * read, `set` when any settings module sets a default.
   */
  drfPagination: 'set' | 'unset' | 'unknown';
  /** One-off code, not a request path: Django's script folders and the `.scalecheck.json` `scripts` globs. */
  isScript(path: string): boolean;
}

export interface ResolvedModel {
  name: string;
  path: string;
  facts: DjangoModel;
  /** Own and inherited fields by name, each with the file it is declared in. */
  fields: Map<string, { field: DjangoField; path: string; model: string }>;
  indexes: string[][];
  /** Attribute names that load other rows: forward relations and reverse accessors. */
  relations: Map<string, Relation>;
  /** Names usable in lookups (`comments__created`), forward and reverse. */
  lookupHops: Map<string, Relation>;
}

export interface Relation {
  /** `single`: one row (FK, one-to-one, reverse one-to-one), select_related can join it. */
  kind: 'single' | 'many';
  field?: RelationKind;
  target?: ResolvedModel;
  /** Unresolved target name, for messages. */
  targetName: string;
}

export interface Reach {
  /** The request handler's key and where it is defined. */
  entry: string;
  entryLocation: Location;
  entryName: string;
  /** The handler is `async def`: blocking work there stalls the event loop as well. */
  entryAsync: boolean;
  /** Hops from the handler (0: the handler itself). */
  depth: number;
}

/** App labels of `django.contrib`: `"auth.Group"` names Django's model, never one of the workspace. */
const DJANGO_APPS = new Set(['auth', 'contenttypes', 'sites', 'admin', 'sessions', 'flatpages', 'redirects', 'messages']);
const DELAYED = new Set(['delay', 'apply_async', 's', 'si', 'signature', 'map', 'starmap', 'chunks']);
const CLEAN_TRIGGERS = new Set(['is_valid', 'full_clean', 'errors', 'clean']);

/** The workspace view for the current facts and the configured script globs (as the TypeScript analyzer keys its own). */
export function pythonWorkspace(index: FactsIndex, scripts: readonly string[]): PyWorkspace {
  return index.derived(`python:workspace:${scripts.join('\u0000')}`, (facts) => build(facts, scripts), { movable: true });
}

function build(index: FactsIndex, scripts: readonly string[]): PyWorkspace {
  const files = new Map<string, PythonFacts>();
  for (const facts of index.ofLanguage('python')) files.set(facts.path, facts.data);
  const configuredScript = picomatch([...scripts], { dot: true });
  const isScript = (path: string): boolean => Boolean(files.get(path)?.isScript) || configuredScript(path);

  // Every dotted suffix of every module name: `blog.views` is found as `views` and `blog.views`.
  const bySuffix = new Map<string, string[]>();
  for (const [path, facts] of files) {
    const parts = facts.module.split('.');
    for (let i = 0; i < parts.length; i++) {
      const key = parts.slice(i).join('.');
      const list = bySuffix.get(key) ?? [];
      list.push(path);
      bySuffix.set(key, list);
    }
  }
  const resolveModule = (fromPath: string, module: string): string | undefined => {
    const candidates = bySuffix.get(module);
    if (!candidates?.length) return undefined;
    if (candidates.length === 1) return candidates[0];
    return [...candidates].sort((a, b) => commonPrefix(b, fromPath) - commonPrefix(a, fromPath) || a.length - b.length)[0];
  };

  const resolveName = (fromPath: string, name: string, hops = 0): { path: string; name: string } | { module: string } | undefined => {
    const facts = files.get(fromPath);
    if (!facts || hops > 4) return undefined;
    if (facts.definitions.includes(name)) return { path: fromPath, name };
    const imported = [...facts.imports].reverse().find((entry) => entry.local === name);
    if (!imported) return undefined;
    if (!imported.name) return { module: imported.module };
    // `from blog import services`: a submodule, when one by that name exists.
    const full = `${imported.module}.${imported.name}`;
    const submodule = resolveModule(fromPath, full);
    if (submodule && (files.get(submodule)!.module === full || files.get(submodule)!.module.endsWith(`.${full}`))) return { module: full };
    const target = resolveModule(fromPath, imported.module);
    if (!target) return undefined;
    // Follow re-exports (`models/__init__.py` importing from `models/post.py`).
    const inner = resolveName(target, imported.name, hops + 1);
    return inner ?? undefined;
  };

  const settings = [...files].filter(([, facts]) => facts.settings).map(([path, facts]) => ({ path, settings: facts.settings! }));
  const authUserModel = settings.map((entry) => entry.settings.authUserModel).find(Boolean);

  // ── models ──
  const candidates: Array<{ path: string; model: DjangoModel }> = [];
  for (const [path, facts] of files) for (const model of facts.models) candidates.push({ path, model });
  const byName = new Map<string, Array<{ path: string; model: DjangoModel }>>();
  for (const candidate of candidates) byName.set(candidate.model.name, [...(byName.get(candidate.model.name) ?? []), candidate]);

  const candidateFor = (fromPath: string, name: string): { path: string; model: DjangoModel } | undefined => {
    const simple = name.split('.').pop()!;
    const resolved = name.includes('.') && !/^[A-Z]/.test(name) ? undefined : resolveName(fromPath, simple);
    if (resolved && 'path' in resolved) {
      const found = files.get(resolved.path)?.models.find((model) => model.name === resolved.name);
      if (found) return { path: resolved.path, model: found };
    }
    // Imported from a package outside the workspace (`django.contrib.auth.models.Group`): not the app's model of that name.
    const imported = name.includes('.') ? undefined : [...(files.get(fromPath)?.imports ?? [])].reverse().find((entry) => entry.local === simple && entry.name);
    if (imported && !resolveModule(fromPath, imported.module)) return undefined;
    const list = byName.get(simple);
    if (!list?.length) return undefined;
    // `app_label.Model`: prefer the app folder of that name; Django's own apps are not in the workspace.
    const app = name.includes('.') ? name.split('.')[0] : undefined;
    const inApp = app ? list.find((entry) => entry.path.split('/').includes(app)) : undefined;
    if (app && !inApp && DJANGO_APPS.has(app)) return undefined;
    if (list.length === 1) return list[0];
    return inApp ?? [...list].sort((a, b) => commonPrefix(b.path, fromPath) - commonPrefix(a.path, fromPath))[0];
  };

  const resolved = new Map<string, ResolvedModel>();
  const confirmed = new Map<string, boolean>();
  const isModel = (candidate: { path: string; model: DjangoModel }, seen = new Set<string>()): boolean => {
    const key = `${candidate.path}#${candidate.model.name}`;
    if (confirmed.has(key)) return confirmed.get(key)!;
    if (seen.has(key)) return false;
    seen.add(key);
    let result = candidate.model.fields.length > 0 || candidate.model.bases.some((base) => /^(?:models\.Model|Model|django\.db\.models\.Model)$|(?:^|\.)(?:AbstractUser|AbstractBaseUser|MPTTModel|PolymorphicModel|TimeStampedModel)$/.test(base));
    if (!result) {
      for (const base of candidate.model.bases) {
        const parent = candidateFor(candidate.path, base);
        if (parent && parent.model !== candidate.model && isModel(parent, seen)) result = true;
      }
    }
    confirmed.set(key, result);
    return result;
  };

  const resolveModel = (candidate: { path: string; model: DjangoModel }, stack = new Set<string>()): ResolvedModel => {
    const key = `${candidate.path}#${candidate.model.name}`;
    const existing = resolved.get(key);
    if (existing) return existing;
    const result: ResolvedModel = { name: candidate.model.name, path: candidate.path, facts: candidate.model, fields: new Map(), indexes: [], relations: new Map(), lookupHops: new Map() };
    resolved.set(key, result);
    stack.add(key);
    for (const base of candidate.model.bases) {
      const parent = candidateFor(candidate.path, base);
      if (!parent || parent.model === candidate.model || stack.has(`${parent.path}#${parent.model.name}`)) continue;
      const parentModel = resolveModel(parent, stack);
      for (const [name, entry] of parentModel.fields) result.fields.set(name, entry);
      result.indexes.push(...parentModel.indexes);
    }
    for (const field of candidate.model.fields) result.fields.set(field.name, { field, path: candidate.path, model: candidate.model.name });
    result.indexes.push(...candidate.model.indexes);
    return result;
  };

  const models: ResolvedModel[] = [];
  for (const candidate of candidates) if (isModel(candidate)) models.push(resolveModel(candidate));

  const modelFor = (fromPath: string, name: string): ResolvedModel | undefined => {
    let target = name;
    if (name === '@AUTH_USER_MODEL') {
      if (!authUserModel) return undefined; // Django's own auth.User: not in the workspace
      target = authUserModel;
    }
    const candidate = candidateFor(fromPath, target);
    if (!candidate || !isModel(candidate)) return undefined;
    return resolveModel(candidate);
  };

  // Forward relations first, then reverse accessors on their targets.
  for (const model of models) {
    for (const [name, { field, path }] of model.fields) {
      if (!field.relation) continue;
      const targetName = field.target === 'self' ? model.name : field.target ?? '?';
      const target = field.target === 'self' ? model : field.target ? modelFor(path, field.target) : undefined;
      const relation: Relation = { kind: field.relation === 'm2m' ? 'many' : 'single', field: field.relation, target, targetName: target?.name ?? targetName.split('.').pop()! };
      model.relations.set(name, relation);
      model.lookupHops.set(name, relation);
      if (!target || model.facts.abstract) continue;
      const relatedName = field.relatedName;
      if (relatedName?.endsWith('+') || relatedName?.includes('%')) continue;
      const lower = model.name.toLowerCase();
      const accessor = relatedName ?? (field.relation === 'o2o' ? lower : `${lower}_set`);
      const reverse: Relation = { kind: field.relation === 'o2o' ? 'single' : 'many', field: field.relation, target: model, targetName: model.name };
      if (!target.relations.has(accessor)) target.relations.set(accessor, reverse);
      const queryName = relatedName ?? lower;
      if (!target.lookupHops.has(queryName)) target.lookupHops.set(queryName, reverse);
    }
  }

  // ── functions and reachability ──
  const functions = new Map<string, { path: string; fn: PyFunction }>();
  const tasks = new Set<string>();
  for (const [path, facts] of files) {
    for (const fn of facts.functions) {
      const key = `${path}#${fn.id}`;
      functions.set(key, { path, fn });
      if (fn.task) tasks.add(key);
    }
  }
  const classIn = (path: string, name: string) => files.get(path)?.classes.find((cls) => cls.name === name);
  const methodKeys = (path: string, className: string, method: string, depth = 0): string[] => {
    const cls = classIn(path, className);
    if (!cls || depth > 3) return [];
    const keys: string[] = [];
    if (CLEAN_TRIGGERS.has(method)) {
      for (const name of cls.methods) if (name === 'clean' || name.startsWith('clean_')) keys.push(`${path}#${className}.${name}`);
    } else if (cls.methods.includes(method)) return [`${path}#${className}.${method}`];
    for (const base of cls.bases) {
      const target = resolveName(path, base.split('.').pop()!);
      if (target && 'path' in target) keys.push(...methodKeys(target.path, target.name, method, depth + 1));
    }
    return keys;
  };

  const callTargets = (path: string, fn: PyFunction, callee: string[]): string[] => {
    if (DELAYED.has(callee[callee.length - 1]) && callee.length > 1) return [];
    if (callee.length === 1) {
      const target = resolveName(path, callee[0]);
      if (!target || !('path' in target)) return [];
      const key = `${target.path}#${target.name}`;
      if (functions.has(key)) return [key];
      return [];
    }
    if (callee.length === 2 && (callee[0] === 'self' || callee[0] === 'cls') && fn.className) return methodKeys(path, fn.className, callee[1]);
    if (callee.length === 2) {
      const target = resolveName(path, callee[0]);
      if (!target) return [];
      if ('module' in target) {
        const file = resolveModule(path, target.module);
        const key = file ? `${file}#${callee[1]}` : '';
        return functions.has(key) ? [key] : [];
      }
      return methodKeys(target.path, target.name, callee[1]);
    }
    return [];
  };

  const handlersBySender = new Map<string, string[]>();
  for (const [path, facts] of files) {
    for (const signal of facts.signals) {
      const key = `${path}#${signal.handler}`;
      if (functions.has(key)) handlersBySender.set(signal.sender, [...(handlersBySender.get(signal.sender) ?? []), key]);
    }
  }

  /** What a function's calls run, then the `save()` overrides and signal handlers its saves run. */
  const callees = (key: string): string[] => {
    const { path, fn } = functions.get(key)!;
    const next: string[] = [];
    for (const call of fn.calls) next.push(...callTargets(path, fn, call.callee));
    return next;
  };
  const successors = (key: string): string[] => {
    const { path, fn } = functions.get(key)!;
    const next = callees(key);
    for (const saved of fn.saves) {
      const model = modelFor(path, saved);
      if (model?.facts.savesItself) next.push(`${model.path}#${model.name}.save`);
      next.push(...(handlersBySender.get(saved) ?? []));
    }
    return next;
  };

  const reach = new Map<string, Reach>();
  const queue: string[] = [];
  for (const [key, { path, fn }] of functions) {
    if (!fn.view || files.get(path)?.isTest || isScript(path)) continue;
    reach.set(key, { entry: key, entryLocation: fn.location, entryName: fn.id, entryAsync: fn.async, depth: 0 });
    queue.push(key);
  }
  while (queue.length) {
    const key = queue.shift()!;
    const from = reach.get(key)!;
    for (const target of successors(key)) {
      // A task called directly is reported at its call; its body is a worker's business.
      if (reach.has(target) || !functions.has(target) || tasks.has(target)) continue;
      reach.set(target, { ...from, depth: from.depth + 1 });
      queue.push(target);
    }
  }

  const contextOf = contextTable({ functions, files, isScript, tasks, successors });
  let slowIo: Set<string> | undefined;

  return {
    files,
    contextOf,
    waitsOnIo: (key) => (slowIo ??= slowIoTable({ functions, files, callees })).has(key),
    resolveModule,
    resolveName: (fromPath, name) => resolveName(fromPath, name),
    model: modelFor,
    reach,
    tasks,
    callTargets,
    function: (key) => functions.get(key),
    settings,
    defaultThrottle: settings.some((entry) => entry.settings.defaultThrottle),
    drfPagination: drfPaginationOf(settings.map((entry) => entry.settings)),
    isScript,
  };
}

function drfPaginationOf(settings: DjangoSettings[]): PyWorkspace['drfPagination'] {
  if (settings.length === 0) return 'unknown';
  if (settings.some((entry) => entry.drfPagination === 'set')) return 'set';
  if (settings.some((entry) => entry.drfPagination === 'unknown')) return 'unknown';
  return 'unset';
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
