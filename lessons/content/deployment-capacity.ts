import type { Lesson } from '../types';
import { DJANGO_CONTEXT, NEXT_PACKAGE } from './context';

export const deploymentCapacity: Lesson = {
  id: 'deployment-capacity',
  simulator: 'concurrency',
  text: {
    en: {
      keyPoints: [
        'Workers × threads is how many requests you serve at the same moment.',
        'Every other request waits in line — and slow requests make the line longer.',
        'Choose the number on purpose, for the machine and the work.',
      ],
      why: `A Gunicorn line like \`--workers 2 --threads 2\` decides your app's capacity: **2 × 2 = 4 requests at once**. The Django analysis in our material worked it out: at 100 ms a request that is about **40 requests per second**, or roughly 100 people using the app at the same time. Past that, requests queue, response times jump from 100 ms to 5 s, and the load balancer starts answering 502/504.

The number interacts with everything slow. A 30-second AI call holds one of the four slots for 30 seconds — a quarter of the app's capacity for one user. With the seed's \`--timeout 120\`, a stuck call can hold a slot for two minutes before Gunicorn kills the worker.

The same analysis lists the moves in order of cost: more workers and threads on the same machine (**4 × 4 = 16 slots**), then more instances behind the load balancer (**3 instances = 48**), then moving slow work to Celery so slots are only held for fast work, and finally async workers (ASGI/Uvicorn) for I/O-heavy apps. Serverless platforms scale the number of instances for you, but each one has a duration limit and a concurrency cap of its own.`,
      diagramCaption: 'Four slots serve four requests at once; everyone else waits in the queue until a slot frees up.',
      fix: `Size workers for the machine (Gunicorn suggests \`2 × CPU cores + 1\` as a start), add threads when requests wait on I/O, and read the numbers from the environment so each deployment can set them (\`WEB_CONCURRENCY\`). Lower the timeout to what a healthy request needs (30 s is Gunicorn's default) and move anything slower to a worker queue. Then measure: queue time and p95 latency under load tell you whether the number is right.`,
      fine: `- **An app that is small on purpose**: a hobby project, an internal tool with ten users. Four slots at 100 ms serve 40 requests a second — plenty.
- **Async workers** (Uvicorn, gevent) where one worker serves many waiting requests; threads do not cap them the same way (watch the database connection budget instead).
- **A platform that sets the number for you** (autoscaling containers with a per-instance concurrency) — then check that setting instead.`,
      symptom: 'Response times jump from milliseconds to seconds when a few dozen people use the app at once, and the platform reports 502/504 errors although CPU is not maxed out.',
      question: 'How many Gunicorn workers and threads (or instances) should this app run for the machine and traffic below, what timeout should I set, and which slow requests should move to a worker queue first?',
    },
    ko: {
      keyPoints: [
        '워커 × 스레드가 같은 순간에 응대할 수 있는 요청 수다',
        '나머지 요청은 줄을 서고, 느린 요청이 그 줄을 길게 만든다',
        '그 숫자는 기계와 작업에 맞춰 일부러 정한다',
      ],
      why: `\`--workers 2 --threads 2\` 같은 Gunicorn 한 줄이 앱의 수용량을 정합니다. **2 × 2 = 동시에 4건**. 우리 자료의 Django 분석이 계산한 대로, 요청당 100ms라면 **초당 약 40건**, 동시에 앱을 쓰는 사람으로 치면 100명 안팎입니다. 그 이상이 되면 요청이 줄을 서고, 응답 시간이 100ms에서 5초로 뛰고, 로드 밸런서가 502/504를 내보내기 시작합니다.

이 숫자는 느린 모든 것과 맞물립니다. 30초짜리 AI 호출 하나가 슬롯 네 개 중 하나를 30초 동안 붙잡습니다. 사용자 한 명이 앱 수용량의 4분의 1을 쓰는 셈이죠. 그 앱처럼 \`--timeout 120\`이면 멈춘 호출 하나가 Gunicorn이 워커를 죽일 때까지 2분 동안 슬롯을 차지할 수 있습니다.

같은 분석은 해법을 비용 순서대로 적었습니다. 먼저 같은 기계에서 워커와 스레드를 늘리고(**4 × 4 = 슬롯 16개**), 다음으로 로드 밸런서 뒤에 인스턴스를 늘리고(**인스턴스 3개 = 48개**), 느린 일을 Celery로 옮겨 슬롯은 빠른 일에만 쓰게 하고, 마지막으로 I/O가 많은 앱이라면 비동기 워커(ASGI/Uvicorn)로 갑니다. 서버리스 플랫폼은 인스턴스 수를 알아서 늘려 주지만, 인스턴스마다 실행 시간 한도와 동시 실행 상한이 따로 있습니다.`,
      diagramCaption: '슬롯 네 개가 동시에 요청 네 건을 처리하고, 나머지는 슬롯이 빌 때까지 대기열에서 기다립니다.',
      fix: `워커 수는 기계에 맞추고(Gunicorn은 출발점으로 \`2 × CPU 코어 + 1\`을 권합니다), 요청이 I/O를 기다리는 시간이 길면 스레드를 늘리고, 배포 환경마다 정할 수 있게 환경 변수(\`WEB_CONCURRENCY\`)에서 읽으세요. 타임아웃은 정상 요청에 필요한 만큼으로 낮추고(Gunicorn 기본값은 30초), 그보다 느린 일은 워커 큐로 옮기세요. 그다음 측정하세요. 부하를 걸었을 때 대기 시간과 p95 지연 시간이 그 숫자가 맞는지 알려 줍니다.`,
      fine: `- **일부러 작게 두는 앱**: 취미 프로젝트, 사용자 열 명짜리 내부 도구. 요청당 100ms라면 슬롯 네 개로 초당 40건을 처리합니다. 충분합니다.
- 워커 하나가 기다리는 요청 여러 개를 처리하는 **비동기 워커**(Uvicorn, gevent). 스레드 수가 같은 방식으로 상한을 정하지 않습니다(대신 DB 연결 예산을 보세요).
- **플랫폼이 숫자를 정해 주는 경우**(인스턴스당 동시 처리 수를 설정하는 오토스케일링 컨테이너). 그때는 그 설정을 확인하세요.`,
      symptom: '수십 명이 동시에 쓰면 응답 시간이 ms 단위에서 초 단위로 뛰고, CPU가 꽉 차지도 않았는데 플랫폼에 502/504 오류가 찍힙니다.',
      question: '아래 기계 사양과 트래픽이라면 Gunicorn 워커와 스레드(또는 인스턴스)를 몇 개로 두어야 하나요? 타임아웃은 얼마로 잡고, 어떤 느린 요청부터 워커 큐로 옮기면 좋을까요?',
    },
  },
  examples: [
    {
      stack: 'python',
      label: 'Gunicorn (Dockerfile)',
      frameworks: ['django', 'drf', 'python', 'celery'],
      rule: 'deployment-capacity',
      files: [
        ...DJANGO_CONTEXT,
        {
          path: 'Dockerfile',
          before: `FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--threads", "2", "--timeout", "120"]
`,
          after: `FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
EXPOSE 8000
# Sized per deployment: WEB_CONCURRENCY workers (2 × cores + 1), 4 threads each.
# Slow work (AI calls, email) runs in Celery, so 30 s is a generous timeout.
ENV WEB_CONCURRENCY=5
CMD gunicorn config.wsgi:application --bind 0.0.0.0:8000 --workers "$WEB_CONCURRENCY" --threads 4 --timeout 30
`,
        },
      ],
      note: {
        en: 'From 4 slots to 20 on a two-core machine, set per environment, with a timeout that fails fast. Scaling out to a second instance doubles it again — as long as the app keeps no state in memory.',
        ko: '코어 두 개짜리 기계에서 슬롯 4개가 20개로 늘고, 환경마다 정할 수 있으며, 타임아웃은 빨리 실패하도록 줄였습니다. 인스턴스를 하나 더 띄우면 다시 두 배가 됩니다. 앱이 메모리에 상태를 두지 않는다는 전제에서요.',
      },
    },
    {
      stack: 'python',
      label: 'Gunicorn (gunicorn.conf.py)',
      frameworks: ['django', 'drf', 'python', 'celery'],
      rule: 'deployment-capacity',
      files: [
        ...DJANGO_CONTEXT,
        {
          path: 'gunicorn.conf.py',
          before: `bind = "0.0.0.0:8000"
workers = 2
threads = 2
timeout = 120
`,
          after: `import os

bind = "0.0.0.0:8000"
# Sized per deployment: WEB_CONCURRENCY workers (2 × cores + 1), 4 threads each.
workers = int(os.environ["WEB_CONCURRENCY"])
threads = 4
# Slow work (AI calls, email) runs in Celery, so a healthy request needs far less.
timeout = 30
`,
        },
      ],
      note: {
        en: 'The same change in a Gunicorn config file: the worker count comes from each environment, threads cover I/O waits, and the timeout fails fast.',
        ko: 'Gunicorn 설정 파일에서 같은 변경을 한 모습입니다. 워커 수는 환경마다 정하고, 스레드는 I/O 대기를 메우고, 타임아웃은 빨리 실패하게 둡니다.',
      },
    },
    {
      stack: 'node',
      label: 'Vercel (vercel.json)',
      frameworks: ['nextjs', 'node', 'prisma', 'express', 'hono'],
      files: [
        NEXT_PACKAGE,
        {
          path: 'vercel.json',
          before: `{
  "functions": {
    "app/api/**/*.ts": { "maxDuration": 300 }
  }
}
`,
          after: `{
  "functions": {
    "app/api/**/*.ts": { "maxDuration": 15 },
    "app/api/ai/stream/route.ts": { "maxDuration": 120 }
  }
}
`,
        },
      ],
      note: {
        en: 'A blanket 5-minute limit lets every stuck call run (and bill) for 5 minutes. Give ordinary routes a short limit and the one streaming route the time it needs; queue the rest.',
        ko: '모든 함수에 5분을 주면 멈춘 호출도 5분 동안 돌고 과금됩니다. 보통 라우트에는 짧은 한도를, 스트리밍 라우트 하나에만 필요한 시간을 주고, 나머지는 큐로 보내세요.',
      },
    },
  ],
  learnMore: [
    { title: { en: 'Gunicorn: how many workers?', ko: 'Gunicorn: 워커는 몇 개가 적당한가' }, url: 'https://docs.gunicorn.org/en/stable/design.html#how-many-workers' },
    { title: { en: 'Gunicorn: settings (workers, threads, timeout)', ko: 'Gunicorn: 설정 (workers, threads, timeout)' }, url: 'https://docs.gunicorn.org/en/stable/settings.html' },
    { title: { en: 'Vercel: functions limits', ko: 'Vercel: 함수 한도' }, url: 'https://vercel.com/docs/functions/limitations' },
    { title: { en: 'Vercel: configuring maximum duration', ko: 'Vercel: 최대 실행 시간 설정' }, url: 'https://vercel.com/docs/functions/configuring-functions/duration' },
    { title: { en: 'Django: deploying with ASGI', ko: 'Django: ASGI로 배포하기' }, url: 'https://docs.djangoproject.com/en/stable/howto/deployment/asgi/' },
  ],
  related: ['long-task-in-request', 'in-memory-state', 'growth-stages'],
};
