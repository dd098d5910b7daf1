import type ts from 'typescript';
import type { DeclarationSink } from './declarations';
import type { TsEntryKind } from './entry';
import type { HandlerInfo } from './handlers';
import type { LoopInfo } from './loops';
import type { FunctionNode } from './syntax';

/**
 * Everything the TypeScript rules and the facts extractor need to know about
 * one file, computed in one iterative pass over its tree (`model-pass.ts`)
 * and cached per `ts.SourceFile`: the functions ("units") that calls can be
 * attributed to, every call with the loop (`loops.ts`) and the unit it runs
 * in, declarations for name lookup (`declarations.ts`), and return
 * statements. Rules then look at calls, never re-walk.
 */

export type UnitKind = 'module' | 'function' | 'method' | 'callback' | 'alias';

/**
 * A function calls are attributed to: top-level functions, exported
 * wrappers' inner functions, class and object methods, route callbacks.
 * Anonymous functions inside a unit (callbacks, `.map` bodies) belong to it:
 * they run when it runs. Unit 0 is the module's top-level code.
 */
export interface Unit {
  index: number;
  name: string;
  kind: UnitKind;
  node?: FunctionNode;
  /** Where a related location points: the unit's name, or its first token. */
  anchor: ts.Node;
  handler?: HandlerInfo;
  /**
   * Functions this unit hands the request to without calling them in its own
   * body: the wrapper of `withAuth(async () => …)`, the named middleware and
   * handlers of `app.post('/x', limiter, createUser)`.
   */
  refs: UnitRef[];
  exported: boolean;
  /** A rate limiter runs on its route (`app.post('/x', limiter, fn)`) or in its body. */
  limited?: boolean;
  /** The fewest requests per hour a limiter on its route or in its body allows, when its numbers are written out. */
  limitPerHour?: number;
  /** Registered as background work (a queue's worker, a scheduled function), not called per request. */
  runs?: 'background';
}

export interface UnitRef {
  expression: ts.Expression;
  /** The ref wraps the unit (`withAuth(fn)`): its checks run before the handler. */
  wrapper: boolean;
}

export interface CallSite {
  node: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression;
  unit: number;
  /** The innermost loop around the call within its unit. */
  loop?: LoopInfo;
  /** Inside `after(…)` / `waitUntil(…)`: runs after the response is sent. */
  deferred: boolean;
  /** Inside a `catch` block or a `.catch(…)` callback: runs only when something failed. */
  errorPath: boolean;
}

export interface ReturnSite {
  unit: number;
  /** The function the `return` belongs to (the unit's own, or a callback inside it). */
  fn: ts.Node;
  expression: ts.Expression;
}

export interface ExportEntry {
  /** The local name it exports (a unit or a variable), when it is a local. */
  local?: string;
  /** `export { x as y } from './m'`. */
  from?: { specifier: string; name: string };
  unit?: number;
}

/** The names the file declares and its imports come with it (`declarations.ts`). */
export interface FileModel extends DeclarationSink {
  path: string;
  directives: string[];
  entry?: TsEntryKind;
  units: Unit[];
  calls: CallSite[];
  returns: ReturnSite[];
  exports: Map<string, ExportEntry>;
  /** `export * from './m'` specifiers. */
  starExports: string[];
  /** Top-level names of units (`getUser`, `UserService.find`) to their index. */
  unitsByName: Map<string, number>;
  unitByNode: Map<ts.Node, number>;
  /** `app.use(rateLimit(…))`: every route of the app passes a limiter. */
  appLimited: boolean;
}

/** Adds a unit; the first unit of a name is the one calls by that name reach (the module and anonymous callbacks have none). */
export function addUnit(model: FileModel, unit: Omit<Unit, 'index'>): number {
  const index = model.units.length;
  model.units.push({ ...unit, index });
  if (unit.node) model.unitByNode.set(unit.node, index);
  if (unit.kind !== 'module' && unit.kind !== 'callback' && !model.unitsByName.has(unit.name)) model.unitsByName.set(unit.name, index);
  return index;
}

/** The unit a node runs in, found through its ancestors. */
export function unitOf(model: FileModel, node: ts.Node): number {
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    const unit = model.unitByNode.get(current);
    if (unit !== undefined) return unit;
  }
  return 0;
}
