import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');

/**
 * Runs bench/<script>.ts in a child process, bundled the way scripts/build.mjs
 * bundles the product (esbuild, minified): tsx would time its own transform,
 * which wraps every closure the engine creates in a naming helper.
 */
export function spawnJson<T>([script, ...args]: string[]): T | undefined {
  const bundle = bundled(script);
  const result = spawnSync(process.execPath, [bundle, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    process.stderr.write(`bench: ${script} failed:\n${result.stderr}\n`);
    return undefined;
  }
  return JSON.parse(result.stdout) as T;
}

/** dist-bench/<script>.js, built once per run (each script runs once per corpus or target). */
const bundles = new Set<string>();
function bundled(script: string): string {
  const bundle = path.join(ROOT, 'dist-bench', `${script}.js`);
  if (bundles.has(script)) return bundle;
  esbuild.buildSync({
    absWorkingDir: ROOT,
    entryPoints: [`bench/${script}.ts`],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
    minify: true,
    logLevel: 'warning',
  });
  bundles.add(script);
  return bundle;
}

