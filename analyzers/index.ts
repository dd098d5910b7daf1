/**
 * ScaleCheck's analysis engine: the only entry point hosts (the CLI, the
 * extension's worker, tests) import. Plain data in, plain data out.
 */
import { configLanguage } from './config/language';
import { Engine } from './core/engine';
import type { LanguageSupport } from './core/languages';
import { prismaLanguage } from './prisma/language';
import { pythonLanguage } from './python/language';
import { prismaQueryFacts } from './query-index/facts';
import { allRules } from './rules/registry';
import { sqlLanguage } from './sql/language';
import { typescriptLanguageWith } from './typescript/language';

export * from './core/types';
export { Engine, analyzeProject, type SourceFile, type ParseOutcome, type AnalyzeOptions, type ProjectResult } from './core/engine';
export { FactsIndex, FactsKeys, KeyedView, type FactsKey, type FactsObserver, type FileFacts } from './core/facts';
export { AnalysisSession, type FactsChange, type UpdateOutcome } from './core/session';
export type { ParserAssets } from './core/languages';
export { languageOf } from './core/languages';
export type { AnalysisSettings, DetailsShape, GrowthStage, ParsedFile, Rule, RuleDeclaration, RuleMeta } from './core/rule';
export {
  CONFIG_FILE_NAME,
  DEFAULT_IGNORES,
  defaultConfig,
  checkSettingsGlobs,
  ignores,
  mergeConfig,
  parseConfig,
  PathFilter,
  type Deployment,
  type ResolvedConfig,
  type ScaleCheckConfigFile,
} from './core/config';
export type { ConfigProblem } from './core/config-validation';
export { compileIgnore, ignoreFileLines, MAX_PATH_DEPTH, MAX_PATTERNS_PER_FILE, type CompiledIgnore } from './core/globs';
export { LineMap, contentHash } from './core/text';
export { CONFIDENCE_LEVELS, DEFAULT_MIN_CONFIDENCE, meetsConfidence, type CollectionSize, type ExecutionContext } from './core/evidence';
export { allRules } from './rules/registry';
export { declarations, declarationsById, type RuleDetails, type RuleId } from './rules/declarations';
export { allRuleMetas, allRuleIds } from './rules/metas';
export { applyEdits } from './core/edits';
export { deploymentFacts, type DeploymentFacts } from './config/deployment';

/** TypeScript carries the Prisma query sites in its facts for the query ↔ index join (`query-index/`). */
export const languages: readonly LanguageSupport[] = [typescriptLanguageWith([prismaQueryFacts]), prismaLanguage, pythonLanguage, configLanguage, sqlLanguage];

/** An engine with every rule and language ScaleCheck ships. */
export function createEngine(): Engine {
  return new Engine(allRules, languages);
}
