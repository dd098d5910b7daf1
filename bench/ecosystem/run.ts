/**
 * `npm run ecosystem`: what ScaleCheck says about real applications, and how
 * much of it is true. Scans every repository of bench/ecosystem/repos.json
 * from local checkouts (ECOSYSTEM_DIR; never downloads), prints counts per
 * repository and rule, the diff against the committed baseline, and precision
 * over the hand verdicts. The held-out half is only ever printed as numbers.
 * Options: see USAGE below, or README's Development section.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  debatableShare,
  diffFindings,
  formatBaseline,
  fromRows,
  languageOfFile,
  keptAsEvidence,
  lostVerdicts,
  placeKey,
  percent,
  precision,
  sampleFindings,
  tallyBy,
  toRows,
  verdictIndex,
  verdictProblems,
  type Baseline,
  type Diff,
  type EcoFinding,
  type Tally,
  type Verdict,
} from './findings';
import { runFixes } from './fixes';
import { ECOSYSTEM_FOLDER, HALVES, loadManifest, type Half, type Repository } from './manifest';
import { checkoutState, CLI, scalecheckRevision, scanCheckout, type ScanResult } from './scan';

const USAGE = `npm run ecosystem -- [options]
  --half tuning|held-out|all   which repositories to scan (default: all)
  --repo <name>[,<name>]       only these repositories
  --sample <n>                 findings per repository and rule a judge reads (default: 8)
  --update-baseline            write the scanned halves' findings as the new baseline
  --todo <file>                write the unjudged findings of the sample, with messages, to <file> (tuning half)
  --reveal-held-out            also print and write held-out findings (only for judging it, before and at the end)
  --fixes                      measure recall on the manifest's real fixes (parent vs fix commit); with --repo, only those repositories' fixes
  --cli <args>                 extra arguments for the CLI, e.g. "--min-confidence low"
ECOSYSTEM_DIR (default: ../ecosystem next to the project) holds one checkout per repository name.`;

interface Options {
  halves: Half[];
  repos?: string[];
  sample: number;
  updateBaseline: boolean;
  todo?: string;
  reveal: boolean;
  fixes: boolean;
  cliArgs: string[];
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      half: { type: 'string' },
      repo: { type: 'string' },
      sample: { type: 'string' },
      'update-baseline': { type: 'boolean' },
      todo: { type: 'string' },
      'reveal-held-out': { type: 'boolean' },
      fixes: { type: 'boolean' },
      cli: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const half = values.half ?? 'all';
  if (half !== 'all' && !HALVES.includes(half as Half)) throw new Error(`--half must be tuning, held-out or all (got "${half}")`);
  const sample = Number(values.sample ?? 8);
  if (!Number.isInteger(sample) || sample < 1) throw new Error('--sample must be a whole number above 0');
  return {
    halves: half === 'all' ? [...HALVES] : [half as Half],
    repos: values.repo?.split(',').map((name) => name.trim()).filter(Boolean),
    sample,
    updateBaseline: values['update-baseline'] ?? false,
    todo: values.todo,
    reveal: values['reveal-held-out'] ?? false,
    fixes: values.fixes ?? false,
    cliArgs: values.cli?.split(/\s+/).filter(Boolean) ?? [],
  };
}

const baselinePath = (half: Half) => path.join(ECOSYSTEM_FOLDER, `baseline.${half}.json`);
const verdictsPath = (half: Half) => path.join(ECOSYSTEM_FOLDER, `verdicts.${half}.json`);
const resultsDir = path.join(ECOSYSTEM_FOLDER, 'results');

function readJson<T>(file: string, fallback: T): T {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as T) : fallback;
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  if (!fs.existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first (npm run ecosystem does).');
  const manifest = loadManifest();
  const ecosystemDir = path.resolve(process.env.ECOSYSTEM_DIR ?? path.join(ECOSYSTEM_FOLDER, '..', '..', '..', 'ecosystem'));
  const revision = scalecheckRevision();
  const today = new Date().toISOString().slice(0, 10);

  if (options.fixes) {
    // `--repo` narrows the fixes too, for a quicker loop on one repository's fixes.
    const fixes = options.repos ? manifest.fixes.filter((fix) => options.repos!.includes(fix.repo)) : manifest.fixes;
    runFixes({ ...manifest, fixes }, ecosystemDir, options.cliArgs);
    return;
  }

  const selected = manifest.repositories.filter((repo) => options.halves.includes(repo.half) && (!options.repos || options.repos.includes(repo.name)));
  const unknown = options.repos?.filter((name) => !manifest.repositories.some((repo) => repo.name === name)) ?? [];
  if (unknown.length) throw new Error(`not in repos.json: ${unknown.join(', ')}`);

  const missing = selected.filter((repo) => checkoutState(path.join(ecosystemDir, repo.name), repo.commit) !== 'ready');
  if (missing.length) {
    console.log(`Checkouts missing or at another commit in ${ecosystemDir} — get them with:\n`);
    for (const repo of missing) {
      const dir = path.join(ecosystemDir, repo.name);
      const state = checkoutState(dir, repo.commit);
      console.log(state === 'missing' ? `git clone ${repo.url} ${dir} && git -C ${dir} checkout ${repo.commit}` : `git -C ${dir} fetch origin && git -C ${dir} checkout ${repo.commit}   # ${state}`);
    }
    console.log('');
  }
  const ready = selected.filter((repo) => !missing.includes(repo));
  console.log(`ScaleCheck ecosystem check, ${today}: ScaleCheck ${revision}, ${ready.length} of ${selected.length} repositories scanned; ${os.cpus().length} cores, load ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}.\n`);

  const scans = new Map<string, ScanResult>();
  for (const repo of ready) {
    process.stderr.write(`scanning ${repo.name}…`);
    const result = scanCheckout(repo.name, path.join(ecosystemDir, repo.name, repo.subfolder ?? ''), options.cliArgs);
    scans.set(repo.name, result);
    process.stderr.write(` ${result.failure ? 'FAILED: ' + result.failure : result.findings.length + ' findings'} in ${result.seconds.toFixed(1)} s\n`);
  }

  printScans(ready, scans);
  fs.mkdirSync(resultsDir, { recursive: true });
  for (const half of options.halves) {
    const repos = ready.filter((repo) => repo.half === half);
    if (!repos.length) continue;
    reportHalf(half, repos, scans, options, revision, today);
  }
}

function printScans(repos: readonly Repository[], scans: Map<string, ScanResult>): void {
  const rules = [...new Set([...scans.values()].flatMap((scan) => scan.findings.map((f) => f.rule)))].sort();
  console.log(`| repository | half | stack | ${rules.join(' | ')} | findings | seconds | errors | skipped |`);
  console.log(`| --- | --- | --- | ${rules.map(() => '---:').join(' | ')} | ---: | ---: | ---: | ---: |`);
  for (const repo of repos) {
    const scan = scans.get(repo.name)!;
    if (scan.failure) {
      console.log(`| ${repo.name} | ${repo.half} | ${repo.stack} | ${rules.map(() => '').join(' | ')} | FAILED | ${scan.seconds.toFixed(1)} | | |`);
      continue;
    }
    const counts = rules.map((rule) => scan.findings.filter((f) => f.rule === rule).length || '');
    console.log(`| ${repo.name} | ${repo.half} | ${repo.stack} | ${counts.join(' | ')} | ${scan.findings.length} | ${scan.seconds.toFixed(1)} | ${scan.errors} | ${scan.skipped} |`);
  }
  console.log('');
}

function reportHalf(half: Half, repos: Repository[], scans: Map<string, ScanResult>, options: Options, revision: string, today: string): void {
  const reveal = half === 'tuning' || options.reveal;
  const names = new Set(repos.map((repo) => repo.name));
  const scanned = repos.filter((repo) => !scans.get(repo.name)!.failure);
  const current = scanned.flatMap((repo) => scans.get(repo.name)!.findings);

  const verdicts = readJson<Verdict[]>(verdictsPath(half), []);
  const problems = verdictProblems(verdicts, half, new Set(loadManifest().repositories.filter((r) => r.half === half).map((r) => r.name)));
  for (const problem of problems) console.log(`! ${problem}`);
  const index = verdictIndex(verdicts.filter((v) => names.has(v.repo)));

  console.log(`## ${half} half (${scanned.length} repositories)\n`);

  const baseline = readJson<Baseline | undefined>(baselinePath(half), undefined);
  if (baseline) {
    const before = scanned.flatMap((repo) => {
      const stored = baseline.repositories[repo.name];
      return stored && stored.commit === repo.commit ? fromRows(repo.name, stored.findings) : [];
    });
    const withoutBaseline = scanned.filter((repo) => baseline.repositories[repo.name]?.commit !== repo.commit).map((repo) => repo.name);
    if (withoutBaseline.length) console.log(`No baseline yet for ${withoutBaseline.join(', ')} (new or re-pinned): every finding there counts as added.\n`);
    printDiff(diffFindings(before, current), index, reveal, baseline.scalecheck);
  } else {
    console.log(`No baseline for this half yet (bench/ecosystem/baseline.${half}.json): run with --update-baseline.\n`);
  }

  printLost(index, current, reveal);
  printPrecision(half, current, index, options.sample);

  const sample = sampleFindings(current, options.sample);
  const todo = sample.filter((f) => !index.has(`${f.repo}\t${f.rule}\t${f.file}\t${f.line}`));
  if (reveal) {
    if (todo.length) {
      console.log(`Not yet judged in the sample (${todo.length}):`);
      for (const f of todo) console.log(`  ? ${f.repo} ${f.file}:${f.line} ${f.rule} [${f.severity}${f.confidence ? ', ' + f.confidence : ''}] ${f.message}`);
      console.log('');
    }
    if (options.todo) {
      const file = options.todo.replace('{half}', half);
      fs.writeFileSync(file, JSON.stringify(todo, null, 2) + '\n');
      console.log(`Wrote the ${todo.length} unjudged findings of the ${half} sample to ${file}.\n`);
    }
    fs.writeFileSync(path.join(resultsDir, `${half}.json`), JSON.stringify(current, null, 2) + '\n');
  } else {
    console.log(`Not yet judged in the sample: ${todo.length} (held out: judged only before the work and at the end, with --reveal-held-out).\n`);
  }

  if (options.updateBaseline) {
    if (options.repos || scanned.length !== repos.length || repos.length !== loadManifest().repositories.filter((r) => r.half === half).length) {
      console.log(`Baseline of the ${half} half not written: scan the whole half (no --repo, no failed scans) to update it.\n`);
    } else {
      const next: Baseline = {
        generated: today,
        scalecheck: revision,
        repositories: Object.fromEntries(scanned.map((repo) => [repo.name, { commit: repo.commit, findings: toRows(scans.get(repo.name)!.findings) }])),
      };
      fs.writeFileSync(baselinePath(half), formatBaseline(next));
      console.log(`Wrote bench/ecosystem/baseline.${half}.json (${current.length} findings).\n`);
    }
  }
}

function printDiff(diff: Diff, verdicts: Map<string, Verdict>, reveal: boolean, since: string): void {
  const rules = [...new Set([...diff.added, ...diff.removed, ...diff.changed.map(([, f]) => f)].map((f) => f.rule))].sort();
  if (!rules.length) {
    console.log(`Findings equal the baseline (ScaleCheck ${since}).\n`);
  } else {
    console.log(`Against the baseline (ScaleCheck ${since}): +${diff.added.length} added, −${diff.removed.length} removed, ~${diff.changed.length} message changed.\n`);
    console.log('| rule | added | removed | message changed |');
    console.log('| --- | ---: | ---: | ---: |');
    for (const rule of rules) {
      const count = (list: EcoFinding[]) => list.filter((f) => f.rule === rule).length;
      console.log(`| ${rule} | ${count(diff.added)} | ${count(diff.removed)} | ${diff.changed.filter(([, f]) => f.rule === rule).length} |`);
    }
    console.log('');
    if (reveal) {
      const verdictOf = (f: EcoFinding) => verdicts.get(`${f.repo}\t${f.rule}\t${f.file}\t${f.line}`)?.verdict ?? 'unjudged';
      for (const f of diff.added) console.log(`  + ${f.repo} ${f.file}:${f.line} ${f.rule} ${f.message ?? ''}`);
      for (const f of diff.removed) console.log(`  − ${f.repo} ${f.file}:${f.line} ${f.rule} (${verdictOf(f)})`);
      for (const [, f] of diff.changed) console.log(`  ~ ${f.repo} ${f.file}:${f.line} ${f.rule} ${f.message ?? ''}`);
      console.log('');
    }
  }
}

function printLost(verdicts: Map<string, Verdict>, current: EcoFinding[], reveal: boolean): void {
  const gone = lostVerdicts([...verdicts.values()], current);
  const kept = keptAsEvidence(gone, current);
  const keptPlaces = new Set(kept.map(({ verdict }) => placeKey(verdict)));
  const lost = gone.filter((v) => !keptPlaces.has(placeKey(v)));
  if (!gone.length) return;
  const count = (list: readonly Verdict[], value: string) => list.filter((v) => v.verdict === value).length;
  const keptVerdicts = kept.map(({ verdict }) => verdict);
  console.log(`Judged findings no longer reported at their place: ${count(gone, 'TRUE')} TRUE, ${count(gone, 'DEBATABLE')} DEBATABLE, ${count(gone, 'FALSE')} FALSE; of them now evidence of another finding of the rule (one finding per root cause): ${count(keptVerdicts, 'TRUE')} TRUE, ${count(keptVerdicts, 'DEBATABLE')} DEBATABLE, ${count(keptVerdicts, 'FALSE')} FALSE.`);
  if (reveal) {
    for (const { verdict: v, by } of kept.filter(({ verdict }) => verdict.verdict === 'TRUE')) console.log(`  TRUE kept as evidence: ${v.repo} ${v.file}:${v.line} ${v.rule}, related to ${by.file}:${by.line}`);
    for (const v of lost.filter((v) => v.verdict === 'TRUE')) console.log(`  lost TRUE: ${v.repo} ${v.file}:${v.line} ${v.rule} — ${v.reason}`);
  }
  console.log('');
}

function printPrecision(half: Half, findings: EcoFinding[], verdicts: Map<string, Verdict>, perStratum: number): void {
  const sample = new Set(sampleFindings(findings, perStratum).map((f) => `${f.repo}\t${f.rule}\t${f.file}\t${f.line}`));
  const byRule = tallyBy(findings, verdicts, (f) => `${f.rule}\t${languageOfFile(f.file)}`);
  const unjudgedInSample = tallyBy(
    findings.filter((f) => sample.has(`${f.repo}\t${f.rule}\t${f.file}\t${f.line}`)),
    verdicts,
    (f) => `${f.rule}\t${languageOfFile(f.file)}`,
  );
  const row = (label: string, language: string, tally: Tally, open: number) =>
    `| ${label} | ${language} | ${tally.TRUE + tally.DEBATABLE + tally.FALSE + tally.unjudged} | ${tally.TRUE} | ${tally.DEBATABLE} | ${tally.FALSE} | ${percent(precision(tally))} | ${percent(debatableShare(tally))} | ${open} |`;
  console.log(`Precision (${half}; true / (true + false) over the judged findings reported now):\n`);
  console.log('| rule | language | findings | TRUE | DEBATABLE | FALSE | precision | debatable | unjudged in sample |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const total = { TRUE: 0, DEBATABLE: 0, FALSE: 0, unjudged: 0 };
  let open = 0;
  for (const key of [...byRule.keys()].sort()) {
    const tally = byRule.get(key)!;
    const [rule, language] = key.split('\t');
    const todo = unjudgedInSample.get(key)?.unjudged ?? 0;
    console.log(row(rule, language, tally, todo));
    for (const k of ['TRUE', 'DEBATABLE', 'FALSE', 'unjudged'] as const) total[k] += tally[k];
    open += todo;
  }
  console.log(row('**all**', '', total, open));
  console.log('');
}

try {
  main();
} catch (error) {
  console.error(`ecosystem: ${(error as Error).message}`);
  process.exit(2);
}
