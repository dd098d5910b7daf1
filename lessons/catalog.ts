import type { Locale, Localized } from '../analyzers/core/types';

/**
 * Every lesson ScaleCheck teaches, by id. Rule metadata points here; the
 * lesson bodies are typed modules in `lessons/content/`, rendered by the
 * lesson panel, with public Markdown copies in `lessons/<locale>/<id>.md`.
 * test/lessons keeps rules, this catalog, the content and the copies in step.
 */
export interface LessonEntry {
  title: Localized;
  /** The lecture-style one-line thesis. */
  thesis: Localized;
}

/** Without a prototype: ids come from commands and pages, and `constructor` must not look like a lesson. */
export const lessonCatalog: Record<string, LessonEntry> = Object.assign(Object.create(null) as Record<string, LessonEntry>, {
  'n-plus-one': {
    title: { en: 'N+1 queries: most bottlenecks start in storage', ko: 'N+1 쿼리: 병목은 대개 저장소에서 시작된다' },
    thesis: { en: 'With little data, a bad access pattern hides; with real data, it is the first thing to break.', ko: '데이터가 적을 때는 나쁜 접근 패턴이 숨어 있다가, 데이터가 쌓이면 가장 먼저 드러납니다.' },
  },
  'missing-index': {
    title: { en: 'Indexes are roads through your data', ko: '인덱스는 데이터 속의 길이다' },
    thesis: { en: 'Without a road, every query walks the whole city.', ko: '길이 없으면 쿼리는 도시 전체를 걸어야 합니다.' },
  },
  'unbounded-ai-call': {
    title: { en: 'AI calls and the bill', ko: 'AI 호출과 청구서' },
    thesis: { en: 'The bill is another log: it shows what your code repeats.', ko: '청구서는 또 하나의 로그입니다. 코드가 무엇을 반복하는지 보여 줍니다.' },
  },
  'long-task-in-request': {
    title: { en: 'Take long work out of the request', ko: '오래 걸리는 일은 요청에서 빼라' },
    thesis: { en: 'Answer now, process later in the background.', ko: '지금은 빠르게 응답하고, 처리는 나중에 백그라운드에서 합니다.' },
  },
  'in-memory-state': {
    title: { en: 'Working is not lasting: keep servers stateless', ko: '작동하는 것과 버티는 것은 다르다: 상태 없는 서버' },
    thesis: { en: 'Whatever one server remembers, the next server does not know.', ko: '한 서버가 기억하는 것을 다음 서버는 모릅니다.' },
  },
  'unbounded-query': {
    title: { en: 'Reads that grow with the table', ko: '테이블과 함께 커지는 조회' },
    thesis: { en: 'A list without a limit is fast only while the table is small.', ko: '개수 제한이 없는 목록은 테이블이 작을 때만 빠릅니다.' },
  },
  'prisma-client-per-request': {
    title: { en: 'One database client per process', ko: '프로세스당 데이터베이스 클라이언트는 하나' },
    thesis: { en: 'Connections are a budget: every new client spends a pool of them.', ko: '연결은 예산입니다. 클라이언트를 새로 만들 때마다 풀 하나만큼을 씁니다.' },
  },
  'deployment-capacity': {
    title: { en: 'Concurrency is a number you chose', ko: '동시 처리량은 내가 정한 숫자다' },
    thesis: { en: 'Workers × threads is how many users you serve at the same moment.', ko: '워커 × 스레드가 같은 순간에 응대할 수 있는 사용자 수입니다.' },
  },
  'database-sessions': {
    title: { en: 'Sessions that cost a query on every request', ko: '요청마다 쿼리 한 번을 치르는 세션' },
    thesis: { en: 'Every signed-in request starts with a database read you did not write.', ko: '로그인한 모든 요청은 내가 쓰지 않은 DB 읽기로 시작합니다.' },
  },
  caching: {
    title: { en: 'Caching is the art of asking less', ko: '캐시는 덜 묻는 기술이다' },
    thesis: { en: 'It is fast because the repetition disappears.', ko: '반복이 사라지기 때문에 빨라집니다.' },
  },
  'write-contention': {
    title: { en: 'Writes break differently', ko: '쓰기는 다르게 무너진다' },
    thesis: { en: 'When many users change one value, correctness starts to wobble.', ko: '많은 사용자가 하나의 값을 바꾸면 정확성이 흔들립니다.' },
  },
  'growth-stages': {
    title: { en: 'Growth changes the questions', ko: '성장하면 질문이 달라진다' },
    thesis: { en: '0–100, 100–10k and 10k–100k users are judged by different standards.', ko: '0~100명, 100~1만 명, 1만~10만 명은 판단 기준이 다릅니다.' },
  },
  'asking-better': {
    title: { en: 'Ask better before it breaks', ko: '망가지기 전에 더 잘 물어라' },
    thesis: { en: 'Explain the symptom, platform, traffic, metrics and recent change together.', ko: '증상, 플랫폼, 트래픽, 지표, 최근 변경을 함께 설명하세요.' },
  },
});

export const LESSON_BASE_URL = 'https://github.com/scalecheck/scalecheck/blob/main/lessons';

/** Public URL of a lesson's text, for SARIF `helpUri` and CLI output. */
export function lessonUrl(id: string, locale: Locale = 'en'): string {
  return `${LESSON_BASE_URL}/${locale}/${id}.md`;
}

export function lessonTitle(id: string, locale: Locale = 'en'): string {
  return lessonCatalog[id]?.title[locale] ?? id;
}
