import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { RuleLevel, Severity } from './types';

export type Deployment = 'auto' | 'serverless' | 'server' | 'containers';

/** `.scalecheck.json` as a team writes it. Every key is optional. */
export interface ScaleCheckConfigFile {
  rules?: Record<string, RuleLevel>;
  /** Globs (gitignore syntax) of files never analyzed. */
  ignore?: string[];
  /** Globs of one-off scripts (seeds, migrations): loops there are not request paths. */
  scripts?: string[];
  /** Overrides the detected deployment target. */
  deployment?: Deployment;
}

export interface ResolvedConfig {
  rules: Record<string, RuleLevel>;
  ignore: string[];
  scripts: string[];
  deployment: Deployment;
}

export const CONFIG_FILE_NAME = '.scalecheck.json';

/** Seeds (`prisma/seed.ts`, `packages/db/seed/users.ts`), data migrations, script folders and Django management commands. */
export const DEFAULT_SCRIPT_GLOBS = ['**/seed.*', '**/seed/**', '**/seeds/**', '**/migration/**', '**/migrations/**', '**/scripts/**', '**/management/commands/**'];

/**
 * Paths skipped before anything is read: dependencies, build output,
 * virtualenvs, generated Django migrations. Gitignore syntax.
 */
export const DEFAULT_IGNORES = [
  'node_modules/',
  '.git/',
  'dist/',
  'build/',
  'out/',
  '.next/',
  '.nuxt/',
  '.output/',
  '.svelte-kit/',
  '.turbo/',
  '.vercel/',
  '.netlify/',
  'coverage/',
  '.vscode-test/',
  '__pycache__/',
  '.venv/',
  'venv/',
  '.tox/',
  '.mypy_cache/',
  'site-packages/',
  '**/migrations/*.py',
];

const LEVELS: readonly RuleLevel[] = ['off', 'info', 'warning', 'error'];
const DEPLOYMENTS: readonly Deployment[] = ['auto', 'serverless', 'server', 'containers'];

export function defaultConfig(): ResolvedConfig {
  return { rules: {}, ignore: [], scripts: [...DEFAULT_SCRIPT_GLOBS], deployment: 'auto' };
}

export interface ConfigParseResult {
  config: ResolvedConfig;
  /** Problems in the file, worded for the user; the valid parts still apply. */
  problems: string[];
}

/** Parses `.scalecheck.json` text. Never throws; invalid entries are reported and dropped. */
export function parseConfig(text: string, knownRuleIds: readonly string[]): ConfigParseResult {
  const problems: string[] = [];
  const config = defaultConfig();
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { config, problems: [`${CONFIG_FILE_NAME} is not valid JSON: ${(error as Error).message}`] };
  }
  if (!isRecord(raw)) return { config, problems: [`${CONFIG_FILE_NAME} must hold a JSON object.`] };

  for (const key of Object.keys(raw)) {
    if (!['$schema', 'rules', 'ignore', 'scripts', 'deployment'].includes(key)) problems.push(`Unknown key "${key}" in ${CONFIG_FILE_NAME}.`);
  }
  if (raw.rules !== undefined) {
    if (!isRecord(raw.rules)) problems.push('"rules" must be an object of rule id to level.');
    else {
      for (const [id, level] of Object.entries(raw.rules)) {
        if (!knownRuleIds.includes(id)) problems.push(`Unknown rule "${id}" in "rules".`);
        else if (typeof level !== 'string' || !LEVELS.includes(level as RuleLevel)) problems.push(`Rule "${id}" must be one of ${LEVELS.join(', ')}.`);
        else config.rules[id] = level as RuleLevel;
      }
    }
  }
  const ignoreGlobs = stringList(raw.ignore, 'ignore', problems);
  if (ignoreGlobs) config.ignore = ignoreGlobs;
  const scripts = stringList(raw.scripts, 'scripts', problems);
  if (scripts) config.scripts = scripts;
  if (raw.deployment !== undefined) {
    if (typeof raw.deployment === 'string' && DEPLOYMENTS.includes(raw.deployment as Deployment)) config.deployment = raw.deployment as Deployment;
    else problems.push(`"deployment" must be one of ${DEPLOYMENTS.join(', ')}.`);
  }
  return { config, problems };
}

/**
 * Merges configuration layers, later ones winning per key (editor settings
 * first, then `.scalecheck.json`: the team's file wins).
 */
export function mergeConfig(...layers: Array<Partial<ResolvedConfig> | undefined>): ResolvedConfig {
  const merged = defaultConfig();
  for (const layer of layers) {
    if (!layer) continue;
    if (layer.rules) merged.rules = { ...merged.rules, ...layer.rules };
    if (layer.ignore) merged.ignore = [...merged.ignore, ...layer.ignore];
    if (layer.scripts) merged.scripts = [...layer.scripts];
    if (layer.deployment && layer.deployment !== 'auto') merged.deployment = layer.deployment;
  }
  return merged;
}

/**
 * The severity a finding ends with. A configured level replaces the rule's
 * default, and a finding the rule reported below its default (a boolean
 * filter at info) keeps that distance, so configuration never erases the
 * rule's own judgement of a weaker case.
 */
export function effectiveSeverity(reported: Severity, ruleDefault: Severity, configured: RuleLevel | undefined): Severity | undefined {
  if (configured === 'off') return undefined;
  if (configured === undefined) return reported;
  const ladder: Severity[] = ['info', 'warning', 'error'];
  const shift = ladder.indexOf(reported) - ladder.indexOf(ruleDefault);
  const index = Math.max(0, Math.min(ladder.length - 1, ladder.indexOf(configured) + shift));
  return ladder[index];
}

/** Path filters built once per configuration. Paths are workspace-relative with `/`. */
export class PathFilter {
  private readonly ignored: Ignore;
  private readonly scriptMatcher: (path: string) => boolean;

  constructor(config: ResolvedConfig) {
    this.ignored = ignore().add(DEFAULT_IGNORES).add(config.ignore);
    this.scriptMatcher = picomatch(config.scripts, { dot: true });
  }

  /** True for files never analyzed: the defaults and the `ignore` globs. (`.gitignore` files are the host's to read.) */
  isIgnored(path: string): boolean {
    if (!path || path.startsWith('../') || path.startsWith('/')) return false;
    try {
      return this.ignored.ignores(path);
    } catch {
      return false;
    }
  }

  /** True for one-off scripts whose loops are not on a request path. */
  isScript(path: string): boolean {
    return this.scriptMatcher(path);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, key: string, problems: string[]): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    problems.push(`"${key}" must be a list of glob strings.`);
    return undefined;
  }
  return value as string[];
}
