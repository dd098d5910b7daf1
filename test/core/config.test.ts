import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRuleIds } from '../../analyzers';
import { defaultConfig, effectiveSeverity, mergeConfig, parseConfig, PathFilter } from '../../analyzers/core/config';
import { MAX_PATH_DEPTH } from '../../analyzers/core/globs';

const ids = ['n-plus-one', 'missing-index'];

describe('configuration', () => {
  it('parses levels, ignore globs, script globs and deployment', () => {
    const { config, problems } = parseConfig(
      JSON.stringify({ rules: { 'n-plus-one': 'error', 'missing-index': 'off' }, ignore: ['legacy/**'], scripts: ['tools/**'], deployment: 'serverless' }),
      ids,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(config.rules, { 'n-plus-one': 'error', 'missing-index': 'off' });
    assert.deepEqual(config.ignore, ['legacy/**']);
    assert.deepEqual(config.scripts, ['tools/**']);
    assert.equal(config.deployment, 'serverless');
  });

  it('reports bad entries and keeps the good ones', () => {
    const { config, problems } = parseConfig(JSON.stringify({ rules: { 'n-plus-one': 'loud', nope: 'off', 'missing-index': 'info' }, extra: 1, ignore: 'x' }), ids);
    assert.deepEqual(config.rules, { 'missing-index': 'info' });
    assert.equal(problems.length, 4, problems.join('\n'));
  });

  it('survives invalid JSON and non-objects', () => {
    assert.equal(parseConfig('{ nope', ids).problems.length, 1);
    assert.equal(parseConfig('[1]', ids).problems.length, 1);
    assert.equal(parseConfig('\uFEFF{}', ids).problems.length, 0);
  });

  it('merges layers with the later one winning', () => {
    const merged = mergeConfig({ rules: { 'n-plus-one': 'info' }, deployment: 'server' }, { rules: { 'n-plus-one': 'error' } });
    assert.equal(merged.rules['n-plus-one'], 'error');
    assert.equal(merged.deployment, 'server');
  });

  it('maps severities: configured level replaces the default, a weaker report keeps its distance', () => {
    assert.equal(effectiveSeverity('warning', 'warning', undefined), 'warning');
    assert.equal(effectiveSeverity('warning', 'warning', 'error'), 'error');
    assert.equal(effectiveSeverity('info', 'warning', 'error'), 'warning');
    assert.equal(effectiveSeverity('info', 'warning', 'info'), 'info');
    assert.equal(effectiveSeverity('warning', 'warning', 'off'), undefined);
  });

  it('ignores dependencies, build output, virtualenvs and migrations by default', () => {
    const filter = new PathFilter(parseConfig('{"ignore":["legacy/"]}', ids).config);
    for (const path of ['node_modules/x/index.js', 'web/node_modules/a.ts', '.next/server/app.js', 'app/migrations/0001_initial.py', 'legacy/old.ts', 'venv/lib/x.py']) {
      assert.ok(filter.isIgnored(path), path);
    }
    for (const path of ['app/api/route.ts', 'blog/views.py', 'prisma/schema.prisma', 'app/migrations_helper.py']) assert.ok(!filter.isIgnored(path), path);
  });

  it('recognises one-off scripts', () => {
    const filter = new PathFilter(parseConfig('{}', ids).config);
    assert.ok(filter.isScript('prisma/seed.ts'));
    assert.ok(filter.isScript('packages/prisma/seed/documents.ts'));
    assert.ok(filter.isScript('db/seeds/users.js'));
    assert.ok(filter.isScript('packages/database/migration/20250326111101_move_api_keys/migration.ts'));
    assert.ok(filter.isScript('scripts/backfill.ts'));
    assert.ok(filter.isScript('apps/web/scripts/x.js'));
    assert.ok(filter.isScript('blog/management/commands/import_posts.py'));
    assert.ok(!filter.isScript('app/api/posts/route.ts'));
    assert.ok(!filter.isScript('app/api/seeded/route.ts'));
  });
});

describe('configuration from a hostile workspace', () => {
  it('never throws while building path filters: refused globs are left out (an empty one threw)', () => {
    for (const scripts of [[''], ['['], ['x'.repeat(70_000)], ['*a'.repeat(20) + '*b'], ['\u0000']]) {
      const config = { ...defaultConfig(), scripts, ignore: scripts };
      const filter = new PathFilter(config);
      assert.equal(filter.isScript('a'.repeat(60) + '.ts'), false);
      assert.equal(filter.isIgnored('src/' + 'a'.repeat(60) + '.ts'), false);
    }
  });

  it('names each refused glob with its key and why', () => {
    const { config, problems } = parseConfig(JSON.stringify({ ignore: ['ok/', '*a*a*a*b', ''], scripts: ['**/x/**/y/**/z', 'tools/**'] }), ids);
    assert.deepEqual(config.ignore, ['ok/']);
    assert.deepEqual(config.scripts, ['tools/**']);
    assert.deepEqual(problems.map((problem) => [problem.key, problem.message]), [
      ['ignore[1]', '"ignore[1]" has more than 2 "*" in one path segment; it is left out.'],
      ['ignore[2]', '"ignore[2]" is empty; it is left out.'],
      ['scripts[0]', '"scripts[0]" has more than 2 "**"; it is left out.'],
    ]);
    assert.deepEqual(problems.map((problem) => problem.range && [problem.range.start.line, problem.range.start.column]), [[1, 18], [1, 29], [1, 44]]);
  });

  it('treats prototype keys as the unknown rules they are', () => {
    const { config, problems } = parseConfig('{"rules":{"__proto__":"off","constructor":"error","n-plus-one":"info"}}', ids);
    assert.deepEqual(Object.entries(config.rules), [['n-plus-one', 'info']]);
    assert.equal(problems.length, 2);
  });

  it('does not walk or match paths nested deeper than the limit', () => {
    const filter = new PathFilter(defaultConfig());
    const deep = `${'a/'.repeat(MAX_PATH_DEPTH + 1)}seed.ts`;
    assert.equal(filter.isIgnored(deep), true);
    assert.equal(filter.isScript(deep), false);
  });

  it('the published schema lists every rule, as the settings do', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'schemas', 'scalecheck.schema.json'), 'utf8'));
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    assert.deepEqual(Object.keys(schema.properties.rules.properties).sort(), [...allRuleIds].sort());
    assert.deepEqual(Object.keys(manifest.contributes.configuration.properties['scalecheck.rules'].properties).sort(), [...allRuleIds].sort());
    assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: '.scalecheck.json', url: './schemas/scalecheck.schema.json' }]);
  });
});
