import picomatch from 'picomatch';
import { codeKindOfPath, isOffline } from '../core/code-kind';
import type { FactsIndex } from '../core/facts';
import type { Location } from '../core/types';
import { spanLocation, type TsCallFacts, type TsEffectFacts, type TsExportFacts, type TsFacts, type TsRef, type TsSpan, type TsUnitFacts } from './facts';
import type { HandlerInfo, Stack } from './handlers';
import { ModuleResolver } from './resolve';
import { DB_KINDS, type ClientKind, type ImportRef } from './values';

/**
 * The cross-file view of a TypeScript workspace, built from facts once per
 * facts version: every unit (function) of every file as a node, calls
 * resolved to nodes through imports, and the fixpoints rules ask about:
 *
 * - reach: which nodes run a DB query / an AI call / slow work / a rate-limit
 *   check, directly or through the functions they call, with the shortest
 *   chain as witness (a reverse breadth-first search from the direct sites);
 * - handlers: which nodes run per request, and whether a rate limit is
 *   checked on every way there (a forward search over (node, limited) states);
 * - loops: which nodes are called once per item somewhere up the chain;
 * - rows: which unbounded reads end up in a response.
 *
 * Everything is linear in the number of units and calls.
 */
export type ReachKind = 'db' | 'ai' | 'slow' | 'blocking-ai' | 'rate-limit';

export class GraphNode {
  constructor(
    readonly id: number,
    readonly path: string,
    readonly unit: number,
    readonly facts: TsUnitFacts,
    /** The file is a one-off script or a test: its loops and handlers do not count. */
    readonly offline: boolean,
    /** Of the offline files, a test's (the rest are scripts and migrations). */
    readonly test = false,
  ) {}

  /** Where the unit is named. */
  get at(): Location {
    return spanLocation(this.path, this.facts.at);
  }
}

/** A call or reference between units; its location is built on demand from the compact span. */
export interface GraphEdge {
  from: number;
  to: number;
  file: string;
  span: TsSpan;
  loop?: string;
  awaited: boolean;
  deferred: boolean;
  /** Made only after a failure (in a `catch`, before a retry). */
  errorPath: boolean;
  /** A wrapper or route middleware rather than a call in the body. */
  ref: boolean;
  wrapper: boolean;
  /** Index into the caller's `calls`, for calls. */
  call?: number;
}

/** One step of a chain: a call to a function, or the effect at its end. */
export interface ChainStep {
  at: Location;
  /** The function called, or the effect's label (`prisma.user.findUnique`). */
  label: string;
  effect?: TsEffectFacts;
}

interface Witness {
  edge?: GraphEdge;
  effect?: TsEffectFacts;
  depth: number;
}

interface HandlerVisit {
  parent?: GraphEdge;
  root: number;
}

export class TsWorkspace {
  readonly resolver: ModuleResolver;
  readonly nodes: GraphNode[] = [];
  private readonly firstNode = new Map<string, number>();
  private readonly facts = new Map<string, TsFacts>();
  private readonly edgesOut: GraphEdge[][] = [];
  private readonly edgesIn: GraphEdge[][] = [];
  private readonly exportCache = new Map<string, { path: string; entry: TsExportFacts } | null>();
  private readonly reachCache = new Map<ReachKind, Array<Witness | undefined>>();
  private handlerState?: { unlimited: Array<HandlerVisit | undefined>; limited: Array<HandlerVisit | undefined> };
  private loopState?: Array<GraphEdge | undefined>;
  private rowsState?: Array<GraphEdge | null | undefined>;
  private effectiveHandlers?: Map<number, HandlerInfo>;
  readonly limitedStacks = new Set<Stack>();

