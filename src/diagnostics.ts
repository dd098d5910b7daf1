import * as vscode from 'vscode';
import type { Finding, Range, Severity } from '../analyzers';

export const DIAGNOSTIC_SOURCE = 'ScaleCheck';

/** Engine ranges are 1-based lines and UTF-16 columns; VS Code's are 0-based in the same units. */
export function toRange(range: Range): vscode.Range {
  return new vscode.Range(range.start.line - 1, range.start.column - 1, range.end.line - 1, range.end.column - 1);
}

export function toSeverity(severity: Severity): vscode.DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    default:
      return vscode.DiagnosticSeverity.Information;
  }
}

/**
 * The link behind a diagnostic's code: a command URI that opens the lesson
 * panel on this very finding (VS Code's hover and Problems view open
 * `command:` targets of diagnostic codes).
 */
export function lessonCommandUri(uri: vscode.Uri, finding: Finding): vscode.Uri {
  return vscode.Uri.parse(lessonCommand(uri, finding));
}

/** The same command link as text, for Markdown (hover). */
export function lessonCommand(uri: vscode.Uri, finding: Finding): string {
  const args = [{ uri: uri.toString(), ruleId: finding.ruleId, line: finding.range.start.line, column: finding.range.start.column }];
  return `command:scalecheck.showLesson?${encodeURIComponent(JSON.stringify(args))}`;
}

export function toDiagnostic(uri: vscode.Uri, finding: Finding, resolve: (file: string) => vscode.Uri): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding.range), finding.message, toSeverity(finding.severity));
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.ruleId, target: lessonCommandUri(uri, finding) };
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map(
      (related) => new vscode.DiagnosticRelatedInformation(new vscode.Location(resolve(related.file), toRange(related.range)), related.message),
    );
  }
  return diagnostic;
}

/** The rule id of one of our diagnostics, or undefined for anyone else's. */
export function ruleIdOf(diagnostic: vscode.Diagnostic): string | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return code === undefined ? undefined : String(code);
}

/** Whether a stored finding is the one a diagnostic shows (same rule, same range). */
export function matches(finding: Finding, diagnostic: vscode.Diagnostic): boolean {
  return ruleIdOf(diagnostic) === finding.ruleId && toRange(finding.range).isEqual(diagnostic.range);
}
