import type { Lesson } from '../types';
import { DJANGO_CONTEXT, NEXT_CONTEXT } from './context';

export const caching: Lesson = {
  id: 'caching',
  simulator: 'cache',
  text: {
    en: {
      keyPoints: [
        'Send a repeated question to the origin only once.',
        'Every hit cuts latency and the bill together.',
        'Trust only caches that are shared, expire, and never mix users.',
      ],
      why: `Most traffic repeats itself: the same home page, the same product, the same question to the AI. Without a cache every repetition goes all the way to the origin — the database, the model, the third-party API — and you pay for it in latency and on the bill each time.

A cache stores an answer with a key and an expiry (TTL) and hands it back while it is fresh. The Next.js plan in our material measured what that is worth per feature: **85%** hits for results that never change (a birth chart), **70%** for daily content, **30%** even for AI answers to common questions — and estimated **−60% database load, −30% AI cost and −40% response time** overall. The Django analysis expected 30–50% of repeated AI validations to be free with a 24-hour cache.

Two rules keep a cache honest. It must be **shared** (Redis, not process memory — see the in-memory state lesson), or each instance warms its own copy and the hit rate collapses. And every entry needs a **TTL and a versioned key** (\`saju:v1:...\`), so stale or wrongly shaped data disappears by itself.`,
      diagramCaption: 'Hits are answered by the cache; only misses travel to the database or the model.',
      fix: `Use cache-aside: look up the key; on a hit return it; on a miss compute the answer, store it with a TTL, and return it. Build keys from everything the answer depends on, and put a version in them. In Next.js with Upstash Redis that is \`redis.get\` / \`redis.set(key, value, { ex: ttl })\`; in Django, \`cache.get\` / \`cache.set(key, value, timeout)\` on a Redis-backed cache. For whole responses, HTTP caching (\`Cache-Control\`, a CDN) can answer before your code runs at all.`,
      fine: `Some things should not be cached, or only with care:
- **Per-user, permission-sensitive data** under a shared key — the classic leak. Put the user in the key or do not cache it.
- **Values that must be exact right now**: balances, stock counts, anything you decide on. Read them from the source of truth.
- **Data that is rarely read twice**: a cache with a 2% hit rate only adds a network hop.
- **Small, fast queries on an indexed table**: fix the query first; a cache in front of an N+1 hides the problem until the cache is cold.`,
      symptom: 'The same expensive queries and AI calls run again and again for identical inputs; response times and the bill grow with traffic even though most answers repeat.',
      question: 'What should I cache here (and what not), with which keys and TTLs, where should the cache live for my platform, and how do I invalidate entries when the data changes?',
    },
    ko: {
      keyPoints: [
        '반복되는 질문은 한 번만 원본까지 보낸다',
        '캐시가 맞힐 때마다 응답 시간과 청구액이 함께 준다',
        '공유되고, 만료되고, 사용자를 섞지 않는 캐시만 믿는다',
      ],
      why: `트래픽은 대부분 반복됩니다. 같은 홈 화면, 같은 상품, AI에게 던지는 같은 질문. 캐시가 없으면 그 반복 하나하나가 원본(데이터베이스, 모델, 외부 API)까지 끝까지 가고, 그때마다 지연 시간과 청구서로 값을 치릅니다.

캐시는 답을 키와 만료 시간(TTL)과 함께 저장해 두었다가, 신선한 동안 그대로 돌려줍니다. 우리 자료의 Next.js 계획은 기능별로 그 가치를 따져 봤습니다. 결과가 바뀌지 않는 계산(사주 결과)은 **85%**, 날짜별 콘텐츠는 **70%**, 자주 나오는 질문에 대한 AI 답변조차 **30%**가 캐시에서 나갔고, 전체로는 **DB 부하 60%, AI 비용 30%, 응답 시간 40%**를 줄일 것으로 봤습니다. Django 분석도 24시간 캐시로 반복되는 AI 검증의 30~50%를 공짜로 만들 수 있다고 계산했습니다.

캐시가 제값을 하려면 두 가지를 지켜야 합니다. 첫째, **공유**되어야 합니다(프로세스 메모리가 아니라 Redis. 메모리 상태 레슨을 보세요). 아니면 인스턴스마다 자기 사본을 데우느라 적중률이 무너집니다. 둘째, 모든 항목에 **TTL과 버전이 붙은 키**(\`saju:v1:...\`)가 있어야 오래되거나 모양이 바뀐 데이터가 저절로 사라집니다.`,
      diagramCaption: '적중한 요청은 캐시가 답하고, 놓친 요청만 데이터베이스나 모델까지 갑니다.',
      fix: `캐시 어사이드 패턴을 쓰세요. 키를 찾아보고, 있으면 돌려주고, 없으면 답을 계산해 TTL과 함께 저장한 뒤 돌려줍니다. 키는 답이 의존하는 모든 값으로 만들고, 버전을 넣으세요. Next.js와 Upstash Redis라면 \`redis.get\` / \`redis.set(key, value, { ex: ttl })\`, Django라면 Redis 백엔드 캐시에 \`cache.get\` / \`cache.set(key, value, timeout)\`입니다. 응답 전체라면 HTTP 캐싱(\`Cache-Control\`, CDN)이 내 코드가 돌기도 전에 답할 수 있습니다.`,
      fine: `캐시하면 안 되거나 조심해야 하는 것도 있습니다.
- 공유 키에 담은 **사용자별, 권한에 민감한 데이터**: 전형적인 정보 유출 경로입니다. 키에 사용자를 넣거나 캐시하지 마세요.
- **지금 이 순간 정확해야 하는 값**: 잔액, 재고, 판단의 근거가 되는 값은 원본에서 읽으세요.
- **두 번 읽히는 일이 드문 데이터**: 적중률 2%짜리 캐시는 네트워크 왕복만 하나 늘립니다.
- **인덱스가 있는 테이블의 작고 빠른 쿼리**: 쿼리부터 고치세요. N+1 앞에 캐시를 두면 캐시가 비는 순간까지 문제를 숨길 뿐입니다.`,
      symptom: '입력이 같은데도 비싼 쿼리와 AI 호출이 계속 다시 실행됩니다. 답은 대부분 반복되는데 응답 시간과 청구액이 트래픽을 따라 커집니다.',
      question: '여기서는 무엇을 캐시하고 무엇을 캐시하지 말아야 하나요? 키와 TTL은 어떻게 정하고, 제 플랫폼에서 캐시는 어디에 두며, 데이터가 바뀌면 항목을 어떻게 무효화하나요?',
    },
  },
  examples: [
    {
      stack: 'node',
      label: 'Next.js + Upstash Redis',
      frameworks: ['nextjs', 'express', 'hono', 'node', 'prisma'],
      files: [
        ...NEXT_CONTEXT,
        {
          path: 'app/api/explain/route.ts',
          before: `import { NextResponse } from 'next/server';
import OpenAI from 'openai';

const openai = new OpenAI({ timeout: 30_000, maxRetries: 2 });

// GET /api/explain?term=... — a short explanation of a glossary term.
export async function GET(request: Request) {
  const term = new URL(request.url).searchParams.get('term') ?? '';
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    max_tokens: 200,
    messages: [{ role: 'user', content: \`Explain "\${term}" in two sentences.\` }],
  });
  return NextResponse.json({ text: completion.choices[0].message.content });
}
`,
          after: `import { NextResponse } from 'next/server';
import OpenAI from 'openai';
import { Redis } from '@upstash/redis';

const openai = new OpenAI({ timeout: 30_000, maxRetries: 2 });
const redis = Redis.fromEnv();
const ONE_WEEK = 60 * 60 * 24 * 7;

// GET /api/explain?term=... — a short explanation of a glossary term.
export async function GET(request: Request) {
  const term = (new URL(request.url).searchParams.get('term') ?? '').trim().toLowerCase();
  const key = \`explain:v1:\${term}\`;

  const cached = await redis.get<string>(key);
  if (cached) return NextResponse.json({ text: cached });

  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    max_tokens: 200,
    messages: [{ role: 'user', content: \`Explain "\${term}" in two sentences.\` }],
  });
  const text = completion.choices[0].message.content ?? '';
  await redis.set(key, text, { ex: ONE_WEEK });
  return NextResponse.json({ text });
}
`,
        },
      ],
      note: {
        en: 'The same term asked twice costs one model call. The key is normalized (case, spaces) so near-identical questions share it, and `v1` lets you drop every entry by changing the prompt version.',
        ko: '같은 용어를 두 번 물어도 모델 호출은 한 번입니다. 키를 정규화해서(대소문자, 공백) 거의 같은 질문이 같은 키를 쓰게 했고, 프롬프트를 바꾸면 `v1`만 올려 모든 항목을 한 번에 버릴 수 있습니다.',
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

from .models import Post


def popular_posts(request):
    posts = Post.objects.filter(published=True).order_by("-views").values("id", "title")[:10]
    return JsonResponse({"posts": list(posts)})
`,
          after: `from django.core.cache import cache
from django.http import JsonResponse

from .models import Post

POPULAR_KEY = "popular_posts:v1"


def popular_posts(request):
    posts = cache.get(POPULAR_KEY)
    if posts is None:
        posts = list(Post.objects.filter(published=True).order_by("-views").values("id", "title")[:10])
        cache.set(POPULAR_KEY, posts, timeout=300)
    return JsonResponse({"posts": posts})
`,
        },
      ],
      note: {
        en: 'Every visitor in the same five minutes gets the same list from the cache; the database answers once per five minutes instead of once per visit. Point `CACHES["default"]` at Redis so every worker shares it.',
        ko: '같은 5분 안에 들어온 방문자는 모두 캐시에서 같은 목록을 받고, DB는 방문마다가 아니라 5분에 한 번만 답합니다. 모든 워커가 함께 쓰도록 `CACHES["default"]`는 Redis로 두세요.',
      },
    },
  ],
  learnMore: [
    { title: { en: 'Django: the cache framework', ko: 'Django: 캐시 프레임워크' }, url: 'https://docs.djangoproject.com/en/stable/topics/cache/' },
    { title: { en: 'Next.js: caching and revalidating', ko: 'Next.js: 캐싱과 재검증' }, url: 'https://nextjs.org/docs/app/building-your-application/caching' },
    { title: { en: 'Upstash Redis: getting started', ko: 'Upstash Redis: 시작하기' }, url: 'https://upstash.com/docs/redis/overall/getstarted' },
    { title: { en: 'OpenAI: prompt caching', ko: 'OpenAI: 프롬프트 캐싱' }, url: 'https://platform.openai.com/docs/guides/prompt-caching' },
    { title: { en: 'Anthropic: prompt caching', ko: 'Anthropic: 프롬프트 캐싱' }, url: 'https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching' },
  ],
  related: ['in-memory-state', 'unbounded-ai-call', 'n-plus-one'],
};
