import { interpolate } from '../analyzers/core/text';
import type { Finding, Locale, Localized } from '../analyzers/core/types';
import type { WorkspaceSummary } from './contract';
import { detailsOf, stackOf } from './details';

/**
 * What a finding costs in the app it was found in: the hover's and the
 * lesson's "what it costs" line. Rules whose cost depends on where the code
 * runs (request slots, a platform's time limit, how many processes keep
 * their own memory) say it with the workspace's own numbers — the function
 * timeout of a Vercel app, Gunicorn's workers × threads of a Django app —
 * and in neutral words when ScaleCheck could not tell; the others keep their
 * rule's stock sentence, which is about data volume, not deployment.
 */
export interface RuleImpact {
  id: string;
  impact: Localized;
}

/** How the code of one finding is served, as far as the workspace shows. */
export type Serving =
  | { kind: 'serverless'; platform: string; timeoutSeconds?: number }
  | { kind: 'gunicorn'; workers: number; threads: number }
  | { kind: 'unknown' };

const PLATFORM_NAMES: Record<string, string> = { vercel: 'Vercel', netlify: 'Netlify' };
const PYTHON_STACKS = /^(?:django|drf|python|celery|flask|fastapi)$/i;

export function servingOf(finding: Finding, workspace: WorkspaceSummary | undefined): Serving {
  const stack = stackOf(finding) ?? '';
  const python = PYTHON_STACKS.test(stack) || /\.py$/.test(finding.file) || /(^|\/)(?:procfile|dockerfile[^/]*)$/i.test(finding.file);
  if (python) {
    // The finding's own numbers (a Procfile line, the processes of a settings finding) first, then the workspace's Gunicorn.
    const capacity = detailsOf(finding, 'deployment-capacity');
    const workers = numberOf(capacity?.workers ?? detailsOf(finding, 'in-memory-state')?.workers) ?? workspace?.gunicorn?.workers;
    const threads = numberOf(capacity?.threads) ?? workspace?.gunicorn?.threads ?? 1;
    return workers ? { kind: 'gunicorn', workers, threads } : { kind: 'unknown' };
  }
  const platform = workspace?.platforms.find((name) => name in PLATFORM_NAMES);
  const longTask = detailsOf(finding, 'long-task-in-request');
  if (longTask?.serverless === true || detailsOf(finding, 'in-memory-state')?.serverless === true || workspace?.deployment === 'serverless') {
    const timeout = numberOf(longTask?.maxDurationSeconds) || workspace?.maxDurationSeconds;
    return { kind: 'serverless', platform: platform ? PLATFORM_NAMES[platform] : '', timeoutSeconds: timeout || undefined };
  }
  return { kind: 'unknown' };
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

type Texts = Record<string, Localized>;

const LONG_TASK: Texts = {
  serverlessTimed: {
    en: 'On {{platform}} this function is cut off at {{seconds}} s: the user waits for this work, and a run past the limit fails outright.',
    ko: '{{platform}}에서 이 함수는 {{seconds}}초에서 끊깁니다. 사용자는 이 작업이 끝날 때까지 기다리고, 제한을 넘기면 요청이 그대로 실패합니다.',
  },
  serverless: {
    en: 'On {{platform}} this function is cut off at the platform’s time limit: the user waits for this work, and a run past the limit fails outright.',
    ko: '{{platform}}에서 이 함수는 플랫폼의 시간 제한에서 끊깁니다. 사용자는 이 작업이 끝날 때까지 기다리고, 제한을 넘기면 요청이 그대로 실패합니다.',
  },
  gunicorn: {
    en: 'Gunicorn serves {{slots}} requests at once here ({{workers}} {{workers|worker|workers}} × {{threads}} {{threads|thread|threads}}): while this work runs it holds one of them, and {{slots}} such requests at once stall everyone else.',
    ko: '여기서 Gunicorn은 동시에 {{slots}}건을 처리합니다(워커 {{workers}} × 스레드 {{threads}}). 이 작업이 도는 동안 그중 하나를 붙잡고, 이런 요청 {{slots}}건이 겹치면 다른 모든 요청이 멈춥니다.',
  },
  unknown: {
    en: 'The request waits for this work and holds whatever serves it (a worker, a thread or a function) until it ends: under load those run out first.',
    ko: '요청은 이 작업이 끝날 때까지 기다리며, 그동안 요청을 처리하는 자원(워커, 스레드, 함수)을 붙잡습니다. 부하가 걸리면 이것부터 바닥납니다.',
  },
};

const AI_COST: Localized = {
  en: 'Unlimited calls cost one app $600–1,500 a month at 1,000 active users.',
  ko: '호출 제한이 없던 한 앱은 활성 사용자 1,000명에서 월 600~1,500달러를 썼습니다.',
};

const AI_WAIT: Texts = {
  serverlessTimed: {
    en: 'Without a timeout a slow answer runs until the {{seconds}}-second limit of {{platform}} cuts it off, billed the whole time.',
    ko: '타임아웃이 없으면 느린 응답은 {{platform}}의 {{seconds}}초 제한에 끊길 때까지 이어지고, 그동안 내내 비용이 청구됩니다.',
  },
  serverless: {
    en: 'Without a timeout a slow answer runs until the platform’s time limit cuts it off, billed the whole time.',
    ko: '타임아웃이 없으면 느린 응답은 플랫폼의 시간 제한에 끊길 때까지 이어지고, 그동안 내내 비용이 청구됩니다.',
  },
  gunicorn: {
    en: 'Without a timeout a call holds one of the {{slots}} Gunicorn request slots for as long as the provider takes.',
    ko: '타임아웃이 없는 호출은 제공자가 응답할 때까지 Gunicorn 요청 슬롯 {{slots}}개 중 하나를 붙잡습니다.',
  },
  unknown: {
    en: 'Without a timeout a call holds its request for as long as the provider takes.',
    ko: '타임아웃이 없는 호출은 제공자가 응답할 때까지 요청을 붙잡습니다.',
  },
};

const MEMORY: Texts = {
  serverless: {
    en: 'On {{platform}} requests land on many short-lived instances: each starts with this empty, and a limit or a cache kept here holds for one instance only.',
    ko: '{{platform}}에서는 요청이 수명이 짧은 여러 인스턴스로 흩어집니다. 인스턴스마다 이 값이 빈 채로 시작하고, 여기 둔 제한이나 캐시는 한 인스턴스에만 적용됩니다.',
  },
  gunicorn: {
    en: 'Gunicorn runs {{workers}} worker processes here: each keeps its own copy, so a limit of 100/min lets {{limit}} through and a cache is filled {{workers}} times over.',
    ko: '여기서 Gunicorn은 워커 프로세스 {{workers}}개를 돌립니다. 프로세스마다 따로 사본을 가지므로 분당 100회 제한이 {{limit}}회까지 통과하고, 캐시는 {{workers}}번씩 따로 채워집니다.',
  },
};

const CAPACITY: Localized = {
  en: '{{workers}} {{workers|worker|workers}} × {{threads}} {{threads|thread|threads}} = {{slots}} {{slots|request|requests}} at once: about {{perSecond}} requests/s at 100 ms each, and one 30-second AI call takes {{share}} of it.',
  ko: '워커 {{workers}} × 스레드 {{threads}} = 동시 요청 {{slots}}건. 요청당 100ms라면 초당 약 {{perSecond}}건이고, 30초짜리 AI 호출 하나가 그중 {{share}}{{을/를}} 차지합니다.',
};

const SHARE: Record<Locale, (slots: number) => string> = {
  en: (slots) => (slots === 1 ? 'all' : `1/${slots}`),
  ko: (slots) => (slots === 1 ? '전부' : `${slots}분의 1`),
};

/** The cost line for a finding, in the workspace's terms where they matter. */
export function impactText(finding: Finding, rule: RuleImpact | undefined, workspace: WorkspaceSummary | undefined, locale: Locale): string {
  const stock = rule?.impact[locale] ?? '';
  const serving = servingOf(finding, workspace);
  const data = servingData(serving, locale);
  const pick = (texts: Texts) => {
    const key = serving.kind === 'serverless' && serving.timeoutSeconds ? 'serverlessTimed' : serving.kind;
    const text = texts[key] ?? texts[serving.kind];
    return text ? interpolate(text[locale], data) : undefined;
  };
  switch (finding.ruleId) {
    case 'long-task-in-request':
      return pick(LONG_TASK) ?? stock;
    case 'unbounded-ai-call':
      return `${AI_COST[locale]} ${pick(AI_WAIT)}`;
    case 'in-memory-state':
      return (serving.kind === 'gunicorn' && serving.workers < 2 ? undefined : pick(MEMORY)) ?? stock;
    case 'deployment-capacity':
      return serving.kind === 'gunicorn' ? interpolate(CAPACITY[locale], { ...data, share: SHARE[locale](serving.workers * serving.threads) }) : stock;
    default:
      return stock;
  }
}

function servingData(serving: Serving, locale: Locale): Record<string, string | number> {
  switch (serving.kind) {
    case 'serverless':
      return { platform: serving.platform || (locale === 'ko' ? '서버리스 플랫폼' : 'a serverless platform'), seconds: serving.timeoutSeconds ?? 0 };
    case 'gunicorn': {
      const slots = serving.workers * serving.threads;
      return { workers: serving.workers, threads: serving.threads, slots, perSecond: slots * 10, limit: 100 * serving.workers };
    }
    default:
      return {};
  }
}
