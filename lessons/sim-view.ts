import type { Locale } from '../analyzers/core/types';
import { formatBytes, formatNumber, formatPercent, formatSeconds, formatUsd } from './format';
import { escapeHtml } from './html';
import type { PriceTable } from './prices';
import {
  aiCost,
  cacheMisses,
  concurrency,
  connections,
  growthStages,
  indexLookup,
  lostUpdates,
  pathPerSecond,
  queryLoad,
  responseSize,
  scaleOut,
  traffic,
  type SimFocus,
  type SimInputs,
} from './simulator';

/**
 * Turns simulator inputs into what the page shows: labelled numbers, a small
 * bar chart, and plain sentences for the "ask your AI" prompt. Used by the
 * renderer for the first paint and by the page script on every input, so the
 * two can never disagree.
 */

export type Tone = 'bad' | 'good' | 'neutral';

export interface SimMetric {
  label: string;
  value: string;
  tone: Tone;
}

export interface ChartBar {
  label: string;
  value: number;
  display: string;
  tone: Tone;
}

export interface SimChart {
  title: string;
  bars: ChartBar[];
  /** A capacity line drawn across the bars (slots, connection limit). */
  limit?: { label: string; value: number; display: string };
}

export interface SimView {
  metrics: SimMetric[];
  chart: SimChart;
  /** Plain sentences for the "ask your AI" prompt: expected traffic and what it means here. */
  facts: string[];
}

