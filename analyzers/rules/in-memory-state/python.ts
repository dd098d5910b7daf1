import { deploymentFacts } from '../../config/deployment';
import type { FixInput, MessageIdOf, RuleContext } from '../../core/rule';
import type { Location, Severity } from '../../core/types';
import type { CacheSetting, CacheWrite, DjangoSettings } from '../../python/facts-types';
import { callParts, decoratorName, decoratorsOf, dottedName, parameterNames, simpleAssignment, statements } from '../../python/syntax';
import { field, unwrap, walk, walkScope, type PyNode, type PyTree } from '../../python/tree';
import { isDevelopmentSettings, overriddenInProduction } from '../../python/settings';
import { executionContextAt, functionKey, pyCheck, stackOf, text, type PyCheck } from '../../python/check';
import type rule from './rule';
import type { InMemoryStateDetails } from './rule';

type Context = RuleContext<PyTree, typeof rule>;
type Check = PyCheck<typeof rule>;

const COLLECTION_CALLS = /^(?:dict|list|set|defaultdict|Counter|OrderedDict|deque|WeakValueDictionary)$/;
const MUTATORS = new Set(['append', 'add', 'update', 'setdefault', 'pop', 'popitem', 'clear', 'extend', 'insert', 'remove', 'discard', 'appendleft', 'extendleft', '__setitem__']);
const PER_USER_PARAMS = /^(?:request|user|user_id|userid|uid|session|session_key|token|access_token|email|account|account_id|customer|customer_id|ip|ip_address)$/;
const LOCAL_BACKENDS = /(?:locmem\.LocMemCache|filebased\.FileBasedCache)$/;
/** Caches every process shares; a DummyCache replacing LocMem (a development module) is not one. */
const SHARED_BACKENDS = /redis|memcache|pylibmc|DatabaseCache/i;
/** Settings files for development and tests, where a local cache is the right choice. */
const REDIS_BACKEND = 'django.core.cache.backends.redis.RedisCache';

export function check(context: Context): void {
  const c = pyCheck(context);
  if (!c) return;
  checkModuleState(c);
  checkCachedFunctions(c);
  if (c.facts.settings && !isDevelopmentSettings(c.path)) checkSettings(c, c.facts.settings);
}

/** Module-level dicts, lists, sets and counters written by code a request reaches. */
function checkModuleState(c: Check): void {
  const candidates = new Map<string, { node: PyNode; kind: 'collection' | 'counter'; writes: PyNode[] }>();
  for (const statement of statements(c.tree.root)) {
    const assignment = simpleAssignment(c.tree, statement);
    if (!assignment) continue;
    const value = unwrap(assignment.value)!;
    const isCollection = value.type === 'dictionary' || value.type === 'list' || value.type === 'set' || (value.type === 'call' && COLLECTION_CALLS.test(dottedName(c.tree, field(value, 'function'))?.pop() ?? ''));
    const isCounter = value.type === 'integer' || value.type === 'float';
    if (isCollection || isCounter) candidates.set(assignment.name, { node: assignment.target, kind: isCollection ? 'collection' : 'counter', writes: [] });
  }
  if (candidates.size === 0) return;

  for (const fn of functionNodes(c)) {
    const key = functionKey(c, field(fn, 'body') ?? fn);
    // Writes count where requests run them; a task's, a webhook receiver's or a command's serve no request.
    if (!key || !c.ws.reach.has(key) || c.ws.contextOf(key).context !== 'request') continue;
    const globals = new Set<string>();
    const locals = new Set(parameterNames(c.tree, fn));
    walkScope(field(fn, 'body') ?? fn, (node) => {
      if (node.type === 'global_statement') for (const name of node.children) globals.add(text(c, name));
      if (node.type === 'assignment' || node.type === 'augmented_assignment' || node.type === 'for_statement') {
        const left = field(node, 'left');
        if (left?.type === 'identifier' && node.type !== 'augmented_assignment') locals.add(text(c, left));
      }
    });
    walkScope(field(fn, 'body') ?? fn, (node) => {
      const written = writtenName(c, node, globals);
      if (!written) return;
      const candidate = candidates.get(written.name);
      if (!candidate || (locals.has(written.name) && !globals.has(written.name))) return;
      if (candidate.kind === 'counter' && !written.rebinds) return;
      if (candidate.kind === 'collection' && written.rebinds) return;
      candidate.writes.push(node);
    });
  }

  for (const [name, candidate] of candidates) {
    if (candidate.writes.length === 0) continue;
    c.context.report({
      message: candidate.kind === 'counter' ? 'pyModuleCounter' : 'pyModuleCollection',
      data: { name },
      start: candidate.node.start,
      end: candidate.node.end,
      related: candidate.writes.slice(0, 5).map((write) => ({ location: c.context.locate(write.start, write.end), message: 'writtenHere' })),
      context: 'request',
      details: { stack: stackOf(c.facts), stateKind: candidate.kind, writes: candidate.writes.length },
    });
  }
}

