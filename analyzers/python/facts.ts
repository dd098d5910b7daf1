import type { ParsedFile } from '../core/rule';
import type { Location } from '../core/types';
import { gunicornWorkerModel } from '../core/servers';
import type {
  CacheSetting,
  DjangoField,
  DjangoModel,
  DjangoSettings,
  DrfSerializer,
  GunicornConf,
  LookupFact,
  PyClass,
  PyFunction,
  PythonFacts,
  QuerysetFact,
  SerializerRelation,
  ViewKind,
} from './facts-types';
import { querysetChain, type QuerysetChain } from './queryset';
import {
  callParts,
  chainCalls,
  chainRoot,
  decoratorName,
  decoratorsOf,
  definitionOf,
  dictEntries,
  dottedName,
  intValue,
  isAsync,
  isOutermostCall,
  isFalse,
  isTrue,
  parameterNames,
  sequenceItems,
  simpleAssignment,
  statements,
  stringValue,
} from './syntax';
import { field, unwrap, walk, walkScope, type PyNode, type PyTree } from './tree';

/** `blog/views.py` → `blog.views`; `blog/models/__init__.py` → `blog.models`. */
export function moduleNameOf(path: string): string {
  return path
    .replace(/\.py$/i, '')
    .replace(/\/__init__$/, '')
    .split('/')
    .filter(Boolean)
    .join('.');
}

const TEST_PATH = /(?:^|\/)(?:tests?|testing|test_utils|fixtures|factories)(?:\/|\.py$)|(?:^|\/)(?:test_[^/]*|[^/]*_tests?|conftest)\.py$/;

/**
 * Folders whose name starts with a dot hold tooling (`.semgrep/` rule
 * fixtures, `.github/` helpers), never the application a request runs.
 */
const TOOLING_PATH = /(?:^|\/)\.[^/.][^/]*\//;
/** A test case class, wherever the file lives: `class OrderTests(APITestCase)`. */
const TEST_CLASS = /^class\s+\w+\s*\([^)]*\b\w*TestCase\b/m;
/** A migration, wherever `MIGRATION_MODULES` put it: Django runs it once, at deploy. */
const MIGRATION_CLASS = /^class\s+Migration\s*\(\s*migrations\.Migration\s*\)/m;

/** Test code by its path or by the test case classes it defines. */
export function isTestFile(path: string, text: string): boolean {
  return TEST_PATH.test(path) || TOOLING_PATH.test(path) || TEST_CLASS.test(text);
}

const SCRIPT_PATH = /(?:^|\/)(?:management\/commands|scripts?|migrations)\//;

/** One-off code by its folder or because it is a migration. */
export function isScriptFile(path: string, text: string): boolean {
  return SCRIPT_PATH.test(path) || MIGRATION_CLASS.test(text);
}

/** AI SDK modules by the name ScaleCheck reports them under. */
export const AI_SDKS: Array<[RegExp, string]> = [
  [/^openai(?:\.|$)/, 'openai'],
  [/^anthropic(?:\.|$)/, 'anthropic'],
  [/^langchain(?:_[a-z]+)?(?:\.|$)/, 'langchain'],
  [/^llama_index(?:\.|$)/, 'llama_index'],
  [/^litellm(?:\.|$)/, 'litellm'],
  [/^google\.generativeai|^google\.genai/, 'gemini'],
  [/^mistralai(?:\.|$)/, 'mistral'],
  [/^groq(?:\.|$)/, 'groq'],
  [/^cohere(?:\.|$)/, 'cohere'],
];

const VIEW_BASE = /(?:View|ViewSet|APIView)$/;
const DRF_BASE = /^(?:rest_framework\.|viewsets\.|generics\.|mixins\.|views\.APIView)|APIView$|ViewSet$|^(?:Generic|ListAPI|RetrieveAPI|CreateAPI|ListCreateAPI|RetrieveUpdateAPI|RetrieveDestroyAPI|RetrieveUpdateDestroyAPI|UpdateAPI|DestroyAPI)View$/;
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'api_route', 'api_operation', 'head', 'options']);
/** Django's own QuerySet methods; anything else on a chain is a custom manager method. */
const KNOWN_QUERYSET_METHODS = new Set([
  'all', 'filter', 'exclude', 'get', 'first', 'last', 'count', 'exists', 'aggregate', 'annotate', 'order_by', 'values', 'values_list',
  'distinct', 'select_related', 'prefetch_related', 'only', 'defer', 'latest', 'earliest', 'in_bulk', 'contains', 'iterator', 'create',
  'update', 'delete', 'get_or_create', 'update_or_create', 'none', 'reverse', 'using', 'alias', 'dates', 'datetimes', 'select_for_update',
  'bulk_create', 'bulk_update', 'explain', 'union', 'intersection', 'difference', 'extra', 'raw',
]);
const TASK_DECORATOR = /^(?:shared_task|task|periodic_task|db_task|db_periodic_task)$/;
const SIGNALS = new Set(['pre_save', 'post_save', 'pre_delete', 'post_delete', 'm2m_changed']);
const RELATION_FIELDS: Record<string, 'fk' | 'o2o' | 'm2m'> = {
  ForeignKey: 'fk',
  OneToOneField: 'o2o',
  ManyToManyField: 'm2m',
  ParentalKey: 'fk',
  ParentalManyToManyField: 'm2m',
  TreeForeignKey: 'fk',
  TreeOneToOneField: 'o2o',
  TreeManyToManyField: 'm2m',
};
/** Django field classes that are indexed without asking. */
const SELF_INDEXED = new Set(['SlugField', 'AutoField', 'BigAutoField', 'SmallAutoField']);
const LOW_CARDINALITY = new Set(['BooleanField', 'NullBooleanField']);
const FIELD_CALL = /(?:Field|ForeignKey|ParentalKey)$/;

export function extractPythonFacts(file: ParsedFile<PyTree>): PythonFacts {
  return new Extractor(file).run();
}

class Extractor {
  private readonly tree: PyTree;
  private readonly module: string;
  private readonly facts: PythonFacts;
  /** Names bound at module level to routers/apps (`router = Router()`), for route decorators. */
  private readonly routers = new Set<string>();

