import type { Lesson } from '../types';
import { DJANGO_CONTEXT, NEXT_CONTEXT } from './context';

export const unboundedAiCall: Lesson = {
  id: 'unbounded-ai-call',
  simulator: 'ai',
  text: {
    en: {
      keyPoints: [
        'Read the bill to see what your code repeats.',
        'Every call is priced; a call without limits has no ceiling.',
        'An output cap, a rate limit and a timeout bound cost and latency together.',
      ],
      why: `A database query costs fractions of a cent; a model call costs real money on every request, and the price depends on tokens you do not fully control. Three things are missing in an unbounded call:

- **No output cap** (\`max_tokens\`): the model may answer with thousands of tokens when you needed three sentences, and output tokens are the expensive ones.
- **No rate limit**: one user, one bot or one bug in a client loop can call the endpoint thousands of times a day — each call billed to you.
- **No timeout**: a slow or stuck call holds a worker or a function for as long as the provider takes, which is also billed time.

The numbers from real apps: a Django study app with unlimited AI features estimated **$600–1,500 a month at just 1,000 active users** — more than its $9.99 subscriptions could cover. A Next.js app planned **$9,000 a month** of OpenAI at 10,000 daily users *after* optimizing, and named the provider's rate limits as a bottleneck at 100,000. Their fixes were the same: per-plan limits (10 AI calls a day on the free plan), caching repeated answers, shorter prompts, and a cheaper model for simple tasks (one validator went from $0.015 to $0.001 a call).`,
      diagramCaption: 'Without limits the bill follows whatever calls arrive; a per-user limit and an output cap put a ceiling on it.',
      fix: `Put a ceiling on every dimension of the call: cap the answer (\`max_tokens\` / \`max_completion_tokens\`), limit calls per user or IP with a shared store (Upstash Ratelimit, a DRF throttle backed by Redis), set a client \`timeout\` and a small \`maxRetries\`, and trim the input you send. Then choose the smallest model that does the job — a summary rarely needs the flagship model.`,
      fine: `- **Internal tools** behind authentication, used by your team, where a monthly spend limit on the provider's dashboard is ceiling enough.
- **Background jobs with a fixed batch size** that you schedule yourself (a nightly summary of 100 items): the count is bounded by your code, not by visitors — still cap the output.
- **Anthropic's Messages API** already requires \`max_tokens\`: there the cap exists, but a generous one still needs a rate limit and a timeout.
- **Prototypes** before launch. Add the limits before the link goes public, not after the first invoice.`,
      symptom: 'The AI provider bill grows faster than the number of users, some requests hang for a long time, and we occasionally hit the provider rate limit (429).',
      question: 'How should I put a ceiling on the cost and latency of this AI call — output cap, per-user rate limit, timeout and retries, caching — and what limits would be sensible for a free and a paid plan?',
    },
    ko: {
      keyPoints: [
        '청구서를 읽으면 코드가 무엇을 반복하는지 보인다',
        '호출마다 값이 매겨지니, 제한 없는 호출에는 천장이 없다',
        '출력 상한, 호출 제한, 타임아웃이 비용과 지연을 함께 묶어 둔다',
      ],
      why: `DB 쿼리 한 번은 1센트에 한참 못 미치지만, 모델 호출은 요청마다 실제 돈이 나가고 그 값은 내가 다 통제할 수 없는 토큰 수에 따라 정해집니다. 제한 없는 호출에는 세 가지가 빠져 있습니다.

- **출력 상한이 없다**(\`max_tokens\`): 세 문장이면 될 답을 모델이 수천 토큰으로 쓸 수 있고, 비싼 쪽은 출력 토큰입니다.
- **호출 제한이 없다**: 사용자 한 명, 봇 하나, 클라이언트 반복문의 버그 하나가 하루에 수천 번 엔드포인트를 부를 수 있습니다. 그 비용은 전부 내 몫입니다.
- **타임아웃이 없다**: 느리거나 멈춘 호출은 제공자가 응답할 때까지 워커나 함수를 붙잡고, 그 시간도 과금됩니다.

실제 앱의 숫자를 보면, AI 기능을 무제한으로 열어 둔 한 Django 학습 앱은 **활성 사용자 1,000명만으로 월 600~1,500달러**를 예상했습니다. 월 9.99달러짜리 구독료로는 감당이 안 되는 금액입니다. 한 Next.js 앱은 최적화를 *하고 나서도* 일 사용자 1만 명에서 OpenAI에 **월 9,000달러**를 잡았고, 10만 명 단계에서는 제공자의 호출 한도를 병목으로 꼽았습니다. 두 팀의 처방은 같았습니다. 요금제별 호출 제한(무료는 하루 10회), 반복되는 답의 캐싱, 더 짧은 프롬프트, 단순한 작업에는 더 싼 모델(한 검증 기능은 호출당 0.015달러에서 0.001달러로 내려갔습니다).`,
      diagramCaption: '제한이 없으면 청구서는 들어오는 호출을 그대로 따라가고, 사용자별 제한과 출력 상한이 천장을 만듭니다.',
      fix: `호출의 모든 축에 천장을 두세요. 답의 길이를 막고(\`max_tokens\` / \`max_completion_tokens\`), 공유 저장소로 사용자나 IP별 호출 횟수를 제한하고(Upstash Ratelimit, Redis 기반 DRF throttle), 클라이언트에 \`timeout\`과 작은 \`maxRetries\`를 주고, 보내는 입력도 잘라 내세요. 그다음 일을 해낼 수 있는 가장 작은 모델을 고르세요. 요약에 최상위 모델이 필요한 경우는 드뭅니다.`,
      fine: `- **인증 뒤에 있는 내부 도구**를 팀원만 쓰고, 제공자 대시보드의 월 지출 한도만으로 천장이 충분할 때.
- **배치 크기가 정해진 백그라운드 작업**을 직접 예약해 돌릴 때(매일 밤 100건 요약 같은 것). 호출 수를 방문자가 아니라 내 코드가 정합니다. 그래도 출력 상한은 두세요.
- **Anthropic Messages API**는 원래 \`max_tokens\`가 필수입니다. 상한은 있지만, 넉넉하게 잡았다면 호출 제한과 타임아웃은 여전히 필요합니다.
- **출시 전 프로토타입**. 다만 제한은 첫 청구서를 받은 뒤가 아니라 링크를 공개하기 전에 거세요.`,
      symptom: 'AI 제공자 청구액이 사용자 수보다 빠르게 늘고, 어떤 요청은 오래 매달려 있으며, 가끔 제공자의 호출 한도(429)에 걸립니다.',
      question: '이 AI 호출의 비용과 지연 시간에 천장을 두려면 어떻게 해야 하나요? 출력 상한, 사용자별 호출 제한, 타임아웃과 재시도, 캐싱까지 포함해서요. 무료 요금제와 유료 요금제에 적당한 제한값도 제안해 주세요.',
    },
  },
  examples: [
    {
      stack: 'node',
      label: 'Next.js + OpenAI',
      frameworks: ['nextjs', 'express', 'hono', 'node', 'prisma'],
      rule: 'unbounded-ai-call',
      files: [
        ...NEXT_CONTEXT,
        {
          path: 'app/api/summarize/route.ts',
          before: `import { NextResponse } from 'next/server';
import OpenAI from 'openai';

const openai = new OpenAI();

// POST /api/summarize — summarize any text the user pastes.
export async function POST(request: Request) {
  const { text } = await request.json();
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: 'Summarize the text in three sentences.' },
      { role: 'user', content: text },
    ],
  });
  return NextResponse.json({ summary: completion.choices[0].message.content });
}
`,
          after: `import { NextResponse } from 'next/server';
import OpenAI from 'openai';
import { Ratelimit } from '@upstash/ratelimit';
import { Redis } from '@upstash/redis';

const openai = new OpenAI({ timeout: 30_000, maxRetries: 2 });

// 10 summaries per day per client, counted in Redis so every instance agrees.
const ratelimit = new Ratelimit({ redis: Redis.fromEnv(), limiter: Ratelimit.slidingWindow(10, '1 d') });

// POST /api/summarize — summarize any text the user pastes.
export async function POST(request: Request) {
  const client = request.headers.get('x-forwarded-for') ?? 'anonymous';
  const { success } = await ratelimit.limit(client);
  if (!success) return NextResponse.json({ error: 'Daily limit reached' }, { status: 429 });

  const { text } = await request.json();
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    max_tokens: 300,
    messages: [
      { role: 'system', content: 'Summarize the text in three sentences.' },
      { role: 'user', content: String(text).slice(0, 8_000) },
    ],
  });
  return NextResponse.json({ summary: completion.choices[0].message.content });
}
`,
        },
      ],
      note: {
        en: 'Four ceilings: 10 calls a day per client, 300 output tokens, 8,000 characters of input, 30 s timeout with 2 retries — and a smaller model for a small task.',
        ko: '천장 네 개: 클라이언트당 하루 10회, 출력 300토큰, 입력 8,000자, 재시도 2번에 30초 타임아웃. 그리고 작은 일에는 작은 모델.',
      },
    },
    {
      stack: 'python',
      label: 'Django REST Framework + Anthropic',
      frameworks: ['django', 'drf', 'python', 'celery'],
      rule: 'unbounded-ai-call',
      files: [
        ...DJANGO_CONTEXT,
        {
          path: 'study/views.py',
          before: `import anthropic
from rest_framework.decorators import api_view
from rest_framework.response import Response

client = anthropic.Anthropic()


@api_view(["POST"])
def grade_answer(request):
    """Grade a student's answer with Claude."""
    message = client.messages.create(
        model="claude-3-7-sonnet-latest",
        max_tokens=4096,
        messages=[{"role": "user", "content": f"Grade this answer: {request.data['answer']}"}],
    )
    return Response({"feedback": message.content[0].text})
`,
          after: `import anthropic
from rest_framework.decorators import api_view, throttle_classes
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

client = anthropic.Anthropic(timeout=30.0, max_retries=2)


class AIGradingThrottle(UserRateThrottle):
    # settings.py: REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"ai_grading": "10/day"}
    scope = "ai_grading"


@api_view(["POST"])
@throttle_classes([AIGradingThrottle])
def grade_answer(request):
    """Grade a student's answer with Claude."""
    answer = str(request.data.get("answer", ""))[:4000]
    message = client.messages.create(
        model="claude-3-haiku-20240307",
        max_tokens=400,
        messages=[{"role": "user", "content": f"Grade this answer: {answer}"}],
    )
    return Response({"feedback": message.content[0].text})
`,
        },
      ],
      note: {
        en: 'A DRF throttle allows 10 gradings a day per user (keep the throttle cache in Redis so every worker shares the count), the client times out after 30 s, the answer is capped at 400 tokens, and Haiku grades instead of Sonnet.',
        ko: 'DRF throttle로 사용자당 하루 10회만 허용하고(모든 워커가 횟수를 공유하도록 throttle 캐시는 Redis에 두세요), 30초 타임아웃을 걸고, 답은 400토큰으로 막고, 채점은 Sonnet 대신 Haiku에게 맡깁니다.',
      },
    },
  ],
  learnMore: [
    { title: { en: 'OpenAI: rate limits', ko: 'OpenAI: 호출 한도' }, url: 'https://platform.openai.com/docs/guides/rate-limits' },
    { title: { en: 'OpenAI: production best practices', ko: 'OpenAI: 운영 모범 사례' }, url: 'https://platform.openai.com/docs/guides/production-best-practices' },
    { title: { en: 'OpenAI: pricing', ko: 'OpenAI: 가격' }, url: 'https://openai.com/api/pricing/' },
    { title: { en: 'Anthropic: rate limits', ko: 'Anthropic: 호출 한도' }, url: 'https://docs.anthropic.com/en/api/rate-limits' },
    { title: { en: 'Anthropic: pricing', ko: 'Anthropic: 가격' }, url: 'https://docs.anthropic.com/en/docs/about-claude/pricing' },
    { title: { en: 'Upstash Ratelimit for serverless', ko: '서버리스용 Upstash Ratelimit' }, url: 'https://upstash.com/docs/redis/sdks/ratelimit-ts/overview' },
    { title: { en: 'Django REST Framework: throttling', ko: 'Django REST Framework: 스로틀링' }, url: 'https://www.django-rest-framework.org/api-guide/throttling/' },
  ],
  related: ['caching', 'long-task-in-request', 'asking-better'],
};
