import { declareRule } from '../../core/rule';

/**
 * Not a rule that inspects code: the engine reports it for a suppression
 * comment that gives no reason (`core/suppressions.ts`). It is declared with
 * the rules so that hosts (SARIF metadata, settings) know its id, and it can
 * be turned off. What it reports and what not: docs/rules/suppression-without-reason.md.
 */
export default declareRule<{}>()({
  id: 'suppression-without-reason',
  title: { en: 'Suppression without a reason', ko: '이유 없는 무시 주석' },
  summary: {
    en: 'A warning silenced without a written reason cannot be re-checked when the app grows.',
    ko: '이유 없이 꺼 둔 경고는 앱이 커졌을 때 다시 따져 볼 근거가 남지 않습니다.',
  },
  impact: {
    en: 'What is safe for 100 users may not be for 10,000; the reason tells the next reader when to revisit.',
    ko: '사용자 100명일 때 괜찮던 선택이 1만 명일 때도 괜찮다는 보장은 없습니다. 이유가 적혀 있어야 언제 다시 볼지 알 수 있습니다.',
  },
  defaultSeverity: 'info',
  languages: ['typescript', 'python', 'prisma', 'config'],
  lesson: 'growth-stages',
  fix: 'none',
  // Placed where the rule it silences would break (`growth-stage.ts`).
  stage: { at: 2 },
  contexts: { request: 'report', background: 'report', unknown: 'report', script: 'report', test: 'report', build: 'report' },
  readme: {
    catches: 'a `scalecheck-ignore` comment with no reason after `--`',
    matters: 'the next reader cannot tell when to look again',
    where: 'every language\'s comments',
  },
  messages: {
    missingReason: {
      en: 'Suppression of {{rules}} has no reason: add one after `--` (for example `-- admin page, 20 rows at most`).',
      ko: '{{rules}} 무시 주석에 이유가 없습니다. `--` 뒤에 이유를 적어 주세요 (예: `-- 관리자 페이지, 최대 20행`).',
    },
  },
});
