import { effectiveSeverity, PathFilter } from './config';
import { FactsIndex, type FileFacts } from './facts';
import { isStackOverflow, skipReason, SKIP_REASON_TEXT } from './guards';
import { languageOf, type LanguageSupport, type ParserAssets, type TextChange } from './languages';
import { DEFAULT_MIN_CONFIDENCE, meetsConfidence, weigh } from './evidence';
import { renderMessage } from './messages';
import { nextStepsOf } from './next-steps';
import type { AnalysisSettings, ParsedFile, ReportInput, Rule, RuleContext } from './rule';
import { findSuppression, parseSuppressions } from './suppressions';
import { contentHash, LineMap } from './text';
import type { AnalysisError, FileResult, Finding, FindingDetails, Fix, Language, SkippedFile, SuppressedFinding } from './types';

/** The rule the engine reports for a suppression comment without a reason (declared in `analyzers/rules/`). */
export const SUPPRESSION_RULE_ID = 'suppression-without-reason';

export interface SourceFile {
  /** Workspace-relative, `/` separators. */
  path: string;
  text: string;
}

export type ParseOutcome =
  | { kind: 'parsed'; file: ParsedFile }
  | { kind: 'skipped'; skipped: SkippedFile }
  | { kind: 'failed'; error: AnalysisError }
  /** Not a language ScaleCheck reads. */
  | { kind: 'unsupported' };

export interface AnalyzeOptions {
  /** Only these rules run (the CLI's `--rule`). */
  onlyRules?: readonly string[];
}

/**
 * The analysis engine. Plain data in (file text, facts, settings), findings
 * and edits out. It never throws: a failing parser or rule becomes an entry
 * in `errors` and every other rule still runs.
 */
export class Engine {
  private readonly languages = new Map<Language, LanguageSupport>();
  private readonly rulesById = new Map<string, Rule>();
  private filterCache: { config: AnalysisSettings['config']; filter: PathFilter } | undefined;

  constructor(
    readonly rules: readonly Rule[],
    languages: readonly LanguageSupport[],
  ) {
    for (const support of languages) this.languages.set(support.language, support);
    for (const rule of rules) this.rulesById.set(rule.meta.id, rule);
  }

  rule(id: string): Rule | undefined {
    return this.rulesById.get(id);
  }

  languageOf(path: string): Language | undefined {
    const language = languageOf(path);
    return language && this.languages.has(language) ? language : undefined;
  }

  /** Languages whose parser still has to be loaded before files of them can be parsed. */
  pendingLanguages(paths: Iterable<string>): Language[] {
    const pending = new Set<Language>();
    for (const path of paths) {
      const language = this.languageOf(path);
      if (language && !this.languages.get(language)!.isReady()) pending.add(language);
    }
    return [...pending];
  }

  /**
   * Loads the parsers `paths` need that are not loaded yet (lazily: Python's
   * wasm is only read when a Python file is analyzed). A parser that fails to
   * load leaves its files to fail one by one with the reason.
   */
  async prepare(paths: Iterable<string>, assets: ParserAssets): Promise<AnalysisError[]> {
    const errors: AnalysisError[] = [];
    for (const language of this.pendingLanguages(paths)) {
      const support = this.languages.get(language)!;
      try {
        await support.load?.(assets);
      } catch (error) {
        errors.push({ file: '', message: `Could not load the ${language} parser: ${describe(error)}` });
      }
    }
    return errors;
  }

  /**
   * Parses a file. With `previous` (the same path's last parse, which the
   * caller gives up), languages that can re-parse incrementally reuse it.
   */
  parse(source: SourceFile, previous?: ParsedFile): ParseOutcome {
    const language = this.languageOf(source.path);
    if (!language) return { kind: 'unsupported' };
    const reason = skipReason(source.path, source.text);
    if (reason) return { kind: 'skipped', skipped: { file: source.path, reason: SKIP_REASON_TEXT[reason] } };
    const support = this.languages.get(language)!;
    if (!support.isReady()) return { kind: 'failed', error: { file: source.path, message: `The ${language} parser is not loaded.` } };
    try {
      const tree = (previous && this.reparse(support, previous, source)) ?? support.parse(source.path, source.text);
      return {
        kind: 'parsed',
        file: { path: source.path, text: source.text, language, hash: contentHash(source.text), lines: new LineMap(source.text), tree },
      };
    } catch (error) {
      if (isStackOverflow(error)) return { kind: 'skipped', skipped: { file: source.path, reason: SKIP_REASON_TEXT['parser-overflow'] } };
      return { kind: 'failed', error: { file: source.path, message: `Could not parse: ${describe(error)}` } };
    }
  }

  /** An incremental re-parse, or undefined to parse from scratch (also when the incremental parser fails). */
  private reparse(support: LanguageSupport, previous: ParsedFile, source: SourceFile): unknown {
    if (!support.reparse || previous.language !== support.language || previous.path !== source.path) return undefined;
    try {
      return support.reparse(source.path, previous.tree, source.text, changeBetween(previous.text, source.text));
    } catch {
      return undefined;
    }
  }

