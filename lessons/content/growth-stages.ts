import type { Lesson } from '../types';
import { DJANGO_CONTEXT, NEXT_CONTEXT } from './context';

export const growthStages: Lesson = {
  id: 'growth-stages',
  simulator: 'growth',
  text: {
    en: {
      keyPoints: [
        '0–100 users: ship, and guard only against what breaks regardless of volume.',
        '100–10k: waste multiplied by traffic becomes the first bottleneck.',
        '10k–100k: accumulated data questions your indexes and write paths.',
      ],
      why: `As the lecture puts it, what was fine yesterday was fine because yesterday was small. Growth does not change your code; it changes which of its assumptions are true. The same loop, cache or Gunicorn line is a sensible choice at one stage and an outage at the next, so the useful question is not "is this scalable?" but "**at which stage does this stop being true?**"

- **0–100 users a day.** Ship. A single server or a serverless default (Vercel + Supabase) for $10–50 a month is right. What breaks here is what does not depend on volume: a request that outlives the platform's timeout, an AI endpoint anyone can call without limit, a connection per request.
- **100–10k.** Traffic multiplies per-request waste: N+1 loops, slow work inside requests, an AI bill that grows with every user, the first second instance that splits in-memory state. This is where managed databases, Redis and a queue earn their place ($100–500 a month in the deployment guide's estimate).
- **10k–100k.** Data, not traffic, starts to dominate: tables with millions of rows need their indexes, lists need limits, hot rows need a different write path. The Next.js plan in our material meets its connection pool at 50k daily users and its write path and AI rate limits at 100k — and sees cost per user fall from **$0.91 to $0.21** as it grows, because structure, not hardware, was fixed.

A day that goes viral is something to celebrate and an unannounced load test at once. ScaleCheck's scaling report sorts your findings by the stage at which each is likely to hurt first.`,
      diagramCaption: 'Three stages, three kinds of question: exist, read the first bottleneck, rethink the boundaries.',
      fix: `Decide per stage, and write the decision down. When you accept a finding for now — an admin page with 20 rows, a single-process tool — suppress it **with the reason and the point at which to revisit**. The reason is what lets the next person (or you, at 10,000 users) re-check the decision instead of guessing. ScaleCheck reports a suppression without a reason for exactly this purpose.`,
      fine: `- **Not every finding needs fixing today.** At 100 users, an N+1 over 20 admin rows is not your bottleneck; shipping is. Write the reason and move on.
- **Do not build for 1M users on day one.** Kubernetes, sharding and multi-region cost more than they save until the numbers ask for them.
- **But some things are cheap now and expensive later**: an output cap on AI calls, a limit on list queries, state outside the process. Those are worth doing at any stage.`,
      symptom: 'Traffic grew (a launch, a viral post, a new customer) and things that used to be fine started failing one after another.',
      question: 'Given the traffic below, which of these problems will hurt first, what should I fix now and what can safely wait until the next stage, and which numbers should I watch to know when that stage arrives?',
    },
    ko: {
      keyPoints: [
        '0~100명: 일단 내보내고, 양과 상관없이 터지는 것만 막는다',
        '100~1만 명: 트래픽이 곱하는 낭비가 첫 병목이 된다',
        '1만~10만 명: 쌓인 데이터가 인덱스와 쓰기 경로를 다시 묻는다',
      ],
      why: `강의의 표현을 빌리면, 어제 괜찮았던 이유는 어제가 작았기 때문입니다. 성장은 코드를 바꾸지 않습니다. 코드가 깔고 있던 가정 중 무엇이 참인지를 바꿀 뿐입니다. 같은 반복문, 같은 캐시, 같은 Gunicorn 한 줄이 어떤 단계에서는 합리적인 선택이고 다음 단계에서는 장애가 됩니다. 그러니 쓸모 있는 질문은 "이게 확장 가능한가?"가 아니라 "**어느 단계에서 이 가정이 깨지는가?**"입니다.

- **하루 0~100명.** 일단 내보내세요. 서버 한 대나 서버리스 기본 구성(Vercel + Supabase)으로 월 10~50달러면 충분합니다. 이 단계에서 터지는 것은 양과 상관없는 문제들입니다. 플랫폼 타임아웃보다 오래 걸리는 요청, 누구나 제한 없이 부를 수 있는 AI 엔드포인트, 요청마다 새로 맺는 연결.
- **100~1만 명.** 트래픽이 요청당 낭비를 곱합니다. N+1 반복문, 요청 안의 느린 작업, 사용자마다 늘어나는 AI 비용, 두 번째 인스턴스가 뜨면서 갈라지는 메모리 상태. 관리형 DB, Redis, 큐가 제 몫을 하기 시작하는 때입니다(배포 가이드의 추정으로 월 100~500달러).
- **1만~10만 명.** 트래픽보다 데이터가 문제를 지배하기 시작합니다. 수백만 행 테이블에는 인덱스가, 목록에는 개수 제한이, 뜨거운 행에는 다른 쓰기 경로가 필요합니다. 우리 자료의 Next.js 계획은 일 사용자 5만 명에서 커넥션 풀에, 10만 명에서 쓰기 경로와 AI 호출 한도에 부딪힌다고 봤습니다. 그리고 성장할수록 사용자당 비용은 **0.91달러에서 0.21달러**로 내려갈 것으로 봤습니다. 하드웨어가 아니라 구조를 고쳤기 때문입니다.

바이럴이 터진 날은 축하할 일이면서 동시에 예고 없는 부하 테스트입니다. ScaleCheck의 스케일링 리포트는 각 문제가 어느 단계에서 먼저 아파질지에 따라 발견 사항을 나눠 보여 줍니다.`,
      diagramCaption: '세 단계, 세 가지 질문: 존재하기, 첫 병목 읽기, 경계 다시 묻기.',
      fix: `단계마다 결정하고, 그 결정을 적어 두세요. 지금은 괜찮다고 판단한 경고가 있다면(20행짜리 관리자 페이지, 단일 프로세스 도구) 무시 주석에 **이유와 다시 볼 시점**을 함께 적으세요. 그 이유가 있어야 다음 사람이(혹은 사용자 1만 명을 맞은 내가) 추측하는 대신 결정을 다시 따져 볼 수 있습니다. ScaleCheck가 이유 없는 무시 주석을 따로 알려 주는 것도 그래서입니다.`,
      fine: `- **모든 경고를 오늘 고칠 필요는 없습니다.** 사용자 100명일 때 관리자 20명을 도는 N+1은 병목이 아닙니다. 지금 중요한 건 출시입니다. 이유를 적고 넘어가세요.
- **첫날부터 100만 명을 위해 짓지 마세요.** 쿠버네티스, 샤딩, 멀티 리전은 숫자가 요구하기 전까지는 아끼는 것보다 쓰는 게 더 많습니다.
- **다만 지금은 싸고 나중엔 비싼 것들이 있습니다.** AI 호출의 출력 상한, 목록 쿼리의 개수 제한, 프로세스 밖에 둔 상태. 이런 것은 어느 단계에서든 해 둘 가치가 있습니다.`,
      symptom: '트래픽이 늘자(출시, 바이럴된 글, 새 고객) 괜찮던 것들이 하나씩 차례로 무너지기 시작했습니다.',
      question: '아래 트래픽이라면 이 문제들 중 무엇이 가장 먼저 아파질까요? 지금 고칠 것과 다음 단계까지 미뤄도 되는 것을 나눠 주시고, 그 단계가 왔다는 걸 알려 줄 지표도 알려 주세요.',
    },
  },
  examples: [
    {
      stack: 'node',
      label: 'Next.js + Prisma',
      frameworks: ['nextjs', 'express', 'hono', 'node', 'prisma'],
      rule: 'suppression-without-reason',
      files: [
        ...NEXT_CONTEXT,
        {
          path: 'app/api/admin/authors/route.ts',
          before: `import { NextResponse } from 'next/server';
import { prisma } from '@/lib/db';

// GET /api/admin/authors — staff dashboard: each staff author and their post count.
export async function GET() {
  const authors = await prisma.user.findMany({ where: { email: { endsWith: '@inkwell.dev' } }, take: 20 });
  const rows = [];
  for (const author of authors) {
    // scalecheck-ignore-next-line n-plus-one
    const posts = await prisma.post.count({ where: { authorId: author.id } });
    rows.push({ email: author.email, posts });
  }
  return NextResponse.json(rows);
}
`,
          after: `import { NextResponse } from 'next/server';
import { prisma } from '@/lib/db';

// GET /api/admin/authors — staff dashboard: each staff author and their post count.
export async function GET() {
  const authors = await prisma.user.findMany({ where: { email: { endsWith: '@inkwell.dev' } }, take: 20 });
  const rows = [];
  for (const author of authors) {
    // scalecheck-ignore-next-line n-plus-one -- staff only, 20 authors at most; revisit if this page goes public
    const posts = await prisma.post.count({ where: { authorId: author.id } });
    rows.push({ email: author.email, posts });
  }
  return NextResponse.json(rows);
}
`,
        },
      ],
      note: {
        en: 'The code is the same; the decision is now written down, with the condition that would make it wrong.',
        ko: '코드는 그대로입니다. 다만 이제 결정이 글로 남았고, 그 결정이 틀려지는 조건도 함께 적혀 있습니다.',
      },
    },
    {
      stack: 'python',
      label: 'Django',
      frameworks: ['django', 'drf', 'python', 'celery'],
      rule: 'suppression-without-reason',
      files: [
        ...DJANGO_CONTEXT,
        {
          path: 'blog/admin_views.py',
          before: `from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import get_user_model
from django.http import JsonResponse


@staff_member_required
def staff_authors(request):
    staff = get_user_model().objects.filter(is_staff=True)[:20]
    rows = []
    for user in staff:
        # scalecheck-ignore-next-line n-plus-one
        rows.append({"email": user.email, "posts": user.posts.count()})
    return JsonResponse({"authors": rows})
`,
          after: `from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import get_user_model
from django.http import JsonResponse


@staff_member_required
def staff_authors(request):
    staff = get_user_model().objects.filter(is_staff=True)[:20]
    rows = []
    for user in staff:
        # scalecheck-ignore-next-line n-plus-one -- staff only, 20 users at most; revisit if this page goes public
        rows.append({"email": user.email, "posts": user.posts.count()})
    return JsonResponse({"authors": rows})
`,
        },
      ],
      note: {
        en: 'Same code, and a reason that tells the next reader when the decision expires.',
        ko: '코드는 같고, 다음에 읽는 사람에게 이 결정의 유효 기간을 알려 주는 이유가 붙었습니다.',
      },
    },
  ],
  learnMore: [
    { title: { en: 'Vercel: how functions scale with traffic', ko: 'Vercel: 트래픽에 따라 함수가 확장되는 방식' }, url: 'https://vercel.com/docs/functions/concurrency-scaling' },
    { title: { en: 'Supabase: compute and connection limits', ko: 'Supabase: 컴퓨트와 연결 한도' }, url: 'https://supabase.com/docs/guides/platform/compute-and-disk' },
    { title: { en: 'Django: performance and optimization', ko: 'Django: 성능과 최적화' }, url: 'https://docs.djangoproject.com/en/stable/topics/performance/' },
    { title: { en: 'Prisma: performance and optimization', ko: 'Prisma: 성능과 최적화' }, url: 'https://www.prisma.io/docs/orm/prisma-client/queries/query-optimization-performance' },
  ],
  related: ['asking-better', 'deployment-capacity', 'n-plus-one'],
};
