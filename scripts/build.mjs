// Bundles the CLI, its scan worker and the extension into dist/ and the
// lesson page script into media/ with esbuild, copies the parser wasm files
// the Python analyzer loads at run time, and names the engine build in
// dist/engine-id (the CLI's cache is only reused by the same engine).
import * as esbuild from 'esbuild';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(path.join(root, 'package.json'));
const watch = process.argv.includes('--watch');
const production = !process.argv.includes('--dev');

/** Bundles that run in Node: the CLI front (tiny), its engine half, workers, the extension. */
const entries = [
  { in: 'cli/main.ts', out: 'cli' },
  { in: 'cli/run.ts', out: 'cli-run' },
  { in: 'host/scan-worker.ts', out: 'scan-worker' },
  { in: 'src/extension.ts', out: 'extension' },
  { in: 'src/worker/analysis-worker.ts', out: 'analysis-worker' },
  { in: 'src/worker/page-worker.ts', out: 'page-worker' },
];

/**
 * dist/engine-id: a digest of everything that decides what a scan finds
 * (the CLI's engine bundle, the scan worker, the parser wasm files), written
 * after every build, watch rebuilds included. `scalecheck --cache` keeps its
 * cache per engine id, so a rebuilt engine never reads another build's
 * facts or findings.
 */
const engineIdPlugin = {
  name: 'engine-id',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length) return;
      const digest = crypto.createHash('sha256');
      const inputs = [path.join(root, 'dist', 'cli-run.js'), path.join(root, 'dist', 'scan-worker.js'), require.resolve('web-tree-sitter/tree-sitter.wasm'), require.resolve('tree-sitter-python/tree-sitter-python.wasm')];
      for (const input of inputs) digest.update(fs.readFileSync(input));
      fs.writeFileSync(path.join(root, 'dist', 'engine-id'), digest.digest('hex').slice(0, 32) + '\n');
    });
  },
};

const options = {
  absWorkingDir: root,
  entryPoints: entries.map((entry) => ({ in: entry.in, out: entry.out })),
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  // The Python parser imports web-tree-sitter lazily with `import()`, which esbuild resolves
  // with the "import" condition: the ESM build, whose `import.meta.url` is empty in a CJS
  // bundle. Point it at the CommonJS build instead.
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
  minify: production,
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  plugins: [engineIdPlugin],
};

function copyParserAssets() {
  const wasmDir = path.join(root, 'dist', 'wasm');
  fs.mkdirSync(wasmDir, { recursive: true });
  for (const [pkg, file] of [
    ['web-tree-sitter', 'tree-sitter.wasm'],
    ['tree-sitter-python', 'tree-sitter-python.wasm'],
  ]) {
    let source;
    try {
      source = require.resolve(`${pkg}/${file}`);
    } catch {
      // Without these files every Python file fails to parse at run time: stop the build instead.
      throw new Error(`scripts/build.mjs: ${pkg}/${file} is missing; run npm ci`);
    }
    fs.copyFileSync(source, path.join(wasmDir, file));
  }
}

/** The lesson panel's and report's page script runs in the webview, not in Node. */
const pageOptions = {
  absWorkingDir: root,
  entryPoints: ['lessons/page/main.ts'],
  outfile: 'media/scalecheck-page.js',
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  format: 'iife',
  minify: production,
  sourcemap: false,
  logLevel: 'warning',
  legalComments: 'none',
};

fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
if (watch) {
  const context = await esbuild.context(options);
  const pageContext = await esbuild.context(pageOptions);
  copyParserAssets();
  await Promise.all([context.watch(), pageContext.watch()]);
} else {
  await Promise.all([esbuild.build(options), esbuild.build(pageOptions)]);
  copyParserAssets();
  fs.chmodSync(path.join(root, 'dist', 'cli.js'), 0o755);
}
