import type { Locale } from '../analyzers/core/types';

/**
 * The "ask your AI" prompt. The lecture's last slide is the model: describe
 * the symptom, the platform, the traffic, the numbers and the recent change
 * together, then ask one clear question. The renderer fills the context from
 * the finding; the page script adds the simulator's current numbers and what
 * the user typed about the recent change.
 */
export interface PromptContext {
  locale: Locale;
  lessonTitle: string;
  /** What users typically notice (the lesson's symptom): an example for the blank the user fills, never stated as theirs. */
  symptom: string;
  /** The finding's message, when the lesson was opened from one. */
  finding?: string;
  /** `path:line`. */
  location?: string;
  stack: string;
  platform: string;
  code?: { languageId: string; text: string };
  question: string;
}

/**
 * What the user typed is theirs to state; where they typed nothing, the
 * prompt keeps a marked blank (with the lesson's symptom as an example)
 * rather than claim a symptom or a change ScaleCheck cannot know.
 */
export function buildPrompt(context: PromptContext, trafficFacts: readonly string[], recentChange: string, symptom = ''): string {
  const ko = context.locale === 'ko';
  const lines: string[] = [];
  lines.push(
    ko
      ? `${context.stack}로 만든 웹 앱이 있습니다(${context.platform}). 트래픽이 늘어도 버티도록 확장성 문제를 찾아 고치고 싶습니다.`
      : `I have a web app built with ${context.stack} (${context.platform}). I want to find and fix a scaling problem so it holds up as traffic grows.`,
    '',
  );
  const seen = symptom.trim();
  lines.push(ko ? '## 증상' : '## Symptom', seen || blank(ko ? `여기에 실제로 보이는 증상을 적으세요. 예: ${context.symptom}` : `fill in what you actually see, e.g. ${context.symptom}`));
  if (context.finding) {
    lines.push(ko ? `정적 분석 도구(ScaleCheck)가 ${context.location ?? '이 코드'}에서 이렇게 경고했습니다: ${context.finding}` : `A static analysis tool (ScaleCheck) flagged ${context.location ?? 'this code'}: ${context.finding}`);
  }
  lines.push('', ko ? '## 플랫폼' : '## Platform', `${context.stack} — ${context.platform}`);
  if (trafficFacts.length) lines.push('', ko ? '## 트래픽과 예상 수치' : '## Traffic and expected numbers', ...trafficFacts.map((fact) => `- ${fact}`));
  if (context.code) {
    const fence = fenceFor(context.code.text);
    lines.push('', ko ? '## 코드' : '## Code', `${fence}${context.code.languageId}`, context.code.text, fence);
  }
  const change = recentChange.trim();
  lines.push('', ko ? '## 최근 변경' : '## What changed recently', change || blank(ko ? '최근에 바꾼 것(배포, 트래픽, 코드)을 적으세요' : 'fill in what changed recently: a deploy, traffic, code'));
  lines.push('', ko ? '## 질문' : '## Question', context.question);
  lines.push(
    ko
      ? '바꾼 코드를 제 스택 그대로 보여 주시고, 그 선택의 장단점과 배포 뒤에 어떤 지표를 보면 되는지도 알려 주세요.'
      : 'Show the changed code for my stack, explain the trade-offs, and tell me which metrics to watch after deploying.',
  );
  return lines.join('\n');
}

/** A blank for the user, marked so that neither they nor the model take it for a fact. */
export function blank(hint: string): string {
  return `[${hint}]`;
}

/** A Markdown fence longer than any run of backticks inside the code. */
function fenceFor(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(longest + 1);
}
