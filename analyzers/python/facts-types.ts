import type { GunicornFacts } from '../core/servers';
import type { Location } from '../core/types';

/**
 * What one Python file contributes to the workspace index: plain,
 * serializable data with full locations. Cross-file views (models by name,
 * imports resolved to files, what views reach) are derived in `workspace.ts`.
 */
export interface PythonFacts {
  /** Dotted module name from the path: `blog/views.py` → `blog.views`. */
  module: string;
  /** Test code (`code-kind.ts`: test folders and files, conftest, fixtures, `TestCase` classes): never a request path. */
  isTest: boolean;
  /**
   * A script or a migration (`code-kind.ts`: management commands, scripts/,
   * migrations/, `Migration` classes): one-off code, not a request path. The
   * `.scalecheck.json` `scripts` globs add to these in the workspace view
   * (`PyWorkspace.isScript`).
   */
  isScript: boolean;
  imports: PyImport[];
  /** Top-level names bound by `def`, `class` or a plain assignment in this module. */
  definitions: string[];
  classes: PyClass[];
  models: DjangoModel[];
  functions: PyFunction[];
  serializers: DrfSerializer[];
  /** Where serializers are built (`PostSerializer(posts, many=True)`, `self.get_serializer(page, many=True)`): how many rows each serializes. */
  serializerCalls: SerializerCall[];
  /** `@receiver(post_save, sender=Order)` and `post_save.connect(handler, sender=Order)`. */
  signals: SignalHandler[];
  /** Filter/get/order_by lookups on `Model.objects` chains, for missing-index. */
  queries: QueryFact[];
  /** `Model.objects.create(…)` and friends: where rows of a model are created (table growth, for missing-index). */
  creates: CreateFact[];
  /** Module-level AI SDK clients (`client = OpenAI(timeout=30)`). */
  aiClients: AiClientFact[];
  /** Which AI SDKs the module imports (`openai`, `anthropic`, `langchain`, `llama_index`, `litellm`). */
  aiImports: string[];
  settings?: DjangoSettings;
  gunicorn?: GunicornConf;
  /** Where application code stores values in a Django cache (`cache.set(…)`, `caches["x"].add(…)`), by alias. */
  cacheWrites?: CacheWrite[];
}

export interface CacheWrite {
  alias: string;
  location: Location;
  /** The value accumulates in the cache (a counter, or a value read back and stored again): state, not a recomputable copy. */
  state?: boolean;
}

/** The queue library behind a task decorator: it decides what calling the function does. */
export type TaskFramework = 'celery' | 'huey' | 'dramatiq' | 'rq';

export interface PyImport {
  /** Absolute dotted module (relative imports resolved against this file's package). */
  module: string;
  /** The imported name for `from m import name`; undefined for `import m`. */
  name?: string;
  /** The name bound in this module. */
  local: string;
}

export interface PyClass {
  name: string;
  location: Location;
  /** Base classes as written, dotted: `models.Model`, `viewsets.ModelViewSet`. */
  bases: string[];
  /** Methods defined in the class body. */
  methods: string[];
  /** DRF view attributes. */
  queryset?: QuerysetFact;
  serializerClass?: string;
  /** `throttle_classes` set (non-empty) or a ratelimit decorator on the class. */
  throttled: boolean;
  /** `model = X` of a ModelForm's Meta, a generic view, or a serializer. */
  metaModel?: string;
  /** Where a generic view's own `model = X` line is (not a Meta's), for findings about the view's rows. */
  modelAttribute?: Location;
  /** DRF `pagination_class`: `none` when set to `None`, `set` for any class. */
  paginationClass?: 'set' | 'none';
  /** Django `ListView.paginate_by`: `none` when `None` or `0`, `set` otherwise. */
  paginateBy?: 'set' | 'none';
}

