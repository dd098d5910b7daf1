/**
 * Request handlers by how they are declared: function views taking
 * `request`, class-based views (Django's and DRF's), `@api_view`, and the
 * route decorators of Django Ninja and FastAPI routers.
 */
import type { FactsDraft } from './facts-draft';
import type { ViewKind } from './facts-types';

const VIEW_BASE = /(?:View|ViewSet|APIView)$/;
const DRF_BASE = /^(?:rest_framework\.|viewsets\.|generics\.|mixins\.|views\.APIView)|APIView$|ViewSet$|^(?:Generic|ListAPI|RetrieveAPI|CreateAPI|ListCreateAPI|RetrieveUpdateAPI|RetrieveDestroyAPI|RetrieveUpdateDestroyAPI|UpdateAPI|DestroyAPI)View$/;
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'api_route', 'api_operation', 'head', 'options']);
const ROUTER_CONSTRUCTORS = /^(?:Router|NinjaAPI|APIRouter|FastAPI)$/;

/** `router = Router()` at module level: later `@router.get(...)` functions are views. */
export function noteRouter(draft: FactsDraft, name: string, constructor: string): void {
  if (ROUTER_CONSTRUCTORS.test(constructor)) draft.routers.add(name);
}

/** The view kind of a module-level function, from its decorators (dotted names) and parameters. */
export function functionViewKind(draft: FactsDraft, decorators: readonly string[][], params: readonly string[]): ViewKind | undefined {
  if (decorators.some((name) => lastOf(name) === 'api_view')) return 'drf';
  if (decorators.some((name) => name.length === 2 && ROUTE_METHODS.has(name[1]) && isRouter(draft, name[0]))) {
    return draft.facts.imports.some((entry) => entry.module.startsWith('fastapi')) ? 'fastapi' : 'ninja';
  }
  if (params[0] === 'request' && !draft.facts.isTest) return 'function';
  return undefined;
}

/** The view kind of a class from its bases: DRF's views and viewsets, or Django's class-based views. */
export function classViewKind(bases: readonly string[]): ViewKind | undefined {
  if (!bases.some((base) => VIEW_BASE.test(lastSegment(base)))) return undefined;
  return bases.some((base) => DRF_BASE.test(base) || DRF_BASE.test(lastSegment(base))) ? 'drf' : 'class';
}

function isRouter(draft: FactsDraft, name: string): boolean {
  if (draft.routers.has(name)) return true;
  const web = draft.facts.imports.some((entry) => entry.module.startsWith('fastapi') || entry.module.startsWith('ninja'));
  return web && /^(?:router|app|api)$/.test(name);
}

function lastOf(parts: readonly string[]): string {
  return parts[parts.length - 1] ?? '';
}

function lastSegment(dotted: string): string {
  return dotted.split('.').pop() ?? '';
}
