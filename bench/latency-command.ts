/**
 * `npm run bench:latency -- <dir> <file>`: on-type latency on your own
 * repository. Indexes every file of <dir>, then types into <file> (relative
 * to <dir>) as `npm run bench` does, and prints one line of JSON with the
 * milliseconds per keystroke: {"p50","p95","max","keystrokes"}.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnJson } from './child';
import type { LatencyResult } from './latency';

const [dir, file] = process.argv.slice(2);
if (!dir || !file || !fs.existsSync(path.join(dir, file))) {
  process.stderr.write('usage: npm run bench:latency -- <dir> <file relative to dir>\n');
  process.exit(2);
}
const result = spawnJson<LatencyResult | { unsupported: string }>(['latency', path.resolve(dir), file.split(path.sep).join('/')]);
if (!result) process.exit(1);
if ('unsupported' in result) {
  process.stderr.write(`bench:latency: ${result.unsupported}\n`);
  process.exit(2);
}
process.stdout.write(`${JSON.stringify({ p50: result.p50, p95: result.p95, max: result.max, keystrokes: result.keystrokes })}\n`);
