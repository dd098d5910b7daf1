import type { Finding, Localized } from '../analyzers/core/types';
import type { WorkspaceSummary } from './contract';
import { detailsOf, stackOf } from './details';
import { findModel, type ModelPrice, type PriceTable } from './prices';

/**
 * The scale simulator's arithmetic: pure functions of plain numbers, shared by
 * the renderer (first paint) and the page script (every keystroke), and
 * unit-tested with hand-computed values. Nothing here is a benchmark; each
 * formula is the simplest model that shows the shape of the problem, and its
 * assumptions are written next to it.
 */

/** Which part of the simulator a lesson opens with. */
export type SimFocus = 'queries' | 'index' | 'rows' | 'ai' | 'concurrency' | 'instances' | 'connections' | 'cache' | 'writes' | 'growth' | 'traffic';

export interface SimInputs {
  /** Distinct users a day. */
  usersPerDay: number;
  /** Requests each user makes a day. */
  requestsPerUser: number;
  /** How much busier the peak hour is than the day's average. */
  peakFactor: number;
  /** Percent of requests that run the code in question. */
  sharePercent: number;
  /** Rows the loop walks: items on the page. */
  itemsPerPage: number;
  /** Queries each item adds inside the loop. */
  queriesPerItem: number;
  /** Network round trip between app and database, in milliseconds. */
  roundTripMs: number;
  /** Rows in the table being filtered or listed. */
  tableRows: number;
  /** Rows the filter actually matches. */
  matchingRows: number;
  /** Average size of one row in a JSON response, in bytes. */
  rowBytes: number;
  /** Rows per page after adding a limit. */
  pageSize: number;
  /** Model name, a key of the price table. */
  model: string;
  /** AI calls each user triggers a day. */
  aiCallsPerUser: number;
  inputTokens: number;
  /** Typical answer length in tokens. */
  outputTokens: number;
  /** The output cap the fix adds (`max_tokens`). */
  maxTokens: number;
  /** AI calls one user may make a day once rate limited. */
  dailyLimit: number;
  /** Seconds of slow work (email, AI call, image) inside the request. */
  workSeconds: number;
  /** Requests served at once: Gunicorn workers × threads, or a function plan's concurrency. */
  slots: number;
  /** The platform's request timeout in seconds (Gunicorn `--timeout`, Vercel `maxDuration`). */
  timeoutSeconds: number;
  /** Instances (servers, containers, function instances) after scaling out. */
  instances: number;
  /** A per-minute rate limit kept in process memory. */
  rateLimitPerMinute: number;
  /** Connections in one Prisma Client's pool (`connection_limit`). */
  poolSize: number;
  /** The database's connection limit (Supabase free: 60). */
  dbMaxConnections: number;
  /** Percent of reads a cache answers. */
  cacheHitPercent: number;
  /** Milliseconds between reading a value and writing it back. */
  writeWindowMs: number;
}

export type SimField = keyof SimInputs;

/** How long a request takes when it does nothing slow (the seed's 100 ms). */
export const FAST_REQUEST_SECONDS = 0.1;
/** B-tree fan-out: keys per index page, so an index of a million rows is three levels deep. */
export const INDEX_FANOUT = 200;
export const DAYS_PER_MONTH = 30;
export const SECONDS_PER_DAY = 86_400;
/** Queries after the fix: one for the list, one batched for the related rows (41 → 2 in the Django post-mortem). */
export const QUERIES_AFTER_BATCHING = 2;
/** Users at the three growth stages of the lecture. */
export const STAGE_USERS = [100, 10_000, 100_000] as const;

/**
 * Defaults come from the seeds: 10k daily users (the Next.js plan's first
 * level), 20 requests per user (the Django analysis), 40 items → 41 queries,
 * 2 workers × 2 threads = 4 slots with a 120 s timeout, Supabase's 60
 * connections, a 30 % AI cache hit rate, 10 AI calls a day on a free plan.
 */
export const DEFAULT_INPUTS: SimInputs = {
  usersPerDay: 10_000,
  requestsPerUser: 20,
  peakFactor: 3,
  sharePercent: 25,
  itemsPerPage: 40,
  queriesPerItem: 1,
  roundTripMs: 5,
  tableRows: 1_000_000,
  matchingRows: 20,
  rowBytes: 1_000,
  pageSize: 20,
  model: 'gpt-4o',
  aiCallsPerUser: 2,
  inputTokens: 1_000,
  outputTokens: 500,
  maxTokens: 1_024,
  dailyLimit: 10,
  workSeconds: 5,
  slots: 4,
  timeoutSeconds: 120,
  instances: 2,
  rateLimitPerMinute: 100,
  poolSize: 5,
  dbMaxConnections: 60,
  cacheHitPercent: 30,
  writeWindowMs: 50,
};

