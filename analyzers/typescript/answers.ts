import type { ExecutionContext } from '../core/evidence';
import type { FactsIndex } from '../core/facts';
import { contextOfFile, contextOfNode, requestEntries, type EntryPoint } from './contexts';
import type { Location } from '../core/types';
import type { TsClientFacts, TsEffectFacts, TsRef } from './facts';
import type { HandlerInfo } from './handlers';
import { dirName } from './resolve';
import type { ImportRef } from './values';
import { edgeLocation, tsWorkspace, type ChainStep, type ReachKind, type TsWorkspace } from './workspace';

/**
 * The cross-file questions TypeScript rules ask, as entries of one keyed
 * facts view. Each answer is plain data computed on first `get` from the
 * workspace graph, so a file's findings depend only on the answers it read:
 * when a route changes, a file that asked "which handler reaches my
 * `getUser`?" is re-analyzed only if that answer changed, not because some
 * fact somewhere in the TypeScript workspace did.
 */
export interface CalleeReach {
  /** The function called. */
  name: string;
  /** From it to the site, shortest first. */
  chain: ChainStep[];
}

export interface ReachedBy {
  name: string;
  at: Location;
  info?: HandlerInfo;
  /** Every way from a handler to here passes a rate-limit check. */
  limited: boolean;
}

export interface HandlerAnswer {
  /** The unit runs per request itself (a handler, or a function a route hands the request to). */
  own?: HandlerInfo;
  /** A handler that reaches the unit, preferring one with no rate limit on the way. */
  reached?: ReachedBy;
}

export interface LoopAnswer {
  caller: string;
  at: Location;
}

/** How a unit's return value reaches a response: it is a handler (`caller` unset), or a caller returns it. */
export interface RowsAnswer {
  caller?: string;
  at?: Location;
  info?: HandlerInfo;
}

type Question =
  | ['accepts', string, NonNullable<TsEffectFacts['pending']>]
  | ['resolves', string, TsRef]
  | ['reach', string, TsRef, ReachKind]
  | ['handler', string, number]
  | ['loop', string, number]
  | ['rows', string, number]
  | ['returnsRows', string, TsRef]
  | ['client', string, ImportRef]
  | ['prisma', string]
  | ['context', string, number]
  | ['fileContext', string]
  | ['entries', string, number, ReachKind]
  | ['sharedEnd', string, TsRef, ReachKind]
  | ['module', string, string];

/** A Map whose entries compute on first read: the keyed view cannot list questions nobody asked. */
class LazyAnswers extends Map<string, unknown> {
  constructor(private readonly workspace: TsWorkspace) {
    super();
  }

  override get(key: string): unknown {
    if (!super.has(key)) super.set(key, answer(this.workspace, JSON.parse(key) as Question) ?? null);
    return super.get(key);
  }

  override has(key: string): boolean {
    return this.get(key) !== null;
  }
}

export class TsAnswers {
  constructor(
    private readonly facts: FactsIndex,
    private readonly scripts: readonly string[],
  ) {}

  private ask<T>(question: Question): T | undefined {
    const key = `typescript:answers:${this.scripts.join('\u0000')}`;
    const view = this.facts.keyed<unknown>(key, (index) => new LazyAnswers(tsWorkspace(index, this.scripts)));
    const value = view.get(JSON.stringify(question));
    return value === null ? undefined : (value as T);
  }

  /** Whether a call whose client is imported counts (see `TsWorkspace.accepts`). */
  accepts(path: string, pending: NonNullable<TsEffectFacts['pending']>): boolean {
    return this.ask<boolean>(['accepts', path, pending]) ?? false;
  }

  /** Whether a call target resolves to a function of the workspace. */
  resolves(path: string, ref: TsRef): boolean {
    return this.ask<boolean>(['resolves', path, ref]) ?? false;
  }

