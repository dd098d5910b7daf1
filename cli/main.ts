#!/usr/bin/env node
/**
 * The `scalecheck` command. This entry stays small so `--version` and
 * `--help` answer at once; the engine (and the TypeScript compiler inside it)
 * loads only when there is something to analyze.
 */
import * as path from 'node:path';
import { version } from '../package.json';
import { HELP, parseCommand } from './args';

// `scalecheck … | head` closes the pipe early: the reader has what it wanted, so stop quietly
// instead of dying on an unhandled EPIPE with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

async function main(): Promise<number> {
  const command = parseCommand(process.argv.slice(2));
  switch (command.kind) {
    case 'help':
      process.stdout.write(HELP + '\n');
      return 0;
    case 'version':
      process.stdout.write(version + '\n');
      return 0;
    case 'usage-error':
      process.stderr.write(`scalecheck: ${command.message}\nRun "scalecheck --help" for usage.\n`);
      return 2;
    case 'run': {
      // A separate bundle next to this one (see scripts/build.mjs).
      const { run } = require(path.join(__dirname, 'cli-run.js')) as typeof import('./run');
      return run(command.options);
    }
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`scalecheck: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
