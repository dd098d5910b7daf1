import type { Locale } from '../analyzers/core/types';
import { escapeHtml } from './html';

/**
 * One small diagram per lesson, drawn as SVG from code so labels exist in
 * both languages. Colours come only from classes: inside the lesson panel,
 * media/lesson.css maps them to `currentColor` and the theme's `--vscode-*`
 * chart colours (light, dark and high contrast alike); the standalone files
 * in media/diagrams/ (for the Markdown lessons) carry a small stylesheet of
 * their own that follows `prefers-color-scheme`.
 */

type Say = (en: string, ko: string) => string;

const WIDTH = 320;
const HEIGHT = 150;

function text(x: number, y: number, content: string, cls = 'd-text', anchor: 'start' | 'middle' | 'end' = 'middle'): string {
  return `<text class="${cls}" x="${x}" y="${y}" text-anchor="${anchor}">${escapeHtml(content)}</text>`;
}

function box(x: number, y: number, w: number, h: number, cls = 'd-box', label?: string, labelCls = 'd-text'): string {
  const rect = `<rect class="${cls}" x="${x}" y="${y}" width="${w}" height="${h}" rx="4"></rect>`;
  return label === undefined ? rect : rect + text(x + w / 2, y + h / 2 + 4, label, labelCls);
}

function arrow(x1: number, y1: number, x2: number, y2: number, tone: 'fg' | 'bad' | 'good' | 'accent' = 'fg', dashed = false): string {
  return `<line class="d-arrow d-${tone}${dashed ? ' d-dashed' : ''}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" marker-end="url(#sc-arrow-${tone})"></line>`;
}

function line(x1: number, y1: number, x2: number, y2: number, cls = 'd-line'): string {
  return `<line class="${cls}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}"></line>`;
}

const MARKERS = (['fg', 'bad', 'good', 'accent'] as const)
  .map((tone) => `<marker id="sc-arrow-${tone}" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path class="d-head-${tone}" d="M0,0 L8,4 L0,8 z"></path></marker>`)
  .join('');