  /** The function a call reaches and its chain to a site of `kind`, when it reaches one. */
  reach(path: string, ref: TsRef, kind: ReachKind): CalleeReach | undefined {
    return this.ask<CalleeReach>(['reach', path, ref, kind]);
  }

  handler(path: string, unit: number): HandlerAnswer {
    return this.ask<HandlerAnswer>(['handler', path, unit]) ?? {};
  }

  loop(path: string, unit: number): LoopAnswer | undefined {
    return this.ask<LoopAnswer>(['loop', path, unit]);
  }

  rows(path: string, unit: number): RowsAnswer | undefined {
    return this.ask<RowsAnswer>(['rows', path, unit]);
  }

  /** Whether a call target is a workspace function that returns the rows of a list read. */
  returnsRows(path: string, ref: TsRef): boolean {
    return this.ask<boolean>(['returnsRows', path, ref]) ?? false;
  }

  importedClient(path: string, ref: ImportRef): TsClientFacts | undefined {
    return this.ask<TsClientFacts>(['client', path, ref]);
  }

  /** Where a unit runs, from the entry points that reach it (`contexts.ts`). */
  context(path: string, unit: number): ExecutionContext {
    return this.ask<ExecutionContext>(['context', path, unit]) ?? 'unknown';
  }

  /** Where a file's top-level code runs: in every process that loads it. */
  fileContext(path: string): ExecutionContext {
    return this.ask<ExecutionContext>(['fileContext', path]) ?? 'unknown';
  }

  /** The request handlers that reach a unit along calls where an effect of `kind` is paid, counted, the nearest listed. */
  entries(path: string, unit: number, kind: ReachKind): { count: number; entries: EntryPoint[] } {
    return this.ask<{ count: number; entries: EntryPoint[] }>(['entries', path, unit, kind]) ?? { count: 0, entries: [] };
  }

  /** Whether an import specifier names a file of this workspace (a relative path, an alias, a monorepo package). */
  resolvesModule(path: string, specifier: string): boolean {
    return this.ask<boolean>(['module', path, specifier]) ?? false;
  }

  /** How many request handlers reach the site that ends a call target's chain to `kind` (0 when it reaches none). */
  sharedEnd(path: string, ref: TsRef, kind: ReachKind): number {
    return this.ask<number>(['sharedEnd', path, ref, kind]) ?? 0;
  }

  /** The workspace module exporting a Prisma client nearest to `path`, and how `path` would import it. */
  sharedPrisma(path: string): { name: string; specifier: string } | undefined {
    return this.ask<{ name: string; specifier: string }>(['prisma', path]);
  }
}