  /** Releases a parsed file's tree (see `LanguageSupport.dispose`). Never throws. */
  dispose(file: ParsedFile): void {
    try {
      this.languages.get(file.language)?.dispose?.(file.tree);
    } catch {
      // A tree that cannot be freed leaks; it must not fail the analysis.
    }
  }

  /** The facts a parsed file contributes. Undefined (with the error) when extraction failed. */
  extractFacts(file: ParsedFile): { facts?: FileFacts; error?: AnalysisError } {
    try {
      const data = this.languages.get(file.language)!.extractFacts(file);
      const facts = { path: file.path, language: file.language, hash: file.hash, data } as FileFacts;
      if (this.syntaxErrors(file)) facts.broken = true;
      return { facts };
    } catch (error) {
      return { error: { file: file.path, message: `Could not index: ${describe(error)}` } };
    }
  }

  analyze(file: ParsedFile, facts: FactsIndex, settings: AnalysisSettings, options: AnalyzeOptions = {}): FileResult {
    const result: FileResult = { file: file.path, findings: [], suppressed: [], errors: [] };
    const filter = this.pathFilter(settings);
    const isScript = filter.isScript(file.path);
    const raw: Finding[] = [];

    for (const rule of this.rules) {
      const check = rule.checks[file.language];
      if (!check) continue;
      if (options.onlyRules && !options.onlyRules.includes(rule.meta.id)) continue;
      if (settings.config.rules[rule.meta.id] === 'off') continue;
      const context: RuleContext = {
        file,
        facts,
        settings,
        isScript,
        locate: (start, end) => ({ file: file.path, range: file.lines.range(start, end) }),
        report: (input) => {
          const finding = this.toFinding(rule, input, file, facts, settings);
          if (finding) raw.push(finding);
        },
      };
      try {
        check(context);
      } catch (error) {
        result.errors.push({ file: file.path, ruleId: rule.meta.id, message: `Rule ${rule.meta.id} failed: ${describe(error)}` });
      }
    }

    const findings = withoutDuplicates(raw);
    this.demoteFixesInBrokenFiles(file, facts, findings);
    this.applySuppressions(file, findings, result, settings, options);
    result.findings.sort((a, b) => a.range.start.offset - b.range.start.offset || a.ruleId.localeCompare(b.ruleId));
    return result;
  }

  private toFinding(rule: Rule, input: ReportInput, file: ParsedFile, facts: FactsIndex, settings: AnalysisSettings): Finding | undefined {
    const { meta } = rule;
    const weighed = weigh(meta.contexts, input, input.confidence);
    if (!weighed) return undefined;
    const severity = effectiveSeverity(weighed.info ? 'info' : (input.severity ?? meta.defaultSeverity), meta.defaultSeverity, settings.config.rules[meta.id]);
    if (!severity) return undefined;
    // Weaker evidence than the user asked for is left out before anything is rendered.
    const { confidence } = weighed;
    if (!meetsConfidence(confidence, settings.config.minConfidence ?? DEFAULT_MIN_CONFIDENCE)) return undefined;
    const locale = settings.locale;
    const start = Math.max(0, Math.min(input.start, file.text.length));
    const end = Math.max(start, Math.min(input.end, file.text.length));
    const finding: Finding = {
      ruleId: meta.id,
      severity,
      confidence,
      message: renderMessage(meta, input.message, input.data, locale),
      file: file.path,
      range: file.lines.range(start, end),
      lesson: meta.lesson,
    };
    if (input.related?.length) {
      finding.related = input.related.map((related) => ({
        ...related.location,
        message: renderMessage(meta, related.message, input.data, locale),
      }));
    }
    if (input.fixes?.length) {
      const fixes: Fix[] = [];
      for (const fix of input.fixes) {
        const fileHashes: Record<string, string> = {};
        let known = true;
        for (const edit of fix.edits) {
          const hash = edit.file === file.path ? file.hash : facts.hashOf(edit.file);
          if (hash === undefined) known = false;
          else fileHashes[edit.file] = hash;
        }
        // An edit to a file the engine has no version of could land anywhere: drop the fix.
        if (!known || fix.edits.length === 0) continue;
        const next: Fix = { title: renderMessage(meta, fix.title, input.data, locale), applicability: fix.applicability, edits: fix.edits, fileHashes };
        const steps = nextStepsOf(fix.edits, locale);
        if (steps.length) next.nextSteps = steps;
        fixes.push(next);
      }
      // Safe fixes first: hosts apply the first one on "fix all".
      fixes.sort((a, b) => Number(a.applicability === 'unsafe') - Number(b.applicability === 'unsafe'));
      if (fixes.length) finding.fixes = fixes;
    }
    if (input.details) {
      const details: FindingDetails = {};
      for (const [key, value] of Object.entries(input.details)) if (value !== undefined) details[key] = value;
      finding.details = details;
    }
    return finding;
  }

