/**
 * Django settings modules: the cache backends, the session engine and
 * middleware, DRF's
 * default throttles and pagination, django-ratelimit's cache, persistent
 * database connections (`CONN_MAX_AGE`, also through `dj_database_url`) and
 * `AUTH_USER_MODEL`, with what a fix needs to change them.
 */
import type { FactsDraft } from './facts-draft';
import type { FactsIndex } from '../core/facts';
import type { CacheSetting, DjangoSettings, PyImport } from './facts-types';
import { moduleNameOf } from './imports';
import { callParts, dictEntries, envDefault, indentAt, intValue, sequenceItems, simpleAssignment, statements, stringValue } from './syntax';
import { field, unwrap, type PyNode } from './tree';

/** A settings module by its name, or by assigning what only settings assign. */
export function looksLikeSettings(draft: FactsDraft): boolean {
  const path = draft.file.path;
  if (/(?:^|\/)settings(?:\.py$|\/)/.test(path) || /(?:^|\/)settings_[^/]*\.py$/.test(path)) return true;
  return statements(draft.tree.root).some((statement) => {
    const assignment = simpleAssignment(draft.tree, statement);
    return assignment !== undefined && /^(?:INSTALLED_APPS|CACHES|DATABASES|ROOT_URLCONF|MIDDLEWARE)$/.test(assignment.name);
  });
}

