import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRuleIds, analyzeProject, defaultConfig, parseConfig, type Confidence, type Engine, type ResolvedConfig, type SourceFile } from '../../analyzers';

/**
 * Reads `docs/rules/<id>.md` into its sections and its runnable examples.
 * The convention is described at the top of `test/rules/docs.test.ts`.
 */

export const DOCS_ROOT = path.join(__dirname, '..', '..', 'docs', 'rules');

/** Every page has these sections, in this order. */
export const SECTIONS = ['What it does', 'Why it matters at scale', 'Example', 'Use instead', 'Not flagged', 'Fix safety', 'Settings'] as const;
export type Section = (typeof SECTIONS)[number];

/** Sections whose code blocks are run; each block in them names its file. */
export const RUN_SECTIONS: readonly Section[] = ['Example', 'Use instead', 'Not flagged'];

/** The workspace settings file an example may carry. */
export const CONFIG_PATH = '.scalecheck.json';

export interface DocExample {
  section: Section;
  /** `example="…"` of its blocks, or `line N` for a block on its own. */
  name: string;
  /** 1-based line of its first block's fence. */
  line: number;
  files: SourceFile[];
  configText?: string;
  /** `// flagged` / `# flagged` comments: the lines a finding must start on (path and 1-based line). */
  flagged: Array<{ file: string; line: number }>;
}

export interface RuleDoc {
  id: string;
  file: string;
  text: string;
  /** `## …` headings outside code, in order. */
  headings: string[];
  examples: DocExample[];
  /** Convention mistakes, each a sentence naming its line. */
  problems: string[];
}

const FENCE = /^( *)(`{3,}|~{3,})(.*)$/;
const ATTRIBUTE = /([a-z]+)="([^"]*)"/g;
const FLAGGED = /(?:\/\/|#)\s*flagged\b/;

export function listRuleDocs(): string[] {
  if (!fs.existsSync(DOCS_ROOT)) return [];
  return fs
    .readdirSync(DOCS_ROOT)
    .filter((name) => name.endsWith('.md'))
    .map((name) => name.slice(0, -3))
    .sort();
}

export function readRuleDoc(id: string): RuleDoc {
  const file = path.join(DOCS_ROOT, `${id}.md`);
  return parseRuleDoc(id, `docs/rules/${id}.md`, fs.readFileSync(file, 'utf8'));
}

export function parseRuleDoc(id: string, file: string, text: string): RuleDoc {
  const lines = text.split(/\r?\n/);
  const headings: string[] = [];
  const problems: string[] = [];
  const groups = new Map<string, DocExample>();
  const examples: DocExample[] = [];
  let section: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const heading = /^## (.+?)\s*$/.exec(lines[i]);
    if (heading) {
      headings.push(heading[1]);
      section = heading[1];
      continue;
    }
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = FENCE.exec(lines[j]);
      if (close && close[2].startsWith(fence[0]) && close[2].length >= fence.length && close[3].trim() === '') break;
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j].trimStart());
    }
    if (j === lines.length) problems.push(`${file}:${i + 1}: code block is never closed`);
    const blockLine = i + 1;
    i = j;
    if (!section || !(RUN_SECTIONS as readonly string[]).includes(section)) continue;
    const attributes = new Map([...info.matchAll(ATTRIBUTE)].map((match) => [match[1], match[2]]));
    const title = attributes.get('title');
    if (!title) {
      problems.push(`${file}:${blockLine}: a code block under "${section}" needs title="<path>" to be run`);
      continue;
    }
    const exampleId = attributes.get('example');
    const key = exampleId ?? `line ${blockLine}`;
    let example = groups.get(key);
    if (!example) {
      example = { section: section as Section, name: key, line: blockLine, files: [], flagged: [] };
      groups.set(key, example);
      examples.push(example);
    } else if (example.section !== section) {
      problems.push(`${file}:${blockLine}: example "${key}" continues under "${section}" but started under "${example.section}"`);
      continue;
    }
    const content = body.join('\n') + '\n';
    if (title === CONFIG_PATH) {
      if (example.configText !== undefined) problems.push(`${file}:${blockLine}: example "${key}" has two ${CONFIG_PATH} blocks`);
      example.configText = content;
      continue;
    }
    if (example.files.some((source) => source.path === title)) {
      problems.push(`${file}:${blockLine}: example "${key}" has two blocks titled ${title}`);
      continue;
    }
    example.files.push({ path: title, text: content });
    body.forEach((line, index) => {
      if (FLAGGED.test(line)) example!.flagged.push({ file: title, line: index + 1 });
    });
  }
  for (const example of examples) {
    if (example.files.length === 0) problems.push(`${file}:${example.line}: example "${example.name}" has no file to analyze`);
    if (example.section !== 'Example' && example.flagged.length) problems.push(`${file}:${example.line}: "${example.section}" example "${example.name}" marks a line as flagged`);
  }
  return { id, file, text, headings, examples, problems };
}

/**
 * Runs an example through the engine for its rule. An Example runs at the
 * default settings, what a user sees out of the box; Use instead and Not
 * flagged run with every confidence shown (`minConfidence: low`), so clean
 * means not reported at all, not merely hidden. A `.scalecheck.json` block
 * replaces the settings and may set `minConfidence` itself.
 */
export function runExample(engine: Engine, ruleId: string, example: DocExample) {
  const minimum: Confidence = example.section === 'Example' ? 'high' : 'low';
  let config: ResolvedConfig = { ...defaultConfig(), minConfidence: minimum };
  if (example.configText !== undefined) {
    const parsed = parseConfig(example.configText, allRuleIds);
    if (parsed.problems.length) throw new Error(`${example.name}: ${CONFIG_PATH}: ${parsed.problems.map((problem) => problem.message).join('; ')}`);
    config = { ...parsed.config, minConfidence: parsed.layer.minConfidence ?? minimum };
  }
  const result = analyzeProject(engine, example.files, { locale: 'en', config }, { onlyRules: [ruleId] });
  const findings = result.files.flatMap((file) => file.findings).filter((finding) => finding.ruleId === ruleId);
  return { findings, errors: result.errors, skipped: result.skipped };
}
