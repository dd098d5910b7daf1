import ts from 'typescript';
import { resolve, type FileModel } from './model';
import { skipOuter } from './prisma-calls';
import { isAwaited, objectArgument, propertyNamed, propertyPath, stringPrefix } from './syntax';
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
  // A back-off before a retry only runs when something already failed: not the request's normal path.
  if (found.kind === 'sleep' && isRetryBackoff(node)) return undefined;
  return { node, ...found, awaited: found.sync || isAwaited(node) };
}

type Found = Omit<SlowCall, 'node' | 'awaited'>;

const RETRY_WORDS = /attempt|retr(?:y|ies)|tries|backoff/i;

/** Inside a `catch`, or a loop counting attempts: `for (let attempt = 0; attempt < 3; …)`. */
export function isRetryBackoff(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isCatchClause(current)) return true;
    if (ts.isForStatement(current) && RETRY_WORDS.test(`${current.initializer?.getText() ?? ''} ${current.condition?.getText() ?? ''}`)) return true;
    if ((ts.isWhileStatement(current) || ts.isDoStatement(current)) && RETRY_WORDS.test(current.expression.getText())) return true;
    if (ts.isFunctionDeclaration(current) || ts.isMethodDeclaration(current)) return RETRY_WORDS.test(current.name?.getText() ?? '');
  }
  return false;
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