/** A queryset expression a view or loop starts from: `Post.objects.filter(...)`. */
export interface QuerysetFact {
  model: string;
  location: Location;
  /** Relations made eager: `select_related("author")` → `author`; `*` for a bare `select_related()`. */
  selectRelated: string[];
  prefetchRelated: string[];
  /** Offset just after `Model.objects` (where a fix inserts `.select_related(...)`), in this file. */
  insertAt: number;
  /** True when rows come back as dicts or tuples (`values()`), so relations are never loaded per row. */
  flat: boolean;
  /** The chain is sliced (`[:100]`) or indexed: a bounded number of rows. */
  sliced: boolean;
  /** Keyword lookups of its `filter(…)` calls (`user`, `space__id`, `pk__in`): which rows it picks (`row-scope.ts`). */
  filters: string[];
  /** A `filter(…)` takes `Q(…)` objects or `**kwargs`, which ScaleCheck cannot read. */
  unreadFilter: boolean;
}

/** A serializer built in code: its class name as called, or `get_serializer` / `serializer_class` on a view's `self`. */
export interface SerializerCall {
  callee: string;
  many: boolean;
  /** The class the call is in (a view whose `serializer_class` it builds, or a serializer nesting another). */
  className?: string;
}

export type RelationKind = 'fk' | 'o2o' | 'm2m';

export interface DjangoField {
  name: string;
  location: Location;
  /** The field class as written, last segment: `CharField`, `ForeignKey`. */
  fieldClass: string;
  relation?: RelationKind;
  /** Related model as written: `Author`, `blog.Author`, `self`, or `@AUTH_USER_MODEL`. */
  target?: string;
  /** Primary key, unique, db_index=True, a SlugField, or a relation Django indexes itself. */
  indexed: boolean;
  /** Primary key, `unique=True`, or a one-to-one field: one row per value. */
  unique?: boolean;
  relatedName?: string;
  /** Booleans and fields with `choices`: an index rarely pays for so few distinct values. */
  lowCardinality: boolean;
  /** Where `db_index=True` goes: offset of the call's closing parenthesis, and the text before it. */
  indexFix?: { at: number; text: string };
}

export interface DjangoModel {
  name: string;
  location: Location;
  bases: string[];
  abstract: boolean;
  fields: DjangoField[];
  /** Field lists of Meta.indexes, index_together, unique_together and constraints, in order. */
  indexes: string[][];
  /** The field lists of those that are unique (unique_together, unique constraints without a condition). */
  uniques: string[][];
  /**
   * Lookups the default manager adds to every query: django-scopes'
   * `objects = ScopedManager(space='space')` filters each query by `space`.
   */
  scopedBy?: string[];
  /** Where a `models.Index(...)` goes for a composite index: an insertion point and its text template. */
  compositeFix?: { at: number; before: string; after: string };
  /** `def save(self, ...)` is overridden. */
  savesItself: boolean;
}

export interface PyCall {
  /** Dotted callee as written: `['send_mail']`, `['services', 'notify']`, `['self', 'helper']`. */
  callee: string[];
  location: Location;
}

export type ViewKind = 'function' | 'class' | 'drf' | 'ninja' | 'fastapi';

export interface PyFunction {
  /** `name` for module functions, `Class.name` for methods. */
  id: string;
  name: string;
  className?: string;
  location: Location;
  async: boolean;
  view?: ViewKind;
  /** A background task (`@shared_task`, `@app.task`, `@db_task`, `@dramatiq.actor`, `@job`). */
  task: boolean;
  /** The queue library of a task: a Huey task queues itself when called, the others run inline unless `.delay`/`.send`. */
  taskFramework?: TaskFramework;
  /** DRF `@throttle_classes`, django-ratelimit `@ratelimit`. */
  throttled: boolean;
  /** A view only staff or superusers can run (`views.ts`): a rare action, whatever it does. */
  staffOnly?: boolean;
  /** A view that verifies an inbound webhook's signature: another service calls it, no user waits on it. */
  webhook?: boolean;
  calls: PyCall[];
  /** Models this function saves or creates (their `save()` overrides and signals run). */
  saves: string[];
}

