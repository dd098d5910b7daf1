// Opens the workbench with a test payload: VS Code loads the extension under
// development and runs the mocha suites (dist-test/vscode/index.js) inside
// its Node extension host, with the real `vscode` API. Chromium is only the
// client; results come back through window.codeAutomationLog/Exit, the
// hooks @vscode/test-web uses.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const TIMEOUT_MS = Number(process.env.TEST_TIMEOUT_MS ?? 600_000);

export async function run({ chromium, port, workspace, extension, output, log }) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'scalecheck-chrome-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROME ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    const authority = `127.0.0.1:${port}`;
    const remote = (file) => `vscode-remote://${authority}${file}`;
    let finish;
    const finished = new Promise((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', (_type, args) => console.log(...(Array.isArray(args) ? args : [args])));
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    if (process.env.DEBUG_CONSOLE) page.on('console', (message) => console.log('[browser]', message.text()));
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(extension)],
      ['extensionTestsPath', remote(path.join(extension, 'dist-test', 'vscode', 'index.js'))],
    ]);
    await page.goto(`http://${authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    log('workbench opened; running the suites in the extension host');
    let timer;
    const code = await Promise.race([finished, new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS)))]);
    clearTimeout(timer);
    if (code === 'timeout') {
      console.log(`TIMEOUT: the suites did not finish within ${TIMEOUT_MS / 1000} s`);
      await page.screenshot({ path: path.join(output, 'suite-timeout.png') }).catch(() => {});
    }
    return code === 0 ? 0 : 1;
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
