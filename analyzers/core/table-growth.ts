import { growsByName, isReferenceByName, lastWord } from './growing-tables';

/**
 * Whether a table keeps growing with use, from what the workspace shows
 * about it rather than from its name alone. Every language maps its own
 * syntax onto the same evidence: where the code creates rows of the model,
 * and whether a unique constraint allows only one row per parent.
 *
 * - `bounded`: reference or configuration data by name (types, statuses,
 *   templates, settings, integrations, credentials, API keys), pending
 *   invitations, one row per parent (a
 *   unique key on one parent's foreign key, alone or with few-valued
 *   columns) when the parent is bounded itself or an account-like row that
 *   users create one at a time (a user, a project, a space), or rows created
 *   only by one-off code (seeds, migrations, fixtures, management commands,
 *   admin), or the tenant table every other table is scoped by (one row per
 *   customer). One row per record (per order, per finding), or per parent
 *   whose growth nothing shows, is no evidence either way.
 * - `grows`: records of things that keep happening by name (events,
 *   messages, orders), rows created in bulk, in a loop or by background
 *   ingestion, or rows the application creates while serving users.
 * - `unknown`: nothing shows either way (no code in sight creates rows:
 *   an auth adapter, another service, raw SQL).
 *
 * An index on a bounded table buys nothing: a scan of a few hundred rows is
 * as fast as a lookup.
 */
export type TableGrowth = 'grows' | 'bounded' | 'unknown';

/** Why a table was judged as it was, for `details` and the doc. */
export type GrowthReason = 'bounded-name' | 'one-per-parent' | 'tenant' | 'one-off-writes' | 'growing-name' | 'bulk-writes' | 'app-writes' | 'no-evidence';

export interface Growth {
  growth: TableGrowth;
  reason: GrowthReason;
}

export interface TableEvidence {
  /** The model's name: `ChatMessage`, `Tool_Type`. */
  name: string;
  /**
   * A unique key on one parent's foreign key (with at most few-valued
   * columns beside it): how that parent grows, or `account` for the
   * framework's own user model, which is not in the workspace.
   */
  parent?: Growth | 'account';
  /** Where code creates rows of the model. */
  writes: WriteCounts;
  /** The table the application scopes every other table by (one row per customer: a space, a tenant). */
  tenant?: boolean;
}

export interface WriteCounts {
  /** Application code that creates rows one at a time (a request, or code whose caller is unknown). */
  app: number;
  /** Bulk creates, creates in a loop, or creates in background work (tasks, queue consumers, crons). */
  bulk: number;
  /** One-off code: seeds, scripts, migrations, fixtures, management commands, tests, the admin. */
  oneOff: number;
}

export function noWrites(): WriteCounts {
  return { app: 0, bulk: 0, oneOff: 0 };
}

/**
 * Configuration a person sets up once and edits by hand: a few rows per
 * account however busy it gets. (Reference data is `growing-tables.ts`'s.)
 */
const CONFIGURATION_MODEL = /^(?:settings?|config|configs|configurations?|preferences?|templates?|integrations?|credentials?|environments?|webhooks?|domains?|rules?|automations?|dashboards?|widgets?)$/i;

/** API keys and tokens people create by hand: credentials. */
const API_CREDENTIAL = /api_?(?:keys?|tokens?)$/i;
/** Records of work that keep coming, beside `growing-tables.ts`'s: scan findings, tracker issues. */
const RECORD_MODEL = /^(?:findings?|issues?)$/i;
/** Pending invitations: a row lives until it is accepted or expires. */
const PENDING_MODEL = /^(?:invitations?|invites?)$/i;

export function tableGrowth(evidence: TableEvidence): Growth {
  const { name, writes, parent } = evidence;
  if (isReferenceByName(name) || CONFIGURATION_MODEL.test(lastWord(name)) || PENDING_MODEL.test(lastWord(name)) || API_CREDENTIAL.test(name)) return { growth: 'bounded', reason: 'bounded-name' };
  if (parent && isAccountLike(parent)) return { growth: 'bounded', reason: 'one-per-parent' };
  if (evidence.tenant) return { growth: 'bounded', reason: 'tenant' };
  if (writes.oneOff > 0 && writes.app === 0 && writes.bulk === 0) return { growth: 'bounded', reason: 'one-off-writes' };
  if (growsByName(name) || RECORD_MODEL.test(lastWord(name))) return { growth: 'grows', reason: 'growing-name' };
  if (writes.bulk > 0) return { growth: 'grows', reason: 'bulk-writes' };
  if (writes.app > 0) return { growth: 'grows', reason: 'app-writes' };
  return { growth: 'unknown', reason: 'no-evidence' };
}

/** A parent that is bounded, or rows users create one at a time (accounts, projects, spaces), not records of activity. */
function isAccountLike(parent: Growth | 'account'): boolean {
  return parent === 'account' || parent.growth === 'bounded' || (parent.growth === 'grows' && parent.reason === 'app-writes');
}