export interface FieldSpec {
  label: Localized;
  min: number;
  max: number;
  step: number;
}

/** Input fields as the page shows them (`model` is a select and has no spec). */
export const FIELD_SPECS: Record<Exclude<SimField, 'model'>, FieldSpec> = {
  usersPerDay: { label: { en: 'Users per day', ko: '하루 사용자 수' }, min: 1, max: 100_000_000, step: 100 },
  requestsPerUser: { label: { en: 'Requests per user per day', ko: '사용자 1명의 하루 요청 수' }, min: 1, max: 10_000, step: 1 },
  peakFactor: { label: { en: 'Peak hour vs. daily average (×)', ko: '피크 시간대 배율 (평균 대비 ×)' }, min: 1, max: 50, step: 0.5 },
  sharePercent: { label: { en: 'Requests that run this code (%)', ko: '이 코드를 타는 요청 비율 (%)' }, min: 0, max: 100, step: 1 },
  itemsPerPage: { label: { en: 'Items per page (N)', ko: '페이지당 항목 수 (N)' }, min: 0, max: 100_000, step: 1 },
  queriesPerItem: { label: { en: 'Queries per item in the loop', ko: '반복 한 번마다 실행되는 쿼리 수' }, min: 0, max: 100, step: 1 },
  roundTripMs: { label: { en: 'Database round trip (ms)', ko: 'DB 왕복 시간 (ms)' }, min: 0, max: 1_000, step: 0.5 },
  tableRows: { label: { en: 'Rows in the table', ko: '테이블의 행 수' }, min: 1, max: 10_000_000_000, step: 1_000 },
  matchingRows: { label: { en: 'Rows the query matches', ko: '조건에 맞는 행 수' }, min: 0, max: 10_000_000_000, step: 1 },
  rowBytes: { label: { en: 'Bytes per row in the response', ko: '응답 속 행 하나의 크기 (바이트)' }, min: 1, max: 10_000_000, step: 100 },
  pageSize: { label: { en: 'Rows per page with a limit', ko: '제한을 둔 페이지 크기 (행)' }, min: 1, max: 100_000, step: 1 },
  aiCallsPerUser: { label: { en: 'AI calls per user per day', ko: '사용자 1명의 하루 AI 호출 수' }, min: 0, max: 100_000, step: 0.5 },
  inputTokens: { label: { en: 'Input tokens per call', ko: '호출당 입력 토큰' }, min: 0, max: 2_000_000, step: 100 },
  outputTokens: { label: { en: 'Output tokens per call (typical)', ko: '호출당 출력 토큰 (보통)' }, min: 0, max: 200_000, step: 50 },
  maxTokens: { label: { en: 'Output cap after the fix (max_tokens)', ko: '수정 후 출력 상한 (max_tokens)' }, min: 1, max: 200_000, step: 64 },
  dailyLimit: { label: { en: 'AI calls allowed per user per day', ko: '사용자 1명에게 허용할 하루 AI 호출 수' }, min: 0, max: 100_000, step: 1 },
  workSeconds: { label: { en: 'Seconds of slow work per request', ko: '요청 안 느린 작업 시간 (초)' }, min: 0, max: 3_600, step: 0.5 },
  slots: { label: { en: 'Requests served at once (workers × threads)', ko: '동시에 처리할 수 있는 요청 수 (워커 × 스레드)' }, min: 1, max: 1_000_000, step: 1 },
  timeoutSeconds: { label: { en: 'Platform timeout (s)', ko: '플랫폼 타임아웃 (초)' }, min: 1, max: 86_400, step: 1 },
  instances: { label: { en: 'Instances after scaling out', ko: '스케일 아웃 후 인스턴스 수' }, min: 1, max: 10_000, step: 1 },
  rateLimitPerMinute: { label: { en: 'In-memory rate limit (per minute)', ko: '메모리에 둔 분당 호출 제한' }, min: 1, max: 1_000_000, step: 1 },
  poolSize: { label: { en: 'Connections per client pool', ko: '클라이언트 하나의 커넥션 풀 크기' }, min: 1, max: 1_000, step: 1 },
  dbMaxConnections: { label: { en: 'Database connection limit', ko: 'DB 최대 연결 수' }, min: 1, max: 100_000, step: 1 },
  cacheHitPercent: { label: { en: 'Cache hit rate (%)', ko: '캐시 적중률 (%)' }, min: 0, max: 100, step: 1 },
  writeWindowMs: { label: { en: 'Read-to-write gap (ms)', ko: '읽고 나서 쓰기까지 걸리는 시간 (ms)' }, min: 0, max: 60_000, step: 1 },
};

