import type { Lesson } from '../types';

export const askingBetter: Lesson = {
  id: 'asking-better',
  simulator: 'traffic',
  text: {
    en: {
      keyPoints: [
        'Classify the symptom instead of saying "it is slow".',
        'Hand over the platform, traffic, metrics and recent change at once.',
        'An AI’s answer is only as specific as what you give it.',
      ],
      why: `"My app is slow, fix it" gets a generic checklist, whether you ask a senior engineer or an AI assistant. The answer can only be as specific as the question. Five facts turn a vague complaint into a diagnosis:

1. **Symptom** — slow or down? Slowness is a bottleneck to find; stopping is a limit or an error to find. They need different fixes, so classify first.
2. **Platform** — Vercel functions, a Railway container, Gunicorn with 2 × 2 workers, Supabase on the free tier. Limits live here: timeouts, connections, concurrency.
3. **Traffic** — users a day, requests at peak, how many items a page shows. "100 users" and "100 users at the same time" are different problems.
4. **Metrics** — p95 response time, error rate, DB connections in use, queries per request, the AI bill. The Next.js plan in our material alerts on exactly these: p95 over 3 s, errors over 1%, the connection pool over 95%.
5. **Recent change** — a deploy, a new feature, a marketing email, a traffic spike of +50%. Most incidents follow a change.

A dashboard is an early warning, not something you open after the outage: read the numbers before your users meet the failure. Numbers are clues, not something to fear — and they are exactly what an AI needs to stop guessing.`,
      diagramCaption: 'A good question carries five pieces: symptom, platform, traffic, metrics, recent change.',
      fix: `Before you ask, collect the five facts, paste the smallest code that shows the problem, and ask one concrete question. ScaleCheck's "Ask your AI" button builds this prompt for you from the finding, the stack it detected and the simulator's traffic — add what changed recently and your own metrics.`,
      fine: `- **Quick syntax questions** do not need the five facts; a scaling question always does.
- **Do not paste secrets**: connection strings, API keys and customers' personal data stay out of the prompt.
- **The AI's answer is a hypothesis.** Check it against the numbers — the query count, the plan, the bill — before and after you change anything.`,
      symptom: 'Something is slow or failing in production and I am not sure where to start.',
      question: 'Where is the bottleneck most likely to be, what should I measure to confirm it, and what is the smallest change that would fix it?',
    },
    ko: {
      keyPoints: [
        '"느려요" 대신 증상을 분류해서 말한다',
        '플랫폼, 트래픽, 지표, 최근 변경을 한 번에 건넨다',
        'AI의 답도 건넨 재료만큼만 구체적이다',
      ],
      why: `"앱이 느려요, 고쳐 주세요"라고 물으면, 시니어 개발자에게 묻든 AI 어시스턴트에게 묻든 뻔한 체크리스트가 돌아옵니다. 답은 질문만큼만 구체적일 수 있습니다. 막연한 불만을 진단으로 바꾸는 사실은 다섯 가지입니다.

1. **증상**: 느려졌나요, 멈췄나요? 느려짐은 병목을 찾는 문제이고 멈춤은 한계치와 오류를 찾는 문제입니다. 대응이 다르니 먼저 분류하세요.
2. **플랫폼**: Vercel 함수, Railway 컨테이너, 워커 2 × 2로 띄운 Gunicorn, 무료 티어 Supabase. 타임아웃, 연결 수, 동시 처리 같은 한계는 여기에 있습니다.
3. **트래픽**: 하루 사용자 수, 피크 때 초당 요청, 한 페이지에 보이는 항목 수. "사용자 100명"과 "동시 접속 100명"은 전혀 다른 문제입니다.
4. **지표**: p95 응답 시간, 오류율, 사용 중인 DB 연결 수, 요청당 쿼리 수, AI 청구액. 우리 자료의 Next.js 계획도 바로 이 숫자들에 경보를 겁니다. p95 3초 초과, 오류율 1% 초과, 커넥션 풀 95% 초과.
5. **최근 변경**: 배포, 새 기능, 마케팅 메일, 50% 늘어난 트래픽. 대부분의 장애는 무언가가 바뀐 뒤에 옵니다.

대시보드는 사고가 난 뒤에 여는 화면이 아니라 미리 울리는 경보입니다. 사용자가 오류를 겪기 전에 내가 먼저 숫자를 봐야 합니다. 숫자는 겁낼 대상이 아니라 단서이고, AI가 추측을 멈추는 데 필요한 것도 바로 그 숫자입니다.`,
      diagramCaption: '좋은 질문에는 다섯 조각이 들어 있습니다: 증상, 플랫폼, 트래픽, 지표, 최근 변경.',
      fix: `묻기 전에 다섯 가지 사실을 모으고, 문제를 보여 주는 가장 작은 코드를 붙이고, 구체적인 질문 하나를 던지세요. ScaleCheck의 "AI에게 물어보기" 버튼은 경고 내용, 감지한 스택, 시뮬레이터의 트래픽으로 이 프롬프트를 만들어 줍니다. 최근에 바뀐 것과 직접 본 지표만 더하세요.`,
      fine: `- **간단한 문법 질문**에는 다섯 가지가 다 필요하지 않습니다. 확장성 질문에는 언제나 필요합니다.
- **비밀은 붙여 넣지 마세요**: 연결 문자열, API 키, 고객의 개인 정보는 프롬프트에 넣지 않습니다.
- **AI의 답은 가설입니다.** 무엇을 바꾸든 그 전과 후에 숫자(쿼리 수, 실행 계획, 청구액)로 확인하세요.`,
      symptom: '운영 환경에서 무언가 느리거나 실패하는데, 어디서부터 봐야 할지 모르겠습니다.',
      question: '병목은 어디에 있을 가능성이 가장 높나요? 그걸 확인하려면 무엇을 측정해야 하고, 고칠 수 있는 가장 작은 변경은 무엇인가요?',
    },
  },
  examples: [
    {
      stack: 'node',
      label: 'Next.js on Vercel',
      frameworks: ['nextjs', 'express', 'hono', 'node', 'prisma'],
      files: [
        {
          path: 'question.md',
          before: `my nextjs app is really slow now, how do i fix it??
`,
          after: `My Next.js 15 + Prisma app runs on Vercel (serverless) with Supabase Postgres (free tier, 60 connections).

Symptom: since Monday the home feed (GET /api/posts) takes 3–4 s at p95 instead of 300 ms; no errors.
Traffic: about 10,000 users a day; the feed shows 40 posts; peak is around 7 requests/s.
Metrics: Supabase shows ~300 queries/s at peak, most of them \`SELECT ... FROM "User" WHERE id = $1\`.
Recent change: on Monday we added the author's name to each post in the feed.

Code: (the route handler, 20 lines)

Question: why does adding the author name slow the feed down this much, and how do I load it without a query per post?
`,
        },
      ],
      note: {
        en: 'The second question names the platform, the limit, the traffic, the metric that moved and the change that moved it. The answer almost writes itself: an N+1 introduced on Monday.',
        ko: '두 번째 질문에는 플랫폼, 한계, 트래픽, 움직인 지표, 그 지표를 움직인 변경이 다 들어 있습니다. 답이 거의 저절로 나옵니다. 월요일에 생긴 N+1이죠.',
      },
    },
    {
      stack: 'python',
      label: 'Django on Railway',
      frameworks: ['django', 'drf', 'python', 'celery'],
      files: [
        {
          path: 'question.md',
          before: `django site keeps giving 502 errors. help
`,
          after: `My Django 5 + DRF app runs on Railway (one container, Gunicorn 2 workers × 2 threads, timeout 120 s) with Celery for email.

Symptom: during the 12–1 pm peak, pages return 502/504 for a few minutes; the rest of the day is fine.
Traffic: about 1,000 active users, 50–100 at the same time at lunch; AI grading is used ~20 times a minute then.
Metrics: CPU stays under 40%; each AI grading request takes 15–30 s; Railway shows requests queueing.
Recent change: last week we made AI grading synchronous so students see the result immediately.

Code: (the grading view, 25 lines)

Question: is the Gunicorn configuration the bottleneck, and should the grading call move to Celery — how would students then get their result?
`,
        },
      ],
      note: {
        en: 'With the worker count, the request duration and the change, the answer is visible: four slots held for 30 s each by AI calls.',
        ko: '워커 수, 요청 시간, 최근 변경이 있으니 답이 보입니다. 슬롯 네 개를 AI 호출이 30초씩 붙잡고 있는 것이죠.',
      },
    },
  ],
  learnMore: [
    { title: { en: 'Vercel: observability', ko: 'Vercel: 관측성' }, url: 'https://vercel.com/docs/observability' },
    { title: { en: 'Supabase: query performance reports', ko: 'Supabase: 쿼리 성능 리포트' }, url: 'https://supabase.com/docs/guides/platform/performance' },
    { title: { en: 'PostgreSQL: pg_stat_statements', ko: 'PostgreSQL: pg_stat_statements' }, url: 'https://www.postgresql.org/docs/current/pgstatstatements.html' },
    { title: { en: 'OpenAI: prompt engineering guide', ko: 'OpenAI: 프롬프트 작성 가이드' }, url: 'https://platform.openai.com/docs/guides/prompt-engineering' },
    { title: { en: 'Anthropic: prompt engineering overview', ko: 'Anthropic: 프롬프트 엔지니어링 개요' }, url: 'https://docs.anthropic.com/en/docs/build-with-claude/prompt-engineering/overview' },
  ],
  related: ['growth-stages', 'n-plus-one', 'long-task-in-request'],
};
