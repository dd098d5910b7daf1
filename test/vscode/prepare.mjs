// What both ways of running the suites share: the bundled suites and a fresh workspace copy.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

/** Bundles test/vscode/suite/*.ts into dist-test/vscode/ (vscode and mocha stay external: the host provides them). */
export async function bundleSuites(root) {
  const suiteDir = path.join(root, 'test', 'vscode', 'suite');
  const entries = fs.readdirSync(suiteDir).filter((name) => name.endsWith('.ts')).map((name) => path.join(suiteDir, name));
  await esbuild.build({
    entryPoints: entries,
    outdir: path.join(root, 'dist-test', 'vscode'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

/**
 * A fresh copy of examples/ (quick fixes write to disk), with workspace
 * settings for a quiet workbench: the copy may sit inside the project's git
 * checkout, and the examples ship without node_modules, so the built-in
 * TypeScript checker's "cannot find module" errors are noise here.
 */
export function prepareWorkspace(examples, workspace) {
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.cpSync(examples, workspace, { recursive: true });
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  const settings = {
    'git.openRepositoryInParentFolders': 'never',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'typescript.validate.enable': false,
    'javascript.validate.enable': false,
  };
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
}