function functionNodes(c: Check): PyNode[] {
  const out: PyNode[] = [];
  walk(c.tree.root, (node) => {
    if (node.type === 'function_definition') out.push(node);
  });
  return out;
}

/** The module-level name a statement writes: `x[k] = v`, `x.append(v)`, `del x[k]`, `global n; n += 1`. */
function writtenName(c: Check, node: PyNode, globals: Set<string>): { name: string; rebinds: boolean } | undefined {
  if (node.type === 'assignment' || node.type === 'augmented_assignment') {
    const left = field(node, 'left');
    if (left?.type === 'identifier') return globals.has(text(c, left)) ? { name: text(c, left), rebinds: true } : undefined;
    if (left?.type === 'subscript') {
      const root = field(left, 'value');
      if (root?.type === 'identifier') return { name: text(c, root), rebinds: false };
    }
    return undefined;
  }
  if (node.type === 'delete_statement') {
    const target = node.children[0];
    const root = target?.type === 'subscript' ? field(target, 'value') : undefined;
    return root?.type === 'identifier' ? { name: text(c, root), rebinds: false } : undefined;
  }
  if (node.type === 'call') {
    const parts = callParts(c.tree, node);
    const receiver = unwrap(parts?.receiver);
    if (parts?.name && MUTATORS.has(parts.name) && receiver?.type === 'identifier') return { name: text(c, receiver), rebinds: false };
  }
  return undefined;
}

/** `@lru_cache` / `@cache` on a function whose arguments are per user or per request. */
function checkCachedFunctions(c: Check): void {
  walk(c.tree.root, (node) => {
    if (node.type !== 'function_definition') return;
    for (const decorator of decoratorsOf(node)) {
      const name = decoratorName(c.tree, decorator)?.join('.');
      if (!name || !/^(?:functools\.)?(?:lru_cache|cache)$/.test(name)) continue;
      const params = parameterNames(c.tree, node).filter((param) => param !== 'self' && param !== 'cls');
      const perUser = params.find((param) => PER_USER_PARAMS.test(param));
      if (!perUser) continue;
      const parts = decorator.type === 'call' ? callParts(c.tree, decorator) : undefined;
      const maxsize = parts?.keywords.get('maxsize') ?? parts?.positional[0];
      const unbounded = name.endsWith('cache') && !name.endsWith('lru_cache') ? true : maxsize !== undefined && unwrap(maxsize)?.type === 'none';
      c.context.report({
        message: unbounded ? 'pyUnboundedPerUserCache' : 'pyPerUserCache',
        data: { name: text(c, field(node, 'name')!), param: perUser },
        start: decorator.start,
        end: decorator.end,
        context: executionContextAt(c, field(node, 'body') ?? node),
        details: { stack: stackOf(c.facts), stateKind: 'function-cache', unbounded },
      });
    }
  });
}

