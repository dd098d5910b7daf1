import * as assert from 'node:assert/strict';
import { AnalysisSession, createEngine, defaultConfig, languageOf } from '../../analyzers';
import { sqlLanguage } from '../../analyzers/sql/language';

/** The index statements a migration's text yields. */
function read(text: string) {
  return sqlLanguage.parse('prisma/migrations/1_x/migration.sql', text).statements;
}

describe('SQL migrations: index statements', () => {
  it('analyzes migration.sql inside a migration folder only', () => {
    assert.equal(languageOf('prisma/migrations/20240101000000_init/migration.sql'), 'sql');
    assert.equal(languageOf('apps/web/prisma/migrations/20240101000000_init/Migration.SQL'), 'sql');
    assert.equal(languageOf('migrations/20240101000000_init/migration.sql'), 'sql');
    assert.equal(languageOf('prisma/migrations/migration.sql'), undefined);
    assert.equal(languageOf('db/seed.sql'), undefined);
    assert.equal(languageOf('prisma/migrations/1_init/down.sql'), undefined);
  });

  const cases: Array<[string, string, unknown[]]> = [
    ['Prisma Migrate’s own', 'CREATE INDEX "Post_status_idx" ON "Post"("status");', [{ kind: 'create-index', table: 'Post', name: 'Post_status_idx', columns: ['status'] }]],
    ['unique', 'CREATE UNIQUE INDEX "User_email_key" ON "User"("email");', [{ kind: 'create-index', table: 'User', name: 'User_email_key', columns: ['email'] }]],
    [
      'concurrent, schema-qualified, partial, with a sort order',
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS "x" ON "public"."Post" USING btree ("status", "createdAt" DESC NULLS LAST) WHERE "status" <> 'a;b';`,
      [{ kind: 'create-index', table: 'Post', name: 'x', columns: ['status', 'createdAt'] }],
    ],
    ['MySQL backticks', 'CREATE INDEX `x` ON `Post`(`status`);', [{ kind: 'create-index', table: 'Post', name: 'x', columns: ['status'] }]],
    ['without a name', 'create index on posts (post_status);', [{ kind: 'create-index', table: 'posts', name: undefined, columns: ['post_status'] }]],
    ['an expression leads: nothing', 'CREATE INDEX "e" ON "User" (lower("email"));', []],
    ['an expression ends the prefix', 'CREATE INDEX "e" ON "User" ("orgId", lower("email"), "email");', [{ kind: 'create-index', table: 'User', name: 'e', columns: ['orgId'] }]],
    ['a MySQL prefix length is the column', 'ALTER TABLE `Post` ADD INDEX `i` (`title`(20));', [{ kind: 'create-index', table: 'Post', name: 'i', columns: ['title'] }]],
    ['full-text: nothing', 'CREATE FULLTEXT INDEX `f` ON `Post`(`title`);', []],
    ['drops', 'DROP INDEX IF EXISTS "a", "public"."b" CASCADE; DROP INDEX `c` ON `Post`;', [
      { kind: 'drop-index', name: 'a' },
      { kind: 'drop-index', name: 'b' },
      { kind: 'drop-index', name: 'c', table: 'Post' },
    ]],
    [
      'table keys: constraints, MySQL inline indexes, column-level keys',
      'CREATE TABLE `Post` (`id` INT NOT NULL, `slug` TEXT UNIQUE, UNIQUE INDEX `Post_sku_key`(`sku`), INDEX `Post_a_idx`(`authorId`), CONSTRAINT `pk` PRIMARY KEY (`id`), CONSTRAINT `fk` FOREIGN KEY (`authorId`) REFERENCES `User`(`id`));',
      [
        { kind: 'create-index', table: 'Post', columns: ['slug'] },
        { kind: 'create-index', table: 'Post', name: 'Post_sku_key', columns: ['sku'] },
        { kind: 'create-index', table: 'Post', name: 'Post_a_idx', columns: ['authorId'] },
        { kind: 'create-index', table: 'Post', name: 'pk', columns: ['id'], primary: true },
      ],
    ],
    [
      'ALTER TABLE actions',
      'ALTER TABLE ONLY "Post" ADD CONSTRAINT "k" UNIQUE ("a", "b"), DROP CONSTRAINT IF EXISTS "old", RENAME COLUMN "a" TO "c"; ALTER TABLE `P` RENAME INDEX `i` TO `j`, DROP PRIMARY KEY, DROP FOREIGN KEY `f`; ALTER TABLE "x" RENAME TO "y";',
      [
        { kind: 'create-index', table: 'Post', name: 'k', columns: ['a', 'b'] },
        { kind: 'drop-index', name: 'old', table: 'Post' },
        { kind: 'rename-column', table: 'Post', column: 'a', to: 'c' },
        { kind: 'rename-index', name: 'i', to: 'j', table: 'P' },
        { kind: 'drop-primary', table: 'P' },
        { kind: 'rename-table', table: 'x', to: 'y' },
      ],
    ],
    ['renames and table drops', 'ALTER INDEX IF EXISTS "a" RENAME TO "b"; DROP TABLE IF EXISTS "A", "B";', [
      { kind: 'rename-index', name: 'a', to: 'b' },
      { kind: 'drop-table', table: 'A' },
      { kind: 'drop-table', table: 'B' },
    ]],
    [
      'comments, strings and function bodies hide statements',
      `-- CREATE INDEX "a" ON "T"("x");\n/* CREATE INDEX "b" ON "T"("x"); */\nCREATE FUNCTION f() RETURNS void AS $body$ CREATE INDEX "c" ON "T"("x"); $body$ LANGUAGE sql;\nSELECT 'CREATE INDEX "d" ON "T"("x");';`,
      [],
    ],
    ['half-typed text yields what it can, never throws', 'CREATE INDEX "ok" ON "T"("x");\nCREATE INDEX "broken ON', [{ kind: 'create-index', table: 'T', name: 'ok', columns: ['x'] }]],
  ];
  for (const [name, text, expected] of cases) it(name, () => assert.deepEqual(read(text), expected));
});

describe('SQL migrations: an editor session', () => {
  const schema = 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\nmodel Post {\n  id     String @id\n  status String\n}\n';
  const route = "import { prisma } from '@/lib/prisma';\nexport async function GET() {\n  return Response.json(await prisma.post.findMany({ where: { status: 'live' } }));\n}\n";
  const settings = { locale: 'en' as const, config: defaultConfig() };

  it('re-checks the route, where the finding is, when a later migration drops the index', () => {
    const session = new AnalysisSession(createEngine(), settings);
    session.update({ path: 'prisma/schema.prisma', text: schema });
    session.update({ path: 'app/api/route.ts', text: route });
    session.update({ path: 'prisma/migrations/1_status/migration.sql', text: 'CREATE INDEX "Post_status_idx" ON "Post"("status");\n' });
    const count = (path: string) => session.analyze(path)?.findings.filter((finding) => finding.ruleId === 'missing-index').length;
    assert.equal(count('app/api/route.ts'), 0);
    assert.equal(count('prisma/schema.prisma'), 0);
    const dropped = session.update({ path: 'prisma/migrations/2_drop/migration.sql', text: 'DROP INDEX "Post_status_idx";\n' });
    // One finding per missing index: at the query; the schema's own findings (foreign keys) do not change.
    assert.deepEqual([...dropped.affected].sort(), ['app/api/route.ts']);
    assert.equal(count('app/api/route.ts'), 1);
    assert.equal(count('prisma/schema.prisma'), 0);
    // A comment typed into the migration changes no facts and re-checks nothing.
    const comment = session.update({ path: 'prisma/migrations/2_drop/migration.sql', text: '-- gone\nDROP INDEX "Post_status_idx";\n' });
    assert.deepEqual(comment, { changed: true, factsChanged: false, affected: [] });
  });
});
