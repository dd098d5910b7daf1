/**
 * Who a view admits, read from its own code: a `superuser` screen (the
 * instance's administrator: `@superuser_required`, `IsSuperUser`,
 * `user_passes_test(lambda u: u.is_superuser)`) or a `staff` one (the
 * organization's own people: `@staff_member_required`, DRF's `IsAdminUser`,
 * a guard that turns others away). A superuser's screens are opened now and
 * then, not at user traffic. Staff are sometimes the app's daily users (a
 * helpdesk's agents): rules decide what each level means to them.
 */
import type { PyCheck } from './check';
import { decoratorName, decoratorsOf, simpleAssignment, statements } from './syntax';
import { field, unwrap, walkScope, type PyNode } from './tree';

export type Audience = 'superuser' | 'staff';

/** `staff_member_required`, `helpdesk_superuser_required`, `superuser_only`, `admin_required`. */
const RESTRICTING_DECORATOR = /(?:^|_)(superuser|staff|admin)(?:_|$)/i;
/** Attribute checks that only staff or superusers pass. */
const CHECK = /\.(is_superuser|is_staff)\b/;
/** DRF permission classes that admit only superusers, or only staff. */
const SUPERUSER_PERMISSION = /^IsSuper[uU]ser$/;
const STAFF_PERMISSION = /^(?:IsAdminUser|IsStaff|IsStaffUser|IsAdmin)$/;

/** Who a function view admits, or undefined for anyone its other checks let in. */
export function functionAudience(c: PyCheck<unknown>, definition: PyNode): Audience | undefined {
  for (const decorator of decoratorsOf(definition)) {
    const name = decoratorName(c.tree, decorator);
    const restricting = RESTRICTING_DECORATOR.exec(name?.[name.length - 1] ?? '');
    if (restricting) return levelOf(restricting[1]);
    // `@user_passes_test(lambda u: u.is_superuser)`
    const check = name?.[name.length - 1] === 'user_passes_test' ? CHECK.exec(textOf(c, decorator)) : null;
    if (check) return levelOf(check[1]);
  }
  return guard(c, field(definition, 'body'));
}

/** Who a class view admits: its permission classes, a restricting mixin or decorator, a guarded `dispatch`. */
export function classAudience(c: PyCheck<unknown>, definition: PyNode): Audience | undefined {
  for (const decorator of decoratorsOf(definition)) {
    const found = /(superuser|staff)_(?:member_)?required/.exec(textOf(c, decorator)) ?? CHECK.exec(textOf(c, decorator));
    if (found) return levelOf(found[1]);
  }
  const superclasses = field(definition, 'superclasses');
  const mixin = superclasses ? /(Superuser|Staff|Admin)(?:Required)?Mixin\b/.exec(textOf(c, superclasses)) : null;
  if (mixin) return levelOf(mixin[1]);
  for (const member of statements(field(definition, 'body'))) {
    const assignment = simpleAssignment(c.tree, member);
    if (assignment?.name === 'permission_classes') {
      const level = permissionLevel(c, assignment.value);
      if (level) return level;
    }
    const method = member.type === 'decorated_definition' ? field(member, 'definition') : member;
    const name = method?.type === 'function_definition' ? field(method, 'name') : undefined;
    if (method && name && textOf(c, name) === 'dispatch') {
      const level = guard(c, field(method, 'body'));
      if (level) return level;
    }
  }
  return undefined;
}

/** Who can run the code at `node`: its function view's audience, or its class view's. */
export function audienceAt(c: PyCheck<unknown>, node: PyNode): Audience | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition') {
      const own = functionAudience(c, current);
      if (own) return own;
    } else if (current.type === 'class_definition') return classAudience(c, current);
  }
  return undefined;
}

function levelOf(word: string): Audience {
  return /super/i.test(word) ? 'superuser' : 'staff';
}

/** `[IsAdminUser]`, `(permissions.IsSuperUser, DjangoModelPermissions)`: every request passes that check. */
function permissionLevel(c: PyCheck<unknown>, value: PyNode): Audience | undefined {
  const list = unwrap(value);
  if (list?.type !== 'list' && list?.type !== 'tuple') return undefined;
  const names = list.children.map((item) => textOf(c, item).split('.').pop() ?? '');
  if (names.some((name) => SUPERUSER_PERMISSION.test(name))) return 'superuser';
  return names.some((name) => STAFF_PERMISSION.test(name)) ? 'staff' : undefined;
}

/** An `if not ….is_superuser:` among the first statements that leaves (`raise`, `return`). */
function guard(c: PyCheck<unknown>, body: PyNode | undefined): Audience | undefined {
  for (const statement of statements(body).slice(0, 4)) {
    if (statement.type !== 'if_statement') continue;
    const condition = field(statement, 'condition');
    const check = condition && /^not\b/.test(textOf(c, condition).trim()) ? CHECK.exec(textOf(c, condition)) : null;
    if (!check) continue;
    let leaves = false;
    walkScope(field(statement, 'consequence') ?? statement, (node) => {
      if (node.type === 'raise_statement' || node.type === 'return_statement') leaves = true;
    });
    if (leaves) return levelOf(check[1]);
  }
  return undefined;
}

function textOf(c: PyCheck<unknown>, node: PyNode): string {
  return c.tree.text.slice(node.start, node.end);
}