const TRAFFIC_FIELDS: SimField[] = ['usersPerDay', 'requestsPerUser', 'peakFactor'];

/** The inputs each focus shows, traffic first. */
export const FOCUS_FIELDS: Record<SimFocus, SimField[]> = {
  queries: [...TRAFFIC_FIELDS, 'sharePercent', 'itemsPerPage', 'queriesPerItem', 'roundTripMs'],
  index: [...TRAFFIC_FIELDS, 'sharePercent', 'tableRows', 'matchingRows'],
  rows: [...TRAFFIC_FIELDS, 'sharePercent', 'tableRows', 'rowBytes', 'pageSize'],
  ai: ['usersPerDay', 'model', 'aiCallsPerUser', 'inputTokens', 'outputTokens', 'maxTokens', 'dailyLimit'],
  concurrency: [...TRAFFIC_FIELDS, 'sharePercent', 'workSeconds', 'slots', 'timeoutSeconds', 'instances'],
  instances: [...TRAFFIC_FIELDS, 'instances', 'slots', 'rateLimitPerMinute'],
  connections: [...TRAFFIC_FIELDS, 'sharePercent', 'poolSize', 'instances', 'dbMaxConnections'],
  cache: [...TRAFFIC_FIELDS, 'sharePercent', 'cacheHitPercent', 'model', 'aiCallsPerUser', 'inputTokens', 'outputTokens'],
  writes: [...TRAFFIC_FIELDS, 'sharePercent', 'writeWindowMs'],
  growth: ['requestsPerUser', 'peakFactor', 'slots', 'instances'],
  traffic: TRAFFIC_FIELDS,
};

/** Focus-specific starting points where the shared default would mislead (slow work runs on few requests). */
const FOCUS_DEFAULTS: Partial<Record<SimFocus, Partial<SimInputs>>> = {
  queries: { sharePercent: 50 },
  index: { sharePercent: 50 },
  concurrency: { sharePercent: 10, instances: 1 },
  connections: { instances: 1 },
  writes: { sharePercent: 10 },
  growth: { instances: 1 },
};

// ── formulas ──────────────────────────────────────────────────────────────

export interface Traffic {
  requestsPerDay: number;
  averagePerSecond: number;
  peakPerSecond: number;
}

/** Daily requests spread over the day, then multiplied for the busiest hour. */
export function traffic(usersPerDay: number, requestsPerUser: number, peakFactor: number): Traffic {
  const requestsPerDay = usersPerDay * requestsPerUser;
  const averagePerSecond = requestsPerDay / SECONDS_PER_DAY;
  return { requestsPerDay, averagePerSecond, peakPerSecond: averagePerSecond * peakFactor };
}

/** Requests per second at peak that run the code in question. */
export function pathPerSecond(inputs: SimInputs): number {
  return traffic(inputs.usersPerDay, inputs.requestsPerUser, inputs.peakFactor).peakPerSecond * (inputs.sharePercent / 100);
}

export interface QueryLoad {
  perRequest: number;
  perSecond: number;
  /** Time spent waiting on sequential round trips, per request. */
  waitMs: number;
}

/** 1 + N queries against the batched 2, per request and per second, and the round trips they wait on. */
export function queryLoad(itemsPerPage: number, queriesPerItem: number, requestsPerSecond: number, roundTripMs: number): { before: QueryLoad; after: QueryLoad } {
  const load = (perRequest: number): QueryLoad => ({ perRequest, perSecond: perRequest * requestsPerSecond, waitMs: perRequest * roundTripMs });
  return { before: load(1 + itemsPerPage * queriesPerItem), after: load(QUERIES_AFTER_BATCHING) };
}

export interface IndexLookup {
  /** Rows a full scan reads. */
  scanned: number;
  /** Index pages walked from the root to the first match. */
  depth: number;
  /** Rows (and index pages) the index path reads. */
  indexed: number;
}

/**
 * A sequential scan reads every row; a B-tree walks `depth` pages, then reads
 * the matching rows. Depth is ⌈log_fanout(rows)⌉: 3 for a million rows.
 */
