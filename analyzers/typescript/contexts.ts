import type { ExecutionContext } from '../core/evidence';
import type { Location } from '../core/types';
import type { GraphNode, ReachKind, TsWorkspace } from './workspace';

/**
 * Where every function of a TypeScript workspace runs, as a fact derived
 * from the entry points that reach it through the call graph:
 *
 * - entry points: request handlers (`request`), cron routes, queue push
 *   endpoints, webhook receivers and registered workers (`background`),
 *   build steps (`build`), and every function of a script or a test file;
 * - a function takes the contexts of every entry point that reaches it
 *   (a call deferred with `after()` or `waitUntil` runs in the background);
 * - a function no call reaches takes those of the processes that load its
 *   file (the entry points of every file that imports it, transitively),
 *   when none of them serves requests: being loaded by the server says
 *   nothing of whether a request runs it, but a file only scripts load only
 *   ever runs in scripts.
 *
 * When several reach it, the one that costs most wins: a request, then
 * background work, the build, scripts, tests; none is `unknown`.
 */
const REQUEST = 1;
const BACKGROUND = 2;
const BUILD = 4;
const SCRIPT = 8;
const TEST = 16;

interface ContextState {
  /** Context bits per node, from the call graph. */
  calls: Uint8Array;
  /** Context bits per file, from what imports it. */
  files: Map<string, number>;
}

const states = new WeakMap<TsWorkspace, ContextState>();

/** The node's own entry-point bits. */
function entryBits(workspace: TsWorkspace, node: GraphNode): number {
  if (node.offline) return node.test ? TEST : SCRIPT;
  const runs = node.facts.runs;
  if (runs === 'background') return BACKGROUND;
  if (runs === 'build') return BUILD;
  // A function a route hands the request to (`withAuth(handler)`) takes its route's context through that reference.
  if (node.facts.handler) return REQUEST;
  // Every function of a cron job's or a worker's file runs there, whoever else calls it.
  return workspace.fileFacts(node.path)?.background ? BACKGROUND : 0;
}

function state(workspace: TsWorkspace): ContextState {
  let found = states.get(workspace);
  if (found) return found;
  const calls = new Uint8Array(workspace.nodes.length);
  const queue: number[] = [];
  for (const node of workspace.nodes) {
    calls[node.id] = entryBits(workspace, node);
    if (calls[node.id]) queue.push(node.id);
  }
  // Each node enters the queue at most once per bit it gains: linear in nodes and edges.
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head];
    for (const edge of workspace.outgoing(id)) {
      const bits = edge.deferred && calls[id] & REQUEST ? (calls[id] & ~REQUEST) | BACKGROUND : calls[id];
      const merged = calls[edge.to] | bits;
      if (merged === calls[edge.to]) continue;
      calls[edge.to] = merged;
      queue.push(edge.to);
    }
  }
  found = { calls, files: fileBits(workspace) };
  states.set(workspace, found);
  return found;
}

/** The processes each file is loaded in: its own entry points' and, along imports, every importer's. */
function fileBits(workspace: TsWorkspace): Map<string, number> {
  const bits = new Map<string, number>();
  const imports = new Map<string, string[]>();
  for (const [path, facts] of workspace.files()) {
    const first = workspace.nodeId(path, 0);
    let own = 0;
    if (first !== undefined) for (let unit = 0; unit < facts.units.length; unit++) own |= entryBits(workspace, workspace.nodes[first + unit]);
    bits.set(path, own);
    const specifiers = [...facts.imports.map((entry) => entry.specifier), ...facts.starExports, ...Object.values(facts.exports).flatMap((entry) => (entry.from ? [entry.from.specifier] : []))];
    const targets = new Set<string>();
    for (const specifier of specifiers) {
      const target = workspace.resolver.resolve(path, specifier);
      if (target && target !== path) targets.add(target);
    }
    imports.set(path, [...targets]);
  }
  const queue = [...bits.keys()].filter((path) => bits.get(path));
  for (let head = 0; head < queue.length; head++) {
    const path = queue[head];
    const from = bits.get(path)!;
    for (const target of imports.get(path) ?? []) {
      const before = bits.get(target) ?? 0;
      if ((before | from) === before) continue;
      bits.set(target, before | from);
      queue.push(target);
    }
  }
  return bits;
}

function contextOfBits(bits: number): ExecutionContext {
  if (bits & REQUEST) return 'request';
  if (bits & BACKGROUND) return 'background';
  if (bits & BUILD) return 'build';
  if (bits & SCRIPT) return 'script';
  if (bits & TEST) return 'test';
  return 'unknown';
}

/**
 * Where a node runs. The module's own top-level code, and a function no
 * entry point's calls reach, run wherever their file is loaded.
 */
export function contextOfNode(workspace: TsWorkspace, id: number): ExecutionContext {
  const node = workspace.nodes[id];
  const bits = node.unit === 0 ? 0 : state(workspace).calls[id];
  return bits ? contextOfBits(bits) : contextOfFile(workspace, node.path);
}

/**
 * Where a file's top-level code runs: in every process that loads it. Code
 * the server loads runs there once, at start, not per request: `unknown`.
 */
export function contextOfFile(workspace: TsWorkspace, path: string): ExecutionContext {
  const bits = state(workspace).files.get(path) ?? 0;
  return bits & REQUEST ? 'unknown' : contextOfBits(bits);
}

/** A request handler that reaches a node, with where it is named. */
export interface EntryPoint {
  name: string;
  at: Location;
}

/**
 * A route limited to this many requests per hour or fewer runs a few times
 * an hour per user (a feedback form behind `rateLimit(5, '1 h')`): rare by design.
 */
export const RARE_PER_HOUR = 30;

/** A user's request handler: a handler that is no background or build entry, or the function such a route hands the request to. */
function isRequestHandler(workspace: TsWorkspace, node: GraphNode): GraphNode | undefined {
  const isRoute = (candidate: GraphNode) => !candidate.offline && !candidate.facts.runs && !!candidate.facts.handler;
  if (isRoute(node)) return node;
  const route = workspace.incoming(node.id).find((edge) => edge.ref && !edge.wrapper && isRoute(workspace.nodes[edge.from]));
  return route ? workspace.nodes[route.from] : undefined;
}

/**
 * The request handlers whose calls reach `id` along the edges a `kind` of
 * effect is followed on (for slow work: awaited calls), nearest first, at
 * most `limit` of them listed. `count` leaves out routes rate-limited to a
 * few requests an hour.
 */
export function requestEntries(workspace: TsWorkspace, id: number, kind: ReachKind, limit = 8): { count: number; entries: EntryPoint[] } {
  const seen = new Set<number>([id]);
  const queue = [id];
  const entries: EntryPoint[] = [];
  let count = 0;
  for (let head = 0; head < queue.length; head++) {
    const current = workspace.nodes[queue[head]];
    const route = isRequestHandler(workspace, current);
    if (route) {
      const limitPerHour = current.facts.limitPerHour ?? route.facts.limitPerHour;
      if (limitPerHour !== undefined && limitPerHour <= RARE_PER_HOUR) continue;
      count++;
      if (entries.length < limit) entries.push({ name: current.facts.name, at: current.at });
      // A handler's own callers (a route file re-exporting it) add no entry point of their own.
      continue;
    }
    for (const edge of workspace.incoming(current.id)) {
      if (seen.has(edge.from) || !workspace.follows(edge, kind)) continue;
      seen.add(edge.from);
      queue.push(edge.from);
    }
  }
  return { count, entries };
}
