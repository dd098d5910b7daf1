import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The built CLI (`npm test` builds first), spawned as users and CI run it. */
export const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

/** A scratch workspace with these files (paths with `/`). */
export function workspace(files: Record<string, string | Buffer>, prefix = 'scalecheck-cli-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

/** Runs the CLI; a run that does not end within `timeout` fails the test instead of hanging the suite. */
export function run(cwd: string, args: string[], timeout = 60_000) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' } });
  if (result.error) throw result.error;
  if (result.signal) throw new Error(`scalecheck ${args.join(' ')} did not end within ${timeout} ms (${result.signal})`);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface JsonReport {
  version: number;
  findings: Array<{ ruleId: string; severity: string; confidence: string; message: string; file: string; line: number; column: number; endLine: number; endColumn: number; lesson: string; related: Array<{ file: string; line: number; column: number; message: string }> }>;
  errors: Array<{ file: string; message: string }>;
  skipped: Array<{ file: string; reason: string }>;
}

export function json(cwd: string, ...args: string[]) {
  const result = run(cwd, ['--format', 'json', ...args]);
  return { ...result, report: JSON.parse(result.stdout) as JsonReport };
}
