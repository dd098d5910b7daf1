import type { Lesson } from '../types';
import { DJANGO_CONTEXT, NEXT_CONTEXT } from './context';

export const nPlusOne: Lesson = {
  id: 'n-plus-one',
  simulator: 'queries',
  text: {
    en: {
      keyPoints: [
        'A few dozen development rows hide a bad access pattern.',
        'N+1 is the first pattern to surface: one query for the list, then one more for every row.',
        'The fix is almost always the same: ask for related rows in bulk, once.',
      ],
      why: `A loop that awaits a query runs that query once per item. The list costs 1 query, the loop costs N more: a page of 40 posts is **41 round trips** to the database, one after another.

On your laptop each round trip takes a fraction of a millisecond and 40 rows is nothing, so the page feels instant. In production the database sits across a network (a managed Postgres is often 2–10 ms away), pages grow, and every visitor multiplies the count. The work grows with *rows × traffic*, not with traffic alone.

One Django team measured exactly this: their page ran **41 queries**. Adding \`select_related\` and \`prefetch_related\` brought it to **2** — a 95% cut, with no new hardware. The fix is almost always to ask for the related rows in bulk, once.`,
      diagramCaption: 'Left: the page asks the database once for the list and once more per row. Right: the same data in two queries.',
      fix: `Fetch the related rows together with the list instead of one by one. In Prisma, ask for the relation with \`include\` (or \`select\`), or load all related rows with one \`findMany({ where: { id: { in: ids } } })\` and look them up in a \`Map\`. In Django, follow foreign keys with \`select_related\` (a JOIN) and reverse or many-to-many relations with \`prefetch_related\` (one extra query for all rows).`,
      fine: `- **A loop over a handful of fixed items** — three tabs, the four seasons, a settings page with five rows. N never grows, so 1 + N stays small.
- **One-off scripts**: seeds, migrations and backfills run once, not per visitor. (ScaleCheck skips seed files and folders and \`scripts/**\` by default.)
- **Admin pages used by two people** with a hard \`take\`/slice on the list. Say so in a suppression comment with the reason, so the next person knows when to look again.
- **Writes that must happen one by one** (each inside its own transaction, or calling an API per row) — then the real fix is a queue, not a join.`,
      symptom: 'A list page gets slower as the data grows, and the database shows a burst of small identical queries for every page view.',
      question: 'How do I load this data with a fixed number of queries (no query per item), and how can I verify the query count in development?',
    },
    ko: {
      keyPoints: [
        '개발용 데이터 몇십 행으로는 나쁜 접근 패턴이 보이지 않는다',
        'N+1은 가장 먼저 드러나는 패턴이다: 목록 한 번, 그리고 행마다 한 번 더',
        '해법은 거의 언제나 같다: 관련된 행을 한 번에 묶어서 가져온다',
      ],
      why: `반복문 안에서 쿼리를 기다리면, 그 쿼리는 항목 수만큼 실행됩니다. 목록을 가져오는 데 1번, 반복문에서 N번이 더 들어서, 글 40개짜리 페이지 하나가 데이터베이스를 **41번 왕복**합니다. 그것도 하나가 끝나야 다음이 시작됩니다.

내 노트북에서는 왕복 한 번이 1ms도 안 걸리고 40행은 아무것도 아니라서 페이지가 즉시 뜹니다. 하지만 운영 환경에서는 데이터베이스가 네트워크 건너편에 있고(관리형 Postgres는 보통 2~10ms 거리입니다), 페이지의 항목은 늘어나고, 방문자마다 그 횟수가 곱해집니다. 일의 양이 트래픽이 아니라 *행 수 × 트래픽*으로 커지는 것입니다.

실제로 한 Django 팀은 페이지 하나에서 쿼리가 **41번** 실행되는 것을 확인했고, \`select_related\`와 \`prefetch_related\`를 넣어 **2번**으로 줄였습니다. 서버를 늘리지 않고 95%를 덜어 낸 셈입니다. 해법은 거의 언제나 같습니다. 관련된 행을 한 번에 묶어서 가져오는 것입니다.`,
      diagramCaption: '왼쪽: 목록을 한 번 묻고, 행마다 한 번씩 더 묻습니다. 오른쪽: 같은 데이터를 쿼리 두 번으로 가져옵니다.',
      fix: `관련 데이터를 하나씩 가져오지 말고 목록과 함께 가져오세요. Prisma에서는 \`include\`(또는 \`select\`)로 관계를 같이 불러오거나, \`findMany({ where: { id: { in: ids } } })\` 한 번으로 모두 가져온 뒤 \`Map\`에서 찾아 쓰면 됩니다. Django에서는 외래 키는 \`select_related\`(JOIN 한 번), 역참조나 다대다 관계는 \`prefetch_related\`(모든 행에 대해 쿼리 한 번 추가)로 해결합니다.`,
      fine: `- **고정된 몇 개 항목을 도는 반복문**: 탭 세 개, 사계절, 다섯 줄짜리 설정 화면처럼 N이 절대 늘지 않는다면 1 + N도 작게 유지됩니다.
- **한 번만 도는 스크립트**: 시드, 마이그레이션, 백필은 방문자마다 실행되지 않습니다. (ScaleCheck는 기본으로 시드 파일과 폴더, \`scripts/**\`를 건너뜁니다.)
- **두세 명만 쓰는 관리자 페이지**이고 목록에 \`take\`나 슬라이스로 상한이 걸려 있을 때. 이때는 무시 주석에 이유를 적어 두세요. 다음 사람이 언제 다시 봐야 할지 알 수 있습니다.
- **한 건씩 처리해야 하는 쓰기**(행마다 트랜잭션을 따로 열거나 외부 API를 부르는 경우). 이럴 때 진짜 해법은 JOIN이 아니라 큐입니다.`,
      symptom: '데이터가 늘수록 목록 페이지가 느려지고, 페이지를 한 번 열 때마다 DB에 똑같은 모양의 작은 쿼리가 잔뜩 찍힙니다.',
      question: '항목마다 쿼리를 날리지 않고 정해진 횟수의 쿼리로 이 데이터를 가져오려면 어떻게 바꿔야 하나요? 개발 중에 쿼리 수를 확인하는 방법도 알려 주세요.',
    },
  },
  examples: [
    {
      stack: 'node',
      label: 'Next.js + Prisma',
      frameworks: ['nextjs', 'express', 'hono', 'node', 'prisma'],
      rule: 'n-plus-one',
      files: [
        ...NEXT_CONTEXT,
        {
          path: 'app/api/posts/route.ts',
          before: `import { NextResponse } from 'next/server';
import { prisma } from '@/lib/db';

// GET /api/posts — the home feed with each author's name.
export async function GET() {
  const posts = await prisma.post.findMany({
    where: { published: true },
    orderBy: { createdAt: 'desc' },
    take: 40,
  });

  const feed = [];
  for (const post of posts) {
    const author = await prisma.user.findUnique({ where: { id: post.authorId } });
    feed.push({ ...post, authorName: author?.name ?? 'Anonymous' });
  }

  return NextResponse.json(feed);
}
`,
          after: `import { NextResponse } from 'next/server';
import { prisma } from '@/lib/db';

// GET /api/posts — the home feed with each author's name.
export async function GET() {
  const posts = await prisma.post.findMany({
    where: { published: true },
    orderBy: { createdAt: 'desc' },
    take: 40,
    include: { author: { select: { name: true } } },
  });

  const feed = posts.map(({ author, ...post }) => ({ ...post, authorName: author.name ?? 'Anonymous' }));

  return NextResponse.json(feed);
}
`,
        },
      ],
      note: {
        en: '`include` loads every author in one extra query; the loop disappears. 41 queries become 2 however long the page gets.',
        ko: '`include`가 작성자 전체를 쿼리 한 번으로 더 가져오므로 반복문이 사라집니다. 페이지가 길어져도 41번이 아니라 2번입니다.',
      },
    },
    {
      stack: 'python',
      label: 'Django',
      frameworks: ['django', 'drf', 'python'],
      rule: 'n-plus-one',
      files: [
        ...DJANGO_CONTEXT,
        {
          path: 'blog/views.py',
          before: `from django.http import JsonResponse

from .models import Post


def post_list(request):
    """The home feed with each author's name."""
    posts = Post.objects.filter(published=True).order_by("-created_at")[:40]
    data = []
    for post in posts:
        data.append({"title": post.title, "author": post.author.username})
    return JsonResponse({"posts": data})
`,
          after: `from django.http import JsonResponse

from .models import Post


def post_list(request):
    """The home feed with each author's name."""
    posts = Post.objects.filter(published=True).select_related("author").order_by("-created_at")[:40]
    data = []
    for post in posts:
        data.append({"title": post.title, "author": post.author.username})
    return JsonResponse({"posts": data})
`,
        },
      ],
      note: {
        en: '`select_related("author")` joins the users table into the same query, so `post.author` no longer hits the database. 41 queries become 1 (`prefetch_related` would make it 2).',
        ko: '`select_related("author")`가 사용자 테이블을 같은 쿼리에 JOIN하므로 `post.author`가 더는 DB를 부르지 않습니다. 41번이 1번이 됩니다(`prefetch_related`라면 2번).',
      },
    },
  ],
  learnMore: [
    { title: { en: 'Prisma: query optimization and the N+1 problem', ko: 'Prisma: 쿼리 최적화와 N+1 문제' }, url: 'https://www.prisma.io/docs/orm/prisma-client/queries/query-optimization-performance' },
    { title: { en: 'Prisma: relation queries (include, select)', ko: 'Prisma: 관계 쿼리 (include, select)' }, url: 'https://www.prisma.io/docs/orm/prisma-client/queries/relation-queries' },
    { title: { en: 'Django: select_related', ko: 'Django: select_related' }, url: 'https://docs.djangoproject.com/en/stable/ref/models/querysets/#select-related' },
    { title: { en: 'Django: prefetch_related', ko: 'Django: prefetch_related' }, url: 'https://docs.djangoproject.com/en/stable/ref/models/querysets/#prefetch-related' },
    { title: { en: 'Django: database access optimization', ko: 'Django: 데이터베이스 접근 최적화' }, url: 'https://docs.djangoproject.com/en/stable/topics/db/optimization/' },
  ],
  related: ['missing-index', 'unbounded-query', 'caching'],
};
