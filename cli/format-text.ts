import { createColors } from 'picocolors';
import type { Finding, Severity } from '../analyzers';
import { lessonTitle } from '../lessons/catalog';
import type { Report } from './report';

const LABELS: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' };

/**
 * Text from the workspace (file names, identifiers and strings in messages,
 * reasons) made safe for a terminal: control characters (escape sequences
 * that could recolour, retitle or rewrite the terminal, carriage returns that
 * could hide a line) become `?`; a tab becomes a space.
 */
export function printable(text: string): string {
  return text.replace(/\t/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
}

/**
 * Findings grouped by file, in the manner of ESLint's stylish formatter, each
 * with the title of the lesson that explains it, then what could not be used
 * (configuration problems, skipped files) and one summary line.
 */
export function formatText(report: Report, { color }: { color: boolean }): string {
  const c = createColors(color);
  const paint: Record<Severity, (text: string) => string> = { error: c.red, warning: c.yellow, info: c.blue };
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const finding of report.findings) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  for (const [file, findings] of [...byFile].sort(([a], [b]) => (a < b ? -1 : 1))) {
    lines.push(c.underline(printable(file)));
    const positionWidth = Math.max(...findings.map((finding) => position(finding).length));
    const severityWidth = Math.max(...findings.map((finding) => LABELS[finding.severity].length));
    const indent = ' '.repeat(2 + positionWidth + 2 + severityWidth + 2);
    for (const finding of findings) {
      const where = c.dim(position(finding).padEnd(positionWidth));
      const severity = paint[finding.severity](LABELS[finding.severity].padEnd(severityWidth));
      // Only weaker evidence is worth a word: most findings are high.
      const confidence = finding.confidence === 'high' ? '' : `  ${c.dim(`(${finding.confidence} confidence)`)}`;
      lines.push(`  ${where}  ${severity}  ${printable(finding.message)}  ${c.dim(finding.ruleId)}${confidence}`);
      lines.push(`${indent}${c.dim(`lesson: ${lessonTitle(finding.lesson, report.locale)}`)}`);
    }
    lines.push('');
  }
  if (report.configuration.length) {
    lines.push(c.yellow(`Configuration problem${plural(report.configuration.length)} (the rest of the configuration applies):`));
    for (const entry of report.configuration) {
      const line = entry.range?.start.line ?? entry.line;
      const where = line ? `${entry.file}:${line}${entry.range ? `:${entry.range.start.column}` : ''}` : entry.file;
      lines.push(`  ${printable(where)}  ${printable(entry.message)}`);
    }
    lines.push('');
  }
  for (const note of report.notes) lines.push(c.dim(printable(note)), '');
  if (report.skipped.length) {
    lines.push(c.dim(`Skipped ${report.skipped.length} file${plural(report.skipped.length)}:`));
    for (const entry of report.skipped.slice(0, 10)) lines.push(c.dim(`  ${printable(entry.file)} (${printable(entry.reason)})`));
    if (report.skipped.length > 10) lines.push(c.dim(`  … and ${report.skipped.length - 10} more`));
    lines.push('');
  }
  lines.push(summary(report, c));
  return lines.join('\n') + '\n';
}

function position(finding: Finding): string {
  return `${finding.range.start.line}:${finding.range.start.column}`;
}

function summary(report: Report, c: ReturnType<typeof createColors>): string {
  const count = (severity: Severity) => report.findings.filter((finding) => finding.severity === severity).length;
  const errors = count('error');
  const warnings = count('warning');
  const infos = count('info');
  const total = report.findings.length;
  const files = `${report.filesAnalyzed} file${plural(report.filesAnalyzed)} checked in ${(report.durationMs / 1000).toFixed(1)}s`;
  const extras: string[] = [];
  if (report.suppressed.length) {
    const unexplained = report.suppressed.filter((entry) => !entry.reason).length;
    extras.push(`${report.suppressed.length} suppressed${unexplained ? ` (${unexplained} without a reason)` : ''}`);
  }
  if (report.configuration.length) extras.push(c.yellow(`${report.configuration.length} configuration problem${plural(report.configuration.length)}`));
  if (report.errors.length) extras.push(c.red(`${report.errors.length} error${plural(report.errors.length)} (on stderr)`));
  const tail = extras.length ? ` · ${extras.join(' · ')}` : '';
  if (total === 0) return `${c.green('✔ No scaling problems found')} · ${files}${tail}`;
  const colour = errors ? c.red : warnings ? c.yellow : c.blue;
  const head = colour(c.bold(`✖ ${total} problem${plural(total)}`));
  return `${head} (${errors} error${plural(errors)}, ${warnings} warning${plural(warnings)}, ${infos} info) · ${files}${tail}`;
}

function plural(n: number): string {
  return n === 1 ? '' : 's';
}