function checkSettings(c: Check, settings: DjangoSettings): void {
  const deployment = deploymentFacts(c.context.facts, c.context.settings.config.deployment);
  const severity: Severity = deployment.multiInstance ? 'warning' : 'info';
  const gunicorn = deployment.gunicorn[0];
  const processes = gunicorn ? gunicorn.workers : undefined;
  const related = deployment.multiInstanceEvidence.slice(0, 3).map((location) => ({ location, message: 'pySeveralProcesses' as const }));
  const details: InMemoryStateDetails = { stack: 'django', multiInstance: deployment.multiInstance, workers: processes || undefined };

  const byAlias = new Map(settings.caches.map((cache) => [cache.alias, cache]));
  for (const cache of settings.caches) {
    if (!LOCAL_BACKENDS.test(cache.backend)) continue;
    // A base module whose cache production settings replace: the local cache never runs there.
    if (overriddenInProduction(c.context.facts, c.path, (other) => other.caches.some((replacement) => replacement.alias === cache.alias && SHARED_BACKENDS.test(replacement.backend)))) continue;
    const file = cache.backend.endsWith('FileBasedCache');
    c.context.report({
      message: file ? 'pyFileCache' : 'pyLocMemCache',
      data: { alias: cache.alias },
      start: cache.location.range.start.offset,
      end: cache.location.range.end.offset,
      severity,
      // Where the app keeps values in it: what each worker then holds alone.
      related: [...related, ...cacheWrites(c, cache.alias)],
      fixes: redisFix(c, settings, cache),
      details: { ...details, cacheBackend: file ? 'file' : 'locmem' },
    });
  }
  const defaultCache = byAlias.get('default');
  const defaultIsLocal = defaultCache !== undefined && LOCAL_BACKENDS.test(defaultCache.backend);
  const session = settings.sessionEngine;
  if (session && (session.value === 'django.contrib.sessions.backends.file' || (session.value === 'django.contrib.sessions.backends.cache' && defaultIsLocal))) {
    c.context.report({
      message: 'pyLocalSessions',
      start: session.location.range.start.offset,
      end: session.location.range.end.offset,
      severity,
      related,
      details: { ...details, sessions: session.value.split('.').pop()! },
    });
  }
  if (settings.defaultThrottle && defaultIsLocal) {
    c.context.report({
      message: 'pyLocalThrottle',
      start: settings.defaultThrottle.range.start.offset,
      end: settings.defaultThrottle.range.end.offset,
      severity,
      related,
      details: { ...details, throttleStore: 'locmem' },
    });
  }
}

/**
 * Up to 3 places in application code that store values in the cache `alias`:
 * first those where the value accumulates (a counter, a list read back and
 * stored again), which each worker then holds apart, then plain copies; in
 * path order within each.
 */
function cacheWrites(c: Check, alias: string): Array<{ location: Location; message: 'pyCacheStoredHere' }> {
  const writes: CacheWrite[] = [];
  for (const path of [...c.ws.files.keys()].sort()) {
    if (c.ws.isScript(path)) continue;
    for (const write of c.ws.files.get(path)!.cacheWrites ?? []) if (write.alias === alias) writes.push(write);
  }
  const ordered = [...writes.filter((write) => write.state), ...writes.filter((write) => !write.state)];
  return ordered.slice(0, 3).map((write) => ({ location: write.location, message: 'pyCacheStoredHere' as const }));
}

/** LocMem/FileBased → RedisCache with LOCATION from REDIS_URL; adds `import os` when missing. */
function redisFix(c: Check, settings: DjangoSettings, cache: CacheSetting): FixInput<MessageIdOf<typeof rule>>[] | undefined {
  const quote = c.tree.text[cache.backendRange.start] === "'" ? "'" : '"';
  const location = `os.environ.get(${quote}REDIS_URL${quote}, ${quote}redis://127.0.0.1:6379/1${quote})`;
  const edits = [{ file: c.path, start: cache.backendRange.start, end: cache.backendRange.end, newText: `${quote}${REDIS_BACKEND}${quote}` }];
  if (cache.locationRange) edits.push({ file: c.path, start: cache.locationRange.start, end: cache.locationRange.end, newText: location });
  else if (cache.entryInsert) {
    const separator = cache.entryInsert.indent === ' ' ? ' ' : cache.entryInsert.indent;
    edits.push({ file: c.path, start: cache.entryInsert.at, end: cache.entryInsert.at, newText: `,${separator}${quote}LOCATION${quote}: ${location}` });
  } else return undefined;
  if (!settings.importsOs) edits.push({ file: c.path, start: settings.importAt, end: settings.importAt, newText: 'import os\n' });
  return [{ title: 'pyUseRedisCache', applicability: 'unsafe' as const, edits }];
}