  /**
   * A safe fix may be applied in bulk, unseen. In a file the parser had to
   * recover (half-typed code), where its edit lands depends on a guess, and
   * applying it again may land elsewhere: a fix that edits such a file (this
   * one, or another whose facts say so) is offered as unsafe, one at a time,
   * to a person who looks at it.
   */
  private demoteFixesInBrokenFiles(file: ParsedFile, facts: FactsIndex, findings: Finding[]): void {
    let selfBroken: boolean | undefined;
    for (const finding of findings) {
      if (!finding.fixes?.some((fix) => fix.applicability === 'safe')) continue;
      finding.fixes = finding.fixes.map((fix) => {
        if (fix.applicability !== 'safe') return fix;
        const broken = fix.edits.some((edit) => (edit.file === file.path ? (selfBroken ??= this.syntaxErrors(file)) : facts.get(edit.file)?.broken === true));
        return broken ? { ...fix, applicability: 'unsafe' } : fix;
      });
    }
  }

  private syntaxErrors(file: ParsedFile): boolean {
    try {
      return (this.languages.get(file.language)?.syntaxErrorCount?.(file.tree) ?? 0) > 0;
    } catch {
      return true;
    }
  }

  private applySuppressions(file: ParsedFile, raw: Finding[], result: FileResult, settings: AnalysisSettings, options: AnalyzeOptions): void {
    const suppressions = parseSuppressions(file.text, file.lines);
    for (const finding of raw) {
      const suppression = findSuppression(suppressions, finding.ruleId, finding.range.start.line);
      if (suppression) result.suppressed.push({ finding, reason: suppression.reason, scope: suppression.scope } satisfies SuppressedFinding);
      else result.findings.push(finding);
    }
    // The engine's own rule, declared with the others; an engine built without it reports none.
    const meta = this.rulesById.get(SUPPRESSION_RULE_ID)?.meta;
    if (!meta || (options.onlyRules && !options.onlyRules.includes(meta.id))) return;
    for (const suppression of suppressions) {
      if (suppression.reason) continue;
      const severity = effectiveSeverity(meta.defaultSeverity, meta.defaultSeverity, settings.config.rules[meta.id]);
      if (!severity) continue;
      const suppressedRule = suppression.ruleIds.length === 1 ? this.rulesById.get(suppression.ruleIds[0]) : undefined;
      result.findings.push({
        ruleId: meta.id,
        severity,
        confidence: 'high',
        message: renderMessage(meta, 'missingReason', { rules: suppression.ruleIds.join(', ') || '*' }, settings.locale),
        file: file.path,
        range: file.lines.range(suppression.start, suppression.end),
        lesson: suppressedRule?.meta.lesson ?? meta.lesson,
      });
    }
  }

  private pathFilter(settings: AnalysisSettings): PathFilter {
    if (this.filterCache?.config !== settings.config) this.filterCache = { config: settings.config, filter: new PathFilter(settings.config) };
    return this.filterCache.filter;
  }
}

export interface ProjectResult {
  files: FileResult[];
  errors: AnalysisError[];
  skipped: SkippedFile[];
  facts: FactsIndex;
}

/**
 * Analyzes a whole set of files in memory: facts for all, then every file.
 * The CLI's worker pool does the same in two parallel passes; tests and small
 * hosts call this directly.
 */
export function analyzeProject(engine: Engine, sources: readonly SourceFile[], settings: AnalysisSettings, options: AnalyzeOptions = {}): ProjectResult {
  const facts = new FactsIndex();
  const parsed: ParsedFile[] = [];
  const errors: AnalysisError[] = [];
  const skipped: SkippedFile[] = [];
  for (const source of sources) {
    const outcome = engine.parse(source);
    if (outcome.kind === 'parsed') {
      parsed.push(outcome.file);
      const extracted = engine.extractFacts(outcome.file);
      if (extracted.facts) facts.set(extracted.facts);
      if (extracted.error) errors.push(extracted.error);
    } else if (outcome.kind === 'skipped') skipped.push(outcome.skipped);
    else if (outcome.kind === 'failed') errors.push(outcome.error);
  }
  const files = parsed.map((file) => engine.analyze(file, facts, settings, options));
  for (const file of parsed) engine.dispose(file);
  for (const file of files) errors.push(...file.errors);
  return { files, errors, skipped, facts };
}

/** The single edit that turns `before` into `after`: their common prefix and suffix stay. */
export function changeBetween(before: string, after: string): TextChange {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < shorter - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix };
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/**
 * One finding per rule, range and message. Two query sites can share the
 * object that names their filters (`where: whereClause` in `findMany` and
 * `count`); the user sees one squiggle there, with both sites as related
 * locations.
 */
function withoutDuplicates(findings: Finding[]): Finding[] {
  const kept = new Map<string, Finding>();
  for (const finding of findings) {
    const key = `${finding.ruleId}\u0000${finding.range.start.offset}\u0000${finding.range.end.offset}\u0000${finding.message}`;
    const first = kept.get(key);
    if (!first) {
      kept.set(key, finding);
      continue;
    }
    for (const related of finding.related ?? []) {
      const same = (other: NonNullable<Finding['related']>[number]) => other.file === related.file && other.range.start.offset === related.range.start.offset && other.message === related.message;
      if (!(first.related ??= []).some(same)) first.related.push(related);
    }
  }
  return [...kept.values()];
}

