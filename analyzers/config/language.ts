import ts from 'typescript';
import { baseName, type LanguageSupport } from '../core/languages';
import type { ParsedFile } from '../core/rule';
import type { ConfigFacts, Platform } from './facts';
import { gunicornFromCommand } from './gunicorn';

/** Config files need no tree: facts come straight from the text. */
export type ConfigTree = { name: string };

const PLATFORM_FILES: Record<string, Platform> = {
  'netlify.toml': 'netlify',
  'fly.toml': 'fly',
  'render.yaml': 'render',
  'railway.json': 'railway',
  'railway.toml': 'railway',
  'app.yaml': 'app-engine',
};

export const configLanguage: LanguageSupport<ConfigTree, ConfigFacts> = {
  language: 'config',
  isReady: () => true,
  parse: (path) => ({ name: baseName(path).toLowerCase() }),
  extractFacts: (file) => extract(file),
};

function extract(file: ParsedFile<ConfigTree>): ConfigFacts {
  const { name } = file.tree;
  const dir = dirName(file.path);
  const whole = { file: file.path, range: file.lines.range(0, 0) };
  if (name === 'package.json') {
    const json = parseJson(file.text);
    const dependencies: Record<string, string> = {};
    for (const key of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      const group = json?.[key];
      if (isRecord(group)) for (const [dep, version] of Object.entries(group)) if (typeof version === 'string') dependencies[dep] = version;
    }
    const name = typeof json?.name === 'string' ? json.name : undefined;
    return { kind: 'package-json', dir, dependencies, name, entries: packageEntries(json) };
  }
  if (name === 'tsconfig.json' || name === 'jsconfig.json' || /^tsconfig\..+\.json$/.test(name)) {
    // tsconfig is JSON with comments and trailing commas: the compiler's own reader accepts them.
    const json = ts.parseConfigFileTextToJson(file.path, file.text).config as Record<string, unknown> | undefined;
    const options = isRecord(json?.compilerOptions) ? json!.compilerOptions : {};
    const paths: Record<string, string[]> = {};
    if (isRecord(options.paths)) {
      for (const [alias, targets] of Object.entries(options.paths)) {
        if (Array.isArray(targets)) paths[alias] = targets.filter((target): target is string => typeof target === 'string');
      }
    }
    return {
      kind: 'tsconfig',
      dir,
      baseUrl: typeof options.baseUrl === 'string' ? options.baseUrl : undefined,
      paths,
      extends: typeof json?.extends === 'string' ? json.extends : undefined,
    };
  }
  if (name === 'vercel.json') {
    const json = parseJson(file.text);
    let maxDuration: number | undefined;
    if (isRecord(json?.functions)) {
      for (const settings of Object.values(json!.functions)) {
        if (isRecord(settings) && typeof settings.maxDuration === 'number') maxDuration = Math.max(maxDuration ?? 0, settings.maxDuration);
      }
    }
    const at = file.text.indexOf('maxDuration');
    return { kind: 'vercel', dir, maxDuration, location: at >= 0 ? { file: file.path, range: file.lines.range(at, at + 'maxDuration'.length) } : whole };
  }
  if (name === 'dockerfile' || name.startsWith('dockerfile.') || name.endsWith('.dockerfile')) {
    const command = dockerCommand(file.text);
    const gunicorn = command ? gunicornFromCommand(command.words, file.path, file.lines.range(command.start, command.end)) : undefined;
    return { kind: 'dockerfile', dir, command: command?.words.join(' '), gunicorn };
  }
  if (name === 'procfile') {
    const processes: Array<{ name: string; command: string; gunicorn?: ReturnType<typeof gunicornFromCommand> }> = [];
    const pattern = /^([A-Za-z0-9_-]+):[ \t]*(.+)$/gm;
    for (let match = pattern.exec(file.text); match; match = pattern.exec(file.text)) {
      const commandStart = match.index + match[0].length - match[2].length;
      const words = shellWords(match[2]);
      processes.push({
        name: match[1],
        command: match[2].trim(),
        // Procfile platforms set WEB_CONCURRENCY, which Gunicorn reads when no `-w` is given.
        gunicorn: gunicornFromCommand(words, file.path, file.lines.range(commandStart, commandStart + match[2].length), true),
      });
    }
    return { kind: 'procfile', dir, processes };
  }
  if (name === 'requirements.txt' || name === 'pyproject.toml') {
    return { kind: 'python-deps', dir, dependencies: pythonDependencies(name, file.text) };
  }
  return { kind: 'platform', dir, platform: PLATFORM_FILES[name] ?? 'docker', location: whole };
}