  constructor(private readonly file: ParsedFile<PyTree>) {
    this.tree = file.tree;
    this.module = moduleNameOf(file.path);
    this.facts = {
      module: this.module,
      isTest: isTestFile(file.path, file.text),
      isScript: isScriptFile(file.path, file.text),
      imports: [],
      definitions: [],
      classes: [],
      models: [],
      functions: [],
      serializers: [],
      signals: [],
      queries: [],
      aiClients: [],
      aiImports: [],
    };
  }

  run(): PythonFacts {
    const root = this.tree.root;
    this.collectImports();
    for (const statement of statements(root)) this.topLevel(statement);
    this.collectQueries();
    this.collectConnectedSignals();
    if (this.looksLikeSettings()) this.facts.settings = this.settings();
    // A half-typed config gives numbers it does not mean (a `threads =` not finished reads as 1): none until it parses.
    if (/(?:^|\/)gunicorn[^/]*\.py$/i.test(this.file.path) && !this.tree.syntaxErrors) this.facts.gunicorn = this.gunicorn();
    return this.facts;
  }

  private loc(node: PyNode): Location {
    return { file: this.file.path, range: this.file.lines.range(node.start, node.end) };
  }

  private text(node: PyNode): string {
    return this.tree.text.slice(node.start, node.end);
  }

  private dotted(node: PyNode | undefined): string | undefined {
    return dottedName(this.tree, node)?.join('.');
  }

  // ── imports ──────────────────────────────────────────────────────────────

  private collectImports(): void {
    const sdks = new Set<string>();
    walk(this.tree.root, (node) => {
      if (node.type === 'import_statement') {
        for (const child of node.children) {
          if (child.field !== 'name') continue;
          if (child.type === 'dotted_name') {
            const module = this.text(child);
            this.facts.imports.push({ module, local: module.split('.')[0] });
          } else if (child.type === 'aliased_import') {
            const name = field(child, 'name');
            const alias = field(child, 'alias');
            if (name && alias) this.facts.imports.push({ module: this.text(name), local: this.text(alias) });
          }
        }
        return false;
      }
      if (node.type === 'import_from_statement') {
        const moduleNode = field(node, 'module_name');
        if (!moduleNode) return false;
        const module = this.absoluteModule(moduleNode);
        for (const child of node.children) {
          if (child.field !== 'name') continue;
          if (child.type === 'dotted_name') this.facts.imports.push({ module, name: this.text(child), local: this.text(child) });
          else if (child.type === 'aliased_import') {
            const name = field(child, 'name');
            const alias = field(child, 'alias');
            if (name && alias) this.facts.imports.push({ module, name: this.text(name), local: this.text(alias) });
          }
        }
        return false;
      }
      return undefined;
    });
    for (const entry of this.facts.imports) {
      const full = entry.name ? `${entry.module}.${entry.name}` : entry.module;
      for (const [pattern, sdk] of AI_SDKS) if (pattern.test(entry.module) || pattern.test(full)) sdks.add(sdk);
    }
    this.facts.aiImports = [...sdks];
  }

  /** Resolves `from ..services import x` against this file's package. */
  private absoluteModule(node: PyNode): string {
    if (node.type !== 'relative_import') return this.text(node);
    const prefix = node.children.find((child) => child.type === 'import_prefix');
    const rest = node.children.find((child) => child.type === 'dotted_name');
    const dots = prefix ? this.text(prefix).length : 0;
    const isPackage = /(?:^|\/)__init__\.py$/.test(this.file.path);
    const parts = this.module.split('.').filter(Boolean);
    // A module's package is its parent; a package's `__init__` is its own package.
    const base = parts.slice(0, Math.max(0, parts.length - (isPackage ? 0 : 1) - (dots - 1)));
    if (rest) base.push(...this.text(rest).split('.'));
    return base.join('.');
  }

  // ── module level ─────────────────────────────────────────────────────────

  private topLevel(statement: PyNode): void {
    const definition = definitionOf(statement);
    if (definition.type === 'function_definition') {
      const name = field(definition, 'name');
      if (name) this.facts.definitions.push(this.text(name));
      this.functionFacts(definition, undefined);
      return;
    }
    if (definition.type === 'class_definition') {
      const name = field(definition, 'name');
      if (name) this.facts.definitions.push(this.text(name));
      this.classFacts(definition);
      return;
    }
    const assignment = simpleAssignment(this.tree, statement);
    if (!assignment) return;
    this.facts.definitions.push(assignment.name);
    const value = unwrap(assignment.value);
    if (value?.type !== 'call') return;
    const parts = callParts(this.tree, value);
    const callee = this.dotted(parts?.callee) ?? '';
    const last = callee.split('.').pop() ?? '';
    if (/^(?:Router|NinjaAPI|APIRouter|FastAPI)$/.test(last)) this.routers.add(assignment.name);
    const sdk = this.aiClientSdk(last);
    if (parts && sdk) {
      this.facts.aiClients.push({
        name: assignment.name,
        sdk,
        hasTimeout: parts.keywords.has('timeout') || parts.keywords.has('request_timeout') || parts.hasKwargsSplat,
        hasMaxTokens: ['max_tokens', 'max_output_tokens', 'max_completion_tokens', 'max_new_tokens', 'num_output'].some((key) => parts.keywords.has(key)) || parts.hasKwargsSplat,
        location: this.loc(assignment.target),
      });
    }
  }

  /** The SDK a constructor belongs to, judged by its name and this module's AI imports. */
  aiClientSdk(constructor: string): string | undefined {
    const imported = this.facts.imports.find((entry) => entry.local === constructor || entry.module.split('.').pop() === constructor);
    const from = imported ? imported.module + (imported.name ? `.${imported.name}` : '') : '';
    if (!this.facts.aiImports.length) return undefined;
    if (/^(?:OpenAI|AsyncOpenAI|AzureOpenAI|AsyncAzureOpenAI)$/.test(constructor)) return from.startsWith('llama_index') ? 'llama_index' : 'openai';
    if (/^(?:Anthropic|AsyncAnthropic|AnthropicBedrock|AnthropicVertex)$/.test(constructor)) return 'anthropic';
    if (/^Chat[A-Z]\w*$/.test(constructor) && from.startsWith('langchain')) return 'langchain';
    if (/^OpenAILike$/.test(constructor)) return 'llama_index';
    return undefined;
  }

