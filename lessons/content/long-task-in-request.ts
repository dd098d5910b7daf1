import type { Lesson } from '../types';
import { DJANGO_REQUIREMENTS, NEXT_CONTEXT } from './context';

const DJANGO_REPORT_MODEL = {
  path: 'reports/models.py',
  hidden: true,
  before: `from django.conf import settings
from django.db import models


class Report(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    title = models.CharField(max_length=200)
    published = models.BooleanField(default=False)
`,
};

export const longTaskInRequest: Lesson = {
  id: 'long-task-in-request',
  simulator: 'concurrency',
  text: {
    en: {
      keyPoints: [
        'Seconds of work hold a request slot for as many seconds.',
        'Answer first; hand the heavy part to a queue.',
        'Workers retry and scale separately from requests.',
      ],
      why: `A server answers a limited number of requests at the same moment. A Django app on Gunicorn with 2 workers × 2 threads has **4 slots**; at 100 ms a request that is about 40 requests per second, roughly a hundred active users. Put a 5-second email send inside a request and that request keeps its slot for 5 seconds: four sign-ups at once and everyone else — even the home page — waits in line. Queues grow, responses go from 100 ms to 5 s, then to 502/504 errors.

Serverless hides the slots but not the limits. Each function has a **maximum duration**; past it the platform kills the work halfway (and bills you for all the time it waited). An email that fails half the time or an AI answer that gets cut off is a bug your users will find before you do.

The durable pattern is to **answer now and process later**: the request records the job, puts it on a queue, and answers at once (\`202 Accepted\` when the result comes later). Separate worker processes — Celery, BullMQ, Inngest, Trigger.dev — do the slow part, retry it when it fails, and can scale on their own.`,
      diagramCaption: 'Top: the slow work holds a request slot until it ends. Bottom: the request hands the work to a queue and frees the slot at once.',
      fix: `Move the slow part out of the request. In Django, turn the work into a Celery task and call it with \`.delay()\` (never call the task function directly — that runs it in the request). In Next.js 15+, \`after()\` runs short follow-up work after the response is sent; for anything heavy or that must survive a crash (bulk email, video, long AI generations), hand it to a queue such as BullMQ, Inngest or Trigger.dev. Give every outgoing HTTP call a timeout either way.`,
      fine: `- **Work that takes a few hundred milliseconds** and whose result the response needs (checking a payment before confirming an order). Keep a timeout on it.
- **Low-traffic internal endpoints** where one person triggers an export and waits for it on purpose.
- **Streaming responses** (an AI answer streamed token by token) that the user watches arrive — as long as the platform's duration limit covers the longest answer.
- **Development-only code paths.** Production is where slots and time limits bite.`,
      symptom: 'Some requests take seconds, other pages slow down while they run, and we see 502/504 gateway timeouts (or function timeouts) when several users do the same action at once.',
      question: 'How do I move this slow work out of the request — queue, worker, or after-response hook — for my stack, how does the client learn the result, and how do I handle retries and failures?',
    },
    ko: {
      keyPoints: [
        '몇 초 걸리는 일은 요청 슬롯을 그만큼 붙잡는다',
        '먼저 응답하고, 무거운 일은 큐에 넘긴다',
        '재시도와 확장은 요청과 따로 워커가 맡는다',
      ],
      why: `서버가 같은 순간에 응대할 수 있는 요청 수는 정해져 있습니다. Gunicorn 워커 2개 × 스레드 2개로 띄운 Django 앱이라면 **슬롯은 4개**입니다. 요청당 100ms라면 초당 40건, 활성 사용자 100명 남짓을 받는 셈이죠. 여기서 5초 걸리는 메일 발송을 요청 안에 넣으면 그 요청은 5초 동안 슬롯을 놓지 않습니다. 네 명이 동시에 가입하면 홈 화면을 포함한 나머지 요청은 전부 줄을 섭니다. 대기열이 길어지고, 응답 시간이 100ms에서 5초로 늘고, 결국 502/504 오류가 납니다.

서버리스는 슬롯을 감춰 줄 뿐 한계를 없애 주지는 않습니다. 함수마다 **최대 실행 시간**이 있고, 그 시간을 넘기면 플랫폼이 작업을 중간에 끊어 버립니다(기다린 시간은 전부 과금되고요). 절반쯤 실패하는 메일, 중간에 잘린 AI 답변은 내가 알아채기 전에 사용자가 먼저 발견하는 버그입니다.

오래 버티는 구조는 **지금은 응답하고, 처리는 나중에** 하는 것입니다. 요청은 할 일을 기록해 큐에 넣고 곧바로 응답합니다(결과가 나중에 나온다면 \`202 Accepted\`). 느린 일은 Celery, BullMQ, Inngest, Trigger.dev 같은 별도 워커 프로세스가 맡아서, 실패하면 다시 시도하고, 필요하면 따로 늘릴 수 있습니다.`,
      diagramCaption: '위: 느린 작업이 끝날 때까지 요청 슬롯을 붙잡습니다. 아래: 요청은 일을 큐에 넘기고 슬롯을 바로 돌려줍니다.',
      fix: `느린 부분을 요청 밖으로 옮기세요. Django에서는 그 일을 Celery 태스크로 만들고 \`.delay()\`로 호출합니다(태스크 함수를 그냥 호출하면 요청 안에서 실행되니 주의하세요). Next.js 15 이상에서는 응답을 보낸 뒤 짧은 후속 작업을 \`after()\`로 돌릴 수 있습니다. 무겁거나 서버가 죽어도 살아남아야 하는 일(대량 메일, 영상 처리, 긴 AI 생성)은 BullMQ, Inngest, Trigger.dev 같은 큐에 넘기세요. 어느 쪽이든 바깥으로 나가는 HTTP 호출에는 타임아웃을 거세요.`,
      fine: `- **수백 ms 안에 끝나고 응답에 그 결과가 꼭 필요한 작업**(주문을 확정하기 전에 결제를 확인하는 것처럼). 타임아웃만은 걸어 두세요.
- **트래픽이 적은 내부용 엔드포인트**에서 한 사람이 내보내기를 누르고 일부러 기다리는 경우.
- **스트리밍 응답**(AI 답변을 토큰 단위로 흘려보내는 것)을 사용자가 지켜보는 경우. 단, 플랫폼의 실행 시간 한도가 가장 긴 답변보다 길어야 합니다.
- **개발 환경에서만 도는 코드**. 슬롯과 시간 제한이 문제를 일으키는 곳은 운영 환경입니다.`,
      symptom: '어떤 요청은 몇 초씩 걸리고, 그동안 다른 페이지까지 느려지며, 여러 사용자가 같은 기능을 동시에 쓰면 502/504 게이트웨이 타임아웃(또는 함수 타임아웃)이 납니다.',
      question: '이 느린 작업을 요청 밖으로 빼려면 제 스택에서는 큐, 워커, 응답 후 훅 중 무엇을 어떻게 써야 하나요? 클라이언트는 결과를 어떻게 받고, 재시도와 실패는 어떻게 처리하면 될까요?',
    },
  },
  examples: [
    {
      stack: 'node',
      label: 'Next.js 15',
      frameworks: ['nextjs', 'node', 'prisma'],
      rule: 'long-task-in-request',
      files: [
        ...NEXT_CONTEXT,
        {
          path: 'lib/mailer.ts',
          hidden: true,
          before: `import nodemailer from 'nodemailer';

export const transporter = nodemailer.createTransport({
  host: process.env.SMTP_HOST,
  port: 587,
  auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASSWORD },
});
`,
        },
        {
          path: 'app/api/signup/route.ts',
          before: `import { NextResponse } from 'next/server';
import { prisma } from '@/lib/db';
import { transporter } from '@/lib/mailer';

// POST /api/signup — create the account and send a welcome email.
export async function POST(request: Request) {
  const { email, name } = await request.json();
  const user = await prisma.user.create({ data: { email, name } });

  await transporter.sendMail({
    from: 'Hello <hello@example.com>',
    to: email,
    subject: 'Welcome!',
    text: \`Hi \${name}, thanks for signing up.\`,
  });

  return NextResponse.json({ id: user.id }, { status: 201 });
}
`,
          after: `import { after, NextResponse } from 'next/server';
import { prisma } from '@/lib/db';
import { transporter } from '@/lib/mailer';

// POST /api/signup — create the account and send a welcome email.
export async function POST(request: Request) {
  const { email, name } = await request.json();
  const user = await prisma.user.create({ data: { email, name } });

  // Runs after the response is sent: the user does not wait for SMTP.
  after(() =>
    transporter.sendMail({
      from: 'Hello <hello@example.com>',
      to: email,
      subject: 'Welcome!',
      text: \`Hi \${name}, thanks for signing up.\`,
    }),
  );

  return NextResponse.json({ id: user.id }, { status: 201 });
}
`,
        },
      ],
      note: {
        en: '`after()` sends the email once the response is out. It still runs in the same function, so it suits one short email; a newsletter to thousands belongs on a queue (BullMQ, Inngest) with retries.',
        ko: '`after()`는 응답을 보낸 뒤에 메일을 보냅니다. 여전히 같은 함수 안에서 돌기 때문에 짧은 메일 한 통에 어울리고, 수천 명에게 가는 뉴스레터라면 재시도가 되는 큐(BullMQ, Inngest)로 보내야 합니다.',
      },
    },
    {
      stack: 'python',
      label: 'Django + Celery',
      frameworks: ['django', 'drf', 'python', 'celery'],
      rule: 'long-task-in-request',
      files: [
        DJANGO_REQUIREMENTS,
        DJANGO_REPORT_MODEL,
        {
          path: 'reports/tasks.py',
          after: `from celery import shared_task
from django.core.mail import send_mail

from .models import Report


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def send_published_email(report_id):
    report = Report.objects.select_related("owner").get(pk=report_id)
    send_mail(
        subject="Your report is live",
        message=f"{report.title} is now public.",
        from_email=None,
        recipient_list=[report.owner.email],
    )
`,
        },
        {
          path: 'reports/views.py',
          before: `from django.core.mail import send_mail
from rest_framework.decorators import api_view
from rest_framework.response import Response

from .models import Report


@api_view(["POST"])
def publish_report(request, pk):
    report = Report.objects.get(pk=pk, owner=request.user)
    report.published = True
    report.save()
    send_mail(
        subject="Your report is live",
        message=f"{report.title} is now public.",
        from_email=None,
        recipient_list=[request.user.email],
    )
    return Response({"status": "published"})
`,
          after: `from rest_framework.decorators import api_view
from rest_framework.response import Response

from .models import Report
from .tasks import send_published_email


@api_view(["POST"])
def publish_report(request, pk):
    report = Report.objects.get(pk=pk, owner=request.user)
    report.published = True
    report.save()
    send_published_email.delay(report.pk)
    return Response({"status": "published"})
`,
        },
      ],
      note: {
        en: 'The view saves and answers; a Celery worker sends the email with retries and backoff. Pass the id, not the object: the task reads fresh data when it runs.',
        ko: '뷰는 저장하고 바로 응답하고, 메일은 Celery 워커가 재시도와 백오프를 걸어 보냅니다. 객체가 아니라 id를 넘기세요. 태스크가 실행될 때 최신 데이터를 읽게 됩니다.',
      },
    },
  ],
  learnMore: [
    { title: { en: 'Next.js: after()', ko: 'Next.js: after()' }, url: 'https://nextjs.org/docs/app/api-reference/functions/after' },
    { title: { en: 'Vercel: function duration limits', ko: 'Vercel: 함수 실행 시간 한도' }, url: 'https://vercel.com/docs/functions/configuring-functions/duration' },
    { title: { en: 'Celery: first steps with Django', ko: 'Celery: Django와 함께 시작하기' }, url: 'https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html' },
    { title: { en: 'BullMQ: queues and workers', ko: 'BullMQ: 큐와 워커' }, url: 'https://docs.bullmq.io/' },
    { title: { en: 'Gunicorn: timeout setting', ko: 'Gunicorn: timeout 설정' }, url: 'https://docs.gunicorn.org/en/stable/settings.html#timeout' },
  ],
  related: ['deployment-capacity', 'unbounded-ai-call', 'growth-stages'],
};
