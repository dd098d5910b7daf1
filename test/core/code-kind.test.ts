import * as assert from 'node:assert/strict';
import { codeKindOfPath } from '../../analyzers/core/code-kind';

describe('code kind by path', () => {
  const cases: Array<[string, ReturnType<typeof codeKindOfPath>]> = [
    ['app/api/posts/route.ts', 'application'],
    ['src/server/routers/post.ts', 'application'],
    // A route or a Django app called "stories" is application code; Storybook is known by its file names.
    ['app/stories/[id]/page.tsx', 'application'],
    ['stories/views.py', 'application'],
    ['src/components/Button.stories.tsx', 'test'],
    ['.storybook/preview.ts', 'test'],
    ['src/__tests__/feed.ts', 'test'],
    ['src/lib/feed.test.ts', 'test'],
    ['e2e/checkout.spec.ts', 'test'],
    ['blog/tests/test_views.py', 'test'],
    ['blog/test_utils.py', 'test'],
    ['orders/billing_test_case.py', 'test'],
    ['.github/scripts/release.ts', 'test'],
    ['prisma/migrations/20240101_init/migration.ts', 'migration'],
    ['packages/database/migration/backfill/migration.ts', 'migration'],
    ['blog/migrations/0002_post_slug.py', 'migration'],
    ['scripts/backfill.ts', 'script'],
    ['script/seed-demo.ts', 'script'],
    ['blog/management/commands/import_posts.py', 'script'],
  ];
  for (const [path, kind] of cases) it(`${path} is ${kind}`, () => assert.equal(codeKindOfPath(path), kind));
});
