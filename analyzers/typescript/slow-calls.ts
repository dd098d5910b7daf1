import ts from 'typescript';
import { resolve } from './declarations';
import type { FileModel } from './model';
import { skipOuter } from './prisma-calls';
import { isAwaited, objectArgument, propertyNamed, propertyPath, propertyValue, stringPrefix, stringValue } from './syntax';
import { classifyOrigin, isPackage, originOf } from './values';

/**
 * Work that keeps a request open for seconds: sending email, media and PDF
 * work, child processes, headless browsers, sleeps, and calls to third-party
 * hosts without a timeout. AI generation is recognised by `ai-calls.ts`.
 */
export type SlowKind = 'email' | 'media' | 'process' | 'browser' | 'pdf' | 'sleep' | 'fetch';

export interface SlowCall {
  node: ts.CallExpression | ts.NewExpression;
  kind: SlowKind;
  label: string;
  /** Blocks the event loop itself (`execSync`): holds every request of the process, awaited or not. */
  sync: boolean;
  /** The call is waited for where it is written (`await`, `return`, an awaited `Promise.all`). */
  awaited: boolean;
}

const CHILD_PROCESS = /^(?:node:)?child_process$/;
const PROCESS_CALLS = /^(?:exec|execSync|execFile|execFileSync|spawn|spawnSync|fork)$/;
const EMAIL_COMMANDS = /^Send(?:Raw|Templated|BulkTemplated|Bulk)?EmailCommand$/;
export const SLEEP_NAMES = /^(?:sleep|delay|wait|pause|snooze|timeout)$/;
const BROWSER_MODULES = /^(?:puppeteer(?:-core)?|playwright(?:-core)?|playwright-chromium|@playwright\/test|puppeteer-extra)$/;

const cache = new WeakMap<FileModel, Map<ts.Node, SlowCall>>();

export function slowCallsOf(model: FileModel): Map<ts.Node, SlowCall> {
  let calls = cache.get(model);
  if (!calls) {
    calls = new Map();
    for (const site of model.calls) {
      if (ts.isTaggedTemplateExpression(site.node)) continue;
      const found = slowCallOf(site.node, model);
      if (found) calls.set(site.node, found);
    }
    cache.set(model, calls);
  }
  return calls;
}

function slowCallOf(node: ts.CallExpression | ts.NewExpression, model: FileModel): SlowCall | undefined {
  const found = ts.isNewExpression(node) ? slowConstruction(node, model) : slowInvocation(node, model);
  if (!found) return undefined;
  // A back-off before a retry only runs when something already failed, and a poll of a
  // few seconds is bounded by design: neither is the request's normal, open-ended wait.
  if (found.kind === 'sleep' && isExpectedWait(node, model)) return undefined;
  return { node, ...found, awaited: found.sync || isAwaited(node) };
}

type Found = Omit<SlowCall, 'node' | 'awaited'>;

const RETRY_WORDS = /attempt|retr(?:y|ies)|tries|backoff/i;

/** A sleep that is a retry's back-off, a step of a poll bounded to a few seconds, one short pause, or a randomized delay. */
export function isExpectedWait(node: ts.Node, model: FileModel): boolean {
  return isRetryBackoff(node) || isBriefPoll(node, model) || isShortPause(node, model) || isRandomizedWait(node);
}

/**
 * `setTimeout(resolve, Math.random() * 2000 + 200)`: a delay drawn at random
 * is chosen on purpose (jitter, or hiding whether an account exists behind
 * an equal response time); queueing it would defeat its point.
 */
