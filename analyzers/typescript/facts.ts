import ts from 'typescript';
import type { ParsedFile } from '../core/rule';
import type { Location, TextEdit } from '../core/types';
import { aiCallsOf, clientOptions } from './ai-calls';
import { outflowingCalls } from './dataflow';
import { dbCallsOf, isListRead, type DbCall } from './db-calls';
import { addOptions } from './edits';
import type { HandlerInfo, Stack } from './handlers';
import { resolve } from './declarations';
import { collectionLoop } from './loops';
import type { FileModel, Unit } from './model';
import { fileModel } from './model-pass';
import type { TsTree } from './parse';
import { skipOuter } from './prisma-calls';
import { limitPerHour, rateLimitCallsOf } from './rate-limit';
import { entryRunsOf, isBackgroundFile, isScriptFile, type EntryRuns } from './entry-context';
import { listScope, scopeGrows, tableOf } from './row-scope';
import { isExpectedWait, slowCallsOf, SLEEP_NAMES, timedByCaller } from './slow-calls';
import { calleeName, isAwaited, isFunctionValue } from './syntax';
import { classifyOrigin, importRefOf, originOf, type ClientKind, type ImportRef } from './values';

export { directivesOf, entryKind, type TsEntryKind, type TsImport, type TsImportBinding } from './entry';
import type { TsEntryKind, TsImport } from './entry';

/**
 * A function call's target as the file writes it: a unit of this file by
 * name (`getUser`, `UserService.find`), or an export of another module
 * (`import { getUser } from '@/lib/users'`, `users.getUser()` on a namespace).
 */
export interface TsRef {
  local?: string;
  specifier?: string;
  /** The exported name; `*` never appears here (namespace members become names). */
  name?: string;
  /** A member of the export: `find` in `userService.find()`. */
  member?: string;
}

/**
 * Where something is in its file, compactly: `[start, end, line, column,
 * endLine, endColumn]` (offsets in UTF-16 units, lines and columns 1-based).
 * Facts hold thousands of these; `spanLocation` turns one into a `Location`.
 */
export type TsSpan = [number, number, number, number, number, number];

export function spanLocation(file: string, span: TsSpan): Location {
  const [start, end, line, column, endLine, endColumn] = span;
  return { file, range: { start: { offset: start, line, column }, end: { offset: end, line: endLine, column: endColumn } } };
}

export interface TsCallFacts {
  to: TsRef;
  at: TsSpan;
  /** The kind of loop around the call when it iterates user-sized data. */
  loop?: string;
  /** Waited for where written (`await`, `return`, an awaited `Promise.all`). */
  awaited: boolean;
  /** Inside `after(…)` / `waitUntil(…)`: runs once the response is out. */
  deferred?: boolean;
  /** In a `catch`, a `.catch(…)` callback, or a wait bounded by design (a back-off before a retry, a poll of a few seconds): not the normal path. */
  errorPath?: boolean;
}

export type TsEffectKind = 'db' | 'ai' | 'slow' | 'rate-limit';

export interface TsEffectFacts {
  kind: TsEffectKind;
  /** How the call reads in messages: `prisma.user.findUnique`, `resend.emails.send`. */
  label: string;
  at: TsSpan;
  /** DB: the library; slow work: its kind (`email`, `media`, …); AI: the provider. */
  detail?: string;
  loop?: string;
  awaited?: boolean;
  deferred?: boolean;
  errorPath?: boolean;
  /** Slow work that blocks the event loop itself (`execSync`). */
  sync?: boolean;
  /** A sleep whose length the function's caller passes in: each caller decides how long it waits. */
  timedByCaller?: boolean;
  /** An unbounded list read (`findMany()` without `take`). */
  unbounded?: boolean;
  /** AI generation that is not streamed. */
  blocking?: boolean;
  /** The call counts only if the workspace resolves the imported client to one of `accepts`. */
  pending?: { ref: ImportRef; accepts: ClientKind[]; conventional: boolean };
}

export interface TsUnitFacts {
  /** `GET`, `getUser`, `UserService.find`, `POST /users`, `<module>`. */
  name: string;
  at: TsSpan;
  handler?: HandlerInfo;
  /** A rate limit is checked in its body or on its route. */
  limited?: boolean;
  /** The fewest requests per hour such a limit allows, when its numbers are written out. */
  limitPerHour?: number;
  /** An entry point of background work or of the build rather than of a user's request (`entry-context.ts`). */
  runs?: EntryRuns;
  calls: TsCallFacts[];
  /** Functions it hands the request to without calling them itself: wrappers, route middleware. */
  refs: Array<{ to: TsRef; wrapper: boolean }>;
  effects: TsEffectFacts[];
  /** Indices into `calls` whose result it returns or sends as its response. */
  returnsCalls?: number[];
  /** Indices into `effects` of unbounded list reads whose rows it returns or sends. */
  returnsRows?: number[];
  /** It returns the rows of a list read, capped or not: a loop over its result is as long as a query's result. */
  returnsList?: boolean;
}