  // ── functions ────────────────────────────────────────────────────────────

  private functionFacts(definition: PyNode, owner: { name: string; view?: ViewKind; throttled: boolean } | undefined): PyFunction | undefined {
    const nameNode = field(definition, 'name');
    if (!nameNode) return undefined;
    const name = this.text(nameNode);
    const decorators = decoratorsOf(definition).map((decorator) => ({ node: decorator, name: decoratorName(this.tree, decorator) ?? [] }));
    const params = parameterNames(this.tree, definition);
    const last = (parts: string[]) => parts[parts.length - 1] ?? '';

    let view: ViewKind | undefined;
    if (owner?.view && !name.startsWith('_')) view = owner.view;
    if (!owner) {
      if (decorators.some((d) => last(d.name) === 'api_view')) view = 'drf';
      else if (decorators.some((d) => d.name.length === 2 && ROUTE_METHODS.has(d.name[1]) && this.isRouter(d.name[0]))) view = this.facts.imports.some((entry) => entry.module.startsWith('fastapi')) ? 'fastapi' : 'ninja';
      else if (params[0] === 'request' && !this.facts.isTest) view = 'function';
    }
    const task = decorators.some((d) => TASK_DECORATOR.test(last(d.name)) && (d.name.length === 1 || /celery|app|huey/i.test(d.name[0]) || last(d.name) === 'task'));
    const throttled =
      (owner?.throttled ?? false) ||
      decorators.some(
        (d) =>
          last(d.name) === 'ratelimit' ||
          last(d.name) === 'throttle_classes' ||
          (last(d.name) === 'method_decorator' && /ratelimit/.test(this.text(d.node))) ||
          // slowapi / fastapi-limiter: `@limiter.limit("5/minute")`.
          (last(d.name) === 'limit' && /limiter/i.test(d.name[0] ?? '')),
      );

    const fn: PyFunction = {
      id: owner ? `${owner.name}.${name}` : name,
      name,
      className: owner?.name,
      location: this.loc(nameNode),
      async: isAsync(this.tree, definition),
      view,
      task,
      throttled,
      calls: [],
      saves: [],
    };
    this.collectCalls(definition, fn);
    for (const decorator of decorators) {
      if (last(decorator.name) === 'receiver' && decorator.node.type === 'call') this.receiverSignals(decorator.node, fn.id);
    }
    this.facts.functions.push(fn);
    return fn;
  }

  private isRouter(name: string): boolean {
    if (this.routers.has(name)) return true;
    const web = this.facts.imports.some((entry) => entry.module.startsWith('fastapi') || entry.module.startsWith('ninja'));
    return web && /^(?:router|app|api)$/.test(name);
  }

  /** Calls in a function body, with `x.save()` on `x = Model(...)` recorded as `Model.save`. */
  private collectCalls(definition: PyNode, fn: PyFunction): void {
    const body = field(definition, 'body');
    if (!body) return;
    // Locals bound to a constructor call: `form = SignupForm(request.POST)`.
    const constructed = new Map<string, string>();
    walkScope(body, (node) => {
      const assignment = node.type === 'assignment' ? node : undefined;
      if (assignment) {
        const left = field(assignment, 'left');
        const right = unwrap(field(assignment, 'right'));
        if (left?.type === 'identifier' && right?.type === 'call') {
          const callee = dottedName(this.tree, field(right, 'function'));
          if (callee?.length === 1 && /^[A-Z]/.test(callee[0])) constructed.set(this.text(left), callee[0]);
          const chain = querysetChain(this.tree, right);
          if (chain && (chain.terminal === 'get' || chain.terminal === 'first' || chain.terminal === 'last')) constructed.set(this.text(left), chain.model);
        }
      }
      if (node.type !== 'call') return;
      const callee = dottedName(this.tree, field(node, 'function'));
      if (!callee) return;
      fn.calls.push({ callee, location: this.loc(node) });
      if (callee.length === 2 && constructed.has(callee[0])) {
        fn.calls.push({ callee: [constructed.get(callee[0])!, callee[1]], location: this.loc(node) });
        if (callee[1] === 'save') fn.saves.push(constructed.get(callee[0])!);
      }
      if (callee.length === 3 && callee[1] === 'objects' && /^(?:create|get_or_create|update_or_create)$/.test(callee[2]) && /^[A-Z]/.test(callee[0])) fn.saves.push(callee[0]);
    });
  }

  private receiverSignals(decorator: PyNode, handler: string): void {
    const parts = callParts(this.tree, decorator);
    if (!parts) return;
    const signalNodes = parts.positional[0] ? (sequenceItems(parts.positional[0]) ?? [parts.positional[0]]) : [];
    const sender = this.senderName(parts.keywords.get('sender'));
    if (!sender) return;
    for (const signalNode of signalNodes) {
      const signal = dottedName(this.tree, signalNode)?.pop();
      if (signal && SIGNALS.has(signal)) this.facts.signals.push({ signal, sender, handler, location: this.loc(decorator) });
    }
  }

  private senderName(node: PyNode | undefined): string | undefined {
    if (!node) return undefined;
    const value = stringValue(this.tree, node) ?? this.dotted(node);
    return value?.split('.').pop();
  }

  /** `post_save.connect(handler, sender=Order)`, anywhere (often in `AppConfig.ready`). */
  private collectConnectedSignals(): void {
    walk(this.tree.root, (node) => {
      if (node.type !== 'call') return;
      const parts = callParts(this.tree, node);
      if (parts?.name !== 'connect' || !parts.receiver) return;
      const signal = dottedName(this.tree, parts.receiver)?.pop();
      const handler = dottedName(this.tree, parts.positional[0] ?? parts.keywords.get('receiver'));
      const sender = this.senderName(parts.keywords.get('sender'));
      if (signal && SIGNALS.has(signal) && handler?.length === 1 && sender) this.facts.signals.push({ signal, sender, handler: handler[0], location: this.loc(node) });
    });
  }

  // ── classes ──────────────────────────────────────────────────────────────

