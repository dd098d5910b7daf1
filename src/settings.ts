import * as vscode from 'vscode';
import type { Confidence, Locale, RuleLevel } from '../analyzers';
import type { SettingsLayer } from './protocol';

export type RunMode = 'onType' | 'onSave';
export type LessonLanguage = 'auto' | 'en' | 'ko';
export type LessonLocation = 'editor' | 'sideBar';
export type AiPrices = Record<string, { input: number; output: number }>;

/** `scalecheck.*` settings as the user wrote them, read fresh each time (changes apply live). */
export interface EditorSettings {
  enable: boolean;
  rules: Record<string, RuleLevel>;
  exclude: string[];
  run: RunMode;
  lessonLanguage: LessonLanguage;
  lessonLocation: LessonLocation;
  deployment: SettingsLayer['deployment'];
  minConfidence: Confidence;
  aiPrices: AiPrices;
  /** Milliseconds an open file's analysis may take before it is analyzed on save only. */
  timeBudgetMs: number;
}

const DEFAULT_TIME_BUDGET_MS = 3_000;

const LEVELS = new Set<RuleLevel>(['off', 'info', 'warning', 'error']);

export function readSettings(scope?: vscode.ConfigurationScope): EditorSettings {
  const config = vscode.workspace.getConfiguration('scalecheck', scope);
  const rules: Record<string, RuleLevel> = Object.create(null);
  for (const [id, level] of Object.entries(config.get<Record<string, unknown>>('rules') ?? {})) {
    if (typeof level === 'string' && LEVELS.has(level as RuleLevel)) rules[id] = level as RuleLevel;
  }
  // Without a prototype: model names are keys from (workspace) settings.
  const aiPrices: AiPrices = Object.create(null);
  for (const [model, price] of Object.entries(config.get<Record<string, unknown>>('aiPrices') ?? {})) {
    const { input, output } = (price ?? {}) as { input?: unknown; output?: unknown };
    if (typeof input === 'number' && typeof output === 'number' && input >= 0 && output >= 0) aiPrices[model] = { input, output };
  }
  return {
    enable: config.get<boolean>('enable', true),
    rules,
    exclude: (config.get<unknown[]>('exclude') ?? []).filter((glob): glob is string => typeof glob === 'string'),
    run: config.get<RunMode>('run', 'onType') === 'onSave' ? 'onSave' : 'onType',
    lessonLanguage: config.get<LessonLanguage>('lessonLanguage', 'auto'),
    lessonLocation: config.get<LessonLocation>('lessonLocation', 'editor') === 'sideBar' ? 'sideBar' : 'editor',
    deployment: config.get<SettingsLayer['deployment']>('deployment', 'auto'),
    minConfidence: confidence(config.get<unknown>('minConfidence')),
    aiPrices,
    timeBudgetMs: positiveNumber(config.get<unknown>('timeBudget'), DEFAULT_TIME_BUDGET_MS),
  };
}

export function settingsLayer(settings: EditorSettings): SettingsLayer {
  return { rules: settings.rules, ignore: settings.exclude, deployment: settings.deployment, minConfidence: settings.minConfidence };
}

/** The language of findings and lessons: `lessonLanguage`, or VS Code's display language when `auto`. */
export function resolveLocale(setting: LessonLanguage): Locale {
  if (setting === 'en' || setting === 'ko') return setting;
  return vscode.env.language.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

function confidence(value: unknown): Confidence {
  return value === 'medium' || value === 'low' ? value : 'high';
}

function positiveNumber(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