export interface TsClientFacts {
  timeout: boolean;
  maxRetries: boolean;
  /** Adds the missing `timeout`/`maxRetries` to the constructor (a fix other files can offer). */
  fix?: TextEdit;
}

export interface TsExportFacts {
  local?: string;
  from?: { specifier: string; name: string };
  /** Index into `units` when the export is a function. */
  unit?: number;
  /** What the exported value is, when the file can tell: `prisma`, `openai`, … */
  kind?: ClientKind;
  /** The export re-exports an imported binding: its kind lives in that module. */
  via?: ImportRef;
  client?: TsClientFacts;
}

/**
 * Per-file facts that a floor above TypeScript reads from the file's syntax
 * (the query ↔ index join reads Prisma query sites): that floor declares its
 * keys by augmenting this interface and hands its extractor to
 * `typescriptLanguageWith`, so nothing here imports it. Its facts stay this
 * file's plain data, which the editor's session and the scan's passes need.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface TsExtraFacts {}

/** Reads one floor's extra facts from a file, beside the model every TypeScript fact comes from. */
export type TsFactExtractor = (file: ParsedFile<TsTree>, model: FileModel) => Partial<TsExtraFacts>;

export interface TsFacts extends TsExtraFacts {
  /** Top-of-file directives: `use server`, `use client`. */
  directives: string[];
  imports: TsImport[];
  entry?: TsEntryKind;
  stack: Stack;
  exports: Record<string, TsExportFacts>;
  /** `export * from './m'`. */
  starExports: string[];
  units: TsUnitFacts[];
  /** An app-level rate limiter (`app.use(rateLimit(…))`) is installed in this file. */
  appLimited?: boolean;
  /** Its folder or a scheduler's credential check makes every function here background work (`entry-context.ts`). */
  background?: boolean;
  /** A script a person runs, by its own account: a shebang, a header comment, top-level `await` with nothing exported. */
  script?: boolean;
}

declare module '../core/facts' {
  interface FactsByLanguage {
    typescript: TsFacts;
  }
}

export function extractTsFacts(file: ParsedFile<TsTree>, extractors: readonly TsFactExtractor[]): TsFacts {
  const model = fileModel(file.tree.sourceFile, file.path);
  const summary = summarize(file, model);
  const facts: TsFacts = {
    directives: model.directives,
    imports: model.imports,
    entry: model.entry,
    stack: stackOf(model),
    exports: summary.exports,
    starExports: model.starExports,
    units: summary.units,
    appLimited: model.appLimited || undefined,
    background: isBackgroundFile(file.path, file.text) || undefined,
    script: isScriptFile(model) || undefined,
  };
  for (const extract of extractors) Object.assign(facts, extract(file, model));
  return facts;
}

export function stackOf(model: FileModel): Stack {
  if (model.entry && model.entry !== 'function') return 'nextjs';
  for (const entry of model.imports) {
    if (/^next(?:\/|$)/.test(entry.specifier)) return 'nextjs';
    if (entry.specifier === 'express') return 'express';
    if (/^(?:hono|@hono\/)/.test(entry.specifier)) return 'hono';
    if (entry.specifier === 'fastify') return 'fastify';
  }
  return 'node';
}

