import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, cli, fileUri, ours, runCli, until } from './helpers';
import type { JobOutcome } from '../../../src/analysis';

describe('Scan Workspace', () => {
  it('before any scan, Problems holds every finding of the background index, as many as the status bar counts', async function () {
    this.timeout(180_000);
    const { analysis } = await api();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await analysis.indexed;
    const report = await cli();
    const published = () => vscode.languages.getDiagnostics().flatMap(([, diagnostics]) => diagnostics.filter((d) => d.source === 'ScaleCheck'));
    // Closed files go back to their text on disk: wait until every file shows what the CLI finds there.
    await until(`Problems shows the CLI's ${report.findings.length} findings`, () => published().length === report.findings.length);
    const counts = analysis.counts();
    assert.equal(counts.error + counts.warning + counts.info, published().length, 'the status bar counts what Problems shows');
    for (const finding of report.findings) {
      assert.ok(ours(fileUri(finding.file)).some((d) => d.range.start.line + 1 === finding.line && String((d.code as { value: string }).value) === finding.ruleId), `${finding.file}:${finding.line} is in Problems without opening it`);
    }
  });

  it('reports every file, with findings for files that are not open', async function () {
    this.timeout(180_000);
    const { analysis } = await api();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const started = Date.now();
    const outcome = await vscode.commands.executeCommand<JobOutcome>('scalecheck.scanWorkspace');
    console.log(`    scanned ${outcome?.files} files in ${Date.now() - started} ms`);
    assert.ok(outcome && !outcome.cancelled);
    // The CLI's own count of the files it checked, from its text summary line.
    const text = await runCli([]);
    const checked = Number(/(\d+) files? checked/.exec(text)?.[1]);
    assert.equal(outcome.files, checked, `scan covered ${outcome.files} files, the CLI ${checked}`);
    const report = await cli();
    for (const finding of report.findings) {
      await until(`${finding.file}:${finding.line} shown without opening it`, () =>
        ours(fileUri(finding.file)).some((d) => d.range.start.line + 1 === finding.line && String((d.code as { value: string }).value) === finding.ruleId),
      );
    }
    const counts = analysis.counts();
    const byCli = { error: 0, warning: 0, info: 0 } as Record<string, number>;
    for (const finding of report.findings) byCli[finding.severity]++;
    assert.deepEqual(counts, byCli, 'the status bar counts match the CLI');
  });
});
