// The same extension-host suites under @vscode/test-electron, for contributors
// on a networked machine with desktop VS Code (it downloads VS Code on first
// use, which CI here cannot; CI runs them through test/vscode/run.mjs).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { bundleSuites, prepareWorkspace } from './prepare.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'scalecheck-ws-'));
const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'scalecheck-user-'));
try {
  await bundleSuites(root);
  prepareWorkspace(process.env.SCALECHECK_EXAMPLES ?? path.join(root, 'examples'), workspace);
  await runTests({
    version: process.env.VSCODE_VERSION ?? '1.100.3',
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'dist-test', 'vscode', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--user-data-dir', userData],
  });
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.rmSync(userData, { recursive: true, force: true });
}
