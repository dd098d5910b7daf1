import * as vscode from 'vscode';
import { lessonCatalog } from '../lessons/catalog';
// Leaf module (types-only imports): which files the engine reads, for the file watcher.
import { languageOf } from '../analyzers/core/languages';
import { Analysis } from './analysis';
import { FixApplier, type AppliedArgs, type FixCommandArgs } from './apply-fix';
import { CodeActions, type FindingRef } from './code-actions';
import { CONFIG_FILE_NAME, disableRuleInWorkspace } from './config-file';
import { fixToEdit, safeFixes } from './fixes';
import { Hover } from './hover';
import { ignoreLine } from './ignore-line';
import { LessonView, type LessonTarget } from './lesson-view';
import { PageActions } from './page-actions';
import { ReportPanel } from './report-panel';
import { StatusBar } from './status-bar';

/** The languages ScaleCheck analyzes in the editor (config files are indexed, not hovered). */
const SELECTOR: vscode.DocumentSelector = [
  { language: 'typescript' },
  { language: 'typescriptreact' },
  { language: 'javascript' },
  { language: 'javascriptreact' },
  { language: 'python' },
  { language: 'prisma' },
  { pattern: '**/*.prisma' },
];

/** What the extension returns from `activate`: used by the integration tests, stable for other extensions. */
export interface ScaleCheckApi {
  /** Milliseconds `activate` took. */
  activationMs: number;
  analysis: Analysis;
  lessonView: LessonView;
  report: ReportPanel;
  fixes: FixApplier;
  /** What the pages' messages do, after validation (the tests post hostile ones). */
  actions: PageActions;
}

/**
 * Editor glue. Activation only wires providers and starts analysis workers:
 * the engine, the TypeScript compiler and the parsers load in the worker
 * thread (`dist/analysis-worker.js`), the page renderers on first use.
 */
