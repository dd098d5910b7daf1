import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, EXTENSION_ID } from './helpers';

describe('activation', () => {
  it('runs in a real VS Code extension host', () => {
    console.log(`    VS Code ${vscode.version}, Node ${process.version}, remote ${vscode.env.remoteName ?? 'none'}, UI ${vscode.UIKind[vscode.env.uiKind]}`);
    assert.ok(vscode.version.startsWith('1.'));
  });

  it('activates without loading the engine in the extension host', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const exports = await api();
    assert.ok(extension.isActive);
    console.log(`    activation took ${exports.activationMs.toFixed(1)} ms`);
    assert.ok(exports.activationMs < 150, `activation took ${exports.activationMs} ms`);
    // The engine and the TypeScript compiler live in the worker bundle only.
    const loaded = Object.keys(require.cache);
    assert.ok(!loaded.some((file) => /[\\/]dist[\\/](analysis-worker|cli-run)\.js$/.test(file)), 'no engine bundle in the extension host');
    assert.ok(!loaded.some((file) => /[\\/]node_modules[\\/]typescript[\\/]lib[\\/]typescript\.js$/.test(file)), 'TypeScript not loaded in the extension host');
  });

  it('contributes the commands, the lesson view and its container', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['scalecheck.showLesson', 'scalecheck.scanWorkspace', 'scalecheck.showReport', 'scalecheck.fixAllSafe', 'scalecheck.openSettings']) {
      assert.ok(commands.includes(id), `${id} is registered`);
    }
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    const titles = Object.fromEntries(manifest.contributes.commands.map((command: { command: string; title: string }) => [command.command, command.title]));
    // Titles come through package.nls.json; the manifest the API returns has them resolved.
    assert.equal(titles['scalecheck.showReport'], vscode.env.language.startsWith('ko') ? '스케일링 리포트 보기' : 'Show Scaling Report');
    assert.equal(manifest.contributes.viewsContainers.activitybar[0].id, 'scalecheck');
    assert.equal(manifest.contributes.views.scalecheck[0].id, 'scalecheck.lesson');
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
  });
});
