/**
 * Django models: which classes are models, their fields (kind, relation
 * target, whether Django indexes them) and the indexes their `Meta`
 * declares, with where a fix inserts `db_index=True` or a `models.Index`.
 */
import type { FactsDraft } from './facts-draft';
import type { DjangoField, DjangoModel } from './facts-types';
import { importedFrom } from './imports';
import { callParts, dottedName, indentAt, isFalse, isTrue, sequenceItems, simpleAssignment, statements, stringValue } from './syntax';
import { field, unwrap, type PyNode } from './tree';

const RELATION_FIELDS: Record<string, 'fk' | 'o2o' | 'm2m'> = {
  ForeignKey: 'fk',
  OneToOneField: 'o2o',
  ManyToManyField: 'm2m',
  ParentalKey: 'fk',
  ParentalManyToManyField: 'm2m',
  TreeForeignKey: 'fk',
  TreeOneToOneField: 'o2o',
  TreeManyToManyField: 'm2m',
};
/** Django field classes that are indexed without asking. */
const SELF_INDEXED = new Set(['SlugField', 'AutoField', 'BigAutoField', 'SmallAutoField']);
const LOW_CARDINALITY = new Set(['BooleanField', 'NullBooleanField']);
const FIELD_CALL = /(?:Field|ForeignKey|ParentalKey)$/;

/**
 * A class whose bases end in `Model` (pydantic's `BaseModel`, forms,
 * serializers and admin classes excluded), or that declares `models.*Field`s.
 */
export function isModelCandidate(draft: FactsDraft, bases: string[], members: PyNode[]): boolean {
  const lastOf = (base: string) => base.split('.').pop() ?? '';
  if (bases.some((base) => /Serializer$|Form$|Schema$|Admin$|Config$|TestCase$|Filter(?:Set)?$|^pydantic\./.test(lastOf(base)) || /^(?:BaseModel|pydantic\.BaseModel)$/.test(base) && importedFrom(draft, 'BaseModel', /^pydantic/))) return false;
  if (bases.some((base) => /(?:^|\.)(?:Model|AbstractUser|AbstractBaseUser|PermissionsMixin|MPTTModel|PolymorphicModel|TimeStampedModel)$/.test(base) || /Model$/.test(lastOf(base)))) return true;
  return members.some((member) => {
    const assignment = simpleAssignment(draft.tree, member);
    const callee = assignment && unwrap(assignment.value)?.type === 'call' ? draft.dotted(field(unwrap(assignment.value)!, 'function')) : undefined;
    return callee !== undefined && /^models\.\w+$/.test(callee) && FIELD_CALL.test(callee);
  });
}

export function modelFacts(draft: FactsDraft, name: string, nameNode: PyNode, bases: string[], members: PyNode[], meta: PyNode | undefined, savesItself: boolean): DjangoModel {
  const model: DjangoModel = { name, location: draft.loc(nameNode), bases, abstract: false, fields: [], indexes: [], uniques: [], savesItself };
  for (const member of members) {
    const assignment = simpleAssignment(draft.tree, member);
    const value = unwrap(assignment?.value);
    if (!assignment || value?.type !== 'call') continue;
    if (assignment.name === 'objects') {
      const scopes = scopedManagerLookups(draft, value);
      if (scopes) model.scopedBy = scopes;
      continue;
    }
    const fieldFact = fieldFacts(draft, assignment.name, assignment.target, value);
    if (fieldFact) model.fields.push(fieldFact);
  }
  if (meta) metaFacts(draft, model, meta);
  model.compositeFix = compositeFix(draft, members, meta);
  return model;
}

function fieldFacts(draft: FactsDraft, name: string, target: PyNode, call: PyNode): DjangoField | undefined {
  const tree = draft.tree;
  const parts = callParts(tree, call);
  const callee = dottedName(tree, parts?.callee);
  if (!parts || !callee) return undefined;
  const fieldClass = callee[callee.length - 1];
  if (!FIELD_CALL.test(fieldClass) && !(fieldClass in RELATION_FIELDS)) return undefined;
  if (callee.length > 2 || (callee.length === 2 && callee[0] !== 'models' && !/fields$/.test(callee[0]))) {
    // `serializers.CharField` and friends are not model fields; `models.X` and bare names are.
    if (!(fieldClass in RELATION_FIELDS)) return undefined;
  }
  const relation = RELATION_FIELDS[fieldClass];
  const dbIndex = parts.keywords.get('db_index');
  const primaryKey = isTrue(tree, parts.keywords.get('primary_key'));
  const unique = isTrue(tree, parts.keywords.get('unique'));
  let indexed = primaryKey || unique || isTrue(tree, dbIndex) || SELF_INDEXED.has(fieldClass);
  if (relation === 'fk' || relation === 'o2o') indexed = !isFalse(dbIndex) || primaryKey || unique;
  if (fieldClass === 'SlugField' && isFalse(dbIndex)) indexed = false;
  const fact: DjangoField = {
    name,
    location: draft.loc(target),
    fieldClass,
    indexed,
    lowCardinality: LOW_CARDINALITY.has(fieldClass) || parts.keywords.has('choices'),
  };
  if (primaryKey || unique || relation === 'o2o') fact.unique = true;
  if (relation) {
    fact.relation = relation;
    const targetNode = parts.keywords.get('to') ?? parts.positional[0];
    const targetName = stringValue(tree, targetNode) ?? draft.dotted(targetNode);
    if (targetName === 'settings.AUTH_USER_MODEL' || targetName === 'AUTH_USER_MODEL') fact.target = '@AUTH_USER_MODEL';
    else if (targetName) fact.target = targetName;
    else if (unwrap(targetNode)?.type === 'call' && /get_user_model$/.test(draft.dotted(field(unwrap(targetNode)!, 'function')) ?? '')) fact.target = '@AUTH_USER_MODEL';
    const relatedName = stringValue(tree, parts.keywords.get('related_name'));
    if (relatedName) fact.relatedName = relatedName;
  }
  if (!indexed && !relation && parts.args) fact.indexFix = dbIndexFix(draft, parts.args, dbIndex);
  return fact;
}

