import type { Locale } from '../analyzers/core/types';

/** Number formatting shared by the renderer, the page script and the prompt. */

/** Building an Intl.NumberFormat costs far more than using one: keep one per shape. */
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: Locale, maximumFractionDigits: number, minimumFractionDigits = 0): Intl.NumberFormat {
  const key = `${locale}:${maximumFractionDigits}:${minimumFractionDigits}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale === 'ko' ? 'ko-KR' : 'en-US', { maximumFractionDigits, minimumFractionDigits });
    formatters.set(key, format);
  }
  return format;
}

export function formatNumber(value: number, locale: Locale, maxDigits?: number): string {
  if (!Number.isFinite(value)) return '∞';
  const digits = maxDigits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return formatter(locale, digits).format(value);
}

export function formatUsd(value: number, locale: Locale): string {
  if (!Number.isFinite(value)) return '∞';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 1 ? 2 : 4;
  return `$${formatter(locale, digits, Math.abs(value) >= 100 ? 0 : Math.min(2, digits)).format(value)}`;
}

export function formatBytes(bytes: number, locale: Locale): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${formatNumber(value, locale, value >= 100 ? 0 : 1)} ${units[unit]}`;
}

export function formatSeconds(seconds: number, locale: Locale): string {
  if (!Number.isFinite(seconds)) return '∞';
  const ko = locale === 'ko';
  if (seconds < 1) return `${formatNumber(seconds * 1000, locale, 0)} ms`;
  if (seconds < 120) return `${formatNumber(seconds, locale, 1)}${ko ? '초' : ' s'}`;
  if (seconds < 7200) return `${formatNumber(seconds / 60, locale, 1)}${ko ? '분' : ' min'}`;
  if (seconds < 172_800) return `${formatNumber(seconds / 3600, locale, 1)}${ko ? '시간' : ' h'}`;
  return `${formatNumber(seconds / 86_400, locale, 1)}${ko ? '일' : ' days'}`;
}

export function formatPercent(ratio: number, locale: Locale): string {
  return `${formatNumber(ratio * 100, locale, ratio * 100 >= 10 ? 0 : 1)}%`;
}