const DIAGRAMS: Record<string, (say: Say) => string> = {
  'n-plus-one': (say) => {
    const parts = [text(80, 14, say('Query per row: 1 + N', '행마다 쿼리: 1 + N'), 'd-title d-bad-text'), text(240, 14, say('Batched: 2', '한 번에: 2'), 'd-title d-good-text')];
    parts.push(box(10, 34, 44, 84, 'd-box', say('App', '앱')), box(106, 34, 44, 84, 'd-box', 'DB'));
    for (let i = 0; i < 8; i++) parts.push(arrow(56, 40 + i * 10, 104, 40 + i * 10, i === 0 ? 'fg' : 'bad'));
    parts.push(text(80, 136, say('41 round trips', '왕복 41번'), 'd-small'));
    parts.push(line(160, 26, 160, 140, 'd-divider'));
    parts.push(box(170, 34, 44, 84, 'd-box', say('App', '앱')), box(266, 34, 44, 84, 'd-box', 'DB'));
    parts.push(arrow(216, 62, 264, 62, 'good'), arrow(216, 88, 264, 88, 'good'));
    parts.push(text(240, 136, say('2 round trips', '왕복 2번'), 'd-small'));
    return parts.join('');
  },
  'missing-index': (say) => {
    const parts = [text(80, 14, say('No index: read every row', '인덱스 없음: 모든 행을 읽음'), 'd-title d-bad-text'), text(240, 14, say('Index: a few steps', '인덱스: 몇 단계만'), 'd-title d-good-text')];
    for (let row = 0; row < 8; row++) for (let col = 0; col < 10; col++) parts.push(`<rect class="d-cell d-cell-bad" x="${12 + col * 14}" y="${28 + row * 12}" width="12" height="10"></rect>`);
    parts.push(text(80, 136, say('1,000,000 rows read', '100만 행을 읽음'), 'd-small'));
    parts.push(line(160, 26, 160, 140, 'd-divider'));
    parts.push(box(226, 28, 28, 14, 'd-node-good'));
    parts.push(box(186, 56, 28, 14, 'd-node'), box(266, 56, 28, 14, 'd-node-good'));
    parts.push(box(246, 84, 28, 14, 'd-node-good'), box(286, 84, 24, 14, 'd-node'));
    parts.push(line(240, 42, 200, 56), line(240, 42, 280, 56, 'd-line d-good'), line(280, 70, 260, 84, 'd-line d-good'), line(280, 70, 298, 84));
    for (let col = 0; col < 3; col++) parts.push(`<rect class="d-cell d-cell-good" x="${240 + col * 14}" y="108" width="12" height="10"></rect>`);
    parts.push(line(260, 98, 260, 108, 'd-line d-good'));
    parts.push(text(240, 136, say('3 steps + 20 rows', '3단계 + 20행'), 'd-small'));
    return parts.join('');
  },
  'unbounded-ai-call': (say) => {
    const parts = [text(80, 14, say('No limits', '제한 없음'), 'd-title d-bad-text'), text(240, 14, say('Cap + rate limit', '상한 + 호출 제한'), 'd-title d-good-text')];
    const heights = [8, 12, 18, 26, 40, 58, 84];
    heights.forEach((h, i) => parts.push(`<rect class="d-bar-bad" x="${14 + i * 19}" y="${118 - h}" width="14" height="${h}"></rect>`));
    parts.push(line(10, 118, 150, 118), text(80, 136, say('$ per day follows every call', '하루 비용이 호출을 그대로 따라감'), 'd-small'));
    parts.push(line(160, 26, 160, 140, 'd-divider'));
    heights.forEach((h, i) => parts.push(`<rect class="d-bar-good" x="${174 + i * 19}" y="${118 - Math.min(h, 34)}" width="14" height="${Math.min(h, 34)}"></rect>`));
    parts.push(line(170, 84, 312, 84, 'd-line d-dashed d-good'), text(312, 78, say('ceiling', '천장'), 'd-small d-good-text', 'end'));
    parts.push(line(170, 118, 312, 118), text(240, 136, say('the bill has a ceiling', '청구서에 천장이 생김'), 'd-small'));
    return parts.join('');
  },
  'long-task-in-request': (say) => {
    const parts = [text(160, 14, say('One request, 5 s of email', '요청 하나, 메일 발송 5초'), 'd-title')];
    parts.push(text(8, 44, say('slot', '슬롯'), 'd-small', 'start'));
    parts.push(box(44, 32, 236, 18, 'd-bar-bad'), text(162, 45, say('held until the email is sent', '메일이 나갈 때까지 붙잡힘'), 'd-small d-on-bar'));
    parts.push(line(44, 62, 300, 62, 'd-divider'));
    parts.push(text(8, 88, say('slot', '슬롯'), 'd-small', 'start'));
    parts.push(box(44, 76, 26, 18, 'd-bar-good'), text(57, 89, '202', 'd-small d-on-bar'));
    parts.push(arrow(72, 85, 104, 106, 'accent'), box(106, 98, 40, 18, 'd-box', say('queue', '큐'), 'd-small'));
    parts.push(text(8, 128, say('worker', '워커'), 'd-small', 'start'));
    parts.push(arrow(148, 107, 160, 118, 'accent'), box(160, 120, 120, 14, 'd-bar-accent'));
    parts.push(line(44, 146, 280, 146), text(44, 144, '0 s', 'd-tiny', 'start'), text(280, 144, '5 s', 'd-tiny', 'end'));
    return parts.join('');
  },
  'in-memory-state': (say) => {
    const parts = [text(80, 14, say('Memory per instance', '인스턴스마다 따로'), 'd-title d-bad-text'), text(240, 14, say('One shared store', '공유 저장소 하나'), 'd-title d-good-text')];
    parts.push(box(50, 26, 60, 18, 'd-box', say('balancer', '로드 밸런서'), 'd-small'));
    parts.push(arrow(70, 46, 40, 64), arrow(90, 46, 120, 64));
    parts.push(box(10, 66, 60, 34, 'd-box', ''), text(40, 80, say('instance A', '인스턴스 A'), 'd-small'), text(40, 94, 'views = 3', 'd-small d-bad-text'));
    parts.push(box(90, 66, 60, 34, 'd-box', ''), text(120, 80, say('instance B', '인스턴스 B'), 'd-small'), text(120, 94, 'views = 5', 'd-small d-bad-text'));
    parts.push(text(80, 124, say('two answers, lost on restart', '답이 둘, 재시작하면 사라짐'), 'd-small'));
    parts.push(line(160, 26, 160, 140, 'd-divider'));
    parts.push(box(170, 40, 60, 24, 'd-box', say('instance A', '인스턴스 A'), 'd-small'), box(250, 40, 60, 24, 'd-box', say('instance B', '인스턴스 B'), 'd-small'));
    parts.push(arrow(200, 66, 232, 92, 'good'), arrow(280, 66, 248, 92, 'good'));
    parts.push(box(205, 94, 70, 26, 'd-box d-good'), text(240, 106, 'Redis', 'd-small'), text(240, 117, 'views = 8', 'd-small d-good-text'));
    parts.push(text(240, 138, say('one answer for every instance', '모든 인스턴스에 같은 답'), 'd-small'));
    return parts.join('');
  },
  'unbounded-query': (say) => {
    const parts = [text(80, 14, say('No limit', '제한 없음'), 'd-title d-bad-text'), text(240, 14, say('One page at a time', '한 번에 한 페이지'), 'd-title d-good-text')];
    const sizes: Array<[number, string]> = [
      [6, say('launch', '출시')],
      [30, say('6 months', '6개월')],
      [86, say('1 year', '1년')],
    ];
    sizes.forEach(([h, label], i) => {
      parts.push(`<rect class="d-bar-bad" x="${22 + i * 44}" y="${118 - h}" width="26" height="${h}"></rect>`, text(35 + i * 44, 132, label, 'd-tiny'));
    });
    parts.push(line(10, 118, 150, 118));
    parts.push(line(160, 26, 160, 140, 'd-divider'));
    sizes.forEach(([, label], i) => {
      parts.push(`<rect class="d-bar-good" x="${182 + i * 44}" y="112" width="26" height="6"></rect>`, text(195 + i * 44, 132, label, 'd-tiny'));
    });
    parts.push(line(170, 118, 312, 118), text(240, 96, say('20 rows, always', '언제나 20행'), 'd-small d-good-text'));
    parts.push(text(80, 146, say('response size', '응답 크기'), 'd-tiny'), text(240, 146, say('response size', '응답 크기'), 'd-tiny'));
    return parts.join('');
  },
  'prisma-client-per-request': (say) => {
    const parts = [text(80, 14, say('Client per request', '요청마다 클라이언트'), 'd-title d-bad-text'), text(240, 14, say('One client per process', '프로세스당 하나'), 'd-title d-good-text')];
    for (let i = 0; i < 4; i++) {
      parts.push(box(8, 28 + i * 26, 40, 18, 'd-box', say(`req ${i + 1}`, `요청 ${i + 1}`), 'd-tiny'));
      for (let j = 0; j < 3; j++) parts.push(line(50, 32 + i * 26 + j * 5, 106, 56 + i * 8 + j * 3, 'd-line d-bad'));
    }
    parts.push(box(106, 40, 44, 70, 'd-box d-bad'), text(128, 72, 'DB', 'd-text'), text(128, 86, say('full', '가득'), 'd-small d-bad-text'));
    parts.push(text(80, 138, say('a pool per request', '요청마다 풀 하나씩'), 'd-small'));
    parts.push(line(160, 26, 160, 140, 'd-divider'));
    for (let i = 0; i < 4; i++) parts.push(box(168, 28 + i * 26, 40, 18, 'd-box', say(`req ${i + 1}`, `요청 ${i + 1}`), 'd-tiny'), arrow(210, 37 + i * 26, 222, 72, 'fg'));
    parts.push(box(224, 58, 36, 28, 'd-box d-good', say('client', '클라이언트'), 'd-tiny'));
    for (let j = 0; j < 3; j++) parts.push(line(262, 64 + j * 8, 278, 64 + j * 8, 'd-line d-good'));
    parts.push(box(278, 46, 34, 52, 'd-box'), text(295, 76, 'DB', 'd-small'));
    parts.push(text(240, 138, say('one shared pool', '풀 하나를 함께 씀'), 'd-small'));
    return parts.join('');
  },
  'deployment-capacity': (say) => {
    const parts = [text(160, 14, say('2 workers × 2 threads = 4 slots', '워커 2 × 스레드 2 = 슬롯 4개'), 'd-title')];
    for (let i = 0; i < 7; i++) parts.push(`<circle class="d-dot-bad" cx="${20 + i * 16}" cy="84" r="6"></circle>`);
    parts.push(text(68, 112, say('waiting in line', '줄 서서 기다림'), 'd-small d-bad-text'));
    parts.push(arrow(132, 84, 168, 84, 'fg'));
    for (let worker = 0; worker < 2; worker++) {
      parts.push(box(172 + worker * 72, 34, 64, 90, 'd-box'), text(204 + worker * 72, 50, say(`worker ${worker + 1}`, `워커 ${worker + 1}`), 'd-small'));
      for (let thread = 0; thread < 2; thread++) parts.push(box(180 + worker * 72, 60 + thread * 30, 48, 22, 'd-bar-accent', say('busy', '처리 중'), 'd-tiny d-on-bar'));
    }
    parts.push(text(240, 142, say('100 ms each → about 40 requests/s', '요청당 100ms → 초당 약 40건'), 'd-small'));
    return parts.join('');
  },
  caching: (say) => {
    const parts = [text(160, 14, say('Ask less: most requests stop at the cache', '덜 묻기: 요청 대부분이 캐시에서 끝남'), 'd-title')];
    for (let i = 0; i < 5; i++) parts.push(box(8, 28 + i * 22, 46, 16, 'd-box', say('request', '요청'), 'd-tiny'), arrow(56, 36 + i * 22, 118, 80, i === 4 ? 'accent' : 'good'));
    parts.push(box(120, 56, 64, 48, 'd-box d-good'), text(152, 78, say('cache', '캐시'), 'd-text'), text(152, 94, say('hit 80%', '적중 80%'), 'd-small d-good-text'));
    parts.push(arrow(186, 80, 242, 80, 'accent', true), text(214, 72, say('miss', '놓침'), 'd-small d-accent-text'));
    parts.push(box(244, 56, 68, 48, 'd-box'), text(278, 78, 'DB / AI', 'd-text'), text(278, 94, say('1 in 5', '5번에 1번'), 'd-small'));
    parts.push(text(160, 140, say('TTL + versioned key: saju:v1:…', 'TTL + 버전 붙은 키: saju:v1:…'), 'd-small'));
    return parts.join('');
  },
  'database-sessions': (say) => {
    const parts = [text(80, 14, say('Database sessions', 'DB 세션'), 'd-title d-bad-text'), text(240, 14, say('cached_db', 'cached_db'), 'd-title d-good-text')];
    for (let i = 0; i < 4; i++) parts.push(box(6, 30 + i * 22, 44, 16, 'd-box', say('request', '요청'), 'd-tiny'), arrow(52, 38 + i * 22, 100, 38 + i * 22, 'bad'));
    parts.push(box(102, 30, 50, 82, 'd-box d-bad'), text(127, 66, 'DB', 'd-text'), text(127, 82, 'django_session', 'd-tiny'));
    parts.push(text(80, 136, say('a query per request', '요청마다 쿼리'), 'd-small'));
    parts.push(line(160, 26, 160, 140, 'd-divider'));
    for (let i = 0; i < 4; i++) parts.push(box(166, 30 + i * 22, 44, 16, 'd-box', say('request', '요청'), 'd-tiny'), arrow(212, 38 + i * 22, 240, 68, 'good'));
    parts.push(box(242, 50, 34, 36, 'd-box d-good'), text(259, 72, 'Redis', 'd-tiny'));
    parts.push(arrow(278, 68, 296, 68, 'accent', true), box(298, 50, 18, 36, 'd-box'), text(307, 100, 'DB', 'd-tiny'));
    parts.push(text(240, 136, say('reads from the cache', '읽기는 캐시에서'), 'd-small'));
    return parts.join('');
  },
  'write-contention': (say) => {
    const parts = [text(80, 14, say('One hot row', '뜨거운 행 하나'), 'd-title d-bad-text'), text(240, 14, say('Atomic or spread out', '원자적으로, 흩어서'), 'd-title d-good-text')];
    for (let i = 0; i < 6; i++) parts.push(arrow(12, 30 + i * 17, 96, 78, 'bad'));
    parts.push(box(98, 64, 54, 28, 'd-box d-bad', 'views', 'd-small'), text(125, 108, say('lock: one at a time', '잠금: 한 번에 하나'), 'd-tiny d-bad-text'));
    parts.push(text(80, 136, say('41 + 1 = 42, twice', '41 + 1 = 42, 두 번'), 'd-small'));
    parts.push(line(160, 26, 160, 140, 'd-divider'));
    for (let i = 0; i < 3; i++) {
      parts.push(arrow(170, 34 + i * 30, 216, 40 + i * 30, 'good'), arrow(170, 46 + i * 30, 216, 44 + i * 30, 'good'));
      parts.push(box(218, 32 + i * 30, 48, 20, 'd-box d-good', say(`shard ${i + 1}`, `샤드 ${i + 1}`), 'd-tiny'));
      parts.push(line(268, 42 + i * 30, 284, 72, 'd-line d-good'));
    }
    parts.push(text(298, 76, 'Σ', 'd-title d-good-text'));
    parts.push(text(240, 136, say('views = views + 1', 'views = views + 1'), 'd-small'));
    return parts.join('');
  },
  'growth-stages': (say) => {
    const parts: string[] = [];
    const steps: Array<[string, string, string]> = [
      ['0–100', say('exist first', '먼저 존재하기'), say('timeouts, limits', '타임아웃, 제한')],
      ['100–10k', say('read the first bottleneck', '첫 병목 읽기'), say('N+1, slow work, AI bill', 'N+1, 느린 작업, AI 비용')],
      ['10k–100k', say('rethink the boundaries', '경계 다시 묻기'), say('indexes, limits, writes', '인덱스, 개수 제한, 쓰기')],
    ];
    steps.forEach(([users, title, examples], i) => {
      const x = 8 + i * 104;
      const y = 100 - i * 34;
      parts.push(`<rect class="d-step d-step-${i}" x="${x}" y="${y}" width="100" height="${140 - y}" rx="3"></rect>`);
      parts.push(text(x + 50, y + 16, users, 'd-title'), text(x + 50, y + 30, title, 'd-tiny'));
      parts.push(text(x + 50, y - 6, examples, 'd-tiny d-muted-text'));
    });
    parts.push(text(8, 14, say('users a day', '하루 사용자'), 'd-small', 'start'));
    return parts.join('');
  },
  'asking-better': (say) => {
    const pieces = [say('symptom', '증상'), say('platform', '플랫폼'), say('traffic', '트래픽'), say('metrics', '지표'), say('recent change', '최근 변경')];
    const parts = [text(160, 14, say('A question an AI can answer', 'AI가 답할 수 있는 질문'), 'd-title')];
    pieces.forEach((piece, i) => {
      const y = 26 + i * 23;
      parts.push(box(8, y, 96, 18, 'd-box d-accent', piece, 'd-small'), arrow(106, y + 9, 196, 84, 'accent'));
    });
    parts.push(box(198, 48, 112, 72, 'd-box'), text(254, 70, say('+ code', '+ 코드'), 'd-small'), text(254, 88, say('+ one question', '+ 질문 하나'), 'd-small'));
    parts.push(text(254, 108, say('= a diagnosis', '= 진단'), 'd-small d-good-text'));
    return parts.join('');
  },
};