export function indexLookup(tableRows: number, matchingRows: number, fanout = INDEX_FANOUT): IndexLookup {
  const rows = Math.max(1, tableRows);
  const depth = Math.max(1, Math.ceil(Math.log(rows) / Math.log(fanout) - 1e-9));
  return { scanned: rows, depth, indexed: depth + Math.min(Math.max(0, matchingRows), rows) };
}

export interface ResponseSize {
  rows: number;
  bytes: number;
  /** Bytes sent a day by this endpoint. */
  bytesPerDay: number;
}

/** A list without a limit returns the whole table; with one, a page. */
export function responseSize(tableRows: number, pageSize: number, rowBytes: number, requestsPerDay: number): { before: ResponseSize; after: ResponseSize } {
  const size = (rows: number): ResponseSize => ({ rows, bytes: rows * rowBytes, bytesPerDay: rows * rowBytes * requestsPerDay });
  return { before: size(tableRows), after: size(Math.min(pageSize, tableRows)) };
}

export interface AiCost {
  /** USD per call at the typical answer length. */
  perCall: number;
  /** USD per month at the expected usage. */
  monthly: number;
  /** USD for one call that runs to the model's longest answer (no cap). */
  worstCallUncapped: number;
  /** USD for one call that runs to the cap. */
  worstCallCapped: number;
  /** USD per month if every user spends their whole daily limit on capped calls: the bill's ceiling. */
  monthlyCeiling: number;
  /** USD per day for one script calling once a second with no limit and no cap. */
  runawayPerDay: number;
  /** USD a typical user costs a day. */
  typicalUserPerDay: number;
  /** USD one user can cost a day at most, with the cap and the daily limit. */
  cappedUserPerDay: number;
}

export function aiCost(inputs: Pick<SimInputs, 'usersPerDay' | 'aiCallsPerUser' | 'inputTokens' | 'outputTokens' | 'maxTokens' | 'dailyLimit'>, price: ModelPrice): AiCost {
  const call = (outputTokens: number) => (inputs.inputTokens * price.input + outputTokens * price.output) / 1_000_000;
  const perCall = call(inputs.outputTokens);
  const worstCallUncapped = call(price.maxOutput);
  const worstCallCapped = call(Math.min(inputs.maxTokens, price.maxOutput));
  return {
    perCall,
    monthly: inputs.usersPerDay * inputs.aiCallsPerUser * DAYS_PER_MONTH * perCall,
    worstCallUncapped,
    worstCallCapped,
    monthlyCeiling: inputs.usersPerDay * inputs.dailyLimit * DAYS_PER_MONTH * worstCallCapped,
    runawayPerDay: SECONDS_PER_DAY * worstCallUncapped,
    typicalUserPerDay: inputs.aiCallsPerUser * perCall,
    cappedUserPerDay: inputs.dailyLimit * worstCallCapped,
  };
}

export interface Concurrency {
  /** Slots busy on average at peak (Little's law: arrival rate × time in the system). */
  busy: number;
  /** busy ÷ slots; above 1 the queue only grows. */
  utilization: number;
  /** The request rate the slots can sustain. */
  capacityPerSecond: number;
}

/**
 * Slow work inside the request holds a slot for `workSeconds`; handed to a
 * queue, the request holds it only for the fast path and workers do the rest.
 */
export function concurrency(peakPerSecond: number, sharePercent: number, workSeconds: number, slots: number): { before: Concurrency; after: Concurrency } {
  const share = sharePercent / 100;
  const state = (secondsPerRequest: number): Concurrency => {
    const busy = peakPerSecond * secondsPerRequest;
    return { busy, utilization: busy / slots, capacityPerSecond: secondsPerRequest > 0 ? slots / secondsPerRequest : Infinity };
  };
  return { before: state(share * workSeconds + (1 - share) * FAST_REQUEST_SECONDS), after: state(FAST_REQUEST_SECONDS) };
}

export interface ScaleOut {
  slots: number;
  /** What a per-process limit of N a minute lets through with every instance counting alone. */
  effectiveRateLimit: number;
  /** Chance that a request lands where its in-memory session or cache entry lives. */
  sameInstanceChance: number;
}

export function scaleOut(instances: number, slotsPerInstance: number, rateLimitPerMinute: number): ScaleOut {
  const count = Math.max(1, Math.floor(instances));
  return { slots: count * slotsPerInstance, effectiveRateLimit: count * rateLimitPerMinute, sameInstanceChance: 1 / count };
}

