import * as path from 'node:path';
import Mocha from 'mocha';

/**
 * Loaded by VS Code inside the extension host (`extensionTestsPath`), the
 * same way under the offline VS Code server and under @vscode/test-electron.
 * Suites run in this order: later ones change settings and files (`hostile`
 * crashes workers on purpose, so it comes last).
 */
const SUITES = ['activation', 'diagnostics', 'cross-file', 'code-actions', 'menu', 'hover', 'lesson', 'settings', 'scan', 'korean', 'hostile'];

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120_000, reporter: 'spec' });
  const only = process.env.SCALECHECK_SUITES?.split(',');
  for (const suite of SUITES) if (!only || only.includes(suite)) mocha.addFile(path.join(__dirname, `${suite}.test.js`));
  return new Promise((resolve, reject) => {
    const runner = mocha.run();
    runner.on('end', () => {
      const { passes = 0, failures = 0, pending = 0 } = runner.stats ?? {};
      // The closing line CI reads.
      console.log(`${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
      if (failures) reject(new Error(`${failures} tests failed.`));
      else resolve();
    });
  });
}
