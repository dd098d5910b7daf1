import { unboundedAiCallPy } from '../python/rules/unbounded-ai-call';
import { defineRule } from './define';

export const unboundedAiCall = defineRule({
  id: 'unbounded-ai-call',
  title: { en: 'AI call without limits', ko: '제한 없는 AI 호출' },
  summary: {
    en: 'A model call with no output cap, timeout or rate limit lets one user, one loop or one stuck request spend without bound.',
    ko: '출력 상한, 타임아웃, 호출 제한이 없는 모델 호출은 사용자 한 명, 반복문 하나, 멈춘 요청 하나가 비용을 끝없이 쓰게 둡니다.',
  },
  impact: {
    en: 'Unlimited calls cost one app $600–1,500 a month at 1,000 active users; a call without a timeout holds a worker for as long as the provider takes.',
    ko: '호출 제한이 없던 한 앱은 활성 사용자 1,000명에서 월 600~1,500달러를 썼습니다. 타임아웃이 없는 호출은 제공자가 응답할 때까지 워커 하나를 붙잡습니다.',
  },
  defaultSeverity: 'warning',
  lesson: 'unbounded-ai-call',
  fix: 'safe',
  implementations: { python: unboundedAiCallPy },
});