export const DIAGRAM_IDS: readonly string[] = Object.keys(DIAGRAMS);

/** The diagram for the panel: inline SVG styled by the page's stylesheet. */
export function diagramSvg(id: string, locale: Locale, caption: string): string {
  const draw = DIAGRAMS[id];
  if (!draw) return '';
  const say: Say = (en, ko) => (locale === 'ko' ? ko : en);
  return `<svg class="diagram" role="img" aria-label="${escapeHtml(caption)}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH * 1.5}" preserveAspectRatio="xMidYMid meet"><defs>${MARKERS}</defs>${draw(say)}</svg>`;
}

/** Colours for the standalone files, which no VS Code theme styles. */
const STANDALONE_STYLE = `
svg { color: #1f2328; font-family: -apple-system, "Segoe UI", "Noto Sans", "Noto Sans KR", "Apple SD Gothic Neo", sans-serif; }
.d-text, .d-title, .d-small, .d-tiny { fill: currentColor; }
.d-title { font-size: 11px; font-weight: 600; }
.d-text { font-size: 11px; }
.d-small { font-size: 9px; }
.d-tiny { font-size: 8px; }
.d-box, .d-node { fill: #f6f8fa; stroke: currentColor; stroke-width: 1; }
.d-line, .d-arrow { stroke: currentColor; stroke-width: 1.2; fill: none; }
.d-divider { stroke: #8c959f; stroke-dasharray: 3 3; }
.d-dashed { stroke-dasharray: 4 3; }
.d-bad { stroke: #cf222e; } .d-good { stroke: #1a7f37; } .d-accent { stroke: #0969da; }
.d-bad-text { fill: #cf222e; } .d-good-text { fill: #1a7f37; } .d-accent-text { fill: #0969da; } .d-muted-text { fill: #59636e; }
.d-head-fg { fill: currentColor; } .d-head-bad { fill: #cf222e; } .d-head-good { fill: #1a7f37; } .d-head-accent { fill: #0969da; }
.d-cell-bad, .d-bar-bad, .d-dot-bad { fill: #cf222e; fill-opacity: 0.55; }
.d-cell-good, .d-bar-good { fill: #1a7f37; fill-opacity: 0.7; }
.d-bar-accent { fill: #0969da; fill-opacity: 0.6; }
.d-node-good { fill: #1a7f37; fill-opacity: 0.3; stroke: #1a7f37; }
.d-on-bar { fill: currentColor; }
.d-step { fill: #0969da; stroke: #0969da; }
.d-step-0 { fill-opacity: 0.12; } .d-step-1 { fill-opacity: 0.22; } .d-step-2 { fill-opacity: 0.32; }
@media (prefers-color-scheme: dark) {
  svg { color: #e6edf3; }
  .d-box, .d-node { fill: #161b22; }
  .d-bad { stroke: #ff7b72; } .d-good { stroke: #3fb950; } .d-accent { stroke: #58a6ff; }
  .d-bad-text { fill: #ff7b72; } .d-good-text { fill: #3fb950; } .d-accent-text { fill: #58a6ff; } .d-muted-text { fill: #9198a1; }
  .d-head-bad { fill: #ff7b72; } .d-head-good { fill: #3fb950; } .d-head-accent { fill: #58a6ff; }
  .d-cell-bad, .d-bar-bad, .d-dot-bad { fill: #ff7b72; } .d-cell-good, .d-bar-good { fill: #3fb950; } .d-bar-accent { fill: #58a6ff; }
  .d-node-good { fill: #3fb950; stroke: #3fb950; } .d-step { fill: #58a6ff; stroke: #58a6ff; }
}`;

/** A self-contained SVG file for `media/diagrams/<id>.<locale>.svg`, linked from the Markdown lessons. */
export function standaloneDiagram(id: string, locale: Locale): string {
  const draw = DIAGRAMS[id];
  if (!draw) return '';
  const say: Say = (en, ko) => (locale === 'ko' ? ko : en);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH * 2}" height="${HEIGHT * 2}"><style>${STANDALONE_STYLE}</style><defs>${MARKERS}</defs>${draw(say)}</svg>\n`;
}
