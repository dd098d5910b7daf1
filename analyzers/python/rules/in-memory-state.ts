import { deploymentFacts } from '../../config/deployment';
import type { RuleContext } from '../../core/rule';
import type { Severity } from '../../core/types';
import type { LanguageRule } from '../../rules/define';
import type { CacheSetting, DjangoSettings } from '../facts-types';
import { callParts, decoratorName, decoratorsOf, dottedName, parameterNames, simpleAssignment, statements } from '../syntax';
import { field, unwrap, walk, walkScope, type PyNode, type PyTree } from '../tree';
import { functionKey, pyCheck, stackOf, text, type PyCheck } from './common';

const COLLECTION_CALLS = /^(?:dict|list|set|defaultdict|Counter|OrderedDict|deque|WeakValueDictionary)$/;
const MUTATORS = new Set(['append', 'add', 'update', 'setdefault', 'pop', 'popitem', 'clear', 'extend', 'insert', 'remove', 'discard', 'appendleft', 'extendleft', '__setitem__']);
const PER_USER_PARAMS = /^(?:request|user|user_id|userid|uid|session|session_key|token|access_token|email|account|account_id|customer|customer_id|ip|ip_address)$/;
const LOCAL_BACKENDS = /(?:locmem\.LocMemCache|filebased\.FileBasedCache)$/;
/** Settings files for development and tests, where a local cache is the right choice. */
const DEV_SETTINGS = /(?:^|\/|_)(?:dev|development|local|test|tests|testing|ci)(?:_settings)?\.py$/;
const REDIS_BACKEND = 'django.core.cache.backends.redis.RedisCache';

function check(context: RuleContext<PyTree>): void {
  const c = pyCheck(context);
  if (!c) return;
  checkModuleState(c);
  checkCachedFunctions(c);
  if (c.facts.settings && !DEV_SETTINGS.test(c.path)) checkSettings(c, c.facts.settings);
}

/** Module-level dicts, lists, sets and counters written by code a request reaches. */
function checkModuleState(c: PyCheck): void {
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
    if (!key || !c.ws.reach.has(key)) continue;
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
      details: { stack: stackOf(c.facts), stateKind: candidate.kind, writes: candidate.writes.length },
    });
  }
}

function functionNodes(c: PyCheck): PyNode[] {
  const out: PyNode[] = [];
  walk(c.tree.root, (node) => {
    if (node.type === 'function_definition') out.push(node);
  });
  return out;
}

/** The module-level name a statement writes: `x[k] = v`, `x.append(v)`, `del x[k]`, `global n; n += 1`. */
function writtenName(c: PyCheck, node: PyNode, globals: Set<string>): { name: string; rebinds: boolean } | undefined {
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
function checkCachedFunctions(c: PyCheck): void {
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
        details: { stack: stackOf(c.facts), stateKind: 'function-cache', unbounded },
      });
    }
  });
}

