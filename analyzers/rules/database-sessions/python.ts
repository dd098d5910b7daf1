import type { FixInput, MessageIdOf, RuleContext } from '../../core/rule';
import type { FactsIndex } from '../../core/facts';
import type { Location } from '../../core/types';
import { pyCheck } from '../../python/check';
import type { CacheSetting, DjangoSettings } from '../../python/facts-types';
import { isDevelopmentSettings, overriddenInProduction } from '../../python/settings';
import type { PyTree } from '../../python/tree';
import type rule from './rule';

type MessageId = MessageIdOf<typeof rule>;
type Context = RuleContext<PyTree, typeof rule>;

const DATABASE_ENGINE = 'django.contrib.sessions.backends.db';
const CACHED_DB = 'django.contrib.sessions.backends.cached_db';
/** Cache backends every worker and instance share. LocMem and file caches are per machine or process. */
const SHARED_CACHE = /redis|\.memcached\.|pymemcache|pylibmc/i;

/**
 * Django sessions kept in the database: `SESSION_ENGINE` set to the `db`
 * backend, or left unset in a settings module that turns sessions on
 * (`SessionMiddleware` in `MIDDLEWARE`), when no other production settings
 * module of the workspace chooses another engine. Development and test
 * settings are not what production runs and are skipped.
 *
 * Confidence is high when a shared cache (Redis, Memcached) is configured,
 * so `cached_db` is a one-line change, and medium when one would have to be
 * added first. The fix writes `cached_db`; it is unsafe because it moves
 * where sessions are read from.
 */
export function check(context: Context): void {
  const c = pyCheck(context, { includeScripts: true });
  const settings = c?.facts.settings;
  if (!c || !settings || isDevelopmentSettings(c.path)) return;
  const production = productionSessions(context.facts);
  const cache = settings.caches.find(isShared) ?? production.sharedCache;
  const engine = settings.sessionEngine;
  if (engine) {
    if (engine.value !== DATABASE_ENGINE) return;
    if (overriddenInProduction(context.facts, c.path, (other) => other.sessionEngine !== undefined && other.sessionEngine.value !== DATABASE_ENGINE)) return;
    report(context, engine.location, true, cache, replaceEngine(c.path, c.tree.text, engine.location));
    return;
  }
  if (!settings.sessionMiddleware || production.otherEngine) return;
  report(context, settings.sessionMiddleware, false, cache, addEngine(c.path, settings));
}

function report(context: Context, at: Location, explicit: boolean, cache: CacheSetting | undefined, fix: FixInput<MessageId> | undefined): void {
  const message: MessageId = explicit ? (cache ? 'pySessionsInDatabase' : 'pySessionsInDatabaseNoCache') : cache ? 'pySessionsByDefault' : 'pySessionsByDefaultNoCache';
  context.report({
    message,
    data: { alias: cache?.alias ?? '' },
    start: at.range.start.offset,
    end: at.range.end.offset,
    confidence: cache ? 'high' : 'medium',
    related: cache ? [{ location: cache.location, message: 'pySharedCacheHere' }] : undefined,
    // Only with a shared cache: `cached_db` on a per-process cache would show each worker its own session.
    fixes: cache && fix ? [fix] : undefined,
    details: { stack: 'django', explicit, sharedCache: cache !== undefined },
  });
}

function isShared(cache: CacheSetting): boolean {
  return SHARED_CACHE.test(cache.backend);
}

interface ProductionSessions {
  /** A production settings module picks an engine other than the database. */
  otherEngine: boolean;
  /** A shared cache some production settings module configures. */
  sharedCache?: CacheSetting;
}

/**
 * What the workspace's production settings modules say about sessions. A
 * split layout (`base.py` turning sessions on, `production.py` choosing a
 * cache engine) is one deployment: the choice in one module answers for the
 * others.
 */
function productionSessions(facts: FactsIndex): ProductionSessions {
  return facts.derived('python:production-sessions', (index) => {
    const result: ProductionSessions = { otherEngine: false };
    for (const file of index.ofLanguage('python')) {
      const settings: DjangoSettings | undefined = file.data.settings;
      if (!settings || file.data.isTest || isDevelopmentSettings(file.path)) continue;
      if (settings.sessionEngine && settings.sessionEngine.value !== DATABASE_ENGINE) result.otherEngine = true;
      result.sharedCache ??= settings.caches.find(isShared);
    }
    return result;
  });
}

/** `SESSION_ENGINE = "…db"` → the `cached_db` backend, in the file's own quotes. */
function replaceEngine(path: string, text: string, at: Location): FixInput<MessageId> {
  const quote = text[at.range.start.offset] === "'" ? "'" : '"';
  return { title: 'pyUseCachedDb', applicability: 'unsafe', edits: [{ file: path, start: at.range.start.offset, end: at.range.end.offset, newText: `${quote}${CACHED_DB}${quote}` }] };
}

/** A `SESSION_ENGINE` line after the `MIDDLEWARE` statement. */
function addEngine(path: string, settings: DjangoSettings): FixInput<MessageId> | undefined {
  if (settings.settingInsertAt === undefined) return undefined;
  const at = settings.settingInsertAt;
  return { title: 'pyUseCachedDb', applicability: 'unsafe', edits: [{ file: path, start: at, end: at, newText: `\nSESSION_ENGINE = "${CACHED_DB}"` }] };
}
