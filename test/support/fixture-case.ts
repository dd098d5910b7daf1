import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRuleIds, analyzeProject, applyEdits, createEngine, parseConfig, defaultConfig, type Confidence, type Engine, type Finding, type Locale, type Severity, type SourceFile, type TextEdit } from '../../analyzers';
import { nodeParserAssets } from '../../host/assets';

/**
 * One fixture case: a single file, or a folder that is a small workspace
 * (schema + route, models.py + views.py). Expected findings are marked on the
 * line where they must start:
 *
 *   const visits = new Map(); // expect: in-memory-state
 *   author_id = ...           # expect: missing-index(info)
 *   for row in rows: ...      # expect: n-plus-one(medium), n-plus-one(info low)
 *
 * A marker without a confidence expects `high`. Cases run with every
 * confidence shown (`minConfidence: low`) unless their `.scalecheck.json`
 * says otherwise, so a hidden finding is still checked.
 *
 * `name.fixed.ext` holds a file's text after every finding's first safe fix;
 * `name.unsafe-fixed.ext` after every finding's first unsafe fix.
 *
 * `__snapshots__/` in a rule's folder holds what each case's findings say
 * (`snapshot.ts`); it is not a case.
 */
export interface FixtureCase {
  ruleId: string;
  /** Path of the case, relative to test/fixtures. */
  name: string;
  dir: string;
  sources: SourceFile[];
  /** Expected text per source path after fixes. */
  fixed: Map<string, string>;
  unsafeFixed: Map<string, string>;
  configText?: string;
}

export interface Expectation {
  file: string;
  line: number;
  severity?: Severity;
  confidence: Confidence;
}

const FIXED = /\.fixed(\.[^./]+)?$/;
const UNSAFE_FIXED = /\.unsafe-fixed(\.[^./]+)?$/;
const MARKER = /(?:\/\/|#|\/\*)\s*expect:\s*([^\n*]*)/g;

export const FIXTURES_ROOT = path.join(__dirname, '..', 'fixtures');
export const SNAPSHOTS_FOLDER = '__snapshots__';

/** `route.ts` → `route.fixed.ts`; `Dockerfile` → `Dockerfile.fixed`. */
function variantName(file: string, variant: 'fixed' | 'unsafe-fixed'): string {
  const dot = file.lastIndexOf('.');
  const slash = file.lastIndexOf('/');
  if (dot <= slash + 1) return `${file}.${variant}`;
  return `${file.slice(0, dot)}.${variant}${file.slice(dot)}`;
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(path.join(dir, entry.name), relative));
    else out.push(relative);
  }
  return out;
}

export function loadCases(ruleId: string): FixtureCase[] {
  const ruleDir = path.join(FIXTURES_ROOT, ruleId);
  const cases: FixtureCase[] = [];
  for (const entry of fs.readdirSync(ruleDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(ruleDir, entry.name);
    if (entry.name === SNAPSHOTS_FOLDER) continue;
    if (entry.isDirectory()) cases.push(buildCase(ruleId, `${ruleId}/${entry.name}`, full, listFiles(full)));
    else if (!FIXED.test(entry.name) && !UNSAFE_FIXED.test(entry.name)) {
      const siblings = [entry.name, variantName(entry.name, 'fixed'), variantName(entry.name, 'unsafe-fixed')].filter((name) => fs.existsSync(path.join(ruleDir, name)));
      cases.push(buildCase(ruleId, `${ruleId}/${entry.name}`, ruleDir, siblings));
    }
  }
  return cases;
}

function buildCase(ruleId: string, name: string, dir: string, files: string[]): FixtureCase {
  const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
  const sources: SourceFile[] = [];
  const fixed = new Map<string, string>();
  const unsafeFixed = new Map<string, string>();
  let configText: string | undefined;
  for (const file of files) {
    if (file === '.scalecheck.json') configText = read(file);
    else if (!FIXED.test(file) && !UNSAFE_FIXED.test(file)) {
      sources.push({ path: file, text: read(file) });
    }
  }
  for (const source of sources) {
    const fixedName = variantName(source.path, 'fixed');
    const unsafeName = variantName(source.path, 'unsafe-fixed');
    if (files.includes(fixedName)) fixed.set(source.path, read(fixedName));
    if (files.includes(unsafeName)) unsafeFixed.set(source.path, read(unsafeName));
  }
  return { ruleId, name, dir, sources, fixed, unsafeFixed, configText };
}

/** Parses `expect:` markers. Markers naming another rule are returned as errors. */
export function readExpectations(fixture: FixtureCase): { expectations: Expectation[]; problems: string[] } {
  const expectations: Expectation[] = [];
  const problems: string[] = [];
  for (const source of fixture.sources) {
    const lines = source.text.split(/\r\n|\r|\n/);
    lines.forEach((text, index) => {
      MARKER.lastIndex = 0;
      for (let match = MARKER.exec(text); match; match = MARKER.exec(text)) {
        for (const item of match[1].split(',').map((part) => part.trim()).filter(Boolean)) {
          const parsed = /^([a-z][a-z0-9-]*)(?:\((?:(error|warning|info) ?)?(high|medium|low)?\))?$/.exec(item);
          if (!parsed) problems.push(`${source.path}:${index + 1}: cannot read marker "${item}"`);
          else if (parsed[1] !== fixture.ruleId) problems.push(`${source.path}:${index + 1}: marker for ${parsed[1]} in a ${fixture.ruleId} fixture`);
          else expectations.push({ file: source.path, line: index + 1, severity: parsed[2] as Severity | undefined, confidence: (parsed[3] as Confidence | undefined) ?? 'high' });
        }
      }
    });
  }
  return { expectations, problems };
}

let sharedEngine: Engine | undefined;

export async function engineFor(fixture: FixtureCase): Promise<Engine> {
  sharedEngine ??= createEngine();
  const errors = await sharedEngine.prepare(fixture.sources.map((source) => source.path), nodeParserAssets(path.join(__dirname, '..', '..', 'host')));
  if (errors.length) throw new Error(errors.map((error) => error.message).join('\n'));
  return sharedEngine;
}

export function configOf(fixture: FixtureCase) {
  if (!fixture.configText) return { ...defaultConfig(), minConfidence: 'low' as const };
  const { config, layer, problems } = parseConfig(fixture.configText, allRuleIds);
  if (problems.length) throw new Error(`${fixture.name}/.scalecheck.json: ${problems.map((problem) => problem.message).join('; ')}`);
  return { ...config, minConfidence: layer.minConfidence ?? 'low' };
}

export function runCase(engine: Engine, fixture: FixtureCase, sources: readonly SourceFile[] = fixture.sources, locale: Locale = 'en') {
  return analyzeProject(engine, sources, { locale, config: configOf(fixture) }, { onlyRules: [fixture.ruleId] });
}

/** Applies the first fix of the given applicability of every finding, per file. */
export function applyFirstFixes(sources: readonly SourceFile[], findings: readonly Finding[], applicability: 'safe' | 'unsafe'): Map<string, string> {
  const editsByFile = new Map<string, TextEdit[]>();
  for (const finding of findings) {
    const fix = finding.fixes?.find((candidate) => candidate.applicability === applicability);
    if (!fix) continue;
    for (const edit of fix.edits) editsByFile.set(edit.file, [...(editsByFile.get(edit.file) ?? []), edit]);
  }
  const out = new Map<string, string>();
  for (const [file, edits] of editsByFile) {
    const source = sources.find((candidate) => candidate.path === file);
    if (!source) throw new Error(`A fix edits ${file}, which is not in the case`);
    out.set(file, applyEdits(source.text, edits).text);
  }
  return out;
}
