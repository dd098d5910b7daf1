/**
 * How many rows a DRF serializer serializes per request, from every place
 * the workspace builds it: a list view's `serializer_class` serializes that
 * view's rows (`row-scope.ts` tells a table from one user's few rows); a
 * detail view, `Serializer(obj)` and `many=False` one row; `many=True` and
 * nested list fields many. A query in a serializer method runs once per
 * row it serializes, so this is that method's collection size.
 */
import type { CollectionSize } from '../core/evidence';
import type { PyCheck } from './check';
import type { PyClass, SerializerCall } from './facts-types';
import { factScope, scopeSize } from './row-scope';
import type { PyWorkspace } from './workspace';

/** Views that list rows (and may show one): their `serializer_class` serializes every row of a page. */
const LIST_BASES = /^(?:ModelViewSet|ReadOnlyModelViewSet|ListAPIView|ListCreateAPIView|ListModelMixin|ListView)$/;
const MAX_DEPTH = 4;

interface Uses {
  classes: Array<{ path: string; cls: PyClass }>;
  calls: Array<{ path: string; call: SerializerCall }>;
}

const usesByWorkspace = new WeakMap<PyWorkspace, Uses>();

/** `grows` when some use serializes a list that grows, `bounded` when every use serializes one row, else `unknown`. */
export function serializerRows(c: PyCheck<unknown>, serializer: string, depth = 0): CollectionSize {
  if (depth > MAX_DEPTH) return 'unknown';
  const uses = usesOf(c.ws);
  const sizes: CollectionSize[] = [];
  for (const { path, cls } of uses.classes) {
    if (cls.serializerClass !== serializer) continue;
    const listing = listsRows(c, path, cls) || uses.calls.some((use) => use.path === path && use.call.className === cls.name && use.call.many && use.call.callee !== serializer);
    sizes.push(listing ? viewRows(c, path, cls) : 'bounded');
  }
  for (const { path, call } of uses.calls) {
    if (call.callee !== serializer) continue;
    const nestedIn = call.className ? uses.classes.find((entry) => entry.path === path && entry.cls.name === call.className) : undefined;
    const inSerializer = nestedIn && c.ws.files.get(path)?.serializers.some((entry) => entry.name === nestedIn.cls.name);
    // A nested field serializes per row of its parent serializer; a list of it, many per row.
    if (call.many) sizes.push('grows');
    else if (inSerializer) sizes.push(serializerRows(c, nestedIn.cls.name, depth + 1));
    else sizes.push('bounded');
  }
  if (sizes.includes('grows')) return 'grows';
  return sizes.length && sizes.every((size) => size === 'bounded') ? 'bounded' : 'unknown';
}

function usesOf(ws: PyWorkspace): Uses {
  let uses = usesByWorkspace.get(ws);
  if (uses) return uses;
  uses = { classes: [], calls: [] };
  for (const [path, facts] of ws.files) {
    for (const cls of facts.classes) uses.classes.push({ path, cls });
    for (const call of facts.serializerCalls) uses.calls.push({ path, call });
  }
  usesByWorkspace.set(ws, uses);
  return uses;
}

/** The class or a workspace ancestor is a list view. */
function listsRows(c: PyCheck<unknown>, path: string, cls: PyClass): boolean {
  return lineage(c, path, cls).some(({ cls: entry }) => entry.bases.some((base) => LIST_BASES.test(base.split('.').pop() ?? '')));
}

/**
 * The rows a list view serves: its queryset's (its own or the nearest
 * ancestor's) as its filters pick them; one ScaleCheck cannot read
 * (`get_queryset` it cannot follow) is a list view's rows, which grow.
 */
function viewRows(c: PyCheck<unknown>, path: string, cls: PyClass): CollectionSize {
  for (const { path: owner, cls: entry } of lineage(c, path, cls)) {
    if (entry.methods.includes('get_queryset') && !entry.queryset) return 'grows';
    const queryset = entry.queryset;
    if (!queryset) continue;
    const model = c.ws.model(owner, queryset.model);
    if (!model) return 'grows';
    return scopeSize(model, factScope(model, queryset.filters, queryset.unreadFilter), () => 'unknown');
  }
  return 'grows';
}

/** The class, then its workspace ancestors, nearest first. */
function lineage(c: PyCheck<unknown>, path: string, cls: PyClass): Array<{ path: string; cls: PyClass }> {
  const out = [{ path, cls }];
  const seen = new Set([`${path}#${cls.name}`]);
  for (let i = 0; i < out.length && out.length < 20; i++) {
    for (const base of out[i].cls.bases) {
      const target = c.ws.resolveName(out[i].path, base.split('.').pop()!);
      if (!target || !('path' in target) || seen.has(`${target.path}#${target.name}`)) continue;
      const ancestor = c.ws.files.get(target.path)?.classes.find((candidate) => candidate.name === target.name);
      if (!ancestor) continue;
      seen.add(`${target.path}#${target.name}`);
      out.push({ path: target.path, cls: ancestor });
    }
  }
  return out;
}
