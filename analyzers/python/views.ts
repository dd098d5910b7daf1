/**
 * Request handlers by how they are declared: function views taking
 * `request`, class-based views (Django's and DRF's), `@api_view`, and the
 * route decorators of Django Ninja and FastAPI routers.
 */
import type { FactsDraft } from './facts-draft';
import type { ViewKind } from './facts-types';
import type { PyNode } from './tree';

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
  // django-modernrpc's `@rpc_method`: a JSON-RPC/XML-RPC endpoint runs in the request that calls it, though it takes no `request`.
  if (decorators.some((name) => lastOf(name) === 'rpc_method')) return 'function';
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

/** Decorators that let only staff or superusers in: Django admin's, `user_passes_test(lambda u: u.is_superuser)`, the common `superuser_required`. */
const STAFF_DECORATOR = /^(?:staff_member_required|superuser_required|staff_required|admin_required|admin_only)$/;
/** Checks of the user's staff or superuser flag that turn everyone else away at the top of a view. */
const STAFF_GUARD = /\bif\s+not\s+(?:request\.|self\.request\.)?user\.is_(?:superuser|staff)\s*:\s*(?:\n\s*)?(?:raise|return)\b/;
/** DRF permissions and mixins that admit only staff. */
const STAFF_PERMISSION = /\bIsAdminUser\b|\bIsSuperUser\b|\bSuperuserRequiredMixin\b|\bStaffuserRequiredMixin\b|\bStaffRequiredMixin\b/;

/**
 * A view only staff or superusers can run: a staff decorator, a staff
 * permission or mixin on its class, or a guard on `user.is_superuser` /
 * `user.is_staff` among its first statements. Such actions run rarely,
 * whatever they do.
 */
export function isStaffOnly(draft: FactsDraft, decorators: ReadonlyArray<{ node: PyNode; name: readonly string[] }>, body: PyNode | undefined): boolean {
  for (const decorator of decorators) {
    const last = lastOf(decorator.name);
    if (STAFF_DECORATOR.test(last)) return true;
    if (/^(?:user_passes_test|method_decorator|permission_classes)$/.test(last) && (/is_superuser|is_staff/.test(draft.text(decorator.node)) || STAFF_PERMISSION.test(draft.text(decorator.node)))) return true;
  }
  const first = body?.children.find((child) => child.type === 'if_statement' || child.type === 'expression_statement' && !/^["']/.test(draft.text(child)));
  return !!first && first.type === 'if_statement' && STAFF_GUARD.test(draft.text(first));
}

/** A class whose permissions or mixins admit only staff. */
export function isStaffOnlyClass(draft: FactsDraft, bases: readonly string[], body: PyNode): boolean {
  if (bases.some((base) => STAFF_PERMISSION.test(base))) return true;
  return /permission_classes\s*=\s*[[(][^\])]*\b(?:IsAdminUser|IsSuperUser)\b/.test(draft.text(body));
}

/**
 * A view that verifies an inbound webhook's signature is called by another
 * service (Stripe, GitHub, a payment provider), not by a user waiting on a
 * page: its work is background work.
 */
const WEBHOOK_VERIFICATION = /\bWebhook\.construct_event\b|\bconstruct_event\s*\(|HTTP_STRIPE_SIGNATURE|HTTP_X_HUB_SIGNATURE|HTTP_X_SIGNATURE|Stripe-Signature|X-Hub-Signature|\bverify_(?:webhook|signature)\w*\s*\(/;

export function verifiesWebhook(draft: FactsDraft, body: PyNode | undefined): boolean {
  return !!body && WEBHOOK_VERIFICATION.test(draft.text(body));
}
