import type { Lesson } from '../types';
import { DJANGO_CONTEXT, NEXT_CONTEXT } from './context';

export const writeContention: Lesson = {
  id: 'write-contention',
  simulator: 'writes',
  text: {
    en: {
      keyPoints: [
        'Reads scale by copying; writes queue up for one true value.',
        'Read-add-write code loses updates under concurrent requests.',
        'Let the database do the arithmetic; spread hot counters or batch them through a queue.',
      ],
      why: `Reads scale by copying: caches, replicas, CDNs. Writes do not — there is one true value, and everyone who changes it must take turns. Two things go wrong when many requests write the same row:

- **Lost updates.** The usual code reads a counter, adds one in JavaScript or Python, and writes the result back. Two requests that read \`41\` at the same time both write \`42\`; one view, like or stock change vanishes. The more traffic, the more often two requests land inside the same few milliseconds.
- **Hot rows.** Even correct updates on one row are serialized by the row lock. A viral post's like counter, a global "total signups" row or a single inventory record becomes a queue inside the database.

The Next.js plan in our material expects exactly this at 100,000 daily users: a **write bottleneck** on its busiest tables (\`UserInteraction\`, \`Reading\`), answered with monthly partitions and a **write queue** (BullMQ) that batches inserts, while its rate limiter relies on Redis' atomic \`INCR\`.`,
      diagramCaption: 'Many requests writing one row wait on each other and overwrite each other; atomic or spread-out writes do not.',
      fix: `Let the database do the arithmetic: Prisma's \`{ increment: 1 }\` and Django's \`F("views") + 1\` become one atomic \`UPDATE ... SET views = views + 1\`. For very hot counters, count in Redis (\`INCR\`) and flush to the database periodically, or spread the count over several rows and sum them when reading. For bursts of inserts, put writes on a queue and batch them; for invariants ("never sell more than the stock"), use a transaction with a conditional update.`,
      fine: `- **Rows that only their owner edits**: a user's profile, their own settings. Two writes at the same millisecond are practically impossible.
- **Approximate numbers** nobody decides on (a rough view count on an internal page) — but the atomic version costs nothing more, so prefer it anyway.
- **Low write rates**: a few writes a minute to a row never collide in practice. The simulator shows where that stops being true.`,
      symptom: 'Counters and totals come out lower than the number of events, stock goes negative under load, and the database shows lock waits on a few very busy rows.',
      question: 'How do I make these updates correct under concurrent requests (atomic update, transaction, queue or Redis counter), and how should I restructure the hot rows so writes stop waiting on each other?',
    },
    ko: {
      keyPoints: [
        '읽기는 복사해서 늘리지만, 쓰기는 진짜 값 하나를 두고 줄을 선다',
        '읽고-더하고-쓰는 코드는 동시 요청에서 업데이트를 잃는다',
        '산수는 DB에 맡기고, 뜨거운 값은 흩어서 세거나 큐로 모은다',
      ],
      why: `읽기는 복사해서 늘릴 수 있습니다. 캐시, 복제본, CDN처럼요. 쓰기는 그렇지 않습니다. 진짜 값은 하나뿐이고, 그 값을 바꾸려는 모두가 차례를 기다려야 합니다. 많은 요청이 같은 행에 쓰면 두 가지가 망가집니다.

- **업데이트가 사라집니다.** 흔한 코드는 카운터를 읽고, JavaScript나 Python에서 1을 더하고, 그 결과를 다시 씁니다. 두 요청이 동시에 \`41\`을 읽으면 둘 다 \`42\`를 씁니다. 조회수 하나, 좋아요 하나, 재고 변동 하나가 증발합니다. 트래픽이 많을수록 두 요청이 같은 몇 ms 안에 겹치는 일이 잦아집니다.
- **뜨거운 행이 생깁니다.** 올바른 업데이트라도 한 행에 대한 쓰기는 행 잠금 때문에 한 줄로 처리됩니다. 화제가 된 글의 좋아요 수, 전체 가입자 수를 담은 행 하나, 단일 재고 레코드가 DB 안의 대기열이 됩니다.

우리 자료의 Next.js 계획은 일 사용자 10만 명 단계에서 바로 이것을 예상했습니다. 가장 바쁜 테이블(\`UserInteraction\`, \`Reading\`)의 **쓰기 병목**을 꼽고, 월별 파티션과 INSERT를 묶어 처리하는 **쓰기 큐**(BullMQ)로 대응했습니다. 호출 제한기는 Redis의 원자적 \`INCR\`에 기대고 있고요.`,
      diagramCaption: '한 행에 쓰는 요청들은 서로 기다리고 서로 덮어쓰지만, 원자적이거나 흩어진 쓰기는 그렇지 않습니다.',
      fix: `산수는 데이터베이스에 맡기세요. Prisma의 \`{ increment: 1 }\`, Django의 \`F("views") + 1\`은 원자적인 \`UPDATE ... SET views = views + 1\` 한 번이 됩니다. 아주 뜨거운 카운터는 Redis(\`INCR\`)에서 세고 주기적으로 DB에 반영하거나, 여러 행에 나눠 세고 읽을 때 합치세요. INSERT가 몰린다면 쓰기를 큐에 넣어 묶어서 처리하고, "재고보다 많이 팔지 않는다" 같은 불변식은 조건부 업데이트를 넣은 트랜잭션으로 지키세요.`,
      fine: `- **주인만 고치는 행**: 사용자 프로필, 본인 설정. 같은 ms에 쓰기 두 건이 겹치는 일은 사실상 없습니다.
- 아무도 그 값으로 판단하지 않는 **대략적인 숫자**(내부 페이지의 대충 본 조회수). 다만 원자적 버전도 비용이 들지 않으니 그쪽을 쓰세요.
- **쓰기 빈도가 낮을 때**: 한 행에 분당 몇 번 쓰는 정도라면 실제로 겹치지 않습니다. 그 경계가 어디서 무너지는지는 시뮬레이터가 보여 줍니다.`,
      symptom: '카운터와 합계가 실제 이벤트 수보다 적게 나오고, 부하가 걸리면 재고가 음수가 되며, DB에서 몇몇 바쁜 행에 잠금 대기가 보입니다.',
      question: '동시 요청에서도 이 업데이트가 정확하려면 어떻게 해야 하나요(원자적 업데이트, 트랜잭션, 큐, Redis 카운터)? 쓰기가 서로 기다리지 않도록 뜨거운 행을 어떻게 재구성하면 좋을까요?',
    },
  },
  examples: [
    {
      stack: 'node',
      label: 'Next.js + Prisma',
      frameworks: ['nextjs', 'express', 'hono', 'node', 'prisma'],
      files: [
        ...NEXT_CONTEXT,
        {
          path: 'app/api/posts/[id]/view/route.ts',
          before: `import { NextResponse } from 'next/server';
import { prisma } from '@/lib/db';

// POST /api/posts/:id/view — count a view.
export async function POST(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const post = await prisma.post.findUniqueOrThrow({ where: { id } });
  const updated = await prisma.post.update({
    where: { id },
    data: { views: post.views + 1 },
  });
  return NextResponse.json({ views: updated.views });
}
`,
          after: `import { NextResponse } from 'next/server';
import { prisma } from '@/lib/db';

// POST /api/posts/:id/view — count a view.
export async function POST(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const updated = await prisma.post.update({
    where: { id },
    data: { views: { increment: 1 } },
    select: { views: true },
  });
  return NextResponse.json({ views: updated.views });
}
`,
        },
      ],
      note: {
        en: 'One atomic `UPDATE` instead of a read and a write: no view is lost, and there is one round trip instead of two.',
        ko: '읽고 쓰는 두 번 대신 원자적 `UPDATE` 한 번. 조회수가 사라지지 않고, DB 왕복도 두 번에서 한 번으로 줄어듭니다.',
      },
    },
    {
      stack: 'python',
      label: 'Django',
      frameworks: ['django', 'drf', 'python', 'celery'],
      files: [
        ...DJANGO_CONTEXT,
        {
          path: 'blog/views.py',
          before: `from django.http import JsonResponse
from django.shortcuts import get_object_or_404

from .models import Post


def count_view(request, pk):
    post = get_object_or_404(Post, pk=pk)
    post.views += 1
    post.save()
    return JsonResponse({"views": post.views})
`,
          after: `from django.db.models import F
from django.http import JsonResponse

from .models import Post


def count_view(request, pk):
    Post.objects.filter(pk=pk).update(views=F("views") + 1)
    views = Post.objects.values_list("views", flat=True).get(pk=pk)
    return JsonResponse({"views": views})
`,
        },
      ],
      note: {
        en: '`F("views") + 1` makes the database add one inside the `UPDATE`, so concurrent views never overwrite each other. (`post.save()` also rewrote every other field of the row.)',
        ko: '`F("views") + 1`을 쓰면 DB가 `UPDATE` 안에서 1을 더하므로 동시에 들어온 조회가 서로 덮어쓰지 않습니다. (`post.save()`는 그 행의 다른 필드까지 전부 다시 썼습니다.)',
      },
    },
  ],
  learnMore: [
    { title: { en: 'Prisma: atomic number operations', ko: 'Prisma: 원자적 숫자 연산' }, url: 'https://www.prisma.io/docs/orm/reference/prisma-client-reference#atomic-number-operations' },
    { title: { en: 'Prisma: transactions', ko: 'Prisma: 트랜잭션' }, url: 'https://www.prisma.io/docs/orm/prisma-client/queries/transactions' },
    { title: { en: 'Django: F() expressions and race conditions', ko: 'Django: F() 표현식과 경쟁 상태' }, url: 'https://docs.djangoproject.com/en/stable/ref/models/expressions/#avoiding-race-conditions-using-f' },
    { title: { en: 'Redis: INCR', ko: 'Redis: INCR' }, url: 'https://redis.io/docs/latest/commands/incr/' },
    { title: { en: 'PostgreSQL: table partitioning', ko: 'PostgreSQL: 테이블 파티셔닝' }, url: 'https://www.postgresql.org/docs/current/ddl-partitioning.html' },
  ],
  related: ['in-memory-state', 'long-task-in-request', 'growth-stages'],
};