export interface SerializerRelation {
  /** Attribute hops from the serialized row: `['author']`, `['author', 'profile']`. */
  path: string[];
  /** True for a to-many access (`many=True`, `.all()`, `.count()`). */
  many: boolean;
  location: Location;
}

export interface DrfSerializer {
  name: string;
  location: Location;
  model?: string;
  relations: SerializerRelation[];
}

export interface SignalHandler {
  signal: string;
  sender: string;
  /** The handler function's id in this module. */
  handler: string;
  location: Location;
}

export interface LookupFact {
  /** `author__username__in` split on `__`. */
  path: string[];
  location: Location;
  kind: 'filter' | 'order';
}

export interface CreateFact {
  model: string;
  /** `bulk_create`, or a create in a loop: rows arrive many at a time. */
  bulk: boolean;
  /** The lookups of a `get_or_create` / `update_or_create`: the row is found by them, or created once. */
  keys?: string[];
  location: Location;
  /** The function it runs in, as `QueryFact.inFunction`. */
  inFunction?: string;
}

export interface QueryFact {
  model: string;
  /** The method the lookups were passed to (`filter`, `get`, `order_by`). */
  method: string;
  location: Location;
  lookups: LookupFact[];
  /** Set when the chain also filters: sorting a filtered subset rarely needs its own index. */
  filtered: boolean;
  /** `**kwargs` was passed: lookups ScaleCheck cannot see may use an index. */
  hasSplat: boolean;
  /** The chain calls a custom manager or queryset method whose own filters ScaleCheck cannot see. */
  opaque: boolean;
  /** The chain ends in `.update(…)` or `.delete()`: a bulk write, not a read. */
  bulkWrite?: boolean;
  /** The function the query is in (`Class.method` or `name`), for reachability. */
  inFunction?: string;
}

export interface AiClientFact {
  name: string;
  sdk: string;
  hasTimeout: boolean;
  hasMaxTokens: boolean;
  location: Location;
}

export interface CacheSetting {
  alias: string;
  backend: string;
  location: Location;
  /** The whole `BACKEND` string literal, for the fix. */
  backendRange: { start: number; end: number };
  /** `LOCATION` value node, when written. */
  locationRange?: { start: number; end: number };
  /** Where a new `"LOCATION": …` entry goes, with its indentation. */
  entryInsert?: { at: number; indent: string };
}

export interface DjangoSettings {
  caches: CacheSetting[];
  sessionEngine?: { value: string; location: Location };
  /** The `SessionMiddleware` entry of `MIDDLEWARE`: every request loads its session. */
  sessionMiddleware?: Location;
  /** Where a new setting goes: the end of the `MIDDLEWARE` statement, on the line after it. */
  settingInsertAt?: number;
  /** `REST_FRAMEWORK['DEFAULT_THROTTLE_CLASSES']` is set and non-empty. */
  defaultThrottle?: Location;
  /**
   * Whether DRF paginates list views by default. `unset` when `REST_FRAMEWORK`
   * names no `DEFAULT_PAGINATION_CLASS` (or one of DRF's own classes without
   * `PAGE_SIZE`, which paginate nothing); `unknown` when the dict is built in a
   * way ScaleCheck cannot read. Undefined when this module does not touch it.
   */
  drfPagination?: 'set' | 'unset' | 'unknown';
  /** django-ratelimit's cache alias (`RATELIMIT_USE_CACHE`). */
  ratelimitCache?: string;
  connMaxAge?: { value: number | 'persistent'; location: Location };
  authUserModel?: string;
  /** Offset where `import os` can be inserted, and whether `os` is imported. */
  importsOs: boolean;
  importAt: number;
}

export interface GunicornConf {
  workers?: number;
  /** `workers = multiprocessing.cpu_count() * 2 + 1` and the like: more than one, number unknown. */
  workersDynamic: boolean;
  threads?: number;
  workerClass?: string;
  location: Location;
  /** The same numbers in the shape the config analyzer uses, when both are known. */
  facts?: GunicornFacts;
}

declare module '../core/facts' {
  interface FactsByLanguage {
    python: PythonFacts;
  }
}