  private classFacts(definition: PyNode): void {
    const nameNode = field(definition, 'name');
    const body = field(definition, 'body');
    if (!nameNode || !body) return;
    const name = this.text(nameNode);
    const bases: string[] = [];
    for (const arg of field(definition, 'superclasses')?.children ?? []) {
      const base = this.dotted(arg);
      if (base) bases.push(base);
    }
    const lastOf = (base: string) => base.split('.').pop() ?? '';
    const isView = bases.some((base) => VIEW_BASE.test(lastOf(base)));
    const classDecorators = decoratorsOf(definition);
    const cls: PyClass = {
      name,
      location: this.loc(nameNode),
      bases,
      methods: [],
      throttled: classDecorators.some((decorator) => /ratelimit/.test(this.text(decorator))),
    };

    const members = statements(body);
    let meta: PyNode | undefined;
    for (const member of members) {
      const assignment = simpleAssignment(this.tree, member);
      if (assignment?.name === 'throttle_classes') {
        const items = sequenceItems(assignment.value);
        if (!items || items.length > 0) cls.throttled = true;
      } else if (assignment?.name === 'queryset') cls.queryset = this.querysetFact(assignment.value);
      else if (assignment?.name === 'serializer_class') cls.serializerClass = this.dotted(assignment.value)?.split('.').pop();
      else if (assignment?.name === 'model') {
        cls.metaModel = this.dotted(assignment.value)?.split('.').pop();
        cls.modelAttribute = this.loc(assignment.assignment);
      } else if (assignment?.name === 'pagination_class') cls.paginationClass = unwrap(assignment.value)?.type === 'none' ? 'none' : 'set';
      else if (assignment?.name === 'paginate_by') {
        const value = unwrap(assignment.value);
        cls.paginateBy = value?.type === 'none' || (value?.type === 'integer' && intValue(this.tree, value) === 0) ? 'none' : 'set';
      }
      const inner = definitionOf(member);
      if (inner.type === 'class_definition' && field(inner, 'name') && this.text(field(inner, 'name')!) === 'Meta') meta = inner;
    }
    if (meta) {
      for (const member of statements(field(meta, 'body'))) {
        const assignment = simpleAssignment(this.tree, member);
        if (assignment?.name === 'model') cls.metaModel = this.dotted(assignment.value)?.split('.').pop() ?? stringValue(this.tree, assignment.value)?.split('.').pop();
      }
    }

    const viewKind: ViewKind | undefined = isView ? (bases.some((base) => DRF_BASE.test(base) || DRF_BASE.test(lastOf(base))) ? 'drf' : 'class') : undefined;
    for (const member of members) {
      const inner = definitionOf(member);
      if (inner.type !== 'function_definition') continue;
      const fn = this.functionFacts(inner, { name, view: viewKind, throttled: cls.throttled });
      if (!fn) continue;
      cls.methods.push(fn.name);
      if (fn.name === 'get_queryset') {
        // get_queryset wins over the `queryset` attribute; one that ScaleCheck cannot read (super() calls) hides it.
        cls.queryset = undefined;
        for (const returned of returnValues(inner)) {
          const fact = this.querysetFact(returned, inner);
          if (fact) {
            cls.queryset = fact;
            break;
          }
        }
      }
    }
    this.facts.classes.push(cls);

    if (this.isModelCandidate(bases, members)) this.facts.models.push(this.modelFacts(name, nameNode, bases, members, meta, cls.methods.includes('save')));
    if (bases.some((base) => /Serializer$/.test(lastOf(base)))) this.facts.serializers.push(this.serializerFacts(name, nameNode, members, cls.metaModel));
  }

  /** A queryset expression, followed back through one local assignment in `scope`. */
  private querysetFact(expression: PyNode | undefined, scope?: PyNode): QuerysetFact | undefined {
    let chain = querysetChain(this.tree, expression);
    let origin = unwrap(expression);
    // `qs = Model.objects.filter(...)` earlier in get_queryset, then `return qs.order_by(...)`.
    const extra: QuerysetChain = { model: '', manager: expression!, calls: [], selectRelated: [], prefetchRelated: [], flat: false };
    const root = chainRoot(expression);
    if (!chain && scope && root?.type === 'identifier') {
      const name = this.text(root);
      walkScope(field(scope, 'body') ?? scope, (node) => {
        const assignment = simpleAssignment(this.tree, node);
        if (assignment?.name !== name || node.start >= expression!.start) return;
        const assigned = querysetChain(this.tree, assignment.value);
        if (assigned) {
          chain = assigned;
          origin = unwrap(assignment.value);
        }
      });
      for (const call of chainCalls(expression)) {
        const parts = callParts(this.tree, call);
        const target = parts?.name === 'select_related' ? extra.selectRelated : parts?.name === 'prefetch_related' ? extra.prefetchRelated : undefined;
        for (const arg of target ? parts!.positional : []) target!.push(stringValue(this.tree, arg) ?? '*');
        if (parts?.name && /^(?:values|values_list)$/.test(parts.name)) extra.flat = true;
      }
    }
    const found = chain as QuerysetChain | undefined;
    if (!found || found.terminal || !origin) return undefined;
    const sliced = isSliced(expression) || isSliced(origin);
    return {
      model: found.model,
      location: this.loc(origin),
      selectRelated: [...found.selectRelated, ...extra.selectRelated],
      prefetchRelated: [...found.prefetchRelated, ...extra.prefetchRelated],
      insertAt: found.manager.end,
      flat: found.flat || extra.flat,
      sliced,
    };
  }

  private isModelCandidate(bases: string[], members: PyNode[]): boolean {
    const lastOf = (base: string) => base.split('.').pop() ?? '';
    if (bases.some((base) => /Serializer$|Form$|Schema$|Admin$|Config$|TestCase$|Filter(?:Set)?$|^pydantic\./.test(lastOf(base)) || /^(?:BaseModel|pydantic\.BaseModel)$/.test(base) && this.importedFrom('BaseModel', /^pydantic/))) return false;
    if (bases.some((base) => /(?:^|\.)(?:Model|AbstractUser|AbstractBaseUser|PermissionsMixin|MPTTModel|PolymorphicModel|TimeStampedModel)$/.test(base) || /Model$/.test(lastOf(base)))) return true;
    return members.some((member) => {
      const assignment = simpleAssignment(this.tree, member);
      const callee = assignment && unwrap(assignment.value)?.type === 'call' ? this.dotted(field(unwrap(assignment.value)!, 'function')) : undefined;
      return callee !== undefined && /^models\.\w+$/.test(callee) && FIELD_CALL.test(callee);
    });
  }