/** The last CMD or ENTRYPOINT of a Dockerfile (the one that runs), as words. */
function dockerCommand(text: string): { words: string[]; start: number; end: number } | undefined {
  // Join backslash continuations first, keeping offsets of the instruction's start.
  const instruction = /^[ \t]*(CMD|ENTRYPOINT)[ \t]+((?:[^\r\n\\]|\\(?:\r\n|\r|\n)|\\.)*)/gim;
  let last: { words: string[]; start: number; end: number } | undefined;
  for (let match = instruction.exec(text); match; match = instruction.exec(text)) {
    const body = match[2].replace(/\\(?:\r\n|\r|\n)/g, ' ').trim();
    let words: string[] | undefined;
    if (body.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(body);
        if (Array.isArray(parsed)) words = parsed.map(String);
      } catch {
        words = undefined;
      }
    }
    words ??= shellWords(body);
    // `sh -c "gunicorn ..."` hides the real command in one argument.
    if ((words[0] === 'sh' || words[0] === 'bash' || words[0] === '/bin/sh' || words[0] === '/bin/bash') && words[1] === '-c' && words[2]) {
      words = shellWords(words[2]);
    }
    last = { words, start: match.index, end: match.index + match[0].length };
  }
  return last;
}

/** Splits a shell command line into words, honouring quotes. Good enough for CMD and Procfile lines. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
    words.push(match[1] ?? match[2] ?? match[3]);
  }
  return words;
}

function pythonDependencies(name: string, text: string): string[] {
  const names = new Set<string>();
  if (name === 'requirements.txt') {
    for (const line of text.split(/\r\n|\r|\n/)) {
      const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line);
      if (match && !line.trim().startsWith('-')) names.add(match[1].toLowerCase());
    }
  } else {
    // pyproject: PEP 621 `dependencies = [...]` and Poetry's `[tool.poetry.dependencies]` keys.
    for (const match of text.matchAll(/["']([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:[<>=!~;].*?)?["']/g)) names.add(match[1].toLowerCase());
    const poetry = /\[tool\.poetry\.dependencies\]([\s\S]*?)(?:\n\[|$)/.exec(text);
    if (poetry) for (const match of poetry[1].matchAll(/^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*=/gm)) names.add(match[1].toLowerCase());
  }
  return [...names];
}

/** `exports` / `main` / `module` / `types` of a package.json, as subpath → file. */
function packageEntries(json: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (!json) return undefined;
  const entries: Record<string, string> = {};
  const target = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value;
    // Conditions: prefer the source-like ones a TypeScript monorepo points at.
    if (isRecord(value)) for (const key of ['types', 'import', 'default', 'require', 'node']) {
      const found = target(value[key]);
      if (found) return found;
    }
    return undefined;
  };
  const exportsField = json.exports;
  if (typeof exportsField === 'string') entries['.'] = exportsField;
  else if (isRecord(exportsField)) {
    const keys = Object.keys(exportsField);
    if (keys.some((key) => key.startsWith('.'))) {
      for (const key of keys) {
        const found = target(exportsField[key]);
        if (found && key.startsWith('.')) entries[key] = found;
      }
    } else {
      const found = target(exportsField);
      if (found) entries['.'] = found;
    }
  }
  if (!entries['.']) for (const key of ['main', 'module', 'types']) if (typeof json[key] === 'string') {
    entries['.'] = json[key] as string;
    break;
  }
  return Object.keys(entries).length ? entries : undefined;
}

function dirName(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash >= 0 ? path.slice(0, slash) : '';
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
