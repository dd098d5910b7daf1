import * as assert from 'node:assert/strict';
import { pythonCodeKind } from '../../analyzers/python/code-kind';

describe('python code kind', () => {
  it('decides by path first, as for every language', () => {
    assert.equal(pythonCodeKind('blog/views.py', ''), 'application');
    assert.equal(pythonCodeKind('blog/tests/test_views.py', ''), 'test');
    assert.equal(pythonCodeKind('conftest.py', ''), 'test');
    assert.equal(pythonCodeKind('blog/migrations/0002_post_slug.py', ''), 'migration');
    assert.equal(pythonCodeKind('blog/management/commands/import_posts.py', ''), 'script');
  });

  it('adds what the text shows: a TestCase subclass is a test, a Migration class a migration', () => {
    const testCase = 'from django.test import TestCase\n\nclass PostTests(TestCase):\n    pass\n';
    const migration = 'from django.db import migrations\n\nclass Migration(migrations.Migration):\n    dependencies = []\n';
    assert.equal(pythonCodeKind('blog/checks.py', testCase), 'test');
    assert.equal(pythonCodeKind('scripts/smoke.py', testCase), 'test');
    assert.equal(pythonCodeKind('blog/schema/0001_initial.py', migration), 'migration');
    assert.equal(pythonCodeKind('blog/views.py', 'class PostView(View):\n    pass\n'), 'application');
  });
});