  private importedFrom(local: string, module: RegExp): boolean {
    return this.facts.imports.some((entry) => entry.local === local && module.test(entry.module));
  }

  private modelFacts(name: string, nameNode: PyNode, bases: string[], members: PyNode[], meta: PyNode | undefined, savesItself: boolean): DjangoModel {
    const model: DjangoModel = { name, location: this.loc(nameNode), bases, abstract: false, fields: [], indexes: [], savesItself };
    for (const member of members) {
      const assignment = simpleAssignment(this.tree, member);
      const value = unwrap(assignment?.value);
      if (!assignment || value?.type !== 'call') continue;
      const fieldFact = this.fieldFacts(assignment.name, assignment.target, value);
      if (fieldFact) model.fields.push(fieldFact);
    }
    if (meta) this.metaFacts(model, meta);
    model.compositeFix = this.compositeFix(members, meta);
    return model;
  }

  private fieldFacts(name: string, target: PyNode, call: PyNode): DjangoField | undefined {
    const parts = callParts(this.tree, call);
    const callee = dottedName(this.tree, parts?.callee);
    if (!parts || !callee) return undefined;
    const fieldClass = callee[callee.length - 1];
    if (!FIELD_CALL.test(fieldClass) && !(fieldClass in RELATION_FIELDS)) return undefined;
    if (callee.length > 2 || (callee.length === 2 && callee[0] !== 'models' && !/fields$/.test(callee[0]))) {
      // `serializers.CharField` and friends are not model fields; `models.X` and bare names are.
      if (!(fieldClass in RELATION_FIELDS)) return undefined;
    }
    const relation = RELATION_FIELDS[fieldClass];
    const dbIndex = parts.keywords.get('db_index');
    const primaryKey = isTrue(this.tree, parts.keywords.get('primary_key'));
    const unique = isTrue(this.tree, parts.keywords.get('unique'));
    let indexed = primaryKey || unique || isTrue(this.tree, dbIndex) || SELF_INDEXED.has(fieldClass);
    if (relation === 'fk' || relation === 'o2o') indexed = !isFalse(dbIndex) || primaryKey || unique;
    if (fieldClass === 'SlugField' && isFalse(dbIndex)) indexed = false;
    const fact: DjangoField = {
      name,
      location: this.loc(target),
      fieldClass,
      indexed,
      lowCardinality: LOW_CARDINALITY.has(fieldClass) || parts.keywords.has('choices'),
    };
    if (relation) {
      fact.relation = relation;
      const targetNode = parts.keywords.get('to') ?? parts.positional[0];
      const targetName = stringValue(this.tree, targetNode) ?? this.dotted(targetNode);
      if (targetName === 'settings.AUTH_USER_MODEL' || targetName === 'AUTH_USER_MODEL') fact.target = '@AUTH_USER_MODEL';
      else if (targetName) fact.target = targetName;
      else if (unwrap(targetNode)?.type === 'call' && /get_user_model$/.test(this.dotted(field(unwrap(targetNode)!, 'function')) ?? '')) fact.target = '@AUTH_USER_MODEL';
      const relatedName = stringValue(this.tree, parts.keywords.get('related_name'));
      if (relatedName) fact.relatedName = relatedName;
    }
    if (!indexed && !relation && parts.args) fact.indexFix = this.dbIndexFix(parts.args, dbIndex);
    return fact;
  }

  /** `db_index=True` added before the closing parenthesis, or `db_index=False` turned around. */
  private dbIndexFix(args: PyNode, dbIndex: PyNode | undefined): { at: number; text: string } | undefined {
    if (dbIndex) return undefined;
    const items = args.children.filter((child) => child.type !== 'comment');
    if (items.length === 0) return { at: args.end - 1, text: 'db_index=True' };
    const lastItem = items[items.length - 1];
    const between = this.tree.text.slice(lastItem.end, args.end - 1);
    const comma = between.indexOf(',');
    if (comma >= 0) return { at: lastItem.end + comma + 1, text: ' db_index=True,' };
    return { at: lastItem.end, text: ', db_index=True' };
  }

  private metaFacts(model: DjangoModel, meta: PyNode): void {
    for (const member of statements(field(meta, 'body'))) {
      const assignment = simpleAssignment(this.tree, member);
      if (!assignment) continue;
      if (assignment.name === 'abstract') model.abstract = isTrue(this.tree, assignment.value);
      else if (assignment.name === 'index_together' || assignment.name === 'unique_together') {
        const items = sequenceItems(assignment.value) ?? [];
        const nested = items.length > 0 && items.every((item) => sequenceItems(item));
        const groups = nested ? items.map((item) => sequenceItems(item)!) : [items];
        for (const group of groups) {
          const names = group.map((item) => stringValue(this.tree, item)).filter((value): value is string => !!value);
          if (names.length) model.indexes.push(names);
        }
      } else if (assignment.name === 'indexes' || assignment.name === 'constraints') {
        for (const item of sequenceItems(assignment.value) ?? []) {
          const parts = callParts(this.tree, unwrap(item)!);
          if (!parts) continue;
          // Only unique constraints create an index; check constraints do not.
          if (assignment.name === 'constraints' && !/Unique|Exclusion/.test(parts.name ?? '')) continue;
          // A partial index (`condition=`) serves only the queries its condition matches; it is
          // counted all the same: someone chose it for this column, and a finding would be noise.
          const fieldsNode = parts.keywords.get('fields');
          const names = (sequenceItems(fieldsNode) ?? [])
            .map((value) => stringValue(this.tree, value)?.replace(/^-/, ''))
            .filter((value): value is string => !!value);
          if (names.length) model.indexes.push(names);
        }
      }
    }
  }

