import ts from 'typescript';
import type { FileModel } from './model';
import { skipOuter } from './prisma-calls';

/**
 * What a file's own text says about the processes its code runs in, read
 * from the file model once, when facts are extracted. The workspace combines
 * it with which entry points reach each function (`contexts.ts`); globs in
 * `.scalecheck.json` stay the user's word on top of this.
 *
 * - A handler that is really a machine's endpoint runs in the background:
 *   cron routes, a queue's push endpoint, a webhook receiver (nobody waits
 *   on a Stripe delivery the way a user waits on a page).
 * - Functions a build step runs: `generateStaticParams`, `getStaticProps`,
 *   and pages rendered from them.
 * - A file that is a script by its own account: a shebang, a header comment
 *   that says how to run it, or top-level `await` with nothing exported and
 *   no server started.
 */
export type EntryRuns = 'background' | 'build';

/**
 * Folders of background work: cron jobs, queue consumers and their push
 * endpoints. Not `webhooks/`: apps keep the code that sends webhooks there as
 * often as the routes that receive them; receivers are known by the
 * signature they check.
 */
const BACKGROUND_PATH = /(?:^|\/)(?:cron|crons|jobs|workers?|queues?|inngest|trigger|qstash)(?:\/|$)/i;
/** Wrappers that make a unit a queue's, a scheduler's or a durable function's entry point. */
const BACKGROUND_WRAPPER = /verifySignature|qstash|cron|\bcreateFunction$|\bschemaTask$|\bdefineJob$|^schedules\.task$|^(?:task|job)$/i;
/**
 * A route that checks a scheduler's or a queue's credential is that
 * scheduler's endpoint: Vercel Cron's `CRON_SECRET`, its `x-vercel-cron`
 * header, App Engine cron and Cloud Tasks headers, QStash/Upstash signatures.
 */
const SCHEDULER_CHECK = /\bCRON_SECRET\b|x-vercel-cron|x-appengine-cron|x-cloudtasks-|upstash-signature/i;
/**
 * A handler that verifies an inbound webhook's signature is called by another
 * service, not by a user: Stripe's `webhooks.constructEvent`, Svix/Resend's
 * `new Webhook(secret).verify`, and the signature headers of GitHub, Paddle,
 * Lemon Squeezy, Shopify, Slack and Google Pub/Sub push.
 */
const WEBHOOK_VERIFICATION = /\.webhooks\.constructEvent(?:Async)?\s*\(|\bnew\s+Webhook\s*\(|\bverify(?:Webhook|Signature)\w*\s*\(|\b(?:stripe|svix|paddle|x-hub|x-shopify-hmac|x-slack|x-goog-pubsub|x-signature|x-lemon-squeezy)[-\w]*signature|\bx-hub-signature|\bx-signature\b/i;

/** Build-time entry points of Next.js. */
const BUILD_EXPORTS = new Set(['generateStaticParams', 'getStaticProps', 'getStaticPaths']);

/** Background evidence that holds for the whole file: its folder, a scheduler's credential check. */
export function isBackgroundFile(path: string, text: string): boolean {
  return BACKGROUND_PATH.test(path) || SCHEDULER_CHECK.test(text);
}

/**
 * What a unit is itself an entry point of, when not a user's request: a
 * handler or wrapped function of background work, a webhook receiver, or a
 * build step. Undefined for request handlers and for plain functions.
 */
export function entryRunsOf(model: FileModel, index: number, backgroundFile: boolean): EntryRuns | undefined {
  const unit = model.units[index];
  if (unit.runs) return unit.runs;
  if (isBuildEntry(model, index)) return 'build';
  const sourceFile = model.sourceFile;
  if (unit.refs.some((ref) => ref.wrapper && BACKGROUND_WRAPPER.test(wrapperName(ref.expression, sourceFile)))) return 'background';
  if (!unit.handler) return undefined;
  if (backgroundFile) return 'background';
  // A route file's handlers share its text; a handler elsewhere (an Express callback) is judged by its own body.
  const text = unit.node && !model.entry ? unit.node.getText(sourceFile) : sourceFile.text;
  return WEBHOOK_VERIFICATION.test(text) ? 'background' : undefined;
}

function wrapperName(expression: ts.Expression, sourceFile: ts.SourceFile): string {
  const inner = skipOuter(expression);
  return inner.getText(sourceFile).replace(/\s+/g, '');
}

/** `generateStaticParams`, `getStaticProps`, and a page or its metadata in a file that exports either (unless it opts into dynamic rendering). */
function isBuildEntry(model: FileModel, index: number): boolean {
  const unit = model.units[index];
  if (unit.exported && BUILD_EXPORTS.has(unit.name)) return true;
  if (unit.handler?.kind !== 'page') return false;
  if (!['generateStaticParams', 'getStaticProps'].some((name) => model.exports.has(name))) return false;
  return !/export\s+const\s+dynamic\s*=\s*['"]force-dynamic['"]/.test(model.sourceFile.text);
}

/** A shebang, or a header comment that tells how to run the file by hand. */
const SCRIPT_HEADER = /\b(?:standalone|one-?off|maintenance) script\b|\bthis script\b|\busage:\s*(?:npx|node|tsx|ts-node|bun|pnpm|yarn|npm run)\b|\brun (?:it |this(?: file| script)? )?(?:with|via|using):?\s*`?(?:npx |pnpm |yarn |bun )?(?:tsx|ts-node|node|bun)\b/i;
/** Calls that keep a process serving: then top-level `await` starts a server or a worker, not a script. */
const SERVES = /\.listen\s*\(|\bnew\s+Worker\s*\(|\.process\s*\(|\.subscribe\s*\(|\.consume\s*\(|\bsetInterval\s*\(|\bserve\s*\(/;

/** The file is a script a person runs, by its own account. */
export function isScriptFile(model: FileModel): boolean {
  const text = model.sourceFile.text;
  if (text.startsWith('#!')) return true;
  if (SCRIPT_HEADER.test(headerComment(text))) return true;
  if (model.entry || model.exports.size || model.starExports.length || model.units.some((unit) => unit.handler)) return false;
  return hasTopLevelAwait(model.sourceFile) && !SERVES.test(text);
}

/** The comments before the first statement. */
function headerComment(text: string): string {
  const comments = ts.getLeadingCommentRanges(text, 0) ?? [];
  return comments.map((range) => text.slice(range.pos, range.end)).join('\n');
}

function hasTopLevelAwait(sourceFile: ts.SourceFile): boolean {
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionLike(statement) || ts.isClassDeclaration(statement)) continue;
    let found = false;
    const visit = (node: ts.Node): void => {
      if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
      if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) found = true;
      else ts.forEachChild(node, visit);
    };
    visit(statement);
    if (found) return true;
  }
  return false;
}