function isRandomizedWait(node: ts.Node): boolean {
  const duration = waitDuration(node);
  return !!duration && /\bMath\.random\s*\(/.test(duration.getText());
}

/** A single pause no longer than this is latency, not a long task. */
const SHORT_PAUSE_MS = 1_000;

/**
 * `await sleep(150)` or `new Promise((r) => setTimeout(r, 150))` with a constant of at
 * most a second, outside any loop of its function: a pause, not work that outgrows the request.
 */
function isShortPause(node: ts.Node, model: FileModel): boolean {
  const ms = waitMilliseconds(node, model);
  if (ms === undefined || ms > SHORT_PAUSE_MS) return false;
  for (let current = node.parent; current && !ts.isFunctionLike(current); current = current.parent) {
    if (ts.isIterationStatement(current, false)) return false;
  }
  return true;
}

/** How long a sleep waits (`sleep(30_000)`, `new Promise((r) => setTimeout(r, ms))`), when the code says it with a constant. */
export function waitMilliseconds(node: ts.Node, model: FileModel): number | undefined {
  const duration = waitDuration(node);
  return duration && constantOf(duration, model, 0);
}

/** `sleep(ms)` inside `function pause(ms)`: how long it waits is each caller's choice, so the caller is the place to report. */
export function timedByCaller(node: ts.Node, model: FileModel): boolean {
  const duration = waitDuration(node);
  const inner = duration && skipOuter(duration);
  return !!inner && ts.isIdentifier(inner) && resolve(model, inner)?.kind === 'param';
}

/** The expression a sleep waits for: `ms` in `sleep(ms)` and in `new Promise((r) => setTimeout(r, ms))`. */
function waitDuration(node: ts.Node): ts.Expression | undefined {
  if (ts.isCallExpression(node)) return node.arguments[0];
  if (!ts.isNewExpression(node)) return undefined;
  const executor = node.arguments?.[0] && skipOuter(node.arguments[0]);
  if (!executor || !(ts.isArrowFunction(executor) || ts.isFunctionExpression(executor))) return undefined;
  const body = ts.isBlock(executor.body) ? executor.body.statements.find(ts.isExpressionStatement)?.expression : executor.body;
  const timer = body && skipOuter(body);
  return timer && ts.isCallExpression(timer) ? timer.arguments[1] : undefined;
}

/**
 * Inside a `catch`, a loop counting attempts (`for (let attempt = 0; attempt < 3; …)`),
 * or a branch taken to retry (`if (retryCount < MAX_RETRIES && res.status === 429)`).
 */
function isRetryBackoff(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isCatchClause(current)) return true;
    if (ts.isIfStatement(current) && RETRY_WORDS.test(current.expression.getText())) return true;
    if (ts.isForStatement(current) && RETRY_WORDS.test(`${current.initializer?.getText() ?? ''} ${current.condition?.getText() ?? ''}`)) return true;
    // `for (const delay of RETRY_DELAYS_MS)`: each wait comes before another try.
    if ((ts.isForOfStatement(current) || ts.isForInStatement(current)) && RETRY_WORDS.test(current.expression.getText())) return true;
    if ((ts.isWhileStatement(current) || ts.isDoStatement(current)) && RETRY_WORDS.test(current.expression.getText())) return true;
    if (ts.isFunctionDeclaration(current) || ts.isMethodDeclaration(current)) return RETRY_WORDS.test(current.name?.getText() ?? '');
  }
  return false;
}

/** Polls that give up within this many milliseconds wait like a slow query, not like a job. */
const BRIEF_POLL_MS = 5_000;

/**
 * In a loop bounded by the clock to a few seconds: `while (Date.now() < deadline)`
 * with `const deadline = Date.now() + 2_000`, or `Date.now() - start < 2_000`.
 * The bound must be a constant the file spells out; `CONFIG.TIMEOUT` is not known.
 */
function isBriefPoll(node: ts.Node, model: FileModel): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current)) return false;
    const condition = ts.isWhileStatement(current) || ts.isDoStatement(current) ? current.expression : ts.isForStatement(current) ? current.condition : undefined;
    if (!condition) continue;
    const bound = clockBound(condition, model);
    return bound !== undefined && bound <= BRIEF_POLL_MS;
  }
  return false;
}

