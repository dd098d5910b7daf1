import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { allRuleMetas, analyzeProject, createEngine, defaultConfig, type Engine, type Language, type SourceFile } from '../../analyzers';
import { nodeParserAssets } from '../../host/assets';
import { lessons } from '../../lessons/content';
import type { CodeExample } from '../../lessons/types';

/**
 * Lesson code is tested code (Biome's rule docs do the same): each
 * example's "before" files must produce its rule's finding through the
 * engine, and its "after" files must not. A pair whose rule has no checker
 * for the example's languages yet is listed as pending, and runs as soon as
 * an analyzer implements it.
 */
const engine: Engine = createEngine();
const assets = nodeParserAssets(path.join(__dirname, '..', '..', 'host'));

function beforeSources(example: CodeExample): SourceFile[] {
  return example.files.filter((file) => file.before !== undefined).map((file) => ({ path: file.path, text: file.before! }));
}

function afterSources(example: CodeExample): SourceFile[] {
  return example.files.filter((file) => (file.after ?? file.before) !== undefined).map((file) => ({ path: file.path, text: (file.after ?? file.before)! }));
}

/** Languages of the files the reader sees, where the finding is expected. */
function shownLanguages(example: CodeExample): Language[] {
  return [...new Set(example.files.filter((file) => !file.hidden).map((file) => engine.languageOf(file.path) ?? languageByName(file.path)).filter((language): language is Language => Boolean(language)))];
}

function languageByName(file: string): Language | undefined {
  if (file.endsWith('.py')) return 'python';
  if (file.endsWith('.prisma')) return 'prisma';
  return undefined;
}

function implemented(ruleId: string, languages: Language[]): boolean {
  if (ruleId === 'suppression-without-reason') return languages.some((language) => engine.languageOf(`x.${language === 'typescript' ? 'ts' : language === 'python' ? 'py' : 'prisma'}`) === language);
  const rule = engine.rule(ruleId);
  return Boolean(rule && languages.some((language) => rule.checks[language]));
}

function findingsOf(ruleId: string, sources: SourceFile[]) {
  const result = analyzeProject(engine, sources, { locale: 'en', config: defaultConfig() }, { onlyRules: [ruleId] });
  assert.deepEqual(result.errors, [], result.errors.map((error) => `${error.file}: ${error.message}`).join('\n'));
  return result.files.flatMap((file) => file.findings).filter((finding) => finding.ruleId === ruleId);
}

describe('lessons: before/after code through the engine', () => {
  before(async function () {
    const paths = Object.values(lessons).flatMap((lesson) => lesson.examples.flatMap((example) => example.files.map((file) => file.path)));
    const errors = await engine.prepare(paths, assets);
    if (errors.length) throw new Error(errors.map((error) => error.message).join('\n'));
  });

  for (const lesson of Object.values(lessons)) {
    for (const example of lesson.examples) {
      if (!example.rule) continue;
      const ruleId = example.rule;
      const name = `${lesson.id} · ${example.label} (${ruleId})`;
      const languages = shownLanguages(example);
      if (!implemented(ruleId, languages)) {
        it(`${name}: pending until ${ruleId} is implemented for ${languages.join('/')}`);
        continue;
      }
      it(`${name}: "before" is reported`, () => {
        const findings = findingsOf(ruleId, beforeSources(example));
        const shown = new Set(example.files.filter((file) => !file.hidden).map((file) => file.path));
        assert.ok(findings.some((finding) => shown.has(finding.file)), `expected ${ruleId} in ${[...shown].join(', ')}; found ${findings.map((finding) => `${finding.file}:${finding.range.start.line}`).join(', ') || 'nothing'}`);
      });
      it(`${name}: "after" is clean`, () => {
        const findings = findingsOf(ruleId, afterSources(example));
        assert.deepEqual(findings.map((finding) => `${finding.file}:${finding.range.start.line} ${finding.message}`), []);
      });
    }
  }

  it('every rule id named by an example exists', () => {
    const ids = new Set(allRuleMetas.map((meta) => meta.id));
    for (const lesson of Object.values(lessons)) for (const example of lesson.examples) if (example.rule) assert.ok(ids.has(example.rule), example.rule);
  });
});