  /** Where `models.Index(fields=[…])` goes: inside `Meta.indexes`, a new `indexes` line, or a new Meta. */
  private compositeFix(members: PyNode[], meta: PyNode | undefined): DjangoModel['compositeFix'] {
    if (!this.facts.imports.some((entry) => entry.module === 'django.db' && entry.name === 'models')) return undefined;
    const text = this.tree.text;
    if (meta) {
      const body = statements(field(meta, 'body'));
      for (const member of body) {
        const assignment = simpleAssignment(this.tree, member);
        if (assignment?.name !== 'indexes') continue;
        const list = unwrap(assignment.value);
        if (list?.type !== 'list') return undefined;
        const items = list.children.filter((child) => child.type !== 'comment');
        if (items.length === 0) return { at: list.end - 1, before: '', after: '' };
        const lastItem = items[items.length - 1];
        const comma = text.slice(lastItem.end, list.end - 1).indexOf(',');
        if (comma >= 0) return { at: lastItem.end + comma + 1, before: ' ', after: ',' };
        return { at: lastItem.end, before: ', ', after: '' };
      }
      const lastMember = body[body.length - 1];
      if (!lastMember) return undefined;
      const indent = lineIndent(text, lastMember.start);
      return { at: lastMember.end, before: `\n${indent}indexes = [`, after: ']' };
    }
    const lastMember = members[members.length - 1];
    if (!lastMember) return undefined;
    const indent = lineIndent(text, lastMember.start);
    const unit = indent.includes('\t') ? '\t' : '    ';
    return { at: lastMember.end, before: `\n\n${indent}class Meta:\n${indent}${unit}indexes = [`, after: ']' };
  }

  private serializerFacts(name: string, nameNode: PyNode, members: PyNode[], model: string | undefined): DrfSerializer {
    const relations: SerializerRelation[] = [];
    for (const member of members) {
      const assignment = simpleAssignment(this.tree, member);
      const value = unwrap(assignment?.value);
      if (assignment && value?.type === 'call') {
        const parts = callParts(this.tree, value);
        const callee = dottedName(this.tree, parts?.callee);
        if (!parts || !callee) continue;
        const cls = callee[callee.length - 1];
        const many = isTrue(this.tree, parts.keywords.get('many'));
        const source = stringValue(this.tree, parts.keywords.get('source'));
        const path = (source ?? assignment.name).split('.');
        if (source === '*') continue;
        if (/Serializer$/.test(cls) && !/^serializers$/.test(callee[0] ?? '')) {
          relations.push({ path, many, location: this.loc(assignment.target) });
        } else if (/^(?:StringRelatedField|SlugRelatedField|HyperlinkedRelatedField|HyperlinkedIdentityField|PrimaryKeyRelatedField)$/.test(cls)) {
          // Primary keys of a to-one relation come from the row's own `<name>_id` column.
          if (cls === 'PrimaryKeyRelatedField' && !many) continue;
          if (cls === 'HyperlinkedIdentityField') continue;
          relations.push({ path, many, location: this.loc(assignment.target) });
        } else if (source && path.length > 1) {
          relations.push({ path: path.slice(0, -1), many: false, location: this.loc(parts.keywords.get('source')!) });
        }
      }
      const method = definitionOf(member);
      if (method.type === 'function_definition') {
        const methodName = field(method, 'name');
        if (methodName && this.text(methodName).startsWith('get_')) relations.push(...this.methodFieldRelations(method));
      }
    }
    return { name, location: this.loc(nameNode), model, relations };
  }

  /** Relations a `SerializerMethodField` body reads from its `obj` parameter. */
  private methodFieldRelations(method: PyNode): SerializerRelation[] {
    const params = parameterNames(this.tree, method);
    const objName = params[1];
    if (!objName) return [];
    const out: SerializerRelation[] = [];
    walkScope(field(method, 'body') ?? method, (node) => {
      if (node.type !== 'attribute' || node.parent?.type === 'attribute' && node.field === 'object') return;
      const names = dottedName(this.tree, node);
      if (!names || names[0] !== objName || names.length < 2) return;
      const path = names.slice(1);
      const call = node.parent?.type === 'call' && node.field === 'function' ? node.parent : undefined;
      if (call) {
        const method = path.pop()!;
        // `obj.comments.all()` / `.count()` read a to-many relation; `.filter()` is a new query per row.
        if (path.length === 0 || !/^(?:all|count|exists|first|last)$/.test(method)) return false;
        out.push({ path, many: true, location: this.loc(node) });
        return false;
      }
      if (path.length >= 2) out.push({ path: path.slice(0, -1), many: false, location: this.loc(node) });
      return false;
    });
    return out;
  }

  // ── queries (missing-index) ─────────────────────────────────────────────

  private collectQueries(): void {
    walk(this.tree.root, (node) => {
      if (node.type !== 'call') return;
      // Only the outermost call of a chain: `.filter(a).order_by(b)` is one query.
      if (!isOutermostCall(node)) return;
      const inFunction = enclosingFunctionId(this.tree, node);
      const parts = callParts(this.tree, node);
      if (parts?.callee.type === 'identifier' && /^get_(?:object|list)_or_404$/.test(parts.name ?? '')) {
        const model = this.dotted(parts.positional[0])?.split('.')[0];
        if (model && /^[A-Z]/.test(model)) {
          const lookups = this.lookups(parts.keywords, parts.positional.slice(1), 'filter');
          if (lookups.length) this.facts.queries.push({ model, method: parts.name!, location: this.loc(node), lookups, filtered: true, hasSplat: parts.hasKwargsSplat, opaque: false, inFunction });
        }
        return;
      }
      const chain = querysetChain(this.tree, node);
      if (!chain) return;
      const lookups: LookupFact[] = [];
      let method = '';
      let hasSplat = false;
      let opaque = false;
      for (const call of chain.calls) {
        const callPartsOf = callParts(this.tree, call.node)!;
        if (callPartsOf.hasKwargsSplat && call.name !== 'order_by') hasSplat = true;
        if (!KNOWN_QUERYSET_METHODS.has(call.name)) opaque = true;
        if (/^(?:filter|exclude|get|get_or_create|update_or_create)$/.test(call.name)) {
          const keywords = new Map(callPartsOf.keywords);
          if (call.name !== 'filter' && call.name !== 'exclude' && call.name !== 'get') keywords.delete('defaults');
          lookups.push(...this.lookups(keywords, callPartsOf.positional, 'filter'));
          method ||= call.name;
        } else if (call.name === 'order_by' || call.name === 'distinct') {
          for (const arg of callPartsOf.positional) {
            const value = stringValue(this.tree, arg);
            if (value && !value.startsWith('?')) lookups.push({ path: value.replace(/^-/, '').split('__'), location: this.loc(arg), kind: 'order' });
          }
          method ||= call.name;
        }
      }
      if (lookups.length) {
        this.facts.queries.push({ model: chain.model, method, location: this.loc(node), lookups, filtered: lookups.some((lookup) => lookup.kind === 'filter'), hasSplat, opaque, inFunction });
      }
    });
  }