  constructor(index: FactsIndex, offline: (path: string) => boolean, isTest: (path: string) => boolean = () => false) {
    this.resolver = new ModuleResolver(index);
    for (const file of index.ofLanguage('typescript')) {
      const data = file.data as TsFacts;
      if (!data || !Array.isArray(data.units)) continue;
      this.facts.set(file.path, data);
      this.firstNode.set(file.path, this.nodes.length);
      // A script by its own account (a shebang, top-level `await` and no exports) is offline like one by its folder.
      const isOffline = offline(file.path) || !!data.script;
      const test = isOffline && isTest(file.path);
      data.units.forEach((unit, index) => this.nodes.push(new GraphNode(this.nodes.length, file.path, index, unit, isOffline, test)));
    }
    for (let i = 0; i < this.nodes.length; i++) {
      this.edgesOut.push([]);
      this.edgesIn.push([]);
    }
    for (const node of this.nodes) {
      node.facts.calls.forEach((call, index) => this.addCallEdge(node, call, index));
      for (const ref of node.facts.refs) {
        const to = this.resolveRef(node.path, ref.to);
        if (to !== undefined) this.addEdge({ from: node.id, to, file: node.path, span: node.facts.at, awaited: true, deferred: false, errorPath: false, ref: true, wrapper: ref.wrapper });
      }
    }
    for (const [path, data] of this.facts) {
      if (!data.appLimited || offline(path)) continue;
      this.limitedStacks.add(data.stack);
    }
  }

  private addCallEdge(node: GraphNode, call: TsCallFacts, index: number): void {
    const to = this.resolveRef(node.path, call.to);
    if (to === undefined || to === node.id) return;
    this.addEdge({ from: node.id, to, file: node.path, span: call.at, loop: call.loop, awaited: call.awaited, deferred: !!call.deferred, errorPath: !!call.errorPath, ref: false, wrapper: false, call: index });
  }

  private addEdge(edge: GraphEdge): void {
    this.edgesOut[edge.from].push(edge);
    this.edgesIn[edge.to].push(edge);
  }

  /** Every TypeScript file's facts. */
  files(): IterableIterator<[string, TsFacts]> {
    return this.facts.entries();
  }

  fileFacts(path: string): TsFacts | undefined {
    return this.facts.get(path);
  }

  nodeId(path: string, unit: number): number | undefined {
    const first = this.firstNode.get(path);
    if (first === undefined) return undefined;
    const id = first + unit;
    const node = this.nodes[id];
    return node && node.path === path && node.unit === unit ? id : undefined;
  }

  outgoing(id: number): readonly GraphEdge[] {
    return this.edgesOut[id] ?? [];
  }

  incoming(id: number): readonly GraphEdge[] {
    return this.edgesIn[id] ?? [];
  }

  /** The node a call or reference resolves to. */
  resolveRef(fromPath: string, ref: TsRef): number | undefined {
    if (ref.local !== undefined) return this.unitByName(fromPath, ref.local);
    if (ref.specifier === undefined || ref.name === undefined) return undefined;
    const target = this.resolver.resolve(fromPath, ref.specifier);
    if (!target) return undefined;
    const found = this.exportOf(target, ref.name, 0);
    if (!found) return undefined;
    const { path, entry } = found;
    if (ref.member !== undefined) {
      const owner = entry.local ?? ref.name;
      return this.unitByName(path, `${owner}.${ref.member}`);
    }
    if (entry.unit !== undefined) return this.nodeId(path, entry.unit);
    return entry.local !== undefined ? this.unitByName(path, entry.local) : undefined;
  }

  private unitByName(path: string, name: string): number | undefined {
    const data = this.facts.get(path);
    if (!data) return undefined;
    const index = data.units.findIndex((unit) => unit.name === name);
    return index >= 0 ? this.nodeId(path, index) : undefined;
  }

  /** An export of a module, following `export … from` and `export *` chains. */
  exportOf(path: string, name: string, depth: number): { path: string; entry: TsExportFacts } | undefined {
    const key = `${path}\u0000${name}`;
    const cached = this.exportCache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    this.exportCache.set(key, null);
    const found = depth > 8 ? undefined : this.computeExport(path, name, depth);
    this.exportCache.set(key, found ?? null);
    return found;
  }