export function simulate(focus: SimFocus, inputs: SimInputs, prices: PriceTable, locale: Locale): SimView {
  const say = (en: string, ko: string) => (locale === 'ko' ? ko : en);
  const n = (value: number, digits?: number) => formatNumber(value, locale, digits);
  const usd = (value: number) => formatUsd(value, locale);
  const rate = traffic(inputs.usersPerDay, inputs.requestsPerUser, inputs.peakFactor);
  const path = pathPerSecond(inputs);
  const trafficFact = say(
    `Expected traffic: about ${n(inputs.usersPerDay)} users a day making ${n(inputs.requestsPerUser)} requests each (${n(rate.requestsPerDay)} a day); at a peak ${n(inputs.peakFactor)}× the average that is ${n(rate.peakPerSecond)} requests/s.`,
    `예상 트래픽: 하루 사용자 약 ${n(inputs.usersPerDay)}명, 1인당 요청 ${n(inputs.requestsPerUser)}회 (하루 ${n(rate.requestsPerDay)}건). 피크가 평균의 ${n(inputs.peakFactor)}배라면 초당 ${n(rate.peakPerSecond)}건입니다.`,
  );
  const peakMetric: SimMetric = { label: say('Requests/s at peak', '피크 초당 요청'), value: n(rate.peakPerSecond), tone: 'neutral' };
  const pathMetric: SimMetric = { label: say('…of which run this code', '…그중 이 코드를 타는 요청'), value: say(`${n(path)}/s`, `초당 ${n(path)}건`), tone: 'neutral' };
  const before = say('Before', '수정 전');
  const after = say('After', '수정 후');

  switch (focus) {
    case 'queries': {
      const load = queryLoad(inputs.itemsPerPage, inputs.queriesPerItem, path, inputs.roundTripMs);
      return {
        metrics: [
          peakMetric,
          pathMetric,
          { label: say('Queries per request', '요청당 쿼리'), value: `${n(load.before.perRequest)} → ${n(load.after.perRequest)}`, tone: 'bad' },
          { label: say('Queries/s at peak', '피크 초당 쿼리'), value: `${n(load.before.perSecond)} → ${n(load.after.perSecond)}`, tone: 'bad' },
          { label: say('Waiting on round trips, per request', '요청당 DB 왕복 대기'), value: `${n(load.before.waitMs)} ms → ${n(load.after.waitMs)} ms`, tone: 'neutral' },
        ],
        chart: {
          title: say('Queries per second at peak', '피크 때 초당 쿼리 수'),
          bars: [
            { label: `${before}: 1 + N`, value: load.before.perSecond, display: n(load.before.perSecond), tone: 'bad' },
            { label: `${after}: ${n(load.after.perRequest)}`, value: load.after.perSecond, display: n(load.after.perSecond), tone: 'good' },
          ],
        },
        facts: [
          trafficFact,
          say(
            `This code runs on ${n(path)} requests/s at peak; each makes ${n(load.before.perRequest)} queries (1 + ${n(inputs.itemsPerPage)} items), ${n(load.before.perSecond)} queries/s in total, against ${n(load.after.perSecond)} if it made ${n(load.after.perRequest)}.`,
            `피크 때 이 코드를 타는 요청은 초당 ${n(path)}건이고, 요청마다 쿼리를 ${n(load.before.perRequest)}번(1 + 항목 ${n(inputs.itemsPerPage)}개) 실행해 초당 ${n(load.before.perSecond)}번이 됩니다. ${n(load.after.perRequest)}번으로 줄이면 초당 ${n(load.after.perSecond)}번입니다.`,
          ),
        ],
      };
    }
    case 'index': {
      const lookup = indexLookup(inputs.tableRows, inputs.matchingRows);
      return {
        metrics: [
          peakMetric,
          pathMetric,
          { label: say('Rows read per query, no index', '인덱스 없이 쿼리당 읽는 행'), value: n(lookup.scanned), tone: 'bad' },
          { label: say('Rows and index pages read, with an index', '인덱스로 읽는 행과 페이지'), value: `${n(lookup.indexed)} (${say('depth', '깊이')} ${lookup.depth})`, tone: 'good' },
          { label: say('Rows read per second at peak', '피크 초당 읽는 행'), value: `${n(lookup.scanned * path)} → ${n(lookup.indexed * path)}`, tone: 'bad' },
        ],
        chart: {
          title: say('Rows read per query (log scale)', '쿼리 한 번에 읽는 행 수 (로그 눈금)'),
          bars: [
            { label: say('Full scan', '전체 스캔'), value: lookup.scanned, display: n(lookup.scanned), tone: 'bad' },
            { label: say('Index lookup', '인덱스 조회'), value: lookup.indexed, display: n(lookup.indexed), tone: 'good' },
          ],
        },
        facts: [
          trafficFact,
          say(
            `The table has about ${n(inputs.tableRows)} rows and the query matches ${n(inputs.matchingRows)}; without an index each query reads every row, ${n(lookup.scanned * path)} rows/s at peak.`,
            `테이블은 약 ${n(inputs.tableRows)}행이고 쿼리 조건에 맞는 행은 ${n(inputs.matchingRows)}개입니다. 인덱스가 없으면 쿼리마다 모든 행을 읽어 피크 때 초당 ${n(lookup.scanned * path)}행을 읽습니다.`,
          ),
        ],
      };
    }
    case 'rows': {
      const size = responseSize(inputs.tableRows, inputs.pageSize, inputs.rowBytes, rate.requestsPerDay * (inputs.sharePercent / 100));
      return {
        metrics: [
          peakMetric,
          pathMetric,
          { label: say('Rows per response', '응답당 행 수'), value: `${n(size.before.rows)} → ${n(size.after.rows)}`, tone: 'bad' },
          { label: say('Response size', '응답 크기'), value: `${formatBytes(size.before.bytes, locale)} → ${formatBytes(size.after.bytes, locale)}`, tone: 'bad' },
          { label: say('Sent per day by this endpoint', '이 엔드포인트의 하루 전송량'), value: `${formatBytes(size.before.bytesPerDay, locale)} → ${formatBytes(size.after.bytesPerDay, locale)}`, tone: 'neutral' },
        ],
        chart: {
          title: say('Bytes per response (log scale)', '응답 하나의 크기 (로그 눈금)'),
          bars: [
            { label: say('Every row', '전체 행'), value: size.before.bytes, display: formatBytes(size.before.bytes, locale), tone: 'bad' },
            { label: say('One page', '한 페이지'), value: size.after.bytes, display: formatBytes(size.after.bytes, locale), tone: 'good' },
          ],
        },
        facts: [
          trafficFact,
          say(
            `The list returns all ${n(inputs.tableRows)} rows (${formatBytes(size.before.bytes, locale)} per response, ${formatBytes(size.before.bytesPerDay, locale)} a day); a page of ${n(inputs.pageSize)} would be ${formatBytes(size.after.bytes, locale)}.`,
            `이 목록은 ${n(inputs.tableRows)}행을 모두 돌려줍니다 (응답당 ${formatBytes(size.before.bytes, locale)}, 하루 ${formatBytes(size.before.bytesPerDay, locale)}). ${n(inputs.pageSize)}행씩 나누면 응답당 ${formatBytes(size.after.bytes, locale)}입니다.`,
          ),
        ],
      };
    }
    case 'ai': {
      const price = prices[inputs.model];
      if (!price) return emptyView(say('No price for this model', '이 모델의 가격 정보가 없습니다'), [trafficFact]);
      const cost = aiCost(inputs, price);
      return {
        metrics: [
          { label: say('Cost per call (typical)', '호출 1회 비용 (보통)'), value: usd(cost.perCall), tone: 'neutral' },
          { label: say('Per month at this usage', '이 사용량의 월 비용'), value: usd(cost.monthly), tone: 'neutral' },
          { label: say('One user or script with no limits (1 call/s, uncapped): per day', '제한 없는 사용자·스크립트 하나 (초당 1회, 상한 없음): 하루'), value: usd(cost.runawayPerDay), tone: 'bad' },
          { label: say('One user with the cap and the daily limit: per day, at most', '상한과 하루 제한을 둔 사용자 하나: 하루 최대'), value: usd(cost.cappedUserPerDay), tone: 'good' },
          { label: say('Ceiling per month if every user hits the limit', '모든 사용자가 제한까지 쓸 때의 월 상한'), value: usd(cost.monthlyCeiling), tone: 'neutral' },
        ],
        chart: {
          title: say('What one user can cost in a day (US dollars, log scale)', '사용자 한 명이 하루에 쓸 수 있는 비용 (달러, 로그 눈금)'),
          bars: [
            { label: say('No limits', '제한 없음'), value: cost.runawayPerDay, display: usd(cost.runawayPerDay), tone: 'bad' },
            { label: say('Cap + daily limit', '상한 + 하루 제한'), value: cost.cappedUserPerDay, display: usd(cost.cappedUserPerDay), tone: 'good' },
            { label: say('Typical user', '보통 사용자'), value: cost.typicalUserPerDay, display: usd(cost.typicalUserPerDay), tone: 'neutral' },
          ],
        },
        facts: [
          say(
            `Expected usage: ${n(inputs.usersPerDay)} users a day, ${n(inputs.aiCallsPerUser)} AI calls each, ${n(inputs.inputTokens)} input and ${n(inputs.outputTokens)} output tokens per call on ${inputs.model} ($${price.input}/$${price.output} per million tokens): about ${usd(cost.monthly)} a month.`,
            `예상 사용량: 하루 사용자 ${n(inputs.usersPerDay)}명이 1인당 AI를 ${n(inputs.aiCallsPerUser)}번 호출하고, 호출마다 입력 ${n(inputs.inputTokens)} 토큰, 출력 ${n(inputs.outputTokens)} 토큰을 ${inputs.model}(100만 토큰당 $${price.input}/$${price.output})로 씁니다. 월 약 ${usd(cost.monthly)}입니다.`,
          ),
          say(
            `Without a rate limit or an output cap there is no ceiling: one script calling once a second could spend ${usd(cost.runawayPerDay)} a day. With max_tokens=${n(inputs.maxTokens)} and ${n(inputs.dailyLimit)} calls per user per day the worst month is ${usd(cost.monthlyCeiling)}.`,
            `호출 제한과 출력 상한이 없으면 비용에 천장이 없습니다. 초당 1번 호출하는 스크립트 하나가 하루에 ${usd(cost.runawayPerDay)}를 쓸 수 있습니다. max_tokens=${n(inputs.maxTokens)}, 1인당 하루 ${n(inputs.dailyLimit)}회로 제한하면 최악의 달도 ${usd(cost.monthlyCeiling)}입니다.`,
          ),
        ],
      };
    }
    case 'concurrency': {
      const load = concurrency(rate.peakPerSecond, inputs.sharePercent, inputs.workSeconds, inputs.slots);
      const scaled = scaleOut(inputs.instances, inputs.slots, 0);
      const timesOut = inputs.workSeconds > inputs.timeoutSeconds;
      return {
        metrics: [
          peakMetric,
          pathMetric,
          { label: say('Slots busy at peak', '피크 때 사용 중인 슬롯'), value: `${n(load.before.busy)} / ${n(scaled.slots)} → ${n(load.after.busy)} / ${n(scaled.slots)}`, tone: load.before.busy > scaled.slots ? 'bad' : 'neutral' },
          { label: say('Requests/s the slots sustain', '슬롯이 버티는 초당 요청'), value: `${n(load.before.capacityPerSecond * inputs.instances)} → ${n(load.after.capacityPerSecond * inputs.instances)}`, tone: 'neutral' },
          {
            label: say('Slow work vs. timeout', '느린 작업 vs 타임아웃'),
            value: `${formatSeconds(inputs.workSeconds, locale)} / ${formatSeconds(inputs.timeoutSeconds, locale)}${timesOut ? say(' — cut off', ' — 강제 종료') : ''}`,
            tone: timesOut ? 'bad' : 'neutral',
          },
        ],
        chart: {
          title: say('Request slots busy at peak', '피크 때 점유된 요청 슬롯'),
          bars: [
            { label: say('Work in the request', '요청 안에서 처리'), value: load.before.busy, display: n(load.before.busy), tone: load.before.busy > scaled.slots ? 'bad' : 'neutral' },
            { label: say('Queued to a worker', '큐로 넘김'), value: load.after.busy, display: n(load.after.busy), tone: 'good' },
          ],
          limit: { label: say('slots', '슬롯'), value: scaled.slots, display: n(scaled.slots) },
        },
        facts: [
          trafficFact,
          say(
            `${n(inputs.sharePercent)}% of requests do ${formatSeconds(inputs.workSeconds, locale)} of slow work inside the request. The app serves ${n(scaled.slots)} requests at once (${n(inputs.instances)} instance(s) × ${n(inputs.slots)}); at peak ${n(load.before.busy)} slots are busy, so it sustains ${n(load.before.capacityPerSecond * inputs.instances)} requests/s. The platform timeout is ${formatSeconds(inputs.timeoutSeconds, locale)}.`,
            `요청의 ${n(inputs.sharePercent)}%가 요청 안에서 ${formatSeconds(inputs.workSeconds, locale)}짜리 느린 작업을 합니다. 앱이 동시에 처리하는 요청은 ${n(scaled.slots)}건(인스턴스 ${n(inputs.instances)}개 × ${n(inputs.slots)})이고, 피크 때 슬롯 ${n(load.before.busy)}개가 차서 초당 ${n(load.before.capacityPerSecond * inputs.instances)}건까지만 버팁니다. 플랫폼 타임아웃은 ${formatSeconds(inputs.timeoutSeconds, locale)}입니다.`,
          ),
        ],
      };
    }
    case 'instances': {
      const one = scaleOut(1, inputs.slots, inputs.rateLimitPerMinute);
      const many = scaleOut(inputs.instances, inputs.slots, inputs.rateLimitPerMinute);
      return {
        metrics: [
          peakMetric,
          { label: say('Requests served at once', '동시 처리 요청'), value: `${n(one.slots)} → ${n(many.slots)}`, tone: 'good' },
          { label: say('What the in-memory limit lets through, per minute', '메모리 제한이 실제로 통과시키는 분당 요청'), value: `${n(one.effectiveRateLimit)} → ${n(many.effectiveRateLimit)}`, tone: 'bad' },
          { label: say('Requests that find their in-memory session or cache entry', '메모리 속 세션·캐시를 찾는 요청'), value: `${formatPercent(one.sameInstanceChance, locale)} → ${formatPercent(many.sameInstanceChance, locale)}`, tone: 'bad' },
        ],
        chart: {
          title: say('Per-minute limit actually enforced', '실제로 적용되는 분당 제한'),
          bars: [
            { label: say('1 instance', '인스턴스 1개'), value: one.effectiveRateLimit, display: n(one.effectiveRateLimit), tone: 'neutral' },
            { label: say(`${n(many.slots / inputs.slots)} instances`, `인스턴스 ${n(many.slots / inputs.slots)}개`), value: many.effectiveRateLimit, display: n(many.effectiveRateLimit), tone: 'bad' },
          ],
          limit: { label: say('intended', '의도한 제한'), value: inputs.rateLimitPerMinute, display: n(inputs.rateLimitPerMinute) },
        },
        facts: [
          trafficFact,
          say(
            `The app will run ${n(inputs.instances)} instances. State kept in process memory is per instance: a limit of ${n(inputs.rateLimitPerMinute)}/min lets ${n(many.effectiveRateLimit)}/min through, and a request finds its in-memory data ${formatPercent(many.sameInstanceChance, locale)} of the time.`,
            `앱을 인스턴스 ${n(inputs.instances)}개로 띄울 예정입니다. 프로세스 메모리에 둔 상태는 인스턴스마다 따로라서, 분당 ${n(inputs.rateLimitPerMinute)}회 제한이 실제로는 분당 ${n(many.effectiveRateLimit)}회를 통과시키고, 요청이 메모리 속 데이터를 찾을 확률은 ${formatPercent(many.sameInstanceChance, locale)}입니다.`,
          ),
        ],
      };
    }
    case 'connections': {
      const pool = connections(path, inputs.poolSize, inputs.instances, inputs.dbMaxConnections);
      return {
        metrics: [
          peakMetric,
          pathMetric,
          { label: say('A new client per request fills the database in', '요청마다 새 클라이언트를 만들면 DB가 차는 시간'), value: formatSeconds(pool.secondsToExhaustion, locale), tone: 'bad' },
          { label: say('One client per process: connections', '프로세스당 클라이언트 하나: 연결 수'), value: `${n(pool.singleton)} / ${n(inputs.dbMaxConnections)}`, tone: pool.singleton > inputs.dbMaxConnections ? 'bad' : 'good' },
        ],
        chart: {
          title: say('Open connections after one peak minute', '피크 1분 뒤 열린 연결 수'),
          bars: [
            { label: say('Client per request', '요청마다 클라이언트'), value: Math.min(path * 60, inputs.dbMaxConnections * 2), display: n(Math.min(path * 60, inputs.dbMaxConnections)), tone: 'bad' },
            { label: say('One client per process', '프로세스당 하나'), value: pool.singleton, display: n(pool.singleton), tone: 'good' },
          ],
          limit: { label: say('DB limit', 'DB 한도'), value: inputs.dbMaxConnections, display: n(inputs.dbMaxConnections) },
        },
        facts: [
          trafficFact,
          say(
            `The database allows ${n(inputs.dbMaxConnections)} connections. Creating a client per request leaves connections open; at ${n(path)} requests/s they fill the database in ${formatSeconds(pool.secondsToExhaustion, locale)}. One client per process keeps ${n(pool.singleton)} open.`,
            `DB는 연결을 ${n(inputs.dbMaxConnections)}개까지 받습니다. 요청마다 클라이언트를 만들면 연결이 열린 채 남고, 초당 ${n(path)}건이면 ${formatSeconds(pool.secondsToExhaustion, locale)} 만에 DB가 가득 찹니다. 프로세스당 클라이언트 하나면 연결 ${n(pool.singleton)}개로 충분합니다.`,
          ),
        ],
      };
    }
    case 'cache': {
      const misses = cacheMisses(path, inputs.cacheHitPercent);
      const price = prices[inputs.model];
      const monthlyAi = price ? aiCost({ ...inputs, dailyLimit: 0 }, price).monthly : 0;
      const cachedAi = monthlyAi * (1 - inputs.cacheHitPercent / 100);
      return {
        metrics: [
          peakMetric,
          pathMetric,
          { label: say('Reads reaching the database, per second', 'DB까지 가는 초당 읽기'), value: `${n(path)} → ${n(misses)}`, tone: 'good' },
          { label: say('AI bill per month', '월 AI 비용'), value: `${formatUsd(monthlyAi, locale)} → ${formatUsd(cachedAi, locale)}`, tone: 'good' },
        ],
        chart: {
          title: say('Requests reaching the origin per second', '원본까지 가는 초당 요청'),
          bars: [
            { label: say('No cache', '캐시 없음'), value: path, display: n(path), tone: 'bad' },
            { label: say(`${n(inputs.cacheHitPercent)}% hits`, `적중률 ${n(inputs.cacheHitPercent)}%`), value: misses, display: n(misses), tone: 'good' },
          ],
        },
        facts: [
          trafficFact,
          say(
            `A cache answering ${n(inputs.cacheHitPercent)}% of reads would cut ${n(path)} origin reads/s to ${n(misses)}, and an AI bill of ${formatUsd(monthlyAi, locale)} to ${formatUsd(cachedAi, locale)} a month.`,
            `읽기의 ${n(inputs.cacheHitPercent)}%를 캐시가 받으면 원본 읽기가 초당 ${n(path)}건에서 ${n(misses)}건으로, 월 AI 비용이 ${formatUsd(monthlyAi, locale)}에서 ${formatUsd(cachedAi, locale)}로 줄어듭니다.`,
          ),
        ],
      };
    }
    case 'writes': {
      const lost = lostUpdates(path, inputs.writeWindowMs);
      return {
        metrics: [
          peakMetric,
          { label: say('Writes to the same row per second', '같은 행에 대한 초당 쓰기'), value: n(path), tone: 'neutral' },
          { label: say('Updates lost per second (read, add, write back)', '초당 사라지는 업데이트 (읽고 더해서 쓰기)'), value: n(lost), tone: lost > 0 ? 'bad' : 'neutral' },
          { label: say('…per day at that rate', '…그 속도로 하루'), value: n(lost * 86_400), tone: lost > 0 ? 'bad' : 'neutral' },
          { label: say('Updates lost with an atomic increment', '원자적 증가를 쓰면 사라지는 업데이트'), value: '0', tone: 'good' },
        ],
        chart: {
          title: say('Lost updates per second at peak', '피크 때 초당 사라지는 업데이트'),
          bars: [
            { label: say('Read, add, write', '읽고 더해서 쓰기'), value: lost, display: n(lost), tone: 'bad' },
            { label: say('Atomic increment', '원자적 증가'), value: 0, display: '0', tone: 'good' },
          ],
        },
        facts: [
          trafficFact,
          say(
            `About ${n(path)} writes/s hit the same row at peak; reading, adding and writing back with a ${n(inputs.writeWindowMs)} ms gap loses about ${n(lost)} updates/s.`,
            `피크 때 같은 행에 초당 약 ${n(path)}번 쓰기가 몰립니다. 읽고 더한 뒤 ${n(inputs.writeWindowMs)}ms 뒤에 다시 쓰면 초당 약 ${n(lost)}건의 업데이트가 사라집니다.`,
          ),
        ],
      };
    }
    case 'growth': {
      const stages = growthStages(inputs.requestsPerUser, inputs.peakFactor, inputs.slots, inputs.instances);
      const capacity = stages[0].capacityPerSecond;
      return {
        metrics: stages.map((stage) => ({
          label: say(`${n(stage.users)} users a day: peak requests/s`, `하루 ${n(stage.users)}명: 피크 초당 요청`),
          value: `${n(stage.peakPerSecond)} / ${n(capacity)}`,
          tone: stage.peakPerSecond > capacity ? 'bad' : stage.peakPerSecond > capacity / 2 ? 'neutral' : 'good',
        })),
        chart: {
          title: say('Peak requests/s by stage (log scale)', '단계별 피크 초당 요청 (로그 눈금)'),
          bars: stages.map((stage) => ({
            label: say(`${n(stage.users)} users`, `${n(stage.users)}명`),
            value: stage.peakPerSecond,
            display: n(stage.peakPerSecond),
            tone: stage.peakPerSecond > capacity ? 'bad' : 'neutral',
          })),
          limit: { label: say('capacity at 100 ms', '100ms 기준 처리량'), value: capacity, display: n(capacity) },
        },
        facts: stages.map((stage) =>
          say(
            `At ${n(stage.users)} users a day the peak is ${n(stage.peakPerSecond)} requests/s against ${n(capacity)} the current slots sustain at 100 ms each.`,
            `하루 ${n(stage.users)}명이면 피크는 초당 ${n(stage.peakPerSecond)}건이고, 지금 슬롯으로는 요청당 100ms 기준 초당 ${n(capacity)}건을 버팁니다.`,
          ),
        ),
      };
    }
    case 'traffic':
      return {
        metrics: [
          { label: say('Requests per day', '하루 요청'), value: n(rate.requestsPerDay), tone: 'neutral' },
          { label: say('Average requests/s', '평균 초당 요청'), value: n(rate.averagePerSecond), tone: 'neutral' },
          peakMetric,
        ],
        chart: {
          title: say('Requests per second', '초당 요청'),
          bars: [
            { label: say('Average', '평균'), value: rate.averagePerSecond, display: n(rate.averagePerSecond), tone: 'neutral' },
            { label: say('Peak', '피크'), value: rate.peakPerSecond, display: n(rate.peakPerSecond), tone: 'bad' },
          ],
        },
        facts: [trafficFact],
      };
  }
}

