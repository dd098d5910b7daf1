import * as vscode from 'vscode';
import { createEngine, defaultConfig, FactsIndex, type Finding } from '../analyzers';
import { lessonUrl } from '../lessons/catalog';

/**
 * Editor glue: analyzes open documents and shows findings as diagnostics.
 * Only this folder imports `vscode`; the engine stays pure.
 */
export function activate(context: vscode.ExtensionContext): void {
  const engine = createEngine();
  const facts = new FactsIndex();
  const diagnostics = vscode.languages.createDiagnosticCollection('scalecheck');
  context.subscriptions.push(diagnostics);

  const relativePath = (document: vscode.TextDocument) => vscode.workspace.asRelativePath(document.uri, false);

  const refresh = (document: vscode.TextDocument) => {
    if (document.uri.scheme !== 'file' && document.uri.scheme !== 'vscode-remote') return;
    const outcome = engine.parse({ path: relativePath(document), text: document.getText() });
    if (outcome.kind !== 'parsed') {
      diagnostics.delete(document.uri);
      return;
    }
    const extracted = engine.extractFacts(outcome.file);
    if (extracted.facts) facts.set(extracted.facts);
    const result = engine.analyze(outcome.file, facts, { locale: vscode.env.language.startsWith('ko') ? 'ko' : 'en', config: defaultConfig() });
    diagnostics.set(document.uri, result.findings.map(toDiagnostic));
  };

  vscode.workspace.textDocuments.forEach(refresh);
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument((event) => refresh(event.document)),
    vscode.workspace.onDidCloseTextDocument((document) => diagnostics.delete(document.uri)),
  );
}

function toDiagnostic(finding: Finding): vscode.Diagnostic {
  const range = new vscode.Range(finding.range.start.line - 1, finding.range.start.column - 1, finding.range.end.line - 1, finding.range.end.column - 1);
  const severity = finding.severity === 'error' ? vscode.DiagnosticSeverity.Error : finding.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const diagnostic = new vscode.Diagnostic(range, finding.message, severity);
  diagnostic.source = 'ScaleCheck';
  diagnostic.code = { value: finding.ruleId, target: vscode.Uri.parse(lessonUrl(finding.lesson)) };
  return diagnostic;
}

export function deactivate(): void {}