/** The milliseconds a `Date.now() < deadline` style condition allows, when constant. */
function clockBound(condition: ts.Expression, model: FileModel): number | undefined {
  const test = skipOuter(condition);
  if (!ts.isBinaryExpression(test)) return undefined;
  const operator = test.operatorToken.kind;
  const less = operator === ts.SyntaxKind.LessThanToken || operator === ts.SyntaxKind.LessThanEqualsToken;
  const greater = operator === ts.SyntaxKind.GreaterThanToken || operator === ts.SyntaxKind.GreaterThanEqualsToken;
  if (!less && !greater) return undefined;
  const [small, large] = less ? [test.left, test.right] : [test.right, test.left];
  // `Date.now() - start < 2_000`
  const elapsed = skipOuter(small);
  if (ts.isBinaryExpression(elapsed) && elapsed.operatorToken.kind === ts.SyntaxKind.MinusToken && isClock(elapsed.left)) return constantOf(large, model, 0);
  // `Date.now() < deadline`, `deadline` a const of `Date.now() + 2_000`
  if (!isClock(small)) return undefined;
  let end = skipOuter(large);
  if (ts.isIdentifier(end)) end = constInitializer(end, model) ?? end;
  end = skipOuter(end);
  if (ts.isBinaryExpression(end) && end.operatorToken.kind === ts.SyntaxKind.PlusToken && isClock(end.left)) return constantOf(end.right, model, 0);
  return undefined;
}

function isClock(expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  return ts.isCallExpression(inner) && /^(?:Date|performance)\.now$/.test(inner.expression.getText());
}

/** A number the file spells out: literals, `+ - * /`, and `const` names of the same. */
function constantOf(expression: ts.Expression, model: FileModel, depth: number): number | undefined {
  if (depth > 4) return undefined;
  const inner = skipOuter(expression);
  if (ts.isNumericLiteral(inner)) return Number(inner.text.replace(/_/g, ''));
  if (ts.isIdentifier(inner)) {
    const initializer = constInitializer(inner, model);
    return initializer ? constantOf(initializer, model, depth + 1) : undefined;
  }
  if (!ts.isBinaryExpression(inner)) return undefined;
  const left = constantOf(inner.left, model, depth + 1);
  const right = constantOf(inner.right, model, depth + 1);
  if (left === undefined || right === undefined) return undefined;
  switch (inner.operatorToken.kind) {
    case ts.SyntaxKind.PlusToken:
      return left + right;
    case ts.SyntaxKind.MinusToken:
      return left - right;
    case ts.SyntaxKind.AsteriskToken:
      return left * right;
    case ts.SyntaxKind.SlashToken:
      return right === 0 ? undefined : left / right;
    default:
      return undefined;
  }
}

/** The initializer of the plain `const` this identifier refers to, through the file model's scopes. */
function constInitializer(identifier: ts.Identifier, model: FileModel): ts.Expression | undefined {
  const declaration = resolve(model, identifier);
  return declaration?.kind === 'const' && declaration.key === undefined ? declaration.initializer : undefined;
}

function slowConstruction(node: ts.NewExpression, model: FileModel): Found | undefined {
  const callee = skipOuter(node.expression);
  if (!ts.isIdentifier(callee)) return undefined;
  if (callee.text === 'Promise' && isSleepPromise(node)) return { kind: 'sleep', label: 'setTimeout', sync: false };
  const origin = originOf(callee, model);
  if (origin.kind === 'import' && origin.specifier === 'pdfkit') return { kind: 'pdf', label: `new ${callee.text}`, sync: false };
  return undefined;
}

/** `new Promise((resolve) => setTimeout(resolve, ms))`. */
function isSleepPromise(node: ts.NewExpression): boolean {
  const executor = node.arguments?.[0] && skipOuter(node.arguments[0]);
  if (!executor || !(ts.isArrowFunction(executor) || ts.isFunctionExpression(executor))) return false;
  const resolveName = executor.parameters[0] && ts.isIdentifier(executor.parameters[0].name) ? executor.parameters[0].name.text : undefined;
  if (!resolveName) return false;
  const body = executor.body;
  const statements = ts.isBlock(body) ? body.statements.map((statement) => (ts.isExpressionStatement(statement) ? statement.expression : undefined)) : [body];
  return statements.some((expression) => {
    const call = expression && skipOuter(expression);
    if (!call || !ts.isCallExpression(call)) return false;
    const timer = skipOuter(call.expression);
    const isTimer = ts.isIdentifier(timer) ? timer.text === 'setTimeout' : ts.isPropertyAccessExpression(timer) && timer.name.text === 'setTimeout';
    return isTimer && call.arguments.length >= 1 && mentions(call.arguments[0], resolveName);
  });
}

