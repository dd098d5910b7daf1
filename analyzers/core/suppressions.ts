import type { LineMap } from './text';

/**
 * Inline suppressions, the same in every language:
 *
 *   // scalecheck-ignore-next-line n-plus-one -- admin page, 20 rows at most
 *   # scalecheck-ignore-next-line in-memory-state -- single-process CLI
 *   // scalecheck-ignore-file long-task-in-request -- this is a worker
 *
 * Rule ids are comma-separated; none means every rule. The reason after `--`
 * is kept: the CLI counts suppressions, and one without a reason is reported.
 */
export interface Suppression {
  scope: 'line' | 'file';
  /** Empty means all rules. */
  ruleIds: string[];
  reason: string;
  /** 1-based line the suppression covers (next-line) or sits on (file). */
  targetLine: number;
  /** Offsets of the comment itself, to report a missing reason on it. */
  start: number;
  end: number;
}

// A comment opener (`//`, `#`, `/*`, `{/*` in JSX), then the directive.
const DIRECTIVE = /(?:\/\/|#|\/\*|\{\s*\/\*)\s*scalecheck-ignore-(next-line|file)\b([^\r\n]*)/g;

export function parseSuppressions(text: string, lines: LineMap): Suppression[] {
  if (!text.includes('scalecheck-ignore-')) return [];
  const found: Suppression[] = [];
  DIRECTIVE.lastIndex = 0;
  for (let match = DIRECTIVE.exec(text); match; match = DIRECTIVE.exec(text)) {
    const kind = match[1];
    // The directive ends at a closing `*/` or at another comment on the same line.
    const rest = match[2].split(/\*\/|\s\/\/\s|\s#\s/)[0].trim();
    const separator = rest.indexOf('--');
    const idsPart = separator >= 0 ? rest.slice(0, separator) : rest;
    const reason = separator >= 0 ? rest.slice(separator + 2).trim() : '';
    const ruleIds = idsPart
      .split(/[\s,]+/)
      .map((id) => id.trim())
      .filter((id) => /^[a-z][a-z0-9-]*$/.test(id));
    const line = lines.position(match.index).line;
    found.push({
      scope: kind === 'file' ? 'file' : 'line',
      ruleIds,
      reason,
      targetLine: kind === 'file' ? line : line + 1,
      start: match.index,
      end: match.index + match[0].length,
    });
  }
  return found;
}

/** The suppression that covers a finding of `ruleId` starting on `line`, if any. */
export function findSuppression(suppressions: readonly Suppression[], ruleId: string, line: number): Suppression | undefined {
  for (const suppression of suppressions) {
    const coversRule = suppression.ruleIds.length === 0 || suppression.ruleIds.includes(ruleId);
    if (!coversRule) continue;
    if (suppression.scope === 'file' || suppression.targetLine === line) return suppression;
  }
  return undefined;
}