function summarize(file: ParsedFile<TsTree>, model: FileModel): Pick<TsFacts, 'exports' | 'units'> {
  const locate = (start: number, end: number): TsSpan => {
    const range = file.lines.range(start, end);
    return [range.start.offset, range.end.offset, range.start.line, range.start.column, range.end.line, range.end.column];
  };
  const at = (node: ts.Node) => locate(node.getStart(model.sourceFile), node.end);
  const callAt = (node: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression) => {
    const callee = ts.isTaggedTemplateExpression(node) ? node.tag : node.expression;
    return locate(node.getStart(model.sourceFile), callee.end);
  };

  const backgroundFile = isBackgroundFile(file.path, file.text);
  const units: TsUnitFacts[] = model.units.map((unit, index) => ({
    name: unit.name,
    at: at(unit.anchor),
    handler: unit.handler,
    limited: unit.limited || undefined,
    limitPerHour: unit.limitPerHour,
    runs: entryRunsOf(model, index, backgroundFile),
    calls: [],
    refs: unit.refs.flatMap((ref) => {
      const to = refOf(model, ref.expression, unit);
      return to ? [{ to, wrapper: ref.wrapper }] : [];
    }),
    effects: [],
  }));
  const callIndex = new Map<ts.Node, number>();
  const effectIndex = new Map<ts.Node, number>();
  const db = dbCallsOf(model);
  const ai = aiCallsOf(model);
  const slow = slowCallsOf(model);
  const limits = rateLimitCallsOf(model);

  for (const site of model.calls) {
    const target = units[site.unit];
    const loop = collectionLoop(site.loop)?.kind;
    const deferred = site.deferred || undefined;
    const errorPath = site.errorPath || undefined;
    const node = site.node;
    const dbCall = db.get(node);
    if (dbCall) {
      effectIndex.set(node, target.effects.length);
      target.effects.push({ kind: 'db', label: dbCall.label, at: callAt(node), detail: dbCall.library, loop, deferred, errorPath, unbounded: dbCall.unbounded || undefined, pending: dbCall.pending });
      continue;
    }
    const aiCall = ai.get(node);
    if (aiCall) {
      target.effects.push({ kind: 'ai', label: aiCall.label, at: callAt(node), detail: aiCall.provider, loop, deferred, errorPath, awaited: isAwaited(aiCall.node), blocking: (!aiCall.streaming && !aiCall.smallCap) || undefined, pending: aiCall.pending });
      continue;
    }
    const slowCall = slow.get(node);
    if (slowCall) {
      target.effects.push({ kind: 'slow', label: slowCall.label, at: callAt(node), detail: slowCall.kind, loop, deferred, errorPath, awaited: slowCall.awaited, sync: slowCall.sync || undefined, timedByCaller: (slowCall.kind === 'sleep' && timedByCaller(node, model)) || undefined });
      continue;
    }
    if (limits.has(node)) {
      // A limiter helper of our own (`isRateLimited(ip)`) is also a call: what it does runs per request.
      target.effects.push({ kind: 'rate-limit', label: 'rate limit', at: callAt(node), deferred });
      target.limited = true;
      const perHour = ts.isCallExpression(node) ? limitPerHour(node, model) : undefined;
      if (perHour !== undefined && (target.limitPerHour === undefined || perHour < target.limitPerHour)) target.limitPerHour = perHour;
    }
    if (!ts.isCallExpression(node)) continue;
    const unit = model.units[site.unit];
    const to = refOf(model, node.expression, unit);
    if (to) {
      callIndex.set(node, target.calls.length);
      // `await sleep(backoff)` in a retry loop waits only after a failure, like a catch block;
      // `await sleep(200)` in a poll bounded to a few seconds is a bounded wait by design.
      const retry = SLEEP_NAMES.test(calleeName(node) ?? '') && isExpectedWait(node, model);
      target.calls.push({ to, at: callAt(node), loop, awaited: isAwaited(node), deferred, errorPath: errorPath || retry || undefined });
    }
    // `posts.map(enrichPost)`: a function passed to an iteration runs once per item.
    for (const argument of node.arguments) {
      const inner = skipOuter(argument);
      if (isFunctionValue(inner) || !(ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner)) || !isIterationCall(node)) continue;
      const passed = refOf(model, inner, unit);
      if (passed) target.calls.push({ to: passed, at: locate(inner.getStart(model.sourceFile), inner.end), loop: loop ?? iterationKind(node), awaited: isAwaited(node), deferred });
    }
  }

  // Dataflow only where it can matter: units that return or respond, and call something or read without a limit.
  const responding = new Set<number>();
  for (const ret of model.returns) if (ret.fn === model.units[ret.unit].node) responding.add(ret.unit);
  for (const site of model.calls) if (!responding.has(site.unit) && ts.isCallExpression(site.node) && isResponseLike(site.node)) responding.add(site.unit);
  model.units.forEach((unit, index) => {
    if (!unit.node || !responding.has(index)) return;
    const facts = units[index];
    if (!facts.calls.length && !facts.effects.some((effect) => effect.kind === 'db')) return;
    const out = outflowingCalls(model, unit);
    if (out.size === 0) return;
    const calls: number[] = [];
    const rows: number[] = [];
    for (const node of out) {
      const call = callIndex.get(node);
      if (call !== undefined) calls.push(call);
      const effect = effectIndex.get(node);
      if (effect !== undefined && units[index].effects[effect]?.unbounded) rows.push(effect);
    }
    if (calls.length) units[index].returnsCalls = calls.sort((a, b) => a - b);
    if (rows.length) units[index].returnsRows = rows.sort((a, b) => a - b);
    if ([...out].some((node) => listReadUnder(node, db))) units[index].returnsList = true;
  });

  return { exports: exportsOf(file, model), units };
}