export function settingsFacts(draft: FactsDraft): DjangoSettings {
  const settings: DjangoSettings = {
    caches: [],
    importsOs: draft.facts.imports.some((entry) => entry.module === 'os' && !entry.name && entry.local === 'os'),
    importAt: importInsertionPoint(draft),
  };
  for (const statement of statements(draft.tree.root)) {
    const expression = statement.type === 'expression_statement' ? statement.children[0] : undefined;
    // `REST_FRAMEWORK.update(...)`, `REST_FRAMEWORK |= {...}`: built in a way this pass does not follow.
    if (expression && /^REST_FRAMEWORK\s*(?:\.\s*(?:update|setdefault)\s*\(|\|=)/.test(draft.text(expression))) settings.drfPagination = 'unknown';
    if (expression?.type !== 'assignment') continue;
    const left = field(expression, 'left');
    const right = field(expression, 'right');
    if (!left || !right) continue;
    const target = left.type === 'identifier' ? draft.text(left) : subscriptPath(draft, left)?.join('.');
    if (!target) continue;
    if (target === 'CACHES') settings.caches.push(...caches(draft, right));
    else if (target === 'MIDDLEWARE') middleware(draft, statement, right, settings);
    else if (target === 'SESSION_ENGINE') {
      const value = stringValue(draft.tree, right);
      if (value) settings.sessionEngine = { value, location: draft.loc(right) };
    } else if (target === 'REST_FRAMEWORK') {
      const throttle = dictEntries(draft.tree, right)?.find((entry) => entry.key === 'DEFAULT_THROTTLE_CLASSES');
      if (throttle && (sequenceItems(throttle.value)?.length ?? 1) > 0) settings.defaultThrottle = draft.loc(throttle.keyNode);
      settings.drfPagination = drfPagination(draft, right);
    } else if (target === 'REST_FRAMEWORK.DEFAULT_PAGINATION_CLASS') {
      settings.drfPagination = unwrap(right)?.type === 'none' ? 'unset' : 'set';
    } else if (target === 'REST_FRAMEWORK.DEFAULT_THROTTLE_CLASSES') {
      if ((sequenceItems(right)?.length ?? 1) > 0) settings.defaultThrottle = draft.loc(left);
    } else if (target === 'RATELIMIT_USE_CACHE') settings.ratelimitCache = stringValue(draft.tree, right);
    else if (target === 'AUTH_USER_MODEL') settings.authUserModel = stringValue(draft.tree, right);
    else if (target === 'DATABASES') connMaxAge(draft, right, settings);
    else if (target === 'CONN_MAX_AGE' || target === 'DATABASES.default.CONN_MAX_AGE') setConnMaxAge(draft, right, settings);
  }
  return settings;
}

const SESSION_MIDDLEWARE = 'django.contrib.sessions.middleware.SessionMiddleware';

function middleware(draft: FactsDraft, statement: PyNode, value: PyNode, settings: DjangoSettings): void {
  const entry = sequenceItems(value)?.find((item) => stringValue(draft.tree, item) === SESSION_MIDDLEWARE);
  if (entry) settings.sessionMiddleware = draft.loc(entry);
  settings.settingInsertAt = statement.end;
}

/**
 * A production settings module that starts with `from <this module> import *`
 * and then sets what `replaces` looks for: the value here is a base that
 * production overrides (`base.py` → `production.py`), not what runs.
 */
export function overriddenInProduction(facts: FactsIndex, path: string, replaces: (settings: DjangoSettings) => boolean): boolean {
  const module = moduleNameOf(path);
  return facts.ofLanguage('python').some((file) => {
    const settings: DjangoSettings | undefined = file.data.settings;
    if (!settings || file.path === path || file.data.isTest || isDevelopmentSettings(file.path)) return false;
    const imports: PyImport[] = file.data.imports ?? [];
    return imports.some((entry) => entry.name === '*' && entry.module === module) && replaces(settings);
  });
}

/** Settings for development, tests or CI (`dev.py`, `local_settings.py`, `settings_test.py`): not what production runs. */
export function isDevelopmentSettings(path: string): boolean {
  return /(?:^|\/|_)(?:dev|devel|development|local|test|tests|testing|ci)(?:_settings)?\.py$/.test(path);
}

/**
 * Whether a `REST_FRAMEWORK` dict paginates list views. DRF's own classes
 * read their page size from `PAGE_SIZE` and return every row without it.
 */
function drfPagination(draft: FactsDraft, value: PyNode): DjangoSettings['drfPagination'] {
  const dict = unwrap(value);
  if (dict?.type !== 'dictionary' || dict.children.some((child) => child.type === 'dictionary_splat')) return 'unknown';
  const entries = dictEntries(draft.tree, dict) ?? [];
  const pagination = entries.find((entry) => entry.key === 'DEFAULT_PAGINATION_CLASS');
  if (!pagination || unwrap(pagination.value)?.type === 'none') return 'unset';
  const pageSize = entries.find((entry) => entry.key === 'PAGE_SIZE');
  const builtIn = /^rest_framework\.pagination\.(?:PageNumber|LimitOffset|Cursor)Pagination$/.test(stringValue(draft.tree, pagination.value) ?? '');
  if (builtIn && (!pageSize || unwrap(pageSize.value)?.type === 'none')) return 'unset';
  return 'set';
}

/** `A['b']['c']` → `['A', 'b', 'c']`. */
function subscriptPath(draft: FactsDraft, node: PyNode): string[] | undefined {
  const keys: string[] = [];
  let current: PyNode | undefined = node;
  while (current?.type === 'subscript') {
    const key = stringValue(draft.tree, field(current, 'subscript'));
    if (key === undefined) return undefined;
    keys.unshift(key);
    current = field(current, 'value');
  }
  if (current?.type !== 'identifier') return undefined;
  return [draft.text(current), ...keys];
}

function caches(draft: FactsDraft, value: PyNode): CacheSetting[] {
  const text = draft.tree.text;
  const out: CacheSetting[] = [];
  for (const alias of dictEntries(draft.tree, value) ?? []) {
    const entries = dictEntries(draft.tree, alias.value);
    const backend = entries?.find((entry) => entry.key === 'BACKEND');
    const backendValue = backend ? stringValue(draft.tree, backend.value) : undefined;
    if (!backend || !backendValue) continue;
    const location = entries!.find((entry) => entry.key === 'LOCATION');
    const setting: CacheSetting = {
      alias: alias.key,
      backend: backendValue,
      location: draft.loc(backend.value),
      backendRange: { start: backend.value.start, end: backend.value.end },
    };
    if (location) setting.locationRange = { start: location.value.start, end: location.value.end };
    else {
      const pairStart = backend.pair.start;
      const ownLine = /^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', pairStart - 1) + 1, pairStart));
      setting.entryInsert = { at: backend.pair.end, indent: ownLine ? '\n' + indentAt(text, pairStart) : ' ' };
    }
    out.push(setting);
  }
  return out;
}

function connMaxAge(draft: FactsDraft, databases: PyNode, settings: DjangoSettings): void {
  const defaultDb = dictEntries(draft.tree, databases)?.find((entry) => entry.key === 'default');
  if (!defaultDb) return;
  const entry = dictEntries(draft.tree, defaultDb.value)?.find((candidate) => candidate.key === 'CONN_MAX_AGE');
  if (entry) return setConnMaxAge(draft, entry.value, settings);
  // `dj_database_url.config(conn_max_age=600)` / `.parse(url, conn_max_age=600)`.
  const call = unwrap(defaultDb.value);
  if (call?.type === 'call') {
    const parts = callParts(draft.tree, call);
    const value = parts?.keywords.get('conn_max_age');
    if (value) setConnMaxAge(draft, value, settings);
  }
}

function setConnMaxAge(draft: FactsDraft, value: PyNode, settings: DjangoSettings): void {
  const node = unwrap(value)!;
  if (node.type === 'none') settings.connMaxAge = { value: 'persistent', location: draft.loc(node) };
  else {
    const number = intValue(draft.tree, node) ?? envDefault(draft.tree, node);
    if (number !== undefined) settings.connMaxAge = { value: number, location: draft.loc(node) };
  }
}

/** After the module docstring and `from __future__` imports, where `import os` can go. */
function importInsertionPoint(draft: FactsDraft): number {
  for (const statement of statements(draft.tree.root)) {
    if (statement.type === 'expression_statement' && statement.children[0]?.type === 'string') continue;
    if (statement.type === 'future_import_statement') continue;
    return statement.start;
  }
  return 0;
}
