import { deploymentFacts, type DeploymentFacts } from '../config/deployment';
import type { ConfigFacts } from '../config/facts';
import { codeKindOfPath, isOffline } from '../core/code-kind';
import type { RelatedInput, RuleContext } from '../core/rule';
import type { Location } from '../core/types';
import type { HandlerInfo, Stack } from './handlers';
import type { FileModel } from './model';
import { fileModel } from './model-pass';
import { isScriptFile } from './entry-context';
import type { TsTree } from './parse';
import { stackOf } from './facts';
import { TsAnswers, type HandlerAnswer } from './answers';
import type { ChainStep } from './workspace';

/**
 * What every TypeScript rule needs about the file it checks, computed once
 * per file and shared by the rules: the file model, the workspace view, the
 * deployment view, and whether this file's facts are current (only then do
 * the workspace's answers about this file's own functions apply).
 */
export interface TsScope {
  model: FileModel;
  /** Cross-file answers (handlers, chains, client kinds); each one read is a dependency of this file's findings. */
  answers: TsAnswers;
  /** This file's facts match its text: the workspace's answers about its own functions apply. */
  fresh: boolean;
  /** A test, script or migration by its path (`core/code-kind.ts`) or its own account, or one of the user's `scripts` globs: not a request path. */
  offline: boolean;
  deployment: DeploymentFacts;
  /** Runs on time-limited functions: Vercel/Netlify, configured so, or a Next.js app with no other host in sight. */
  serverless: boolean;
  /** Major version of Next.js in the nearest package.json that depends on it. */
  nextMajor?: number;
  /** The declared version range of a JS dependency, nearest package.json first. */
  dependency(name: string): string | undefined;
  /** How requests reach one of this file's units (its own handler role only, when the facts are stale). */
  handlerOf(unit: number): HandlerAnswer;
  /** The stack a unit (or the file) belongs to. */
  stack(handler?: HandlerInfo): Stack;
}

const cache = new WeakMap<object, { key: unknown[]; scope: TsScope }>();

export function tsScope(context: RuleContext<TsTree>): TsScope {
  const key = [context.facts, context.facts.version, context.settings];
  const cached = cache.get(context.file);
  if (cached && cached.key.every((value, index) => value === key[index])) return cached.scope;
  const scope = buildScope(context);
  cache.set(context.file, { key, scope });
  return scope;
}

function buildScope(context: RuleContext<TsTree>): TsScope {
  const { file, facts, settings } = context;
  const model = fileModel(file.tree.sourceFile, file.path);
  const answers = new TsAnswers(facts, settings.config.scripts);
  const fresh = facts.hashOf(file.path) === file.hash;
  const fileStack = stackOf(model);
  // Cross-file views are read on first use only: a file no rule asks them about reads nothing but
  // its own facts, so the scan's first pass finishes it without parsing it again.
  const next = lazy(() => nearestDependency(context, 'next'));
  const deployment = lazy(() => deploymentFacts(facts, settings.config.deployment));
  return {
    model,
    answers,
    fresh,
    // A script by its own account (a shebang, a header comment, top-level `await` and no exports) too.
    offline: context.isScript || isOffline(codeKindOfPath(file.path)) || isScriptFile(model),
    get deployment() {
      return deployment();
    },
    get serverless() {
      const target = deployment().target;
      return target === 'serverless' || (target === 'unknown' && next() !== undefined);
    },
    get nextMajor() {
      const range = next();
      return range ? majorOf(range) : undefined;
    },
    dependency: (name) => nearestDependency(context, name),
    handlerOf: (unit) => (fresh ? answers.handler(file.path, unit) : { own: model.units[unit].handler }),
    stack: (handler) => {
      const stack = handler?.stack ?? fileStack;
      // tRPC routers and NestJS controllers inside a Next.js app are served by Next.js.
      return stack === 'node' && next() !== undefined ? 'nextjs' : stack;
    },
  };
}

function lazy<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}

/** Every package.json's folder and dependencies, deepest first, once per facts version. */
function packages(context: RuleContext<TsTree>): Array<{ dir: string; dependencies: Record<string, string> }> {
  return context.facts.derived('typescript:packages', (index) => {
    const out: Array<{ dir: string; dependencies: Record<string, string> }> = [];
    for (const config of index.ofLanguage('config')) {
      const data = config.data as ConfigFacts;
      if (data.kind === 'package-json') out.push({ dir: data.dir, dependencies: data.dependencies });
    }
    return out.sort((a, b) => b.dir.length - a.dir.length);
  });
}

/** The version range of a dependency in the nearest package.json above the file that declares it. */
function nearestDependency(context: RuleContext<TsTree>, name: string): string | undefined {
  const path = context.file.path;
  for (const entry of packages(context)) {
    if (entry.dependencies[name] === undefined) continue;
    if (entry.dir === '' || path.startsWith(`${entry.dir}/`)) return entry.dependencies[name];
  }
  // A monorepo root or a sibling package: any declaration will do.
  return deploymentFacts(context.facts).jsDependencies[name];
}

/** `^15.1.3` → 15; `latest`, `canary` and tags → Infinity (newest); workspace links → undefined. */
export function majorOf(range: string): number | undefined {
  const match = /(\d+)(?:\.\d+)*/.exec(range);
  if (match) return Number(match[1]);
  if (/^(?:latest|canary|rc|beta|next)$/.test(range.trim())) return Infinity;
  return undefined;
}

/** A chain of calls as text: `getAuthorName → prisma.user.findUnique`. */
export function chainText(first: string, chain: readonly ChainStep[]): string {
  return [first, ...chain.map((step) => step.label)].filter((label, index, all) => index === 0 || label !== all[index - 1]).join(' → ');
}

export function locationKey(location: Location): string {
  return `${location.file}:${location.range.start.offset}`;
}

/**
 * Related locations along a chain: each call on the way (message `stepId`
 * with `callee`), then the site at its end (message `endId` with `call`).
 */
export function chainRelated<MessageId extends string>(chain: readonly ChainStep[], endId: MessageId, stepId: MessageId): RelatedInput<MessageId>[] {
  return chain.slice(0, 8).map((step): RelatedInput<MessageId> => ({
    location: step.at,
    message: step.effect ? { id: endId, data: { call: step.label } } : { id: stepId, data: { callee: step.label } },
  }));
}
