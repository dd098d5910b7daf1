import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

export interface Measurement {
  seconds: number;
  /** Peak resident memory of the whole process tree, in MB. */
  peakRssMb: number;
  /** User + system CPU time of the tree, in seconds: divided by `seconds` it tells how many cores worked. */
  cpuSeconds: number;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

const PAGE_SIZE = 4096;
const TICKS_PER_SECOND = 100;
const POLL_MS = 15;

/**
 * Runs a command and samples its process tree in /proc while it runs: the
 * peak is the larger of the highest summed RSS of all its processes at one
 * instant (flake8 forks workers) and the root's own high-water mark
 * (`VmHWM`, exact for single-process tools). CPU time is the tree's
 * utime + stime at the last sample (threads included).
 */
export function measure(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (data: Buffer) => stdout.push(data));
    child.stderr.on('data', (data: Buffer) => stderr.push(data));
    let peakRss = 0;
    let rootHwm = 0;
    const selfTicks = new Map<number, number>();
    let reapedTicks = 0;
    const sample = () => {
      if (child.pid === undefined) return;
      const tree = processTree(child.pid);
      let rss = 0;
      for (const pid of tree) {
        const stat = readStat(pid);
        if (!stat) continue;
        rss += stat.rssPages * PAGE_SIZE;
        selfTicks.set(pid, stat.selfTicks);
        if (pid === child.pid) reapedTicks = stat.reapedChildTicks;
      }
      peakRss = Math.max(peakRss, rss);
      rootHwm = Math.max(rootHwm, readHighWaterMark(child.pid));
    };
    const timer = setInterval(sample, POLL_MS);
    sample();
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // A descendant is counted once: alive in its own ticks, or reaped in the root's children ticks.
      let descendants = 0;
      for (const [pid, value] of selfTicks) if (pid !== child.pid) descendants += value;
      const ticks = (selfTicks.get(child.pid!) ?? 0) + Math.max(descendants, reapedTicks);
      resolve({
        seconds,
        peakRssMb: Math.max(peakRss, rootHwm) / (1024 * 1024),
        cpuSeconds: ticks / TICKS_PER_SECOND,
        exitCode,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}

/** The process and its descendants, found through the parent ids in /proc. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (!stat) continue;
    const list = children.get(stat.ppid) ?? [];
    list.push(Number(entry));
    children.set(stat.ppid, list);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}

interface Stat {
  ppid: number;
  rssPages: number;
  /** utime + stime of the process (all its threads). */
  selfTicks: number;
  /** cutime + cstime: children it has waited for. */
  reapedChildTicks: number;
}

function readStat(pid: number): Stat | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: split after its closing one.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const at = (field: number) => Number(fields[field - 3]);
  return { ppid: at(4), rssPages: at(24), selfTicks: at(14) + at(15), reapedChildTicks: at(16) + at(17) };
}

function readHighWaterMark(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