function emptyView(title: string, facts: string[]): SimView {
  return { metrics: [], chart: { title, bars: [] }, facts };
}

/** The numbers as an HTML definition list. Everything is escaped. */
export function renderMetrics(view: SimView): string {
  return `<dl class="sim-metrics">${view.metrics
    .map((metric) => `<div class="metric tone-${metric.tone}"><dt>${escapeHtml(metric.label)}</dt><dd>${escapeHtml(metric.value)}</dd></div>`)
    .join('')}</dl>`;
}

const CHART_WIDTH = 320;
const LABEL_WIDTH = 120;
const VALUE_WIDTH = 64;
const BAR_HEIGHT = 18;
const BAR_GAP = 8;

/**
 * A horizontal bar chart as inline SVG, coloured through classes so the
 * theme's chart colours apply. A log scale is used when the largest bar is
 * more than 50 times the smallest non-zero one, so both stay visible.
 */
export function renderChart(chart: SimChart): string {
  const values = [...chart.bars.map((bar) => bar.value), chart.limit?.value ?? 0].filter((value) => Number.isFinite(value) && value > 0);
  const max = values.length ? Math.max(...values) : 1;
  const min = values.length ? Math.min(...values) : 1;
  const log = max / min > 50;
  const track = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const scale = (value: number): number => {
    if (!(value > 0)) return 0;
    if (!Number.isFinite(value)) return track;
    if (!log) return (value / max) * track;
    const floor = Math.log10(min) - 1;
    return ((Math.log10(value) - floor) / (Math.log10(max) - floor)) * track;
  };
  const height = chart.bars.length * (BAR_HEIGHT + BAR_GAP) + (chart.limit ? 16 : 4);
  const rows = chart.bars.map((bar, index) => {
    const y = index * (BAR_HEIGHT + BAR_GAP);
    const width = Math.max(bar.value > 0 ? 2 : 0, scale(bar.value));
    return [
      `<text class="chart-label" x="0" y="${y + 13}">${escapeHtml(truncate(bar.label, 22))}</text>`,
      `<rect class="chart-track" x="${LABEL_WIDTH}" y="${y}" width="${track}" height="${BAR_HEIGHT}" rx="2"></rect>`,
      `<rect class="chart-bar tone-${bar.tone}" x="${LABEL_WIDTH}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" rx="2"></rect>`,
      `<text class="chart-value" x="${CHART_WIDTH - VALUE_WIDTH + 6}" y="${y + 13}">${escapeHtml(bar.display)}</text>`,
    ].join('');
  });
  if (chart.limit && chart.limit.value > 0) {
    const x = LABEL_WIDTH + Math.min(track, scale(chart.limit.value));
    const bottom = chart.bars.length * (BAR_HEIGHT + BAR_GAP);
    rows.push(
      `<line class="chart-limit" x1="${x.toFixed(1)}" y1="-2" x2="${x.toFixed(1)}" y2="${bottom}"></line>`,
      `<text class="chart-limit-label" x="${Math.min(x, CHART_WIDTH - VALUE_WIDTH - 4).toFixed(1)}" y="${bottom + 10}" text-anchor="middle">${escapeHtml(`${chart.limit.label} ${chart.limit.display}`)}</text>`,
    );
  }
  return `<figure class="sim-chart"><figcaption>${escapeHtml(chart.title)}</figcaption><svg role="img" aria-label="${escapeHtml(chart.title)}" viewBox="0 -4 ${CHART_WIDTH} ${height + 4}" width="100%" preserveAspectRatio="xMinYMin meet">${rows.join('')}</svg></figure>`;
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
