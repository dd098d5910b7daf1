import type { Report } from './report';

/**
 * The fixed JSON contract other tools read:
 * {"version":3,"findings":[...],"errors":[...],"skipped":[...]}.
 * Keys and their order are part of it; add nothing here without a new version.
 * Version 2 added each finding's `confidence`; version 3 its `related`
 * locations (the evidence: the loop, the schema line, the entry points).
 * Configuration problems (`.scalecheck.json`, ignore files) are `errors`
 * entries like any other, first, with the file they are in.
 */
export function formatJson(report: Report): string {
  const output = {
    version: 3,
    findings: report.findings.map((finding) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      confidence: finding.confidence,
      message: finding.message,
      file: finding.file,
      line: finding.range.start.line,
      column: finding.range.start.column,
      endLine: finding.range.end.line,
      endColumn: finding.range.end.column,
      lesson: finding.lesson,
      related: (finding.related ?? []).map((related) => ({ file: related.file, line: related.range.start.line, column: related.range.start.column, message: related.message })),
    })),
    errors: [...report.configuration, ...report.errors].map((error) => ({ file: error.file, message: error.message })),
    skipped: report.skipped.map((entry) => ({ file: entry.file, reason: entry.reason })),
  };
  return JSON.stringify(output, null, 2) + '\n';
}
