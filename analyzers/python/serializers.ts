/**
 * DRF serializers and the relations they read from each serialized row:
 * nested serializers, related fields, `source="a.b"` paths and the
 * attributes `get_<field>` methods read from their `obj`.
 */
import type { FactsDraft } from './facts-draft';
import type { DrfSerializer, SerializerRelation } from './facts-types';
import { callParts, definitionOf, dottedName, isTrue, parameterNames, simpleAssignment, stringValue } from './syntax';
import { field, unwrap, walk, walkScope, type PyNode } from './tree';

const RELATED_FIELDS = /^(?:StringRelatedField|SlugRelatedField|HyperlinkedRelatedField|HyperlinkedIdentityField|PrimaryKeyRelatedField)$/;

export function serializerFacts(draft: FactsDraft, name: string, nameNode: PyNode, members: PyNode[], model: string | undefined): DrfSerializer {
  const relations: SerializerRelation[] = [];
  for (const member of members) {
    const assignment = simpleAssignment(draft.tree, member);
    const value = unwrap(assignment?.value);
    if (assignment && value?.type === 'call') {
      const parts = callParts(draft.tree, value);
      const callee = dottedName(draft.tree, parts?.callee);
      if (!parts || !callee) continue;
      const cls = callee[callee.length - 1];
      const many = isTrue(draft.tree, parts.keywords.get('many'));
      const source = stringValue(draft.tree, parts.keywords.get('source'));
      const path = (source ?? assignment.name).split('.');
      if (source === '*') continue;
      if (/Serializer$/.test(cls) && !/^serializers$/.test(callee[0] ?? '')) {
        relations.push({ path, many, location: draft.loc(assignment.target) });
      } else if (RELATED_FIELDS.test(cls)) {
        // Primary keys of a to-one relation come from the row's own `<name>_id` column.
        if (cls === 'PrimaryKeyRelatedField' && !many) continue;
        if (cls === 'HyperlinkedIdentityField') continue;
        relations.push({ path, many, location: draft.loc(assignment.target) });
      } else if (source && path.length > 1) {
        relations.push({ path: path.slice(0, -1), many: false, location: draft.loc(parts.keywords.get('source')!) });
      }
    }
    const method = definitionOf(member);
    if (method.type === 'function_definition') {
      const methodName = field(method, 'name');
      if (methodName && draft.text(methodName).startsWith('get_')) relations.push(...methodFieldRelations(draft, method));
    }
  }
  return { name, location: draft.loc(nameNode), model, relations };
}

/** Relations a `SerializerMethodField` body reads from its `obj` parameter. */
function methodFieldRelations(draft: FactsDraft, method: PyNode): SerializerRelation[] {
  const params = parameterNames(draft.tree, method);
  const objName = params[1];
  if (!objName) return [];
  const out: SerializerRelation[] = [];
  walkScope(field(method, 'body') ?? method, (node) => {
    if (node.type !== 'attribute' || node.parent?.type === 'attribute' && node.field === 'object') return;
    const names = dottedName(draft.tree, node);
    if (!names || names[0] !== objName || names.length < 2) return;
    const path = names.slice(1);
    const call = node.parent?.type === 'call' && node.field === 'function' ? node.parent : undefined;
    if (call) {
      const method = path.pop()!;
      // `obj.comments.all()` / `.count()` read a to-many relation; `.filter()` is a new query per row.
      if (path.length === 0 || !/^(?:all|count|exists|first|last)$/.test(method)) return false;
      out.push({ path, many: true, location: draft.loc(node) });
      return false;
    }
    if (path.length >= 2) out.push({ path: path.slice(0, -1), many: false, location: draft.loc(node) });
    return false;
  });
  return out;
}

/**
 * Every place a serializer is built, with whether it serializes many rows:
 * `PostSerializer(posts, many=True)`, a nested `CommentSerializer(many=True)`
 * field, `self.get_serializer(page, many=True)` in a view. n-plus-one reads
 * them to tell a serializer that lists rows from one that shows one row.
 */
export function collectSerializerCalls(draft: FactsDraft): void {
  walk(draft.tree.root, (node) => {
    if (node.type !== 'call') return;
    const parts = callParts(draft.tree, node);
    const name = parts?.name;
    if (!parts || !name) return;
    const onSelf = parts.receiver !== undefined && draft.text(parts.receiver) === 'self';
    if (!/Serializer$/.test(name) && !(onSelf && (name === 'get_serializer' || name === 'serializer_class'))) return;
    const owner = enclosingClass(draft, node);
    draft.facts.serializerCalls.push({ callee: name, many: isTrue(draft.tree, parts.keywords.get('many')), className: owner });
  });
}

function enclosingClass(draft: FactsDraft, node: PyNode): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type !== 'class_definition') continue;
    const name = field(current, 'name');
    return name ? draft.text(name) : undefined;
  }
  return undefined;
}
