/**
 * Classes: their bases, the view attributes Django and DRF read
 * (`queryset`, `serializer_class`, `pagination_class`, `paginate_by`,
 * `throttle_classes`, `model`), their methods, and, when the class is a
 * model or a serializer, what that makes it declare.
 */
import type { FactsDraft } from './facts-draft';
import type { PyClass } from './facts-types';
import { recordFunction } from './functions';
import { isModelCandidate, modelFacts } from './models';
import { serializerFacts } from './serializers';
import { decoratorsOf, definitionOf, intValue, simpleAssignment, statements, stringValue } from './syntax';
import { isThrottledClass, throttlesView } from './throttles';
import { field, unwrap, type PyNode } from './tree';
import { getQuerysetResult, querysetFact } from './view-querysets';
import { classViewKind, isStaffOnlyClass } from './views';

export function recordClass(draft: FactsDraft, definition: PyNode): void {
  const nameNode = field(definition, 'name');
  const body = field(definition, 'body');
  if (!nameNode || !body) return;
  const name = draft.text(nameNode);
  const bases: string[] = [];
  for (const arg of field(definition, 'superclasses')?.children ?? []) {
    const base = draft.dotted(arg);
    if (base) bases.push(base);
  }
  const cls: PyClass = {
    name,
    location: draft.loc(nameNode),
    bases,
    methods: [],
    throttled: isThrottledClass(draft, decoratorsOf(definition)),
  };

  const members = statements(body);
  let meta: PyNode | undefined;
  for (const member of members) {
    readAttribute(draft, cls, member);
    const inner = definitionOf(member);
    if (inner.type === 'class_definition' && field(inner, 'name') && draft.text(field(inner, 'name')!) === 'Meta') meta = inner;
  }
  if (meta) {
    for (const member of statements(field(meta, 'body'))) {
      const assignment = simpleAssignment(draft.tree, member);
      if (assignment?.name === 'model') cls.metaModel = draft.dotted(assignment.value)?.split('.').pop() ?? stringValue(draft.tree, assignment.value)?.split('.').pop();
    }
  }

  const view = classViewKind(bases);
  const staffOnly = view !== undefined && isStaffOnlyClass(draft, bases, body);
  for (const member of members) {
    const inner = definitionOf(member);
    if (inner.type !== 'function_definition') continue;
    const fn = recordFunction(draft, inner, { name, view, throttled: cls.throttled, staffOnly });
    if (!fn) continue;
    cls.methods.push(fn.name);
    // get_queryset wins over the `queryset` attribute; one that ScaleCheck cannot read (super() calls) hides it.
    if (fn.name === 'get_queryset') cls.queryset = getQuerysetResult(draft, inner, cls.queryset);
  }
  draft.facts.classes.push(cls);

  if (isModelCandidate(draft, bases, members)) draft.facts.models.push(modelFacts(draft, name, nameNode, bases, members, meta, cls.methods.includes('save')));
  if (bases.some((base) => /Serializer$/.test(base.split('.').pop() ?? ''))) draft.facts.serializers.push(serializerFacts(draft, name, nameNode, members, cls.metaModel));
}

/** A class attribute Django's generic views or DRF read: `queryset = …`, `paginate_by = 20`. */
function readAttribute(draft: FactsDraft, cls: PyClass, member: PyNode): void {
  const assignment = simpleAssignment(draft.tree, member);
  if (assignment?.name === 'throttle_classes') {
    if (throttlesView(assignment.value)) cls.throttled = true;
  } else if (assignment?.name === 'queryset') cls.queryset = querysetFact(draft, assignment.value);
  else if (assignment?.name === 'serializer_class') cls.serializerClass = draft.dotted(assignment.value)?.split('.').pop();
  else if (assignment?.name === 'model') {
    cls.metaModel = draft.dotted(assignment.value)?.split('.').pop();
    cls.modelAttribute = draft.loc(assignment.assignment);
  } else if (assignment?.name === 'pagination_class') cls.paginationClass = unwrap(assignment.value)?.type === 'none' ? 'none' : 'set';
  else if (assignment?.name === 'paginate_by') {
    const value = unwrap(assignment.value);
    cls.paginateBy = value?.type === 'none' || (value?.type === 'integer' && intValue(draft.tree, value) === 0) ? 'none' : 'set';
  }
}
