import { parseArgs } from 'node:util';
import type { Confidence, Locale, Severity } from '../analyzers/core/types';

export type OutputFormat = 'text' | 'json' | 'sarif';
export type FailOn = Severity | 'never';

export interface CliOptions {
  paths: string[];
  format: OutputFormat;
  rules?: string[];
  failOn: FailOn;
  /** Overrides `minConfidence` of `.scalecheck.json` when given. */
  minConfidence?: Confidence;
  locale: Locale;
  threads?: number;
  color?: boolean;
  /** `--cache`: keep facts and findings between runs. */
  cache?: boolean;
  /** `--cache-location`: the cache file, or a folder for it; relative to the current folder. */
  cacheLocation?: string;
}

export type ParsedCommand = { kind: 'help' } | { kind: 'version' } | { kind: 'run'; options: CliOptions } | { kind: 'usage-error'; message: string };

export const HELP = `Usage: scalecheck [paths...] [options]

Finds code that will not survive growth: N+1 queries, missing indexes,
unbounded AI calls, long tasks inside requests, in-memory state.

Arguments:
  paths                  Files or folders to analyze (default: .)

Options:
  --format <format>      text, json or sarif (default: text)
  --rule <ids>           Only run these rules, comma-separated
  --fail-on <level>      Exit 1 when a finding is at or above: info, warning,
                         error, or never (default: warning)
  --min-confidence <level>
                         Show findings whose evidence is at least: high,
                         medium or low (default: high, or minConfidence
                         in .scalecheck.json)
  --lang <en|ko>         Language of messages (default: en)
  --threads <n>          Worker threads for large scans (default: cores,
                         up to 4, from 4 cores up; else 1)
  --cache                Keep each file's facts and findings between runs;
                         analyze again only files that changed or that read
                         what changed (the output is the same)
  --cache-location <path>
                         The cache file, or a folder for it (default:
                         node_modules/.cache/scalecheck/)
  --no-color             Plain text output
  -v, --version          Print the version
  -h, --help             Print this help

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it,
2 usage error or internal failure.

Configuration: .scalecheck.json in the current folder. Suppress one finding
with "// scalecheck-ignore-next-line <rule-id> -- <reason>" ("#" in Python).`;

export function parseCommand(argv: readonly string[]): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        rule: { type: 'string', multiple: true },
        'fail-on': { type: 'string' },
        'min-confidence': { type: 'string' },
        lang: { type: 'string' },
        threads: { type: 'string' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        version: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { kind: 'usage-error', message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const format = values.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) return { kind: 'usage-error', message: `--format must be text, json or sarif (got "${format}")` };
  const failOn = values['fail-on'] ?? 'warning';
  if (!['info', 'warning', 'error', 'never'].includes(failOn)) return { kind: 'usage-error', message: `--fail-on must be info, warning, error or never (got "${failOn}")` };
  const minConfidence = values['min-confidence'];
  if (minConfidence !== undefined && !['high', 'medium', 'low'].includes(minConfidence)) return { kind: 'usage-error', message: `--min-confidence must be high, medium or low (got "${minConfidence}")` };
  const locale = values.lang ?? 'en';
  if (locale !== 'en' && locale !== 'ko') return { kind: 'usage-error', message: `--lang must be en or ko (got "${locale}")` };
  let threads: number | undefined;
  if (values.threads !== undefined) {
    threads = Number(values.threads);
    if (!Number.isInteger(threads) || threads < 0) return { kind: 'usage-error', message: `--threads must be a whole number (got "${values.threads}")` };
  }
  if (values['cache-location'] === '') return { kind: 'usage-error', message: '--cache-location needs a path' };
  const rules = values.rule?.flatMap((value) => value.split(',')).map((id) => id.trim()).filter(Boolean);
  return {
    kind: 'run',
    options: {
      paths: positionals.length ? positionals : ['.'],
      format: format as OutputFormat,
      rules: rules?.length ? rules : undefined,
      failOn: failOn as FailOn,
      ...(minConfidence ? { minConfidence: minConfidence as Confidence } : {}),
      locale,
      threads,
      color: values['no-color'] ? false : values.color ? true : undefined,
      ...(values.cache ? { cache: true } : {}),
      ...(values['cache-location'] !== undefined ? { cacheLocation: values['cache-location'] } : {}),
    },
  };
}