function answer(workspace: TsWorkspace, question: Question): unknown {
  switch (question[0]) {
    case 'accepts':
      return workspace.accepts(question[1], question[2]);
    case 'resolves':
      return workspace.resolveRef(question[1], question[2]) !== undefined;
    case 'reach': {
      const target = workspace.resolveRef(question[1], question[2]);
      if (target === undefined) return undefined;
      const chain = workspace.reach(target, question[3]);
      return chain ? { name: workspace.nodes[target].facts.name, chain } : undefined;
    }
    case 'handler': {
      const id = workspace.nodeId(question[1], question[2]);
      if (id === undefined) return undefined;
      const own = workspace.effectiveHandler(id);
      const path = workspace.handlerPath(id);
      const reached = path ? { name: path.handler.facts.name, at: path.handler.at, info: path.handler.facts.handler, limited: path.limited } : undefined;
      return { own, reached };
    }
    case 'loop': {
      const id = workspace.nodeId(question[1], question[2]);
      const edge = id === undefined ? undefined : workspace.loopCall(id);
      return edge ? { caller: workspace.nodes[edge.from].facts.name, at: edgeLocation(edge) } : undefined;
    }
    case 'rows': {
      const id = workspace.nodeId(question[1], question[2]);
      if (id === undefined) return undefined;
      const via = workspace.rowsToClient(id);
      if (via === undefined) return undefined;
      if (via === null) return {};
      const caller = workspace.nodes[via.from];
      return { caller: caller.facts.name, at: edgeLocation(via), info: workspace.effectiveHandler(via.from) ?? workspace.handlerPath(via.from)?.handler.facts.handler };
    }
    case 'returnsRows': {
      const target = workspace.resolveRef(question[1], question[2]);
      return target !== undefined && !!workspace.nodes[target].facts.returnsList;
    }
    case 'client':
      return workspace.importedClient(question[1], question[2]);
    case 'prisma':
      return sharedPrisma(workspace, question[1]);
    case 'context': {
      const id = workspace.nodeId(question[1], question[2]);
      return id === undefined ? undefined : contextOfNode(workspace, id);
    }
    case 'fileContext':
      return workspace.fileFacts(question[1]) ? contextOfFile(workspace, question[1]) : undefined;
    case 'module':
      return workspace.resolver.resolve(question[1], question[2]) !== undefined;
    case 'sharedEnd': {
      const target = workspace.resolveRef(question[1], question[2]);
      const end = target === undefined ? undefined : workspace.reachEnd(target, question[3]);
      const chain = target === undefined ? undefined : workspace.reach(target, question[3]);
      // A sleep each caller times itself is the caller's to move, not the helper's.
      if (end === undefined || chain?.[chain.length - 1].effect?.timedByCaller) return undefined;
      return requestEntries(workspace, end, question[3], 0).count;
    }
    case 'entries': {
      const id = workspace.nodeId(question[1], question[2]);
      return id === undefined ? undefined : requestEntries(workspace, id, question[3]);
    }
  }
}

/** The nearest module (same app of a monorepo first) that exports a Prisma client, with the specifier to import it by. */
function sharedPrisma(workspace: TsWorkspace, path: string): { name: string; specifier: string } | undefined {
  const candidates = prismaExports(workspace).filter((candidate) => candidate.file !== path);
  if (!candidates.length) return undefined;
  candidates.sort((a, b) => commonPrefix(b.file, path) - commonPrefix(a.file, path) || a.file.length - b.file.length || a.file.localeCompare(b.file));
  const best = candidates[0];
  return { name: best.name, specifier: specifierFor(workspace, path, best.file) };
}

/** Every named Prisma client export of the workspace, listed once per workspace view (each file with a finding asks). */
const prismaExportsOf = new WeakMap<TsWorkspace, Array<{ file: string; name: string }>>();

function prismaExports(workspace: TsWorkspace): Array<{ file: string; name: string }> {
  let list = prismaExportsOf.get(workspace);
  if (!list) {
    list = [];
    for (const [file, facts] of workspace.files()) {
      for (const [name, entry] of Object.entries(facts.exports)) if (entry.kind === 'prisma' && name !== 'default') list.push({ file, name });
    }
    prismaExportsOf.set(workspace, list);
  }
  return list;
}

function commonPrefix(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  let i = 0;
  while (i < left.length && i < right.length && left[i] === right[i]) i++;
  return i;
}

/** `@/lib/db` when the file's `@/` (or `~/`) alias reaches it, else a relative path. */
function specifierFor(workspace: TsWorkspace, from: string, target: string): string {
  const stem = target.replace(/\.[cm]?[jt]sx?$/, '').replace(/\/index$/, '');
  for (const prefix of ['@/', '~/']) {
    const parts = stem.split('/');
    for (let i = 0; i < parts.length; i++) {
      const candidate = prefix + parts.slice(i).join('/');
      if (workspace.resolver.resolve(from, candidate) === target) return candidate;
    }
  }
  const fromParts = dirName(from).split('/').filter(Boolean);
  const toParts = stem.split('/');
  let common = 0;
  while (common < fromParts.length && common < toParts.length - 1 && fromParts[common] === toParts[common]) common++;
  const up = fromParts.length - common;
  const relative = [...Array(up).fill('..'), ...toParts.slice(common)].join('/');
  return up === 0 ? `./${relative}` : relative;
}
