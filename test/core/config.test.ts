import * as assert from 'node:assert/strict';
import { effectiveSeverity, mergeConfig, parseConfig, PathFilter } from '../../analyzers/core/config';

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