/** `db_index=True` added before the closing parenthesis, or `db_index=False` turned around. */
function dbIndexFix(draft: FactsDraft, args: PyNode, dbIndex: PyNode | undefined): { at: number; text: string } | undefined {
  if (dbIndex) return undefined;
  const items = args.children.filter((child) => child.type !== 'comment');
  if (items.length === 0) return { at: args.end - 1, text: 'db_index=True' };
  const lastItem = items[items.length - 1];
  const between = draft.tree.text.slice(lastItem.end, args.end - 1);
  const comma = between.indexOf(',');
  if (comma >= 0) return { at: lastItem.end + comma + 1, text: ' db_index=True,' };
  return { at: lastItem.end, text: ', db_index=True' };
}

function metaFacts(draft: FactsDraft, model: DjangoModel, meta: PyNode): void {
  const tree = draft.tree;
  for (const member of statements(field(meta, 'body'))) {
    const assignment = simpleAssignment(tree, member);
    if (!assignment) continue;
    if (assignment.name === 'abstract') model.abstract = isTrue(tree, assignment.value);
    else if (assignment.name === 'index_together' || assignment.name === 'unique_together') {
      const items = sequenceItems(assignment.value) ?? [];
      const nested = items.length > 0 && items.every((item) => sequenceItems(item));
      const groups = nested ? items.map((item) => sequenceItems(item)!) : [items];
      for (const group of groups) {
        const names = group.map((item) => stringValue(tree, item)).filter((value): value is string => !!value);
        if (!names.length) continue;
        model.indexes.push(names);
        if (assignment.name === 'unique_together') model.uniques.push(names);
      }
    } else if (assignment.name === 'indexes' || assignment.name === 'constraints') {
      for (const item of sequenceItems(assignment.value) ?? []) {
        const parts = callParts(tree, unwrap(item)!);
        if (!parts) continue;
        // Only unique constraints create an index; check constraints do not.
        if (assignment.name === 'constraints' && !/Unique|Exclusion/.test(parts.name ?? '')) continue;
        // A partial index (`condition=`) serves only the queries its condition matches; it is
        // counted all the same: someone chose it for this column, and a finding would be noise.
        const fieldsNode = parts.keywords.get('fields');
        const names = (sequenceItems(fieldsNode) ?? [])
          .map((value) => stringValue(tree, value)?.replace(/^-/, ''))
          .filter((value): value is string => !!value);
        if (!names.length) continue;
        model.indexes.push(names);
        // A conditional one allows any number of rows outside its condition.
        if (assignment.name === 'constraints' && !parts.keywords.has('condition')) model.uniques.push(names);
      }
    }
  }
}

/**
 * django-scopes' `ScopedManager(space='space')`: each keyword names a lookup
 * every query through the manager filters on (the active scope's value).
 */
function scopedManagerLookups(draft: FactsDraft, call: PyNode): string[] | undefined {
  const parts = callParts(draft.tree, call);
  if (!parts || !/^Scope[ds]?Manager$/.test(parts.name ?? '')) return undefined;
  const lookups = [...parts.keywords].filter(([name]) => !name.startsWith('_')).map(([, value]) => stringValue(draft.tree, value)).filter((value): value is string => !!value);
  return lookups.length ? lookups : undefined;
}

/** Where `models.Index(fields=[…])` goes: inside `Meta.indexes`, a new `indexes` line, or a new Meta. */
function compositeFix(draft: FactsDraft, members: PyNode[], meta: PyNode | undefined): DjangoModel['compositeFix'] {
  if (!draft.facts.imports.some((entry) => entry.module === 'django.db' && entry.name === 'models')) return undefined;
  const text = draft.tree.text;
  if (meta) {
    const body = statements(field(meta, 'body'));
    for (const member of body) {
      const assignment = simpleAssignment(draft.tree, member);
      if (assignment?.name !== 'indexes') continue;
      const list = unwrap(assignment.value);
      if (list?.type !== 'list') return undefined;
      const items = list.children.filter((child) => child.type !== 'comment');
      if (items.length === 0) return { at: list.end - 1, before: '', after: '' };
      const lastItem = items[items.length - 1];
      const comma = text.slice(lastItem.end, list.end - 1).indexOf(',');
      if (comma >= 0) return { at: lastItem.end + comma + 1, before: ' ', after: ',' };
      return { at: lastItem.end, before: ', ', after: '' };
    }
    const lastMember = body[body.length - 1];
    if (!lastMember) return undefined;
    const indent = indentAt(text, lastMember.start);
    return { at: lastMember.end, before: `\n${indent}indexes = [`, after: ']' };
  }
  const lastMember = members[members.length - 1];
  if (!lastMember) return undefined;
  const indent = indentAt(text, lastMember.start);
  const unit = indent.includes('\t') ? '\t' : '    ';
  return { at: lastMember.end, before: `\n\n${indent}class Meta:\n${indent}${unit}indexes = [`, after: ']' };
}