function mentions(expression: ts.Expression, name: string): boolean {
  const inner = skipOuter(expression);
  if (ts.isIdentifier(inner)) return inner.text === name;
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) return inner.getText().includes(name);
  return false;
}

function slowInvocation(node: ts.CallExpression, model: FileModel): Found | undefined {
  const callee = skipOuter(node.expression);
  if (ts.isIdentifier(callee)) return namedCall(node, callee, model);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  const path = propertyPath(callee);
  const root = path[0];
  const receiver = skipOuter(callee.expression);
  const receiverName = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) ? receiver.name.text : '';

  // Email.
  if (method === 'sendMail') return { kind: 'email', label: `${receiverName || 'transporter'}.sendMail`, sync: false };
  if ((path.slice(-2).join('.') === 'emails.send' || path.slice(-2).join('.') === 'batch.send') && path.length >= 3 && ts.isPropertyAccessExpression(receiver)) {
    const kind = classifyOrigin(originOf(receiver.expression, model));
    if (!kind || kind === 'resend') return { kind: 'email', label: `${path.slice(-3).join('.')}`, sync: false };
  }
  if ((method === 'send' || method === 'sendMultiple') && ts.isIdentifier(receiver)) {
    if (classifyOrigin(originOf(receiver, model)) === 'sendgrid' || /^sg(?:Mail)?$/i.test(receiver.text)) return { kind: 'email', label: `${receiver.text}.${method}`, sync: false };
  }
  if (/^sendEmail(?:WithTemplate|Batch|BatchWithTemplates)?$/.test(method) && receiverName) {
    const kind = classifyOrigin(originOf(receiver, model));
    if (kind === 'postmark' || kind === 'ses' || /postmark|ses/i.test(receiverName)) return { kind: 'email', label: `${receiverName}.${method}`, sync: false };
  }
  if (method === 'send' && node.arguments[0]) {
    const command = skipOuter(node.arguments[0]);
    if (ts.isNewExpression(command) && ts.isIdentifier(command.expression) && EMAIL_COMMANDS.test(command.expression.text)) return { kind: 'email', label: `${receiverName || 'ses'}.send(${command.expression.text})`, sync: false };
  }
  if (path.slice(-2).join('.') === 'messages.create' && /^(?:mg|mailgun)/i.test(root)) return { kind: 'email', label: `${root}.messages.create`, sync: false };

  // Child processes through a namespace: `cp.execSync(…)`, `child_process.exec(…)`.
  if (PROCESS_CALLS.test(method) && ts.isIdentifier(receiver)) {
    const origin = originOf(receiver, model);
    if (origin.kind === 'import' && CHILD_PROCESS.test(origin.specifier)) return { kind: 'process', label: `${receiver.text}.${method}`, sync: method.endsWith('Sync') };
  }
  // Headless browsers.
  if (method === 'launch' || method === 'connect' || method === 'launchPersistentContext') {
    const origin = originOf(receiver, model);
    if (origin.kind === 'import' && (BROWSER_MODULES.test(origin.specifier) || origin.specifier === '@sparticuz/chromium')) return { kind: 'browser', label: `${receiverName}.${method}`, sync: false };
  }
  // Media libraries used through a member: `Jimp.read`, `ffmpeg.run`.
  if (ts.isIdentifier(receiver)) {
    const origin = originOf(receiver, model);
    if (origin.kind === 'import' && /^(?:jimp|fluent-ffmpeg|@ffmpeg\/ffmpeg|ffmpeg-static|canvas)$/.test(origin.specifier) && method !== 'setFfmpegPath') return { kind: 'media', label: `${receiver.text}.${method}`, sync: false };
    if (origin.kind === 'import' && origin.specifier === '@react-pdf/renderer' && /^renderTo/.test(method)) return { kind: 'pdf', label: `${receiver.text}.${method}`, sync: false };
  }
  return undefined;
}