function checkSettings(c: PyCheck, settings: DjangoSettings): void {
  const deployment = deploymentFacts(c.context.facts, c.context.settings.config.deployment);
  const severity: Severity = deployment.multiInstance ? 'warning' : 'info';
  const gunicorn = deployment.gunicorn[0];
  const processes = gunicorn ? gunicorn.workers : undefined;
  const related = deployment.multiInstanceEvidence.slice(0, 3).map((location) => ({ location, message: 'pySeveralProcesses' }));
  const details = { stack: 'django', multiInstance: deployment.multiInstance, ...(processes ? { gunicornWorkers: processes } : {}) };

  const byAlias = new Map(settings.caches.map((cache) => [cache.alias, cache]));
  for (const cache of settings.caches) {
    if (!LOCAL_BACKENDS.test(cache.backend)) continue;
    const file = cache.backend.endsWith('FileBasedCache');
    c.context.report({
      message: file ? 'pyFileCache' : 'pyLocMemCache',
      data: { alias: cache.alias },
      start: cache.location.range.start.offset,
      end: cache.location.range.end.offset,
      severity,
      related,
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

/** LocMem/FileBased → RedisCache with LOCATION from REDIS_URL; adds `import os` when missing. */
function redisFix(c: PyCheck, settings: DjangoSettings, cache: CacheSetting) {
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

export const inMemoryStatePy: LanguageRule<PyTree> = {
  check,
  messages: {
    pyModuleCollection: {
      en: '`{{name}}` is a module-level collection written while serving requests: every Gunicorn worker and every instance keeps its own copy, and a restart or deploy empties it. Keep it in the database or a shared cache (Redis).',
      ko: '`{{name}}`은(는) 요청을 처리하며 값을 쓰는 모듈 수준 컬렉션입니다. Gunicorn 워커와 인스턴스마다 따로 가지고, 재시작이나 배포 때 비워집니다. 데이터베이스나 공유 캐시(Redis)에 두세요.',
    },
    pyModuleCounter: {
      en: '`{{name}}` is a module-level counter changed while serving requests: each worker counts on its own, concurrent threads race on it, and a restart resets it. Use the database (`F()` updates) or Redis `INCR`.',
      ko: '`{{name}}`은(는) 요청을 처리하며 바뀌는 모듈 수준 카운터입니다. 워커마다 따로 세고, 스레드끼리 경쟁하며, 재시작하면 처음으로 돌아갑니다. 데이터베이스(`F()` 업데이트)나 Redis `INCR`을 쓰세요.',
    },
    pyPerUserCache: {
      en: '`@lru_cache` on `{{name}}` keys entries by `{{param}}`: each worker caches its own users, entries go stale across workers, and the cache takes memory for every user. Use Django\'s cache framework with a shared backend.',
      ko: '`{{name}}`의 `@lru_cache`는 `{{param}}`별로 값을 저장합니다. 워커마다 자기 사용자만 캐시하고, 워커끼리 값이 어긋나며, 사용자 수만큼 메모리를 씁니다. 공유 백엔드를 쓰는 Django 캐시 프레임워크를 쓰세요.',
    },
    pyUnboundedPerUserCache: {
      en: 'An unbounded cache on `{{name}}` keyed by `{{param}}` grows with every user and never shrinks, separately in each worker. Use Django\'s cache framework with a shared backend and a timeout.',
      ko: '`{{param}}`을 키로 쓰는 `{{name}}`의 무제한 캐시는 사용자마다 커지기만 하고 줄지 않으며, 워커마다 따로 쌓입니다. 타임아웃이 있는 공유 백엔드로 Django 캐시 프레임워크를 쓰세요.',
    },
    pyLocMemCache: {
      en: 'Cache `{{alias}}` uses LocMemCache: memory of one process. Each Gunicorn worker and each instance keeps its own cache, hit rates fall and invalidation misses the others. Use Redis or Memcached.',
      ko: '`{{alias}}` 캐시가 LocMemCache, 즉 한 프로세스의 메모리를 씁니다. Gunicorn 워커와 인스턴스가 저마다 따로 캐시하므로 적중률이 떨어지고 무효화가 다른 프로세스에 닿지 않습니다. Redis나 Memcached를 쓰세요.',
    },
    pyFileCache: {
      en: 'Cache `{{alias}}` uses FileBasedCache: files on one machine\'s disk. Other instances never see them and container restarts wipe them. Use Redis or Memcached.',
      ko: '`{{alias}}` 캐시가 FileBasedCache, 즉 한 머신의 디스크 파일을 씁니다. 다른 인스턴스는 볼 수 없고 컨테이너를 재시작하면 사라집니다. Redis나 Memcached를 쓰세요.',
    },
    pyLocalSessions: {
      en: 'Sessions are stored in this process (a local cache) or on this machine\'s disk: a user whose next request lands on another worker or instance is logged out. Use the database, `cached_db`, or a shared cache.',
      ko: '세션을 이 프로세스(로컬 캐시)나 이 머신의 디스크에 저장합니다. 다음 요청이 다른 워커나 인스턴스로 가면 사용자가 로그아웃됩니다. 데이터베이스, `cached_db`, 또는 공유 캐시를 쓰세요.',
    },
    pyLocalThrottle: {
      en: 'DRF throttles count requests in the default cache, which is LocMemCache here: each process counts separately, so with N workers or instances the real limit is N times the configured rate. Point the default cache at Redis.',
      ko: 'DRF 스로틀은 기본 캐시에 요청 수를 세는데, 여기서는 LocMemCache입니다. 프로세스마다 따로 세므로 워커나 인스턴스가 N개면 실제 한도는 설정한 비율의 N배가 됩니다. 기본 캐시를 Redis로 바꾸세요.',
    },
    pySeveralProcesses: { en: 'more than one process or instance serves requests', ko: '요청을 처리하는 프로세스나 인스턴스가 여럿입니다' },
    pyUseRedisCache: { en: 'Use RedisCache with LOCATION from REDIS_URL', ko: 'REDIS_URL을 LOCATION으로 쓰는 RedisCache로 바꾸기' },
  },
};
