import * as assert from 'node:assert/strict';
import { analyzeProject, contentHash, createEngine, defaultConfig, type Finding } from '../../analyzers';

const SCHEMA = `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model User {
  id    String @id
  posts Post[]
}

model Post {
  id       String @id
  authorId String
  author   User   @relation(fields: [authorId], references: [id])
}
`;

const ROUTE = `import { prisma } from '@/lib/prisma';
export async function GET() {
  const users = await prisma.user.findMany({ include: { posts: true }, take: 10 });
  const posts = await prisma.post.findMany({ where: { author: { id: 'u1' } } });
  return Response.json({ users, posts });
}
`;

function analyze(locale: 'en' | 'ko' = 'en'): Finding[] {
  const result = analyzeProject(
    createEngine(),
    [
      { path: 'prisma/schema.prisma', text: SCHEMA },
      { path: 'app/api/route.ts', text: ROUTE },
    ],
    { locale, config: defaultConfig() },
    { onlyRules: ['missing-index'] },
  );
  assert.deepEqual(result.errors, []);
  return result.files.flatMap((file) => file.findings);
}

describe('missing-index: the query ↔ index join', () => {
  it('reports a missing index once, at the query, with the schema field and the relation reads as related places', () => {
    const findings = analyze();
    assert.deepEqual(findings.map((finding) => [finding.file, finding.range.start.line]), [['app/api/route.ts', 4]]);
    assert.deepEqual(
      findings[0].related?.map((related) => [related.file, related.range.start.line, related.message]),
      [
        ['prisma/schema.prisma', 13, '`Post.authorId` is declared here, and no index starts with it: the fix adds one here'],
        ['app/api/route.ts', 3, 'reads this relation here'],
      ],
    );
    assert.deepEqual(findings[0].details, { stack: 'prisma', model: 'Post', table: 'Post', fields: 'authorId', index: 'authorId', provider: 'postgresql', operation: 'findMany', kind: 'filter', queries: 1, relationReads: 1, growth: 'growing-name' });
  });

  it('offers the schema edit from the query site, tagged with the schema file’s hash', () => {
    const siteFinding = analyze().find((finding) => finding.file === 'app/api/route.ts')!;
    const [fix] = siteFinding.fixes!;
    assert.equal(fix.applicability, 'safe');
    assert.match(fix.title, /prisma migrate dev/);
    assert.deepEqual(fix.fileHashes, { 'prisma/schema.prisma': contentHash(SCHEMA) });
    assert.deepEqual(
      fix.edits.map((edit) => [edit.file, edit.newText]),
      [
        ['prisma/schema.prisma', '\n'],
        ['prisma/schema.prisma', '\n  @@index([authorId])'],
      ],
    );
    assert.equal(siteFinding.related?.[0].file, 'prisma/schema.prisma');
  });

  it('speaks Korean', () => {
    const [site] = analyze('ko').filter((finding) => finding.file === 'app/api/route.ts');
    assert.match(site.message, /인덱스가 없습니다/);
    assert.match(site.fixes![0].title, /prisma migrate dev/);
  });
});
