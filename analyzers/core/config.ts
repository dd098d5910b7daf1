import ignore, { type Ignore } from 'ignore';
import { validateConfigText, type ConfigProblem } from './config-validation';
import { compileGlobs, compileIgnore, globProblem, MAX_PATH_DEPTH, pathDepth } from './globs';
import { DEFAULT_MIN_CONFIDENCE, isConfidence } from './evidence';
import type { Confidence, RuleLevel, Severity } from './types';

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
  /** The weakest evidence a finding may have and still be shown (default `medium`). */
  minConfidence?: Confidence;
}

export interface ResolvedConfig {
  rules: Record<string, RuleLevel>;
  ignore: string[];
  scripts: string[];
  deployment: Deployment;
  minConfidence: Confidence;
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

export function defaultConfig(): ResolvedConfig {
  return { rules: {}, ignore: [], scripts: [...DEFAULT_SCRIPT_GLOBS], deployment: 'auto', minConfidence: DEFAULT_MIN_CONFIDENCE };
}

export interface ConfigParseResult {
  config: ResolvedConfig;
  /**
   * The keys the file itself sets among those an editor setting also sets
   * (`minConfidence`): a layer merged over the editor's must not reset them
   * to their defaults.
   */
  layer: Partial<ResolvedConfig>;
  /** Problems in the file, worded for the user and naming the key; the valid parts still apply. */
  problems: ConfigProblem[];
}

/**
 * Parses `.scalecheck.json` text against `schemas/scalecheck.schema.json`.
 * Never throws; each entry that does not fit is reported and left out.
 */
export function parseConfig(text: string, knownRuleIds: readonly string[]): ConfigParseResult {
  const config = defaultConfig();
  const { value, problems } = validateConfigText(text, CONFIG_FILE_NAME);
  if (!value) return { config, layer: { ...config, minConfidence: undefined }, problems };
  const rules = value.rules as Record<string, RuleLevel> | undefined;
  for (const [id, level] of Object.entries(rules ?? {})) {
    // The schema lists the rules; an engine built without one of them says so rather than ignoring it quietly.
    if (knownRuleIds.includes(id)) config.rules[id] = level;
    else problems.push({ message: `Unknown rule "${id}" in "rules"; it is left out.`, key: `rules.${id}` });
  }
  if (Array.isArray(value.ignore)) config.ignore = value.ignore as string[];
  if (Array.isArray(value.scripts)) config.scripts = value.scripts as string[];
  if (typeof value.deployment === 'string') config.deployment = value.deployment as Deployment;
  if (isConfidence(value.minConfidence)) config.minConfidence = value.minConfidence;
  return { config, layer: { ...config, minConfidence: isConfidence(value.minConfidence) ? value.minConfidence : undefined }, problems };
}

/**
 * Editor settings checked like the file (workspace settings come with the
 * repository too): globs that would be refused are reported under the
 * setting's name and left out.
 */
export function checkSettingsGlobs(globs: readonly string[], settingName: string): { globs: string[]; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const kept = globs.filter((glob, index) => {
    const problem = globProblem(glob);
    if (problem) problems.push({ message: `"${settingName}[${index}]" ${problem}; it is left out.`, key: `${settingName}[${index}]` });
    return !problem;
  });
  return { globs: kept, problems };
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
    if (layer.minConfidence) merged.minConfidence = layer.minConfidence;
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

/** Path filters built once per configuration. Paths are workspace-relative with `/`. Never throws. */
export class PathFilter {
  private readonly ignored: Ignore;
  private readonly scriptMatcher: (path: string) => boolean;

  constructor(config: ResolvedConfig) {
    // Refused globs were reported where the configuration was read; here they are only left out.
    const compiled = compiledFilters.get(config) ?? { ignored: ignore().add(defaultIgnores()).add(compileIgnore(config.ignore).rules), scripts: compileGlobs(config.scripts).matches };
    compiledFilters.set(config, compiled);
    this.ignored = compiled.ignored;
    this.scriptMatcher = compiled.scripts;
  }

  /** True for files never analyzed: the defaults, the `ignore` globs, and paths nested deeper than `MAX_PATH_DEPTH`. (`.gitignore` files are the host's to read.) */
  isIgnored(path: string): boolean {
    if (!path || path.startsWith('../') || path.startsWith('/')) return false;
    if (pathDepth(path) > MAX_PATH_DEPTH) return true;
    return ignores(this.ignored, path);
  }

  /** True for one-off scripts whose loops are not on a request path. */
  isScript(path: string): boolean {
    if (pathDepth(path) > MAX_PATH_DEPTH) return false;
    try {
      return this.scriptMatcher(path);
    } catch {
      return false;
    }
  }
}

/** Compiled once per configuration object: rules build a filter per file they check. */
const compiledFilters = new WeakMap<ResolvedConfig, { ignored: Ignore; scripts: (path: string) => boolean }>();
let defaults: Ignore | undefined;

function defaultIgnores(): Ignore {
  defaults ??= compileIgnore(DEFAULT_IGNORES).rules;
  return defaults;
}

/** `Ignore.ignores`, which throws on paths it deems invalid; those are not ignored. */
export function ignores(rules: Ignore, path: string): boolean {
  try {
    return rules.ignores(path);
  } catch {
    return false;
  }
}
