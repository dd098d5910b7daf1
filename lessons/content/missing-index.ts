import type { Lesson } from '../types';
import { DJANGO_REQUIREMENTS, NEXT_DB, NEXT_PACKAGE, NEXT_TSCONFIG, PRISMA_SCHEMA_HEAD } from './context';

const SCHEMA_BEFORE = `${PRISMA_SCHEMA_HEAD}
model User {
  id    String @id @default(cuid())
  email String @unique
  name  String?
  posts Post[]
}

model Post {
  id        String   @id @default(cuid())
  title     String
  createdAt DateTime @default(now())
  authorId  String
  author    User     @relation(fields: [authorId], references: [id])
}
`;

const SCHEMA_AFTER = `${PRISMA_SCHEMA_HEAD}
model User {
  id    String @id @default(cuid())
  email String @unique
  name  String?
  posts Post[]
}

model Post {
  id        String   @id @default(cuid())
  title     String
  createdAt DateTime @default(now())
  authorId  String
  author    User     @relation(fields: [authorId], references: [id])

  @@index([authorId])
}
`;

export const missingIndex: Lesson = {
  id: 'missing-index',
  simulator: 'index',
  text: {
    en: {
      keyPoints: [
        'An index is a shortcut straight to the rows you want.',
        'Without one, returning 20 rows means reading the whole table.',
        'EXPLAIN shows what the database actually does.',
      ],
      why: `When you filter or sort on a column, the database needs a way to find the matching rows. With an index — a sorted B-tree over that column — it walks three or four levels and lands on them. Without one it does a **sequential scan**: it reads every row of the table and throws most of them away.

The trap is that the cost follows the *table*, not the result. Fetching 20 posts of one author reads 20 rows through an index and a million rows without it — the same 20 results either way. At 1,000 rows nobody notices; at 1,000,000 each query takes seconds, holds a connection the whole time, and competes with every other query for disk and CPU.

Foreign keys are the usual suspects: PostgreSQL does **not** index them for you, and neither does Prisma (except on MySQL with real foreign keys). A scaling plan for a Next.js + Prisma app put composite indexes such as \`@@index([userId, createdAt])\` at the top of its database work for exactly this reason. To see the truth, run the query with \`EXPLAIN ANALYZE\`: "Seq Scan" on a big table is the warning sign, "Index Scan" is the road.`,
      diagramCaption: 'Left: a full scan reads every row. Right: an index walks a few levels of a tree straight to the matching rows.',
      fix: `Add an index that starts with the column you filter on — for a filter plus a sort, a composite index in that order (\`authorId\`, then \`createdAt\`). In Prisma that is \`@@index([...])\` on the model, followed by a migration (\`prisma migrate dev\`). In Django it is \`db_index=True\` on the field or \`models.Index(fields=[...])\` in \`Meta.indexes\`, followed by \`makemigrations\` and \`migrate\`. On a large production table, build it without locking writes (PostgreSQL's \`CREATE INDEX CONCURRENTLY\`).`,
      fine: `- **Small tables that stay small**: a list of countries, plans or feature flags. Scanning 200 rows is faster than any index.
- **Columns with only a few values filtered alone**, such as a boolean \`published\`: an index that matches half the table rarely helps. Combine it with a selective column in a composite index instead.
- **Text search** with \`contains\`/\`LIKE '%word%'\`: a B-tree index cannot serve it at all; that needs full-text search or a trigram index.
- **Write-heavy tables**: every index slows every insert a little. Index what you query, not every column.`,
      symptom: 'A query that used to take milliseconds now takes seconds as the table grows; the database CPU is high and slow-query logs show sequential scans.',
      question: 'Which index should I add for this query (single or composite, and in which column order), how do I add it safely on a large production table, and how do I confirm with EXPLAIN that it is used?',
    },
    ko: {
      keyPoints: [
        '인덱스는 찾는 행으로 곧장 가는 지름길이다',
        '인덱스가 없으면 20행을 돌려주려고 테이블 전체를 읽는다',
        'DB가 실제로 무엇을 하는지는 EXPLAIN으로 확인한다',
      ],
      why: `어떤 컬럼으로 거르거나 정렬하면, 데이터베이스는 조건에 맞는 행을 찾을 방법이 필요합니다. 인덱스(그 컬럼을 정렬해 둔 B-트리)가 있으면 서너 단계만 내려가서 바로 찾습니다. 없으면 **순차 스캔**을 합니다. 테이블의 모든 행을 읽고 대부분을 버리는 것이죠.

함정은 비용이 결과가 아니라 *테이블 크기*를 따라간다는 점입니다. 작성자 한 명의 글 20개를 가져올 때, 인덱스가 있으면 20행을 읽고 없으면 100만 행을 읽습니다. 결과는 똑같이 20개인데도요. 1,000행일 때는 아무도 모르지만 100만 행이 되면 쿼리마다 몇 초씩 걸리고, 그동안 연결 하나를 붙잡고, 다른 모든 쿼리와 디스크와 CPU를 다툽니다.

단골 범인은 외래 키입니다. PostgreSQL은 외래 키에 인덱스를 자동으로 만들지 **않고**, Prisma도 만들어 주지 않습니다(실제 외래 키를 쓰는 MySQL만 예외입니다). 한 Next.js + Prisma 앱의 확장 계획이 데이터베이스 작업의 첫 줄에 \`@@index([userId, createdAt])\` 같은 복합 인덱스를 올린 것도 그래서입니다. 진실을 보려면 \`EXPLAIN ANALYZE\`로 쿼리를 돌려 보세요. 큰 테이블에서 "Seq Scan"이 보이면 경고, "Index Scan"이 보이면 길이 놓인 것입니다.`,
      diagramCaption: '왼쪽: 전체 스캔은 모든 행을 읽습니다. 오른쪽: 인덱스는 트리 몇 단계를 거쳐 맞는 행으로 곧장 갑니다.',
      fix: `거르는 컬럼으로 시작하는 인덱스를 추가하세요. 거르고 정렬까지 한다면 그 순서대로 복합 인덱스를 만듭니다(\`authorId\` 다음 \`createdAt\`). Prisma에서는 모델에 \`@@index([...])\`를 넣고 마이그레이션(\`prisma migrate dev\`)을 만들면 됩니다. Django에서는 필드에 \`db_index=True\`를 주거나 \`Meta.indexes\`에 \`models.Index(fields=[...])\`를 넣고 \`makemigrations\`, \`migrate\`를 실행합니다. 운영 중인 큰 테이블이라면 쓰기를 막지 않도록 인덱스를 만드세요(PostgreSQL의 \`CREATE INDEX CONCURRENTLY\`).`,
      fine: `- **작고 앞으로도 작을 테이블**: 국가 목록, 요금제, 기능 플래그 같은 것. 200행을 훑는 편이 어떤 인덱스보다 빠릅니다.
- **값이 몇 가지뿐인 컬럼만으로 거를 때**: 예를 들어 불리언 \`published\`. 테이블 절반에 해당하는 인덱스는 거의 도움이 안 됩니다. 선택도가 높은 컬럼과 묶어 복합 인덱스로 만드세요.
- **텍스트 검색**(\`contains\`, \`LIKE '%단어%'\`): B-트리 인덱스로는 아예 도울 수 없습니다. 전문 검색이나 트라이그램 인덱스가 필요합니다.
- **쓰기가 많은 테이블**: 인덱스가 하나 늘 때마다 모든 INSERT가 조금씩 느려집니다. 모든 컬럼이 아니라 실제로 조회하는 컬럼에만 거세요.`,
      symptom: '몇 ms 걸리던 쿼리가 테이블이 커지면서 몇 초씩 걸립니다. DB CPU가 높고, 슬로 쿼리 로그에 순차 스캔이 찍힙니다.',
      question: '이 쿼리에는 어떤 인덱스를 추가해야 하나요(단일인지 복합인지, 컬럼 순서는 어떻게)? 운영 중인 큰 테이블에 안전하게 추가하는 방법과, EXPLAIN으로 인덱스를 타는지 확인하는 방법도 알려 주세요.',
    },
  },
  examples: [
    {
      stack: 'node',
      label: 'Next.js + Prisma',
      frameworks: ['nextjs', 'express', 'hono', 'node', 'prisma'],
      rule: 'missing-index',
      files: [
        NEXT_TSCONFIG,
        NEXT_PACKAGE,
        NEXT_DB,
        { path: 'prisma/schema.prisma', before: SCHEMA_BEFORE, after: SCHEMA_AFTER },
        {
          path: 'app/api/users/[id]/posts/route.ts',
          before: `import { NextResponse } from 'next/server';
import { prisma } from '@/lib/db';

// GET /api/users/:id/posts — one author's posts.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const posts = await prisma.post.findMany({
    where: { authorId: id },
    take: 20,
  });
  return NextResponse.json(posts);
}
`,
        },
      ],
      note: {
        en: 'The route stays the same; the schema gains `@@index([authorId])`. Run `npx prisma migrate dev --name post-author-index` to create the index in the database.',
        ko: '라우트는 그대로 두고 스키마에 `@@index([authorId])`를 추가합니다. `npx prisma migrate dev --name post-author-index`를 실행해야 실제 DB에 인덱스가 생깁니다.',
      },
    },
    {
      stack: 'python',
      label: 'Django',
      frameworks: ['django', 'drf', 'python'],
      rule: 'missing-index',
      files: [
        DJANGO_REQUIREMENTS,
        {
          path: 'notes/models.py',
          before: `from django.conf import settings
from django.db import models


class Note(models.Model):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    title = models.CharField(max_length=200)
    subject = models.CharField(max_length=100)
    body = models.TextField()
`,
          after: `from django.conf import settings
from django.db import models


class Note(models.Model):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    title = models.CharField(max_length=200)
    subject = models.CharField(max_length=100, db_index=True)
    body = models.TextField()
`,
        },
        {
          path: 'notes/views.py',
          before: `from django.http import JsonResponse

from .models import Note


def notes_by_subject(request, subject):
    notes = Note.objects.filter(subject=subject).values("title")[:50]
    return JsonResponse({"notes": list(notes)})
`,
        },
      ],
      note: {
        en: '`db_index=True` on `subject`; then `python manage.py makemigrations` and `migrate`. Foreign keys such as `author` are indexed by Django already.',
        ko: '`subject`에 `db_index=True`를 주고 `python manage.py makemigrations`, `migrate`를 실행합니다. `author` 같은 외래 키는 Django가 이미 인덱스를 만들어 둡니다.',
      },
    },
  ],
  learnMore: [
    { title: { en: 'Prisma: indexes', ko: 'Prisma: 인덱스' }, url: 'https://www.prisma.io/docs/orm/prisma-schema/data-model/indexes' },
    { title: { en: 'Prisma: relation mode and foreign key indexes', ko: 'Prisma: relationMode와 외래 키 인덱스' }, url: 'https://www.prisma.io/docs/orm/prisma-schema/data-model/relations/relation-mode' },
    { title: { en: 'Django: Field.db_index', ko: 'Django: Field.db_index' }, url: 'https://docs.djangoproject.com/en/stable/ref/models/fields/#db-index' },
    { title: { en: 'Django: model index reference', ko: 'Django: 모델 인덱스 레퍼런스' }, url: 'https://docs.djangoproject.com/en/stable/ref/models/indexes/' },
    { title: { en: 'PostgreSQL: using EXPLAIN', ko: 'PostgreSQL: EXPLAIN 사용법' }, url: 'https://www.postgresql.org/docs/current/using-explain.html' },
    { title: { en: 'PostgreSQL: building indexes concurrently', ko: 'PostgreSQL: 인덱스를 잠금 없이 만들기' }, url: 'https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY' },
  ],
  related: ['n-plus-one', 'unbounded-query', 'write-contention'],
};
