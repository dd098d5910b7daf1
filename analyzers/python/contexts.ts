import type { ExecutionContext } from '../core/evidence';
import type { PyFunction, PythonFacts } from './facts-types';

/**
 * Where every Python function runs, as a fact derived from the entry points
 * that reach it: views (`request`; a webhook receiver's is `background`),
 * Celery/Huey/RQ/Dramatiq tasks (`background`), management commands,
 * scripts and `AppConfig.ready()` (`script`), tests. A function takes the
 * contexts of every entry point that reaches it through calls, saves and
 * signals; the costliest wins (request, background, script, test), and
 * none reaching it is `unknown`. Views only staff can run are tracked
 * apart, so a function only they reach is known to be a rare action.
 */
const REQUEST = 1;
const STAFF = 2;
const BACKGROUND = 4;
const SCRIPT = 8;
const TEST = 16;

export interface PyContext {
  context: ExecutionContext;
  /** Every view that reaches it admits only staff. */
  staffOnly: boolean;
}

interface Inputs {
  functions: ReadonlyMap<string, { path: string; fn: PyFunction }>;
  files: ReadonlyMap<string, PythonFacts>;
  isScript: (path: string) => boolean;
  tasks: ReadonlySet<string>;
  /** The functions a function's calls, saves and signals run. */
  successors: (key: string) => string[];
}

function entryBits(inputs: Inputs, key: string, path: string, fn: PyFunction): number {
  const facts = inputs.files.get(path);
  if (facts?.isTest) return TEST;
  if (inputs.isScript(path)) return SCRIPT;
  if (inputs.tasks.has(key)) return BACKGROUND;
  if (fn.view) return fn.webhook ? BACKGROUND : fn.staffOnly ? STAFF : REQUEST;
  // Django runs `AppConfig.ready()` once per process at start.
  if (fn.name === 'ready' && fn.className && facts?.classes.some((cls) => cls.name === fn.className && cls.bases.some((base) => /AppConfig$/.test(base)))) return SCRIPT;
  return 0;
}

/** Context bits for every function, propagated forward from the entry points. */
export function contextTable(inputs: Inputs): (key: string) => PyContext {
  const bits = new Map<string, number>();
  const queue: string[] = [];
  for (const [key, { path, fn }] of inputs.functions) {
    const own = entryBits(inputs, key, path, fn);
    if (!own) continue;
    bits.set(key, own);
    queue.push(key);
  }
  for (let head = 0; head < queue.length; head++) {
    const key = queue[head];
    const from = bits.get(key)!;
    for (const target of inputs.successors(key)) {
      // A task called directly is reported at its call; its body stays a worker's.
      if (inputs.tasks.has(target) || !inputs.functions.has(target)) continue;
      const before = bits.get(target) ?? 0;
      if ((before | from) === before) continue;
      bits.set(target, before | from);
      queue.push(target);
    }
  }
  return (key) => {
    const value = bits.get(key) ?? 0;
    return { context: contextOfBits(value), staffOnly: (value & STAFF) !== 0 && (value & REQUEST) === 0 };
  };
}

function contextOfBits(bits: number): ExecutionContext {
  if (bits & (REQUEST | STAFF)) return 'request';
  if (bits & BACKGROUND) return 'background';
  if (bits & SCRIPT) return 'script';
  if (bits & TEST) return 'test';
  return 'unknown';
}

/**
 * Modules whose calls wait on another machine or process: HTTP clients,
 * mail, SDKs of third-party services (GitHub, Jira, AWS, Slack, Twilio,
 * Stripe, model providers), SSH and FTP, child processes.
 */
const SLOW_MODULES = /^(?:requests|httpx|urllib3?|aiohttp|smtplib|django\.core\.mail|github|gitlab|jira|redminelib|boto3|botocore|slack_sdk|slack|twilio|stripe|openai|anthropic|litellm|sendgrid|paramiko|pysftp|ftplib|subprocess|googleapiclient|google\.cloud)(?:\.|$)/;

/**
 * Functions that wait on another machine or process, directly (a call
 * through one of `SLOW_MODULES`) or through the functions they call.
 */
export function slowIoTable(inputs: Pick<Inputs, 'functions' | 'files'> & { callees: (key: string) => string[] }): Set<string> {
  const callers = new Map<string, string[]>();
  const slow = new Set<string>();
  const queue: string[] = [];
  for (const [key, { path, fn }] of inputs.functions) {
    const imports = inputs.files.get(path)?.imports ?? [];
    const direct = fn.calls.some((call) => {
      const entry = [...imports].reverse().find((candidate) => candidate.local === call.callee[0]);
      return !!entry && SLOW_MODULES.test(entry.name ? `${entry.module}.${entry.name}` : entry.module);
    });
    if (direct) {
      slow.add(key);
      queue.push(key);
    }
    for (const target of inputs.callees(key)) {
      const list = callers.get(target);
      if (list) list.push(key);
      else callers.set(target, [key]);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    for (const caller of callers.get(queue[head]) ?? []) {
      if (slow.has(caller)) continue;
      slow.add(caller);
      queue.push(caller);
    }
  }
  return slow;
}
