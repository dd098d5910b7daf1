import type { LessonPageData, PageData } from '../page-data';
import { buildPrompt } from '../prompt';
import { renderChart, renderMetrics, simulate } from '../sim-view';
import { sanitizeInputs, type SimField, type SimInputs } from '../simulator';

/**
 * The script of the lesson panel and the scaling report, bundled to
 * media/scalecheck-page.js and loaded with the page's nonce. It wires buttons
 * to the host's messages (the `PageMessage` protocol in lessons/contract.ts),
 * recomputes the simulator on every input with the same code the renderer
 * used for the first paint, and keeps the user's inputs in the webview state
 * so they survive re-renders and the panel being hidden.
 */

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** What the page remembers per lesson: the inputs, the seed they were edited from, the recent-change note. */
interface SavedLesson {
  inputs: Partial<SimInputs>;
  seed: Partial<SimInputs>;
  change: string;
}

interface SavedState {
  lessons?: Record<string, SavedLesson>;
  /** The `pageKey` of the page shown last. */
  shown?: string;
}

const vscode = acquireVsCodeApi();
const dataElement = document.getElementById('scalecheck-data');
const data = dataElement ? (JSON.parse(dataElement.textContent ?? '{}') as PageData) : undefined;

document.addEventListener('click', (event) => {
  const target = (event.target as Element | null)?.closest<HTMLElement>('[data-action]');
  if (!target) return;
  const { action } = target.dataset;
  switch (action) {
    case 'apply-fix':
      vscode.postMessage({ type: 'applyFix', fixIndex: Number(target.dataset.fixIndex) });
      break;
    case 'open-location':
      vscode.postMessage({ type: 'openLocation', file: target.dataset.file ?? '', line: Number(target.dataset.line), column: Number(target.dataset.column) });
      break;
    case 'open-lesson':
      vscode.postMessage({ type: 'openLesson', lessonId: target.dataset.lesson ?? '' });
      break;
    case 'export-markdown':
      vscode.postMessage({ type: 'exportMarkdown' });
      break;
    case 'copy-prompt':
      copyPrompt(target);
      break;
    default:
      return;
  }
  event.preventDefault();
});

if (data?.kind === 'lesson') {
  startAtTopWhenNew(data.pageKey);
  startLesson(data);
}

/**
 * VS Code puts a re-rendered webview back at the old page's scroll offset
 * (on the frame's load). That keeps the place when the same lesson updates,
 * but another lesson or finding must start at its top: scroll there after
 * VS Code's own load handler, which was registered before this script ran.
 */
function startAtTopWhenNew(pageKey: string): void {
  const state = (vscode.getState() as SavedState | undefined) ?? {};
  if (state.shown === pageKey) return;
  vscode.setState({ ...state, shown: pageKey });
  window.addEventListener('load', () => window.scrollTo(0, 0), { once: true });
}

function startLesson(page: LessonPageData): void {
  const form = document.querySelector<HTMLFormElement>('form.sim-inputs');
  const output = document.getElementById('sim-output');
  const change = document.getElementById('recent-change') as HTMLTextAreaElement | null;
  const symptom = document.getElementById('symptom') as HTMLTextAreaElement | null;
  const preview = document.getElementById('prompt-preview');
  const fields = [...document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-sim]')];

  const saved = ((vscode.getState() as SavedState | undefined)?.lessons ?? {})[page.lessonId];
  const restored = restoreInputs(page, saved);
  for (const field of fields) field.value = String(restored[field.dataset.sim as SimField]);
  if (change && saved?.change) change.value = saved.change;

  const update = () => {
    const raw: Record<string, unknown> = {};
    for (const field of fields) {
      const key = field.dataset.sim as SimField;
      raw[key] = key === 'model' ? field.value : field.value === '' ? undefined : Number(field.value);
    }
    const inputs = sanitizeInputs(raw, page.seed, page.prices);
    const view = simulate(page.focus, inputs, page.prices, page.locale);
    if (output) output.innerHTML = renderMetrics(view) + renderChart(view.chart);
    if (preview) preview.textContent = buildPrompt(page.prompt, view.facts, change?.value ?? '', symptom?.value ?? '');
    const state = (vscode.getState() as SavedState | undefined) ?? {};
    vscode.setState({ ...state, lessons: { ...state.lessons, [page.lessonId]: { inputs, seed: page.seed, change: change?.value ?? '' } } });
  };
  form?.addEventListener('input', update);
  form?.addEventListener('submit', (event) => event.preventDefault());
  change?.addEventListener('input', update);
  symptom?.addEventListener('input', update);
  update();
}

/**
 * The user's saved values win, except where this page's seed changed since
 * they were saved: a new finding with other Gunicorn numbers or another model
 * should show its own numbers, not last time's.
 */
function restoreInputs(page: LessonPageData, saved: SavedLesson | undefined): SimInputs {
  if (!saved) return page.seed;
  const merged: Record<string, unknown> = { ...page.seed };
  for (const key of Object.keys(page.seed) as SimField[]) {
    if (saved.seed?.[key] === page.seed[key] && saved.inputs?.[key] !== undefined) merged[key] = saved.inputs[key];
  }
  return sanitizeInputs(merged, page.seed, page.prices);
}

function copyPrompt(button: HTMLElement): void {
  const text = document.getElementById('prompt-preview')?.textContent ?? '';
  vscode.postMessage({ type: 'copyText', text });
  const label = button.textContent;
  button.textContent = button.dataset.copiedLabel ?? label;
  setTimeout(() => {
    button.textContent = label;
  }, 1500);
}
