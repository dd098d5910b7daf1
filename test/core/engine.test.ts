import * as assert from 'node:assert/strict';
import { analyzeProject, createEngine, defaultConfig, Engine, languages, type Rule } from '../../analyzers';
import { allRules } from '../../analyzers/rules/registry';

const inMemoryState = allRules.find((rule) => rule.meta.id === 'in-memory-state')!;

const settings = { locale: 'en' as const, config: defaultConfig() };

const throwing: Rule = {
  meta: { ...inMemoryState.meta, id: 'always-throws', messages: {} },
  checks: {
    typescript: () => {
      throw new Error('boom');
    },
  },
};

const route = {
  path: 'app/api/x/route.ts',
  text: "import { NextResponse } from 'next/server';\nconst seen = new Set<string>();\nexport function GET(r: Request) { seen.add(r.url); return NextResponse.json({}); }\n",
};

describe('engine', () => {
  it('isolates a failing rule: the others still report, the failure is listed', () => {
    const engine = new Engine([throwing, inMemoryState], languages);
    const result = analyzeProject(engine, [route], settings);
    assert.equal(result.files[0].findings.length, 1);
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0].ruleId, 'always-throws');
    assert.match(result.errors[0].message, /boom/);
  });

  it('analyzes what parses in a file with syntax errors, without reporting an error', () => {
    const broken = { path: 'app/api/y/route.ts', text: route.text + '\nexport function POST( {\n  const x = ' };
    const result = analyzeProject(createEngine(), [broken], settings);
    assert.deepEqual(result.errors, []);
    assert.equal(result.files[0].findings.length, 1);
  });

  it('never throws on garbage, empty or enormous nesting', () => {
    const engine = createEngine();
    const inputs = ['', '\u0000\u0001', '}}}{{{', '('.repeat(5000) + ')'.repeat(5000), 'x'.repeat(10) + '\uD800', 'const a = `${'.repeat(2000)];
    for (const text of inputs) assert.doesNotThrow(() => analyzeProject(engine, [{ path: 'app/api/z/route.ts', text }], settings));
  });

  it('turns a rule off and remaps its severity through configuration', () => {
    const engine = createEngine();
    const off = analyzeProject(engine, [route], { ...settings, config: { ...defaultConfig(), rules: { 'in-memory-state': 'off' } } });
    assert.equal(off.files[0].findings.length, 0);
    const error = analyzeProject(engine, [route], { ...settings, config: { ...defaultConfig(), rules: { 'in-memory-state': 'error' } } });
    assert.equal(error.files[0].findings[0].severity, 'error');
  });

  it('runs only the requested rules', () => {
    const result = analyzeProject(createEngine(), [route], settings, { onlyRules: ['missing-index'] });
    assert.equal(result.files[0].findings.length, 0);
  });

  it('keeps suppressed findings with their reason', () => {
    const text = route.text.replace('const seen', '// scalecheck-ignore-next-line in-memory-state -- dev only\nconst seen');
    const result = analyzeProject(createEngine(), [{ ...route, text }], settings);
    assert.equal(result.files[0].findings.length, 0);
    assert.equal(result.files[0].suppressed.length, 1);
    assert.equal(result.files[0].suppressed[0].reason, 'dev only');
  });

  it('writes messages in Korean when asked', () => {
    const result = analyzeProject(createEngine(), [route], { ...settings, locale: 'ko' });
    assert.match(result.files[0].findings[0].message, /모듈 수준/);
  });

  it('gives findings full ranges and lesson ids', () => {
    const [finding] = analyzeProject(createEngine(), [route], settings).files[0].findings;
    assert.equal(finding.file, route.path);
    assert.deepEqual(finding.range.start, { offset: route.text.indexOf('seen'), line: 2, column: 7 });
    assert.equal(finding.range.end.column, 11);
    assert.equal(finding.lesson, 'in-memory-state');
    assert.equal(finding.related?.[0].range.start.line, 3);
  });

  it('skips minified and generated files instead of analyzing them', () => {
    const result = analyzeProject(createEngine(), [{ path: 'public/app.min.js', text: 'var a=1' }], settings);
    assert.deepEqual(result.skipped, [{ file: 'public/app.min.js', reason: 'minified (very long lines)' }]);
  });
});
