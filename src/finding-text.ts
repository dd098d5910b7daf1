import { interpolate } from '../analyzers/core/text';
import type { Locale } from '../analyzers/core/types';

/**
 * The editor's words next to a finding — quick-fix rows, the ignore prompt,
 * what a fix changed — follow `scalecheck.lessonLanguage` like the findings
 * and fix titles they stand beside (the rest of the UI follows VS Code's
 * display language through vscode.l10n).
 */
const TEXT = {
  showLesson: { en: 'Show lesson: {{title}}', ko: '레슨 보기: {{title}}' },
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
} satisfies Record<string, Record<Locale, string>>;

export type FindingTextKey = keyof typeof TEXT;

export function findingText(key: FindingTextKey, locale: Locale, data: Record<string, string | number> = {}): string {
  return interpolate(TEXT[key][locale], data);
}