export interface Connections {
  /** Connections open with one client per process: instances × pool. */
  singleton: number;
  /** Seconds until clients created per request (each keeping at least one connection) fill the database. */
  secondsToExhaustion: number;
}

export function connections(requestsPerSecond: number, poolSize: number, instances: number, dbMaxConnections: number): Connections {
  return {
    singleton: Math.max(1, Math.floor(instances)) * poolSize,
    secondsToExhaustion: requestsPerSecond > 0 ? dbMaxConnections / requestsPerSecond : Infinity,
  };
}

/** Reads that still reach the origin (database or model) with a cache in front. */
export function cacheMisses(readsPerSecond: number, hitPercent: number): number {
  return readsPerSecond * (1 - hitPercent / 100);
}

/**
 * Lost updates per second when concurrent requests read a counter, add one and
 * write it back: a write is lost when another lands inside its read-to-write
 * gap. With Poisson arrivals at rate w that happens with probability
 * 1 − e^(−w·gap).
 */
export function lostUpdates(writesPerSecond: number, windowMs: number): number {
  return writesPerSecond * (1 - Math.exp(-writesPerSecond * (windowMs / 1000)));
}

export interface Stage {
  users: number;
  peakPerSecond: number;
  /** Requests per second the slots sustain at 100 ms a request. */
  capacityPerSecond: number;
}

/** Peak traffic at 100, 10k and 100k users against what the configured slots sustain. */
export function growthStages(requestsPerUser: number, peakFactor: number, slots: number, instances: number): Stage[] {
  const capacityPerSecond = (Math.max(1, Math.floor(instances)) * slots) / FAST_REQUEST_SECONDS;
  return STAGE_USERS.map((users) => ({ users, peakPerSecond: traffic(users, requestsPerUser, peakFactor).peakPerSecond, capacityPerSecond }));
}

// ── seeding ──────────────────────────────────────────────────────────────

/**
 * Starting inputs for a lesson: defaults, then the focus's own, then what the
 * finding and the workspace know (Gunicorn workers × threads and timeout,
 * `maxDuration`, the model the code calls and its `max_tokens`).
 */
export function seedInputs(focus: SimFocus, prices: PriceTable, finding?: Finding, workspace?: WorkspaceSummary): SimInputs {
  const inputs: SimInputs = { ...DEFAULT_INPUTS, ...FOCUS_DEFAULTS[focus] };
  const capacity = detailsOf(finding, 'deployment-capacity');
  const workers = positive(capacity?.workers) ?? workspace?.gunicorn?.workers;
  const threads = positive(capacity?.threads) ?? workspace?.gunicorn?.threads;
  if (workers) inputs.slots = workers * (threads ?? 1);
  const timeout = positive(detailsOf(finding, 'long-task-in-request')?.maxDurationSeconds) ?? workspace?.maxDurationSeconds;
  if (timeout) inputs.timeoutSeconds = timeout;
  else if (workspace?.deployment === 'serverless') inputs.timeoutSeconds = 300;

  const ai = detailsOf(finding, 'unbounded-ai-call');
  const model = findModel(prices, ai?.model);
  if (model) inputs.model = model;
  else if (isPython(finding, workspace)) inputs.model = 'claude-3-7-sonnet';
  if (!prices[inputs.model]) inputs.model = Object.keys(prices)[0];
  const cap = positive(ai?.maxTokens);
  if (cap) inputs.maxTokens = cap;
  return inputs;
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

function isPython(finding: Finding | undefined, workspace: WorkspaceSummary | undefined): boolean {
  if (finding) return /\.py$/.test(finding.file) || /^(?:django|drf|python|celery)$/.test(stackOf(finding) ?? '');
  return workspace?.stack.includes('django') ?? false;
}

/**
 * Reads inputs back from untrusted storage (the webview's saved state):
 * unknown keys are dropped, numbers are clamped into their field's range, an
 * unknown model falls back to the given one.
 */
export function sanitizeInputs(value: unknown, fallback: SimInputs, prices: PriceTable): SimInputs {
  const out: SimInputs = { ...fallback };
  if (typeof value !== 'object' || value === null) return out;
  const record = value as Record<string, unknown>;
  for (const [field, spec] of Object.entries(FIELD_SPECS) as Array<[Exclude<SimField, 'model'>, FieldSpec]>) {
    const raw = record[field];
    if (typeof raw === 'number' && Number.isFinite(raw)) out[field] = Math.min(spec.max, Math.max(spec.min, raw));
  }
  if (typeof record.model === 'string' && prices[record.model]) out.model = record.model;
  return out;
}