export function activate(context: vscode.ExtensionContext): ScaleCheckApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('ScaleCheck', { log: true });
  // The test runners read the extension host's console: mirror the log there when they ask for it.
  if (process.env.SCALECHECK_LOG_TO_CONSOLE) mirrorToConsole(log);
  const analysis = new Analysis(context.extensionPath, log);
  let report: ReportPanel;
  let lessonView: LessonView;
  const actions: PageActions = new PageActions(
    analysis,
    (lessonId) => lessonView.show({ lessonId }),
    () => report.exportMarkdown(),
  );
  const fixes = new FixApplier(analysis);
  lessonView = new LessonView(context.extensionUri, analysis, actions, fixes, log);
  report = new ReportPanel(context.extensionUri, analysis, () => actions, log);
  const statusBar = new StatusBar(analysis);

  const findingFor = (ref: FindingRef) => {
    const uri = vscode.Uri.parse(ref.uri);
    const finding = analysis
      .findings(uri)
      ?.findings.find((candidate) => candidate.ruleId === ref.ruleId && candidate.range.start.line === ref.line && candidate.range.start.column === ref.column);
    return { uri, finding };
  };

  const showLesson = async (ref?: FindingRef | { lessonId: string }) => {
    let target: LessonTarget | undefined;
    if (ref && 'uri' in ref) {
      const { uri, finding } = findingFor(ref);
      target = { lessonId: finding?.lesson ?? analysis.rules.get(ref.ruleId)?.lesson ?? ref.ruleId, uri, finding };
    } else if (ref && 'lessonId' in ref) {
      // The id comes from whoever runs the command (a link, another extension): only a catalog entry is a lesson.
      if (typeof ref.lessonId !== 'string' || !Object.hasOwn(lessonCatalog, ref.lessonId)) {
        void vscode.window.showWarningMessage(vscode.l10n.t('ScaleCheck has no lesson "{0}".', String(ref.lessonId).slice(0, 80)));
        return;
      }
      target = { lessonId: ref.lessonId };
    } else {
      target = lessonView.targetAt(vscode.window.activeTextEditor);
    }
    if (!target) {
      const locale = analysis.locale;
      const picked = await vscode.window.showQuickPick(
        Object.entries(lessonCatalog).map(([id, entry]) => ({ label: entry.title[locale], description: id, detail: entry.thesis[locale], id })),
        { placeHolder: vscode.l10n.t('Pick a lesson') },
      );
      if (!picked) return;
      target = { lessonId: picked.id };
    }
    await lessonView.show(target);
  };

  const disableRule = async (ref: FindingRef) => {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(ref.uri)) ?? vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder to configure ScaleCheck for a workspace.'));
      return;
    }
    if (await disableRuleInWorkspace(folder, ref.ruleId)) {
      await analysis.reconfigureAfterWrite();
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} is now off in {1}.', ref.ruleId, CONFIG_FILE_NAME));
    }
  };

  const fixAllSafe = async (uri?: vscode.Uri) => {
    const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!document) return false;
    const state = analysis.findings(document.uri);
    const fixes = safeFixes(state?.findings ?? []);
    if (!fixes.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No safe ScaleCheck fixes in this file.'));
      return false;
    }
    const edit = await fixToEdit(analysis, document, state, fixes);
    if (!edit) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The file changed since it was analyzed. Try again in a moment.'));
      return false;
    }
    return vscode.workspace.applyEdit(edit);
  };

  const scanWorkspace = async () => {
    const outcome = await analysis.scan();
    const findings = analysis.allFindings().length;
    const message = outcome.cancelled
      ? vscode.l10n.t('ScaleCheck scan cancelled.')
      : vscode.l10n.t('ScaleCheck scanned {0} files: {1} findings, {2} skipped.', outcome.files, findings, outcome.skipped.length);
    for (const skipped of outcome.skipped) log.info(`Skipped ${skipped.file}: ${skipped.reason}`);
    for (const error of outcome.errors) log.error(`${error.file}: ${error.message}`);
    void vscode.window.showInformationMessage(message);
    return outcome;
  };

  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  const onDisk = (uri: vscode.Uri, type: 'diskChanged' | 'diskDeleted') => {
    if (uri.path.endsWith('/' + CONFIG_FILE_NAME)) return void analysis.reconfigure();
    if (languageOf(uri.path)) analysis.fileChangedOnDisk(uri, type);
  };

  context.subscriptions.push(
    log,
    analysis,
    lessonView,
    report,
    statusBar,
    watcher,
    watcher.onDidCreate((uri) => onDisk(uri, 'diskChanged')),
    watcher.onDidChange((uri) => onDisk(uri, 'diskChanged')),
    watcher.onDidDelete((uri) => onDisk(uri, 'diskDeleted')),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new CodeActions(analysis), CodeActions.metadata),
    vscode.languages.registerHoverProvider(SELECTOR, new Hover(analysis)),
    vscode.window.registerWebviewViewProvider(LessonView.viewId, lessonView),
    vscode.window.onDidChangeTextEditorSelection((event) => lessonView.follow(event.textEditor)),
    vscode.window.onDidChangeActiveTextEditor((editor) => lessonView.follow(editor)),
    analysis.onDidChange((uri) => {
      if (!uri || uri.toString() === lessonView.current?.target.uri?.toString()) lessonView.refresh();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration('scalecheck')) return;
      await analysis.reconfigure();
      statusBar.update();
      lessonView.refresh();
    }),
    vscode.commands.registerCommand('scalecheck.showLesson', showLesson),
    vscode.commands.registerCommand('scalecheck.scanWorkspace', scanWorkspace),
    vscode.commands.registerCommand('scalecheck.showReport', () => report.show()),
    vscode.commands.registerCommand('scalecheck.exportReport', () => report.exportMarkdown()),
    vscode.commands.registerCommand('scalecheck.fixAllSafe', fixAllSafe),
    vscode.commands.registerCommand('scalecheck.openSettings', () => vscode.commands.executeCommand('workbench.action.openSettings', '@ext:scalecheck.scalecheck')),
    vscode.commands.registerCommand('scalecheck.ignoreLine', (refs: FindingRef | FindingRef[], reason?: string, ruleIds?: string[]) => ignoreLine(analysis, refs, reason, ruleIds)),
    vscode.commands.registerCommand('scalecheck.applyFix', (args: FixCommandArgs) => fixes.applyCommand(args)),
    vscode.commands.registerCommand('scalecheck.fixApplied', (args: AppliedArgs) => fixes.applied(args)),
    vscode.commands.registerCommand('scalecheck.disableRule', disableRule),
  );

  analysis.start();
  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(1)} ms.`);
  return { activationMs, analysis, lessonView, report, fixes, actions };
}

/** Wraps the log's writers so each line also reaches the console. */
function mirrorToConsole(log: vscode.LogOutputChannel): void {
  for (const level of ['info', 'warn', 'error'] as const) {
    const write = log[level].bind(log) as (message: string) => void;
    (log as unknown as Record<string, (message: string) => void>)[level] = (message: string) => {
      console.log(`[ScaleCheck ${level}] ${message}`);
      write(message);
    };
  }
}

export function deactivate(): void {}