  private computeExport(path: string, name: string, depth: number): { path: string; entry: TsExportFacts } | undefined {
    const data = this.facts.get(path);
    if (!data) return undefined;
    const entry = data.exports[name];
    if (entry) {
      if (entry.from) {
        const target = this.resolver.resolve(path, entry.from.specifier);
        return target && entry.from.name !== '*' ? this.exportOf(target, entry.from.name, depth + 1) : undefined;
      }
      // `import { prisma } from './client'; export { prisma }`: the value lives in the imported module.
      if (entry.local !== undefined && entry.unit === undefined && !entry.kind && !entry.via) {
        const imported = importedBinding(data, entry.local);
        if (imported) {
          const target = this.resolver.resolve(path, imported.specifier);
          if (target) return this.exportOf(target, imported.imported, depth + 1) ?? { path, entry };
        }
      }
      return { path, entry };
    }
    if (name === 'default') return undefined;
    for (const specifier of data.starExports) {
      const target = this.resolver.resolve(path, specifier);
      const found = target ? this.exportOf(target, name, depth + 1) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  /** What an imported binding is (`prisma`, `openai`, …), `null` when the import does not resolve to a workspace file. */
  importKind(fromPath: string, ref: ImportRef, depth = 0): ClientKind | null | undefined {
    if (depth > 6) return undefined;
    const target = this.resolver.resolve(fromPath, ref.specifier);
    if (!target) return null;
    const found = this.exportOf(target, ref.imported === '*' ? ref.member?.[0] ?? 'default' : ref.imported, 0);
    if (!found) return undefined;
    if (found.entry.kind) return ref.member?.length && ref.imported !== '*' ? undefined : found.entry.kind;
    if (found.entry.via) return this.importKind(found.path, { ...found.entry.via, member: [...(found.entry.via.member ?? []), ...(ref.member ?? [])] }, depth + 1);
    return undefined;
  }

  /** Whether a call whose client is imported counts: by the import's kind, or by its name when that is unknown. */
  accepts(fromPath: string, pending: TsEffectFacts['pending']): boolean {
    if (!pending) return true;
    const kind = this.importKind(fromPath, pending.ref);
    if (kind) return pending.accepts.includes(kind);
    return pending.conventional;
  }

  /** The AI client an imported binding is constructed as, with its timeout settings. */
  importedClient(fromPath: string, ref: ImportRef): TsExportFacts['client'] {
    const target = this.resolver.resolve(fromPath, ref.specifier);
    if (!target || ref.member?.length) return undefined;
    const found = this.exportOf(target, ref.imported, 0);
    if (found?.entry.client) return found.entry.client;
    if (found?.entry.via) return this.importedClient(found.path, found.entry.via);
    return undefined;
  }

  private counts(node: GraphNode, effect: TsEffectFacts, kind: ReachKind): boolean {
    if (effect.deferred || (effect.errorPath && kind !== 'rate-limit')) return false;
    switch (kind) {
      case 'db':
        return effect.kind === 'db' && this.accepts(node.path, effect.pending);
      case 'ai':
        return effect.kind === 'ai' && this.accepts(node.path, effect.pending);
      case 'slow':
        return effect.kind === 'slow' && (!!effect.awaited || !!effect.sync);
      case 'blocking-ai':
        return effect.kind === 'ai' && !!effect.blocking && !!effect.awaited && this.accepts(node.path, effect.pending);
      case 'rate-limit':
        return effect.kind === 'rate-limit';
    }
  }

  /** Whether an effect of `kind` is paid for along this edge (slow work: only where the call is awaited). */
  follows(edge: GraphEdge, kind: ReachKind): boolean {
    if (edge.deferred) return false;
    // What runs only after a failure is not what a call normally costs.
    if (edge.errorPath && kind !== 'rate-limit') return false;
    if (kind === 'slow' || kind === 'blocking-ai') return edge.awaited && !edge.ref;
    if (kind === 'rate-limit') return true;
    return !edge.ref;
  }

  /** Shortest-chain witnesses for `kind`: a reverse breadth-first search from the direct sites. */
  private reachTable(kind: ReachKind): Array<Witness | undefined> {
    const cached = this.reachCache.get(kind);
    if (cached) return cached;
    const table: Array<Witness | undefined> = new Array(this.nodes.length);
    const queue: number[] = [];
    for (const node of this.nodes) {
      const effect = node.facts.effects.find((candidate) => this.counts(node, candidate, kind));
      if (effect || (kind === 'rate-limit' && node.facts.limited)) {
        table[node.id] = { effect: effect ?? { kind: 'rate-limit', label: 'rate limit', at: node.facts.at }, depth: 0 };
        queue.push(node.id);
      }
    }
    for (let head = 0; head < queue.length; head++) {
      const id = queue[head];
      const depth = table[id]!.depth;
      for (const edge of this.edgesIn[id]) {
        if (table[edge.from] || !this.follows(edge, kind)) continue;
        table[edge.from] = { edge, depth: depth + 1 };
        queue.push(edge.from);
      }
    }
    this.reachCache.set(kind, table);
    return table;
  }

  /** The chain from `id` to a site of `kind`, or undefined when it reaches none. */
  reach(id: number, kind: ReachKind): ChainStep[] | undefined {
    const table = this.reachTable(kind);
    if (!table[id]) return undefined;
    const chain: ChainStep[] = [];
    let current: number | undefined = id;
    for (let guard = 0; current !== undefined && guard < 64; guard++) {
      const witness: Witness | undefined = table[current];
      if (!witness) return undefined;
      if (witness.effect) {
        chain.push({ at: spanLocation(this.nodes[current].path, witness.effect.at), label: witness.effect.label, effect: witness.effect });
        return chain;
      }
      const edge: GraphEdge = witness.edge!;
      chain.push({ at: edgeLocation(edge), label: this.nodes[edge.to].facts.name });
      current = edge.to;
    }
    return chain;
  }

  reaches(id: number, kind: ReachKind): boolean {
    return !!this.reachTable(kind)[id];
  }

  /** The node whose own site ends the chain `reach` returns. */
  reachEnd(id: number, kind: ReachKind): number | undefined {
    const table = this.reachTable(kind);
    let current = id;
    for (let guard = 0; guard < 64; guard++) {
      const witness = table[current];
      if (!witness) return undefined;
      if (witness.effect) return current;
      current = witness.edge!.to;
    }
    return undefined;
  }

  /**
   * Forward search from every request handler over (node, limited) states:
   * a node is reached "unlimited" when some way from a handler to it passes
   * no rate-limit check. Wrappers and Next.js middleware count as on the way.
   */
  private handlers(): NonNullable<TsWorkspace['handlerState']> {
    if (this.handlerState) return this.handlerState;
    const unlimited: Array<HandlerVisit | undefined> = new Array(this.nodes.length);
    const limited: Array<HandlerVisit | undefined> = new Array(this.nodes.length);
    const queue: Array<[number, boolean]> = [];
    const limits = this.reachTable('rate-limit');
    if (this.nodes.some((node) => !node.offline && node.facts.handler?.kind === 'middleware' && limits[node.id])) this.limitedStacks.add('nextjs');
    for (const node of this.nodes) {
      const handler = node.facts.handler;
      // A cron route, a queue's push endpoint or a webhook receiver is no user's request.
      if (!handler || node.offline || node.facts.runs) continue;
      const isLimited = !!limits[node.id] || this.limitedStacks.has(handler.stack) || this.outgoing(node.id).some((edge) => edge.wrapper && !!limits[edge.to]);
      const table = isLimited ? limited : unlimited;
      if (table[node.id]) continue;
      table[node.id] = { root: node.id };
      queue.push([node.id, isLimited]);
    }
    for (let head = 0; head < queue.length; head++) {
      const [id, isLimited] = queue[head];
      const root = (isLimited ? limited : unlimited)[id]!.root;
      for (const edge of this.edgesOut[id]) {
        const nextLimited = isLimited || !!limits[edge.to];
        const table = nextLimited ? limited : unlimited;
        if (table[edge.to]) continue;
        table[edge.to] = { parent: edge, root };
        queue.push([edge.to, nextLimited]);
      }
    }
    this.handlerState = { unlimited, limited };
    return this.handlerState;
  }

  /** How requests reach a node: the handler and the chain of calls, preferring a way without a rate limit. */
  handlerPath(id: number): { handler: GraphNode; steps: GraphEdge[]; limited: boolean } | undefined {
    const state = this.handlers();
    const isLimited = !state.unlimited[id];
    const table = isLimited ? state.limited : state.unlimited;
    const visit = table[id];
    if (!visit) return undefined;
    const steps: GraphEdge[] = [];
    let current: HandlerVisit | undefined = visit;
    for (let guard = 0; current?.parent && guard < 64; guard++) {
      steps.unshift(current.parent);
      const from: number = current.parent.from;
      current = table[from] ?? state.unlimited[from] ?? state.limited[from];
    }
    return { handler: this.nodes[visit.root], steps, limited: isLimited };
  }

  /**
   * The handler role a node plays itself: it is a handler with a body, or a
   * named function a route or wrapper export hands the request to
   * (`app.post('/x', createUser)`, `export default withAuth(handler)`).
   */
  effectiveHandler(id: number): HandlerInfo | undefined {
    if (!this.effectiveHandlers) {
      const map = new Map<number, HandlerInfo>();
      for (const node of this.nodes) {
        const handler = node.facts.handler;
        if (!handler || node.offline) continue;
        if (!map.has(node.id)) map.set(node.id, handler);
        for (const edge of this.edgesOut[node.id]) if (edge.ref && !edge.wrapper && !map.has(edge.to)) map.set(edge.to, handler);
      }
      this.effectiveHandlers = map;
    }
    return this.effectiveHandlers.get(id);
  }

  /** The call made once per item that leads to `id`, when one does (from code that is not a script). */
  loopCall(id: number): GraphEdge | undefined {
    if (!this.loopState) {
      const state: Array<GraphEdge | undefined> = new Array(this.nodes.length);
      const queue: number[] = [];
      for (const node of this.nodes) {
        if (node.offline) continue;
        for (const edge of this.edgesOut[node.id]) {
          if (!edge.loop || edge.ref || state[edge.to]) continue;
          state[edge.to] = edge;
          queue.push(edge.to);
        }
      }
      for (let head = 0; head < queue.length; head++) {
        const id = queue[head];
        for (const edge of this.edgesOut[id]) {
          if (edge.ref || state[edge.to]) continue;
          state[edge.to] = state[id];
          queue.push(edge.to);
        }
      }
      this.loopState = state;
    }
    return this.loopState[id];
  }

  /**
   * Whether what a node returns ends up in a response: it is a handler, or a
   * handler (or such a function) returns the result of calling it. The edge
   * is the call that hands its result on (`null` for handlers themselves).
   */
  rowsToClient(id: number): GraphEdge | null | undefined {
    if (!this.rowsState) {
      const state: Array<GraphEdge | null | undefined> = new Array(this.nodes.length);
      const queue: number[] = [];
      for (const node of this.nodes) {
        if (node.offline || !this.effectiveHandler(node.id)) continue;
        state[node.id] = null;
        queue.push(node.id);
      }
      for (let head = 0; head < queue.length; head++) {
        const id = queue[head];
        const returned = new Set(this.nodes[id].facts.returnsCalls ?? []);
        if (!returned.size) continue;
        for (const edge of this.edgesOut[id]) {
          if (edge.call === undefined || !returned.has(edge.call) || state[edge.to] !== undefined) continue;
          state[edge.to] = edge;
          queue.push(edge.to);
        }
      }
      this.rowsState = state;
    }
    return this.rowsState[id];
  }

  /** Whether any DB kind is what an imported client resolves to. */
  isDbKind(kind: ClientKind | null | undefined): boolean {
    return !!kind && DB_KINDS.has(kind);
  }
}

export function edgeLocation(edge: GraphEdge): Location {
  return spanLocation(edge.file, edge.span);
}

function importedBinding(data: TsFacts, local: string): { specifier: string; imported: string } | undefined {
  for (const entry of data.imports) {
    const binding = entry.bindings.find((candidate) => candidate.local === local);
    if (binding) return { specifier: entry.specifier, imported: binding.imported };
  }
  return undefined;
}

/**
 * The workspace view for the current facts and script globs. Tests,
 * scripts and migrations by their path (`core/code-kind.ts`) and the user's
 * `scripts` globs are offline: their loops and handlers are no request path.
 */
export function tsWorkspace(index: FactsIndex, scripts: readonly string[]): TsWorkspace {
  const key = `typescript:workspace:${scripts.join('\u0000')}`;
  return index.derived(key, (facts) => {
    const isScript = picomatch([...scripts], { dot: true });
    return new TsWorkspace(facts, (path) => isScript(path) || isOffline(codeKindOfPath(path)), (path) => codeKindOfPath(path) === 'test');
  }, { movable: true });
}
