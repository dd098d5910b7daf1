import type { Lesson } from '../types';
import { DJANGO_CONTEXT, DJANGO_SETTINGS, NEXT_CONTEXT } from './context';

export const unboundedQuery: Lesson = {
  id: 'unbounded-query',
  simulator: 'rows',
  text: {
    en: {
      keyPoints: [
        'A list without a limit grows with the table.',
        'A response of 50 rows at launch is 50,000 a year later.',
        'The client never needs every row at once: send a page.',
      ],
      why: `\`findMany()\` with no \`take\`, \`Model.objects.all()\` serialized whole: at launch it returns 50 rows and nobody notices. A year later it returns 50,000. Every one of them is read from the database, turned into objects in your server's memory, serialized to JSON, sent over the network and parsed by a phone. The response grows with the table, and so do its memory spikes, its latency and the bandwidth line on the bill.

It also multiplies: a dashboard that polls the full list every 30 seconds, for every open tab, reads the whole table again and again. And because nothing caps it, one large account (the customer with 40,000 orders) can make a request slow enough to time out while everyone else's works.

The lecture lists "too many reads" next to N+1 and full scans as the first bottlenecks that storage reveals — and the bill shows it too: reads and bandwidth are billed lines on most managed databases and platforms.`,
      diagramCaption: 'Without a limit the response grows with the table; with a page size it stays the same size forever.',
      fix: `Return one page at a time and let the client ask for the next. Cursor pagination (\`take\` + \`cursor\` in Prisma, DRF's \`CursorPagination\`) stays fast at any depth because it seeks by an indexed column; offset pagination (\`skip\`, \`?page=\`) is simpler but gets slower the deeper you go. Select only the fields the client shows. For exports that really need every row, stream them or build the file in a background job.`,
      fine: `- **Tables with a natural small bound**: the user's own five projects, the twelve months of a year, a plan list.
- **Internal exports and reports** run rarely by staff — better still as a background job that emails a file.
- **Aggregates** (\`count\`, \`sum\`, \`groupBy\`) return one row however big the table is; they need an index, not a limit.
- **Data you already limit elsewhere**, such as a \`where\` on a unique key or a date range that the product guarantees is short.`,
      symptom: 'A list endpoint becomes slower and its responses larger every week; memory spikes on the server when someone opens the page with the most data.',
      question: 'How should I paginate this list (cursor or offset) for my stack and front end, which index does the pagination need, and how do I keep existing clients working?',
    },
    ko: {
      keyPoints: [
        '개수 제한 없는 목록은 테이블과 함께 커진다',
        '출시 때 50행이던 응답이 1년 뒤에는 5만 행이 된다',
        '클라이언트는 모든 행이 한꺼번에 필요하지 않다: 한 페이지씩 보낸다',
      ],
      why: `\`take\` 없는 \`findMany()\`, 통째로 직렬화하는 \`Model.objects.all()\`. 출시 때는 50행을 돌려주니 아무도 눈치채지 못합니다. 1년 뒤에는 5만 행을 돌려줍니다. 그 한 행 한 행이 DB에서 읽히고, 서버 메모리에서 객체가 되고, JSON으로 직렬화되고, 네트워크를 건너가서, 휴대폰에서 다시 파싱됩니다. 응답 크기가 테이블과 함께 커지고, 메모리 급증과 지연 시간과 청구서의 전송량 항목도 함께 커집니다.

게다가 곱해집니다. 30초마다 목록 전체를 다시 불러오는 대시보드를 열어 둔 탭마다 테이블 전체를 읽고 또 읽습니다. 상한이 없으니 큰 계정 하나(주문이 4만 건인 고객)가 다른 사람 요청은 멀쩡한데 혼자만 타임아웃 나는 요청을 만들 수도 있습니다.

강의에서도 저장소가 가장 먼저 드러내는 병목으로 N+1, 전체 스캔과 나란히 "읽기 과다"를 꼽습니다. 청구서에도 그대로 찍힙니다. 대부분의 관리형 DB와 플랫폼은 읽기와 전송량에 요금을 매기니까요.`,
      diagramCaption: '제한이 없으면 응답이 테이블과 함께 커지고, 페이지 크기를 정하면 언제까지나 같은 크기를 유지합니다.',
      fix: `한 번에 한 페이지씩 돌려주고, 다음 페이지는 클라이언트가 요청하게 하세요. 커서 페이지네이션(Prisma의 \`take\` + \`cursor\`, DRF의 \`CursorPagination\`)은 인덱스가 걸린 컬럼으로 바로 찾아가기 때문에 아무리 뒤 페이지여도 빠릅니다. 오프셋 방식(\`skip\`, \`?page=\`)은 더 단순하지만 뒤로 갈수록 느려집니다. 클라이언트가 보여 줄 필드만 고르세요. 정말 모든 행이 필요한 내보내기는 스트리밍하거나 백그라운드 작업으로 파일을 만드세요.`,
      fine: `- **자연스러운 상한이 있는 테이블**: 사용자 본인의 프로젝트 다섯 개, 1년 열두 달, 요금제 목록.
- 직원이 가끔 돌리는 **내부용 내보내기와 리포트**. 파일을 메일로 보내는 백그라운드 작업이면 더 좋습니다.
- **집계 쿼리**(\`count\`, \`sum\`, \`groupBy\`)는 테이블이 아무리 커도 한 행을 돌려줍니다. 필요한 건 제한이 아니라 인덱스입니다.
- **이미 다른 곳에서 범위가 정해진 데이터**: 고유 키로 거르는 \`where\`, 제품 특성상 짧을 수밖에 없는 날짜 범위 같은 경우.`,
      symptom: '목록 API가 매주 조금씩 느려지고 응답도 커집니다. 데이터가 가장 많은 사용자가 페이지를 열면 서버 메모리가 치솟습니다.',
      question: '제 스택과 프런트엔드에 맞게 이 목록을 어떻게 페이지로 나누면 좋을까요(커서 방식인지 오프셋 방식인지)? 페이지네이션에 필요한 인덱스와, 기존 클라이언트를 깨뜨리지 않는 방법도 알려 주세요.',
    },
  },
  examples: [
    {
      stack: 'node',
      label: 'Next.js + Prisma',
      frameworks: ['nextjs', 'express', 'hono', 'node', 'prisma'],
      rule: 'unbounded-query',
      files: [
        ...NEXT_CONTEXT,
        {
          path: 'app/api/posts/route.ts',
          before: `import { NextResponse } from 'next/server';
import { prisma } from '@/lib/db';

// GET /api/posts — every post, newest first.
export async function GET() {
  const posts = await prisma.post.findMany({
    orderBy: { createdAt: 'desc' },
  });
  return NextResponse.json(posts);
}
`,
          after: `import { NextResponse } from 'next/server';
import { prisma } from '@/lib/db';

const PAGE_SIZE = 20;

// GET /api/posts?cursor=<id> — one page of posts, newest first.
export async function GET(request: Request) {
  const cursor = new URL(request.url).searchParams.get('cursor');
  const posts = await prisma.post.findMany({
    take: PAGE_SIZE,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: { id: true, title: true, createdAt: true },
  });
  const nextCursor = posts.length === PAGE_SIZE ? posts[posts.length - 1].id : null;
  return NextResponse.json({ posts, nextCursor });
}
`,
        },
      ],
      note: {
        en: 'Twenty rows per response, only the fields the list shows, and a `nextCursor` for the following page. `id` breaks ties between posts created in the same millisecond.',
        ko: '응답마다 20행, 목록에 보이는 필드만, 그리고 다음 페이지를 위한 `nextCursor`. 같은 시각에 만들어진 글은 `id`로 순서를 정합니다.',
      },
    },
    {
      stack: 'python',
      label: 'Django REST Framework',
      frameworks: ['django', 'drf', 'python', 'celery'],
      rule: 'unbounded-query',
      files: [
        ...DJANGO_CONTEXT,
        DJANGO_SETTINGS,
        {
          path: 'blog/api.py',
          before: `from rest_framework import serializers, viewsets

from .models import Post


class PostSerializer(serializers.ModelSerializer):
    class Meta:
        model = Post
        fields = ["id", "title", "created_at"]


class PostViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Post.objects.filter(published=True).order_by("-created_at")
    serializer_class = PostSerializer
`,
          after: `from rest_framework import serializers, viewsets
from rest_framework.pagination import CursorPagination

from .models import Post


class PostSerializer(serializers.ModelSerializer):
    class Meta:
        model = Post
        fields = ["id", "title", "created_at"]


class NewestFirst(CursorPagination):
    page_size = 20
    ordering = "-created_at"


class PostViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Post.objects.filter(published=True)
    serializer_class = PostSerializer
    pagination_class = NewestFirst
`,
        },
      ],
      note: {
        en: 'DRF now answers with 20 posts and `next`/`previous` links. To paginate every endpoint, set `DEFAULT_PAGINATION_CLASS` and `PAGE_SIZE` in `REST_FRAMEWORK` settings.',
        ko: '이제 DRF가 글 20개와 `next`/`previous` 링크를 돌려줍니다. 모든 엔드포인트에 적용하려면 `REST_FRAMEWORK` 설정에 `DEFAULT_PAGINATION_CLASS`와 `PAGE_SIZE`를 지정하세요.',
      },
    },
  ],
  learnMore: [
    { title: { en: 'Prisma: pagination (offset and cursor)', ko: 'Prisma: 페이지네이션 (오프셋과 커서)' }, url: 'https://www.prisma.io/docs/orm/prisma-client/queries/pagination' },
    { title: { en: 'Prisma: select fields', ko: 'Prisma: 필드 선택' }, url: 'https://www.prisma.io/docs/orm/prisma-client/queries/select-fields' },
    { title: { en: 'Django REST Framework: pagination', ko: 'Django REST Framework: 페이지네이션' }, url: 'https://www.django-rest-framework.org/api-guide/pagination/' },
    { title: { en: 'Django: pagination', ko: 'Django: 페이지네이션' }, url: 'https://docs.djangoproject.com/en/stable/topics/pagination/' },
  ],
  related: ['n-plus-one', 'missing-index', 'caching'],
};
