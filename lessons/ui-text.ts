import { interpolate } from '../analyzers/core/text';
import type { Locale } from '../analyzers/core/types';

/**
 * ScaleCheck's own words next to findings, in the lesson language: the
 * lesson panel, the report, the hover, and the editor's quick-fix rows,
 * ignore prompt and fix notices (the extension host imports this module;
 * the rest of its UI follows VS Code's display language through vscode.l10n).
 */
const TEXT = {
  eyebrow: { en: 'ScaleCheck lesson', ko: 'ScaleCheck 레슨' },
  keyPoints: { en: 'Key points', ko: '강의 핵심' },
  inYourCode: { en: 'In your code', ko: '내 코드에서' },
  why: { en: 'Why it breaks at scale', ko: '규모가 커지면 왜 무너지나' },
  simulator: { en: 'Scale simulator', ko: '스케일 시뮬레이터' },
  fix: { en: 'Fix it', ko: '이렇게 고치세요' },
  fine: { en: "When it's fine", ko: '괜찮은 경우' },
  askAi: { en: 'Ask your AI', ko: 'AI에게 물어보기' },
  learnMore: { en: 'Learn more', ko: '더 알아보기' },
  seeAlso: { en: 'See also', ko: '함께 보면 좋은 레슨' },
  contents: { en: 'Contents', ko: '목차' },
  noFinding: {
    en: 'Open this lesson from a ScaleCheck warning (the light bulb, then “Show lesson”) to see your own code here.',
    ko: 'ScaleCheck 경고에서 이 레슨을 열면(전구 아이콘 → “레슨 보기”) 여기에 내 코드가 나옵니다.',
  },
  whatItCosts: { en: 'What it costs', ko: '치르게 되는 대가' },
  openInEditor: { en: 'Open in editor', ko: '편집기에서 열기' },
  before: { en: 'Before', ko: '수정 전' },
  after: { en: 'After', ko: '수정 후' },
  newFile: { en: 'new file', ko: '새 파일' },
  unchanged: { en: 'unchanged', ko: '변경 없음' },
  applyFix: { en: 'Apply fix', ko: '수정 적용' },
  yourCodeNow: { en: 'Your code now', ko: '지금 내 코드' },
  yourCodeAfter: { en: 'After this fix', ko: '이 수정 뒤' },
  stockExample: { en: 'The pattern in a small example', ko: '작은 예제로 보는 같은 패턴' },
  unsafeFix: {
    en: 'Review this change: it can alter behaviour, so it is never applied in bulk.',
    ko: '이 변경은 동작을 바꿀 수 있으니 적용 후 꼭 확인하세요. 일괄 적용되지 않습니다.',
  },
  otherStacks: { en: 'The same fix for', ko: '같은 수정, 다른 스택:' },
  simulatorIntro: {
    en: 'Change the numbers to your expected traffic. The defaults come from real post-mortems and from your code where ScaleCheck could read it.',
    ko: '예상 트래픽에 맞게 숫자를 바꿔 보세요. 기본값은 실제 장애 분석 자료와, ScaleCheck가 읽을 수 있었던 내 코드의 설정에서 가져왔습니다.',
  },
  assumeFast: { en: 'A model, not a benchmark: a request without slow work takes 100 ms.', ko: '벤치마크가 아니라 모델입니다. 느린 작업이 없는 요청은 100ms로 가정합니다.' },
  assumeQueries: {
    en: 'A model, not a benchmark: the loop’s queries run one after another; batching leaves two (the list and its related rows).',
    ko: '벤치마크가 아니라 모델입니다. 반복문의 쿼리는 하나씩 차례로 실행되고, 묶어서 가져오면 두 번(목록과 관련 행)이 남는다고 가정합니다.',
  },
  assumeIndex: { en: 'A model, not a benchmark: an index is a B-tree with 200 keys per page.', ko: '벤치마크가 아니라 모델입니다. 인덱스는 페이지당 키 200개인 B-트리로 가정합니다.' },
  assumeAi: {
    en: 'A model, not a benchmark: a month has 30 days; an uncapped call at worst runs to the model’s longest answer.',
    ko: '벤치마크가 아니라 모델입니다. 한 달은 30일, 상한 없는 호출은 최악의 경우 모델이 낼 수 있는 가장 긴 답까지 간다고 가정합니다.',
  },
  assumeConnections: {
    en: 'A model, not a benchmark: each client created per request keeps at least one connection open until the process ends.',
    ko: '벤치마크가 아니라 모델입니다. 요청마다 만든 클라이언트는 프로세스가 끝날 때까지 연결을 적어도 하나 열어 둔다고 가정합니다.',
  },
  assumeWrites: {
    en: 'A model, not a benchmark: writes arrive at random (Poisson); one is lost when another lands between its read and its write.',
    ko: '벤치마크가 아니라 모델입니다. 쓰기는 무작위로(포아송 분포) 들어오고, 읽기와 쓰기 사이에 다른 쓰기가 끼어들면 하나가 사라진다고 가정합니다.',
  },
  assumeGeneral: { en: 'A model, not a benchmark: change the numbers to match what you measure.', ko: '벤치마크가 아니라 모델입니다. 실제로 잰 값에 맞춰 숫자를 바꿔 보세요.' },
  pricesAsOf: { en: 'Model prices as of {{date}}, per million tokens; ScaleCheck’s settings can override them.', ko: '모델 가격은 {{date}} 기준, 100만 토큰당 가격입니다. ScaleCheck 설정에서 바꿀 수 있습니다.' },
  model: { en: 'Model', ko: '모델' },
  askIntro: {
    en: 'A prompt with the five things a good question carries: symptom, platform, traffic, metrics and the recent change. It follows the simulator’s numbers.',
    ko: '좋은 질문에 들어가야 할 다섯 가지(증상, 플랫폼, 트래픽, 지표, 최근 변경)를 담은 프롬프트입니다. 시뮬레이터의 숫자를 따라 바뀝니다.',
  },
  symptomLabel: { en: 'What do you see? (the prompt leaves a marked blank otherwise)', ko: '어떤 증상이 보이나요? (비워 두면 프롬프트에 빈칸으로 남습니다)' },
  recentChange: { en: 'What changed recently? (optional)', ko: '최근에 무엇이 바뀌었나요? (선택)' },
  recentChangePlaceholder: { en: 'e.g. traffic doubled after launch; added author names to the feed', ko: '예: 출시 후 트래픽이 두 배가 됨, 피드에 작성자 이름을 추가함' },
  copyPrompt: { en: 'Copy prompt', ko: '프롬프트 복사' },
  copied: { en: 'Copied', ko: '복사했습니다' },
  unknownLesson: { en: 'Unknown lesson', ko: '알 수 없는 레슨' },
  unknownLessonBody: { en: 'ScaleCheck has no lesson called “{{id}}”.', ko: 'ScaleCheck에는 “{{id}}”라는 레슨이 없습니다.' },
  // Hover
  hoverWhy: { en: 'Why it matters:', ko: '왜 중요한가:' },
  hoverCost: { en: 'What it costs here:', ko: '여기서 치르는 대가:' },
  showLesson: { en: 'Show lesson: {{title}}', ko: '레슨 보기: {{title}}' },
  // Quick-fix menu, ignore prompt and what a fix changed (src/)
  ignoreLine: { en: 'Ignore this line…', ko: '이 줄 무시…' },
  disableRule: { en: 'Disable {{rule}} in this workspace', ko: '이 작업 영역에서 {{rule}} 끄기' },
  reviewChange: { en: '{{title}} (review the change)', ko: '{{title}} (변경 내용을 확인하세요)' },
  editsFiles: { en: '{{title}} (edits {{files}})', ko: '{{title}} ({{files}} 수정)' },
  whichRule: { en: 'Which finding on this line should be ignored?', ko: '이 줄에서 어떤 발견을 무시할까요?' },
  allRules: { en: 'All of them', ko: '모두' },
  ignoreTitle: { en: 'Ignore {{rules}} on this line', ko: '이 줄의 {{rules}} 무시' },
  ignorePrompt: {
    en: 'Why is this safe here? The reason is kept in the comment for whoever revisits it.',
    ko: '여기서는 왜 괜찮은가요? 이유는 주석에 남아, 나중에 다시 볼 사람에게 전해집니다.',
  },
  ignorePlaceholder: { en: 'e.g. admin page, 20 rows at most', ko: '예: 관리자 페이지, 최대 20행' },
  ignoreNeedsReason: { en: 'Write a reason: the next reader needs to know when to revisit.', ko: '이유를 적어 주세요. 다음에 읽는 사람이 언제 다시 봐야 할지 알 수 있습니다.' },
  editedOthers: { en: 'Edited {{files}} (not saved yet).', ko: '{{files}}{{을/를}} 고쳤습니다(아직 저장하지 않음).' },
  nextStep: { en: 'Next: {{step}}', ko: '다음 단계: {{step}}' },
  showChange: { en: 'Show the change', ko: '변경 보기' },
  saveAll: { en: 'Save', ko: '저장' },
  turnedInto: { en: 'This fix changed another finding on line {{line}}: {{message}}', ko: '이 수정으로 {{line}}번 줄의 다른 발견이 바뀌었습니다: {{message}}' },
  // Report
  reportTitle: { en: 'Scaling report', ko: '스케일링 리포트' },
  reportSummary: {
    en: '{{findings}} findings in {{files}} files ({{analyzed}} files analyzed).',
    ko: '분석한 파일 {{analyzed}}개 중 {{files}}개 파일에서 {{findings}}건을 찾았습니다.',
  },
  exportMarkdown: { en: 'Export as Markdown', ko: 'Markdown으로 내보내기' },
  byStage: { en: 'What breaks first', ko: '무엇이 먼저 무너지나' },
  byStageIntro: {
    en: 'Each finding is placed at the stage where it is likely to hurt first: problems that do not depend on volume at 100 users, problems that multiply with traffic by 10k, problems that grow with the data by 100k. A finding more severe than its rule’s default moves one stage earlier, a milder one a stage later.',
    ko: '각 발견 사항을 가장 먼저 아파질 단계에 놓았습니다. 양과 상관없는 문제는 100명 단계에, 트래픽과 함께 곱해지는 문제는 1만 명 단계에, 데이터와 함께 자라는 문제는 10만 명 단계에 둡니다. 규칙 기본값보다 심각도가 높으면 한 단계 앞으로, 낮으면 한 단계 뒤로 옮깁니다.',
  },
  byLesson: { en: 'By lesson', ko: '레슨별' },
  countsByRule: { en: 'Findings per rule', ko: '규칙별 발견 수' },
  countsByFile: { en: 'Findings per file', ko: '파일별 발견 수' },
  rule: { en: 'Rule', ko: '규칙' },
  file: { en: 'File', ko: '파일' },
  count: { en: 'Count', ko: '개수' },
  openLesson: { en: 'Open lesson', ko: '레슨 열기' },
  noFindings: {
    en: 'No findings. Nothing here will break first — keep an eye on the growth stages as traffic grows.',
    ko: '발견 사항이 없습니다. 지금 먼저 무너질 곳은 없습니다. 트래픽이 늘면 성장 단계 레슨을 다시 살펴보세요.',
  },
  none: { en: 'Nothing at this stage.', ko: '이 단계에는 없습니다.' },
  severity_error: { en: 'error', ko: '오류' },
  severity_warning: { en: 'warning', ko: '경고' },
  severity_info: { en: 'info', ko: '정보' },
} satisfies Record<string, Record<Locale, string>>;

export type TextKey = keyof typeof TEXT;

export function ui(key: TextKey, locale: Locale, data: Record<string, string | number> = {}): string {
  return interpolate(TEXT[key][locale], data);
}