  /** Keyword lookups, plus those inside `Q(...)` objects among the positional arguments. */
  private lookups(keywords: Map<string, PyNode>, positional: PyNode[], kind: 'filter'): LookupFact[] {
    const out: LookupFact[] = [];
    for (const [name, value] of keywords) {
      const nameNode = value.parent ? field(value.parent, 'name') : undefined;
      out.push({ path: name.split('__'), location: this.loc(nameNode ?? value), kind });
    }
    for (const arg of positional) {
      walk({ ...arg, children: [arg] } as PyNode, (node) => {
        if (node.type !== 'call') return;
        const parts = callParts(this.tree, node);
        if (parts?.name !== 'Q') return;
        for (const [name, value] of parts.keywords) {
          const nameNode = value.parent ? field(value.parent, 'name') : undefined;
          out.push({ path: name.split('__'), location: this.loc(nameNode ?? value), kind });
        }
      });
    }
    return out;
  }

  // ── settings and gunicorn.conf.py ────────────────────────────────────────

  private looksLikeSettings(): boolean {
    if (/(?:^|\/)settings(?:\.py$|\/)/.test(this.file.path) || /(?:^|\/)settings_[^/]*\.py$/.test(this.file.path)) return true;
    return statements(this.tree.root).some((statement) => {
      const assignment = simpleAssignment(this.tree, statement);
      return assignment !== undefined && /^(?:INSTALLED_APPS|CACHES|DATABASES|ROOT_URLCONF|MIDDLEWARE)$/.test(assignment.name);
    });
  }

