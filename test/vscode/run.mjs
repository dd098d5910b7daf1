// Runs the extension in a real VS Code, offline: the VS Code server bundled in
// code-server@4.100.3 (VS Code 1.100.3) with Debian's chromium as the
// workbench client, driven by playwright-core (see test/vscode/setup.sh).
//
//   node test/vscode/run.mjs suite   mocha suites inside the extension host (test/vscode/suite/)
//   node test/vscode/run.mjs e2e     the workbench driven like a person, with screenshots (test/e2e/)
//
// Each run gets a fresh copy of examples/ as its workspace (quick fixes write
// to disk), a fresh server data folder and browser profile, and the server's
// whole process group is killed at the end.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCorpus, bundleSuites, prepareWorkspace } from './prepare.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const mode = process.argv[2];
if (mode !== 'suite' && mode !== 'e2e') {
  console.error('usage: node test/vscode/run.mjs suite|e2e');
  process.exit(2);
}
const home = process.env.VSCODE_TEST_HOME ?? path.join(root, '.vscode-test');
const tools = path.join(home, 'tools');
const vscodeDir = path.join(tools, 'node_modules', 'code-server', 'lib', 'vscode');
const port = Number(process.env.PORT ?? (mode === 'suite' ? 8791 : 8792));
const workspace = path.join(home, mode === 'suite' ? 'ws-suite' : 'ws-e2e');
const output = path.join(root, 'test-output', mode === 'suite' ? 'vscode' : 'e2e');
const examples = process.env.SCALECHECK_EXAMPLES ?? path.join(root, 'examples');
const started = Date.now();
const log = (...args) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s]`, ...args);

if (!fs.existsSync(path.join(vscodeDir, 'out', 'server-main.js')) || !fs.existsSync(path.join(tools, 'node_modules', 'playwright-core'))) {
  const setup = spawnSync('bash', [path.join(root, 'test', 'vscode', 'setup.sh'), home], { stdio: 'inherit' });
  if (setup.status !== 0) process.exit(setup.status ?? 1);
}

// The extension as it ships, plus the suites bundled next to it.
const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
if (build.status !== 0) process.exit(build.status ?? 1);
await bundleSuites(root);
if (mode === 'e2e') await bundleCorpus(root);

prepareWorkspace(examples, workspace);
fs.rmSync(output, { recursive: true, force: true });
fs.mkdirSync(output, { recursive: true });
const serverData = path.join(home, `server-data-${mode}`);
fs.rmSync(serverData, { recursive: true, force: true });
for (const dir of ['home', 'tmp']) fs.mkdirSync(path.join(home, dir), { recursive: true });

// HOME and TMPDIR inside the tools folder keep config, IPC sockets and tsserver pipes out of the real home and /tmp.
const env = { ...process.env, HOME: path.join(home, 'home'), TMPDIR: path.join(home, 'tmp'), SCALECHECK_LOG_TO_CONSOLE: '1' };
const serverLog = fs.openSync(path.join(home, `server-${mode}.log`), 'w');
// server-main.js directly: only it accepts --enable-smoke-test-driver, without which the test payload is ignored.
const server = spawn(
  process.execPath,
  [
    path.join(vscodeDir, 'out', 'server-main.js'),
    '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms',
    '--server-data-dir', serverData, '--user-data-dir', path.join(serverData, 'data'), '--extensions-dir', path.join(serverData, 'extensions'),
    '--disable-workspace-trust', '--disable-telemetry', '--enable-smoke-test-driver',
  ],
  { env, detached: true, stdio: ['ignore', serverLog, serverLog] },
);
const stopServer = () => {
  try {
    process.kill(-server.pid, 'SIGKILL'); // the whole group: extension hosts and tsservers otherwise linger
  } catch {
    // already gone
  }
};
process.on('exit', stopServer);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

let code = 1;
try {
  await waitForServer(`http://127.0.0.1:${port}/`);
  log(`VS Code server up on port ${port}; workspace ${workspace}`);
  const require = createRequire(path.join(tools, 'package.json'));
  const { chromium } = require('playwright-core');
  const context = { chromium, port, workspace, extension: root, output, log, env };
  const driver = mode === 'suite' ? await import('./host-runner.mjs') : await import('../e2e/e2e.mjs');
  code = await driver.run(context);
} catch (error) {
  console.error(error);
  code = 1;
} finally {
  stopServer();
}
log(`${mode} finished with exit code ${code}`);
process.exit(code);

async function waitForServer(url) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (server.exitCode !== null) throw new Error(`The VS Code server exited (${server.exitCode}); see ${home}/server-${mode}.log`);
    if (Date.now() > deadline) throw new Error('The VS Code server did not start within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