function namedCall(node: ts.CallExpression, callee: ts.Identifier, model: FileModel): Found | undefined {
  const name = callee.text;
  const declaration = resolve(model, callee);
  const specifier = declaration?.kind === 'import' ? declaration.specifier ?? '' : undefined;
  const imported = declaration?.kind === 'import' ? declaration.imported ?? '' : name;

  if (specifier === 'sharp' || (!declaration && name === 'sharp')) return { kind: 'media', label: 'sharp', sync: false };
  if (specifier !== undefined && /^(?:fluent-ffmpeg|@ffmpeg\/ffmpeg)$/.test(specifier)) return { kind: 'media', label: name, sync: false };
  if (specifier !== undefined && CHILD_PROCESS.test(specifier) && PROCESS_CALLS.test(imported)) return { kind: 'process', label: name, sync: imported.endsWith('Sync') };
  if (specifier === '@react-pdf/renderer' && /^renderTo/.test(imported)) return { kind: 'pdf', label: name, sync: false };
  // `const execAsync = promisify(exec)`.
  if (declaration && (declaration.kind === 'const' || declaration.kind === 'let') && declaration.initializer) {
    const init = skipOuter(declaration.initializer);
    if (ts.isCallExpression(init) && ts.isIdentifier(skipOuter(init.expression)) && (skipOuter(init.expression) as ts.Identifier).text === 'promisify' && init.arguments[0] && ts.isIdentifier(init.arguments[0])) {
      const wrapped = resolve(model, init.arguments[0]);
      if (wrapped?.kind === 'import' && CHILD_PROCESS.test(wrapped.specifier ?? '')) return { kind: 'process', label: name, sync: false };
    }
  }
  if (name === 'fetch' && !declaration) return thirdPartyFetch(node, model);
  // `await setTimeout(1000)` from timers/promises, or a sleep helper from a package. Local helpers are followed through the call graph instead.
  if (specifier !== undefined && /^(?:node:)?timers\/promises$/.test(specifier) && imported === 'setTimeout') return { kind: 'sleep', label: name, sync: false };
  if (SLEEP_NAMES.test(name) && (!declaration || (specifier !== undefined && isPackage(specifier))) && node.arguments.length >= 1 && isDuration(node.arguments[0])) {
    return { kind: 'sleep', label: name, sync: false };
  }
  return undefined;
}

function isDuration(expression: ts.Expression): boolean {
  const inner = skipOuter(expression);
  return ts.isNumericLiteral(inner) || ts.isIdentifier(inner) || ts.isBinaryExpression(inner) || ts.isPropertyAccessExpression(inner);
}

/** `fetch('https://api.example.com/…')` with no `signal`: waits as long as the other side takes. */
function thirdPartyFetch(node: ts.CallExpression, model: FileModel): Found | undefined {
  const url = node.arguments[0] && externalUrl(node.arguments[0], model);
  if (!url) return undefined;
  const options = node.arguments[1];
  if (options) {
    const literal = objectArgument(node, 1);
    // Options we cannot see into may carry a signal.
    if (!literal || literal.properties.some((property) => ts.isSpreadAssignment(property))) return undefined;
    if (propertyNamed(literal, 'signal') !== undefined) return undefined;
    // `next: { revalidate }` or `cache: 'force-cache'`: Next.js answers from its data cache, not per request.
    if (propertyNamed(literal, 'next') !== undefined || stringValue(propertyValue(literal, 'cache')) === 'force-cache') return undefined;
  }
  return { kind: 'fetch', label: `fetch('${url}/…')`, sync: false };
}

/** The host of a URL that visibly leaves the app: `https://api.example.com`. */
export function externalUrl(expression: ts.Expression, model: FileModel, depth = 0): string | undefined {
  if (depth > 3) return undefined;
  const inner = skipOuter(expression);
  // `${API_BASE}/forecast`: the host is in the constant.
  if (ts.isTemplateExpression(inner) && inner.head.text === '' && inner.templateSpans.length) return externalUrl(inner.templateSpans[0].expression, model, depth + 1);
  const prefix = stringPrefix(inner);
  if (prefix !== undefined) {
    const match = /^https?:\/\/([^/?#$]+)/.exec(prefix);
    if (!match || /^(?:localhost|127\.|0\.0\.0\.0|\[::1\])/.test(match[1])) return undefined;
    return `https://${match[1]}`;
  }
  if (ts.isIdentifier(inner)) {
    const declaration = resolve(model, inner);
    if (declaration?.kind === 'const' && declaration.initializer && declaration.key === undefined) return externalUrl(declaration.initializer, model, depth + 1);
  }
  return undefined;
}