  private settings(): DjangoSettings {
    const settings: DjangoSettings = {
      caches: [],
      importsOs: this.facts.imports.some((entry) => entry.module === 'os' && !entry.name && entry.local === 'os'),
      importAt: this.importInsertionPoint(),
    };
    for (const statement of statements(this.tree.root)) {
      const expression = statement.type === 'expression_statement' ? statement.children[0] : undefined;
      // `REST_FRAMEWORK.update(...)`, `REST_FRAMEWORK |= {...}`: built in a way this pass does not follow.
      if (expression && /^REST_FRAMEWORK\s*(?:\.\s*(?:update|setdefault)\s*\(|\|=)/.test(this.text(expression))) settings.drfPagination = 'unknown';
      if (expression?.type !== 'assignment') continue;
      const left = field(expression, 'left');
      const right = field(expression, 'right');
      if (!left || !right) continue;
      const target = left.type === 'identifier' ? this.text(left) : this.subscriptPath(left)?.join('.');
      if (!target) continue;
      if (target === 'CACHES') settings.caches.push(...this.caches(right));
      else if (target === 'SESSION_ENGINE') {
        const value = stringValue(this.tree, right);
        if (value) settings.sessionEngine = { value, location: this.loc(right) };
      } else if (target === 'REST_FRAMEWORK') {
        const throttle = dictEntries(this.tree, right)?.find((entry) => entry.key === 'DEFAULT_THROTTLE_CLASSES');
        if (throttle && (sequenceItems(throttle.value)?.length ?? 1) > 0) settings.defaultThrottle = this.loc(throttle.keyNode);
        settings.drfPagination = this.drfPagination(right);
      } else if (target === 'REST_FRAMEWORK.DEFAULT_PAGINATION_CLASS') {
        settings.drfPagination = unwrap(right)?.type === 'none' ? 'unset' : 'set';
      } else if (target === 'REST_FRAMEWORK.DEFAULT_THROTTLE_CLASSES') {
        if ((sequenceItems(right)?.length ?? 1) > 0) settings.defaultThrottle = this.loc(left);
      } else if (target === 'RATELIMIT_USE_CACHE') settings.ratelimitCache = stringValue(this.tree, right);
      else if (target === 'AUTH_USER_MODEL') settings.authUserModel = stringValue(this.tree, right);
      else if (target === 'DATABASES') this.connMaxAge(right, settings);
      else if (target === 'CONN_MAX_AGE' || target === 'DATABASES.default.CONN_MAX_AGE') this.setConnMaxAge(right, settings);
    }
    return settings;
  }

  /**
   * Whether a `REST_FRAMEWORK` dict paginates list views. DRF's own classes
   * read their page size from `PAGE_SIZE` and return every row without it.
   */
  private drfPagination(value: PyNode): DjangoSettings['drfPagination'] {
    const dict = unwrap(value);
    if (dict?.type !== 'dictionary' || dict.children.some((child) => child.type === 'dictionary_splat')) return 'unknown';
    const entries = dictEntries(this.tree, dict) ?? [];
    const pagination = entries.find((entry) => entry.key === 'DEFAULT_PAGINATION_CLASS');
    if (!pagination || unwrap(pagination.value)?.type === 'none') return 'unset';
    const pageSize = entries.find((entry) => entry.key === 'PAGE_SIZE');
    const builtIn = /^rest_framework\.pagination\.(?:PageNumber|LimitOffset|Cursor)Pagination$/.test(stringValue(this.tree, pagination.value) ?? '');
    if (builtIn && (!pageSize || unwrap(pageSize.value)?.type === 'none')) return 'unset';
    return 'set';
  }

  /** `A['b']['c']` → `['A', 'b', 'c']`. */
  private subscriptPath(node: PyNode): string[] | undefined {
    const keys: string[] = [];
    let current: PyNode | undefined = node;
    while (current?.type === 'subscript') {
      const key = stringValue(this.tree, field(current, 'subscript'));
      if (key === undefined) return undefined;
      keys.unshift(key);
      current = field(current, 'value');
    }
    if (current?.type !== 'identifier') return undefined;
    return [this.text(current), ...keys];
  }

  private caches(value: PyNode): CacheSetting[] {
    const out: CacheSetting[] = [];
    for (const alias of dictEntries(this.tree, value) ?? []) {
      const entries = dictEntries(this.tree, alias.value);
      const backend = entries?.find((entry) => entry.key === 'BACKEND');
      const backendValue = backend ? stringValue(this.tree, backend.value) : undefined;
      if (!backend || !backendValue) continue;
      const location = entries!.find((entry) => entry.key === 'LOCATION');
      const setting: CacheSetting = {
        alias: alias.key,
        backend: backendValue,
        location: this.loc(backend.value),
        backendRange: { start: backend.value.start, end: backend.value.end },
      };
      if (location) setting.locationRange = { start: location.value.start, end: location.value.end };
      else {
        const pairStart = backend.pair.start;
        const ownLine = /^[ \t]*$/.test(this.tree.text.slice(this.tree.text.lastIndexOf('\n', pairStart - 1) + 1, pairStart));
        setting.entryInsert = { at: backend.pair.end, indent: ownLine ? '\n' + lineIndent(this.tree.text, pairStart) : ' ' };
      }
      out.push(setting);
    }
    return out;
  }

  private connMaxAge(databases: PyNode, settings: DjangoSettings): void {
    const defaultDb = dictEntries(this.tree, databases)?.find((entry) => entry.key === 'default');
    if (!defaultDb) return;
    const entry = dictEntries(this.tree, defaultDb.value)?.find((candidate) => candidate.key === 'CONN_MAX_AGE');
    if (entry) return this.setConnMaxAge(entry.value, settings);
    // `dj_database_url.config(conn_max_age=600)` / `.parse(url, conn_max_age=600)`.
    const call = unwrap(defaultDb.value);
    if (call?.type === 'call') {
      const parts = callParts(this.tree, call);
      const value = parts?.keywords.get('conn_max_age');
      if (value) this.setConnMaxAge(value, settings);
    }
  }

  private setConnMaxAge(value: PyNode, settings: DjangoSettings): void {
    const node = unwrap(value)!;
    if (node.type === 'none') settings.connMaxAge = { value: 'persistent', location: this.loc(node) };
    else {
      const number = intValue(this.tree, node) ?? envDefault(this.tree, node);
      if (number !== undefined) settings.connMaxAge = { value: number, location: this.loc(node) };
    }
  }

  /** After the module docstring and `from __future__` imports, where `import os` can go. */
  private importInsertionPoint(): number {
    for (const statement of statements(this.tree.root)) {
      if (statement.type === 'expression_statement' && statement.children[0]?.type === 'string') continue;
      if (statement.type === 'future_import_statement') continue;
      return statement.start;
    }
    return 0;
  }

  private gunicorn(): GunicornConf {
    const conf: GunicornConf = { workersDynamic: false, location: { file: this.file.path, range: this.file.lines.range(0, 0) } };
    for (const statement of statements(this.tree.root)) {
      const assignment = simpleAssignment(this.tree, statement);
      if (!assignment) continue;
      if (assignment.name === 'workers') {
        const value = intValue(this.tree, assignment.value) ?? envDefault(this.tree, assignment.value);
        if (value !== undefined) conf.workers = value;
        // Only a count derived from the CPUs is known to be "more than one"; a bare
        // environment variable is set per deployment, so nothing is claimed about it.
        else if (assignment.value && /\bcpu_count\b/.test(this.file.text.slice(assignment.value.start, assignment.value.end))) conf.workersDynamic = true;
        conf.location = this.loc(assignment.assignment);
      } else if (assignment.name === 'threads') conf.threads = intValue(this.tree, assignment.value) ?? envDefault(this.tree, assignment.value);
      else if (assignment.name === 'worker_class') conf.workerClass = stringValue(this.tree, assignment.value);
    }
    if (conf.workers !== undefined) {
      conf.facts = {
        workers: conf.workers,
        threads: conf.threads ?? 1,
        asyncWorkers: gunicornWorkerModel(conf.workerClass, conf.threads ?? 1) === 'async',
        location: conf.location,
      };
    }
    return conf;
  }
}

/** `int(os.environ.get("X", 4))` / `os.getenv("X", "4")` → 4: the value the app runs with when nothing overrides it. */
function envDefault(tree: PyTree, node: PyNode | undefined): number | undefined {
  let current = unwrap(node);
  if (current?.type === 'call') {
    const parts = callParts(tree, current);
    if (parts?.name === 'int' && parts.positional[0]) current = unwrap(parts.positional[0]);
  }
  if (current?.type !== 'call') return undefined;
  const parts = callParts(tree, current);
  const callee = dottedName(tree, parts?.callee)?.join('.');
  if (!parts || !callee || !/^(?:os\.environ\.get|os\.getenv|env\.int|config)$/.test(callee)) return undefined;
  const fallback = parts.positional[1] ?? parts.keywords.get('default');
  const number = intValue(tree, fallback) ?? Number(stringValue(tree, fallback));
  return Number.isFinite(number) && fallback ? number : undefined;
}

function lineIndent(text: string, offset: number): string {
  const lineStart = Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

/** True when a queryset chain is sliced or indexed anywhere along it: `qs.filter(x)[:50]`. */
function isSliced(expression: PyNode | undefined): boolean {
  for (let current = unwrap(expression); current; ) {
    if (current.type === 'subscript') return true;
    if (current.type === 'call') current = unwrap(field(current, 'function'));
    else if (current.type === 'attribute') current = unwrap(field(current, 'object'));
    else return false;
  }
  return false;
}

/** Every value a function returns. */
function returnValues(definition: PyNode): PyNode[] {
  const out: PyNode[] = [];
  walkScope(field(definition, 'body') ?? definition, (node) => {
    if (node.type === 'return_statement' && node.children[0]) out.push(node.children[0]);
  });
  return out;
}

/** `Class.method` or `function` for the function a node is in (one level of class). */
export function enclosingFunctionId(tree: PyTree, node: PyNode): string | undefined {
  let fn: PyNode | undefined;
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition') fn = current;
  }
  if (!fn) return undefined;
  const name = field(fn, 'name');
  if (!name) return undefined;
  let owner: PyNode | undefined;
  for (let current = fn.parent; current; current = current.parent) if (current.type === 'class_definition') owner = current;
  const ownerName = owner ? field(owner, 'name') : undefined;
  const fnName = tree.text.slice(name.start, name.end);
  return ownerName ? `${tree.text.slice(ownerName.start, ownerName.end)}.${fnName}` : fnName;
}
