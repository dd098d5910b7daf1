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

/** Bundles the benchmark's Next.js corpus generator for the e2e's large workspace (dist-test/e2e/corpus-next.cjs). */
export async function bundleCorpus(root) {
  await esbuild.build({
    entryPoints: [path.join(root, 'bench', 'corpus-next.ts')],
    outfile: path.join(root, 'dist-test', 'e2e', 'corpus-next.cjs'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
}

/**
 * A workspace of generated files (the e2e's "bigger than a toy" app), with the
 * same quiet settings as the examples copy.
 */
export function writeWorkspace(files, workspace) {
  fs.rmSync(workspace, { recursive: true, force: true });
  for (const file of files) {
    const target = path.join(workspace, ...file.path.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.text);
  }
  writeQuietSettings(workspace);
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
  writeQuietSettings(workspace);
}

function writeQuietSettings(workspace) {
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
