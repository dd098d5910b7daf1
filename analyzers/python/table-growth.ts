import type { FactsIndex } from '../core/facts';
import { noWrites, tableGrowth, type Growth, type WriteCounts } from '../core/table-growth';
import { pythonWorkspace, type PyWorkspace, type ResolvedModel } from './workspace';

/**
 * Table growth for Django models (`core/table-growth.ts`): where the
 * workspace creates rows of each model, and whether a unique key allows one
 * row per parent.
 *
 * Rows are created by `Model.objects.create` / `bulk_create` /
 * `get_or_create` / `update_or_create`, by `Model(…)` and then `.save()`, and by the
 * generic views and viewsets that create (`CreateView`, `CreateAPIView`,
 * `ModelViewSet`). Those in tests, scripts, migrations, management commands
 * and `admin.py`, or in functions only those call, are one-off; in a Celery
 * task, a loop or a `bulk_create` they arrive in bulk.
 */
export type GrowthOfModel = (model: ResolvedModel) => Growth;

/** The parent a model holds one row per; its target is missing when it is not a model of the workspace. */
interface Parent {
  target?: ResolvedModel;
}

const CREATING_VIEW = /(?:^|\.)(?:CreateView|CreateAPIView|ListCreateAPIView|ModelViewSet|CreateModelMixin)$/;
const ADMIN_MODULE = /(?:^|\/)admin(?:\.py$|\/)/;

/** Functions that scripts and management commands call, and no view or task does. */
export function scriptOnlyFunctions(index: FactsIndex, scripts: readonly string[]): Set<string> {
  return index.derived(`python:script-only:${scripts.join('\u0000')}`, (facts) => scriptOnly(pythonWorkspace(facts, scripts)), { movable: true });
}

function scriptOnly(ws: PyWorkspace): Set<string> {
  const reached = (starts: string[]): Set<string> => {
    const seen = new Set(starts);
    const queue = [...starts];
    while (queue.length) {
      const entry = ws.function(queue.shift()!);
      if (!entry) continue;
      for (const call of entry.fn.calls) {
        for (const target of ws.callTargets(entry.path, entry.fn, call.callee)) {
          if (seen.has(target)) continue;
          seen.add(target);
          queue.push(target);
        }
      }
    }
    return seen;
  };
  const scriptEntries: string[] = [];
  for (const [path, facts] of ws.files) if (ws.isScript(path)) scriptEntries.push(...facts.functions.map((fn) => `${path}#${fn.id}`));
  const fromTasks = reached([...ws.tasks]);
  return new Set([...reached(scriptEntries)].filter((key) => !fromTasks.has(key) && !ws.reach.has(key)));
}

export function djangoGrowth(index: FactsIndex, scripts: readonly string[]): GrowthOfModel {
  return index.derived(`python:table-growth:${scripts.join('\u0000')}`, (facts) => build(pythonWorkspace(facts, scripts), scriptOnlyFunctions(facts, scripts)), { movable: true });
}