/**
 * `supabase.from('m').select().eq(…)`: the value is a list read's, somewhere
 * down its call chain, and one whose rows grow (`row-scope.ts`): not one
 * row, nor one parent's rows that stay short.
 */
function listReadUnder(node: ts.Node, db: Map<ts.Node, DbCall>): boolean {
  let current: ts.Node = node;
  for (let hops = 0; hops < 12; hops++) {
    const call = db.get(current);
    if (call) return isListRead(call) && scopeGrows(tableOf(call), listScope(call), () => 'unknown') === 'grows';
    if (!ts.isCallExpression(current) && !ts.isPropertyAccessExpression(current)) return false;
    current = skipOuter(current.expression);
  }
  return false;
}

function isResponseLike(call: ts.CallExpression): boolean {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && /^(?:json|send|jsonp|html|body)$/.test(callee.name.text);
}

function isIterationCall(call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  return ts.isPropertyAccessExpression(callee) && /^(?:map|forEach|flatMap|filter|some|every|reduce)$/.test(callee.name.text);
}

function iterationKind(call: ts.CallExpression): string {
  return (skipOuter(call.expression) as ts.PropertyAccessExpression).name.text;
}

/** What a callee expression refers to, when it can be a function of this workspace. */
export function refOf(model: FileModel, expression: ts.Expression, unit: Unit | undefined): TsRef | undefined {
  const callee = skipOuter(expression);
  if (ts.isIdentifier(callee)) {
    const declaration = resolve(model, callee);
    if (declaration?.kind === 'import') {
      if (declaration.imported === '*') return undefined;
      return { specifier: declaration.specifier, name: declaration.imported };
    }
    if (declaration && declaration.scope !== model.sourceFile) return undefined;
    return model.unitsByName.has(callee.text) ? { local: callee.text } : undefined;
  }
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const member = callee.name.text;
  const object = skipOuter(callee.expression);
  if (object.kind === ts.SyntaxKind.ThisKeyword) {
    const owner = unit?.name.includes('.') ? unit.name.slice(0, unit.name.lastIndexOf('.')) : undefined;
    return owner && model.unitsByName.has(`${owner}.${member}`) ? { local: `${owner}.${member}` } : undefined;
  }
  if (!ts.isIdentifier(object)) return undefined;
  const declaration = resolve(model, object);
  if (declaration?.kind === 'import') {
    if (declaration.imported === '*') return { specifier: declaration.specifier, name: member };
    return { specifier: declaration.specifier, name: declaration.imported, member };
  }
  if (declaration && declaration.scope !== model.sourceFile) return undefined;
  return model.unitsByName.has(`${object.text}.${member}`) ? { local: `${object.text}.${member}` } : undefined;
}

const CLIENT_KINDS_WITH_OPTIONS = new Set<ClientKind>(['openai', 'anthropic']);

function exportsOf(file: ParsedFile<TsTree>, model: FileModel): Record<string, TsExportFacts> {
  const out: Record<string, TsExportFacts> = {};
  const topLevel = (name: string) => model.declarations.get(name)?.find((declaration) => declaration.scope === model.sourceFile);
  for (const [name, entry] of model.exports) {
    const facts: TsExportFacts = {};
    if (entry.local !== undefined) facts.local = entry.local;
    if (entry.from) facts.from = entry.from;
    if (entry.unit !== undefined) facts.unit = entry.unit;
    const declaration = entry.local !== undefined ? topLevel(entry.local) : undefined;
    if (declaration) {
      const origin = declaration.kind === 'import' ? originOf(declaration.id, model) : declaration.initializer && declaration.key === undefined ? originOf(declaration.initializer, model) : undefined;
      if (origin) {
        const kind = classifyOrigin(origin);
        if (kind) facts.kind = kind;
        else {
          const via = importRefOf(origin);
          if (via) facts.via = via;
        }
        if (kind && CLIENT_KINDS_WITH_OPTIONS.has(kind) && origin.kind === 'new') facts.client = clientFacts(file, origin.node);
      }
    }
    out[name] = facts;
  }
  return out;
}

/** Timeout and retries set on an AI client's constructor, with the fix that adds what is missing. */
export function clientFacts(file: Pick<ParsedFile, 'path' | 'text'>, ctor: ts.NewExpression): TsClientFacts {
  const options = clientOptions(ctor);
  const missing: Array<[string, string]> = [];
  if (!options.timeout) missing.push(['timeout', '30_000']);
  if (!options.maxRetries) missing.push(['maxRetries', '2']);
  const fix = missing.length && options.visible ? addOptions(file.path, file.text, ctor, missing) : undefined;
  // Options passed as a variable may set a timeout we cannot see: count them as set.
  return { timeout: options.timeout || !options.visible, maxRetries: options.maxRetries || !options.visible, fix };
}