function build(ws: PyWorkspace, scriptsOnly: ReadonlySet<string>): GrowthOfModel {
  const writes = new Map<string, WriteCounts>();
  /** Models that the application creates otherwise than by `get_or_create` on one parent's key. */
  const freely = new Set<string>();
  /** The parent a `get_or_create` on one parent's key names. */
  const byUse = new Map<string, Parent>();
  const count = (path: string, name: string | undefined, kind: keyof WriteCounts, keys?: string[]) => {
    const model = name ? ws.model(path, name) : undefined;
    if (!model) return;
    const key = `${model.path}#${model.name}`;
    const counts = writes.get(key) ?? noWrites();
    counts[kind]++;
    writes.set(key, counts);
    const parent = keys && parentKeyOf(model, keys);
    if (parent) byUse.set(key, parent);
    else if (kind !== 'oneOff') freely.add(key);
  };
  const serializerModels = new Map<string, string>();
  for (const facts of ws.files.values()) for (const serializer of facts.serializers) if (serializer.model) serializerModels.set(serializer.name, serializer.model);
  for (const [path, facts] of ws.files) {
    const oneOff = facts.isTest || ws.isScript(path) || ADMIN_MODULE.test(path);
    const kindOf = (bulk: boolean, inFunction?: string): keyof WriteCounts => {
      const key = inFunction === undefined ? undefined : `${path}#${inFunction}`;
      if (oneOff || (key && scriptsOnly.has(key))) return 'oneOff';
      return bulk || (key && ws.tasks.has(key)) ? 'bulk' : 'app';
    };
    for (const create of facts.creates) count(path, create.model, kindOf(create.bulk, create.inFunction), create.keys);
    for (const cls of facts.classes) {
      if (!cls.bases.some((base) => CREATING_VIEW.test(base))) continue;
      count(path, cls.queryset?.model ?? cls.metaModel ?? (cls.serializerClass ? serializerModels.get(cls.serializerClass) : undefined), kindOf(false));
    }
  }
  // django-scopes' `ScopedManager(space="space")`: the model its lookups end at is the tenant.
  const tenants = new Set<ResolvedModel>();
  for (const [path, facts] of ws.files) {
    for (const declared of facts.models) {
      const model = declared.scopedBy?.length ? ws.model(path, declared.name) : undefined;
      for (const lookup of declared.scopedBy ?? []) {
        let current = model;
        for (const hop of lookup.split('__')) current = current?.relations.get(hop)?.target;
        if (current) tenants.add(current);
      }
    }
  }
  const memo = new Map<ResolvedModel, Growth>();
  const growthOf = (model: ResolvedModel): Growth => {
    let judged = memo.get(model);
    if (!judged) {
      // A parent chain that comes back to this model knows nothing more.
      memo.set(model, { growth: 'unknown', reason: 'no-evidence' });
      const key = `${model.path}#${model.name}`;
      const counts = writes.get(key) ?? noWrites();
      // Created only by `get_or_create(user=…)`: one row per parent, whatever the constraints say.
      const parent = parentOf(model) ?? (counts.app + counts.bulk > 0 && !freely.has(key) ? byUse.get(key) : undefined);
      // A parent outside the workspace (Django's own user model) is an account: nothing says it grows by records.
      const parentGrowth = parent && (parent.target ? growthOf(parent.target) : 'account');
      judged = tableGrowth({ name: model.name, parent: parentGrowth, writes: counts, tenant: tenants.has(model) });
      memo.set(model, judged);
    }
    return judged;
  };
  return growthOf;
}

/** The parent when the lookups are one parent's foreign key and few-valued fields: `get_or_create(user=user)`. */
function parentKeyOf(model: ResolvedModel, keys: readonly string[]): Parent | undefined {
  const fieldOf = (name: string) => model.fields.get(name)?.field ?? model.fields.get(name.replace(/_id$/, ''))?.field;
  const parents = keys.filter((name) => {
    const relation = fieldOf(name)?.relation;
    return relation === 'fk' || relation === 'o2o';
  });
  if (parents.length !== 1 || !keys.every((name) => parents.includes(name) || fieldOf(name)?.lowCardinality)) return undefined;
  return { target: model.relations.get(fieldOf(parents[0])!.name)?.target };
}

/**
 * The parent of a one-to-one field, a unique foreign key, or a unique set
 * of one foreign key and few-valued fields (`unique_together = ("user",
 * "provider")` with `choices`): the model holds one row, or a few, per parent.
 */
function parentOf(model: ResolvedModel): Parent | undefined {
  const fieldOf = (name: string) => model.fields.get(name)?.field;
  const isParent = (name: string) => {
    const field = fieldOf(name);
    return !!field && (field.relation === 'fk' || field.relation === 'o2o');
  };
  const unique = [...model.fields.values()].find(({ field }) => field.unique && (field.relation === 'fk' || field.relation === 'o2o'));
  if (unique) return { target: model.relations.get(unique.field.name)?.target };
  const set = model.facts.uniques.find((names) => names.filter(isParent).length === 1 && names.every((name) => isParent(name) || fieldOf(name)?.lowCardinality));
  return set ? { target: model.relations.get(set.find(isParent)!)?.target } : undefined;
}
