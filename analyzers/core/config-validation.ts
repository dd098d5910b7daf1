import Ajv, { type ErrorObject } from 'ajv';
// The ESM build: the UMD one (package main) requires its parts dynamically, which a bundle cannot follow.
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import schema from '../../schemas/scalecheck.schema.json';
import { globProblem } from './globs';
import { LineMap } from './text';
import type { Range } from './types';

/** One problem in `.scalecheck.json` (or in settings), worded for the user and naming the key. */
export interface ConfigProblem {
  message: string;
  /** The key it is about, as the user would write it: `scripts[0]`, `rules.n-plus-one`; absent for the whole file. */
  key?: string;
  /** Where in the file, when the problem came from file text. */
  range?: Range;
}

export interface ValidatedConfig {
  /** The parsed object with every entry that did not fit left out (undefined when nothing is usable). */
  value?: Record<string, unknown>;
  problems: ConfigProblem[];
}

type PathSegment = string | number;

let validator: ReturnType<Ajv['compile']> | undefined;

/** The schema published for editors (`jsonValidation`) is the one the CLI and the worker check with. */
function validate(value: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(schema);
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

/**
 * Parses and validates `.scalecheck.json` text. Strict JSON (no comments or
 * trailing commas, as editors check a `.json` file). A syntax error names its
 * line and column and what was expected, never the text there: the file may
 * not be what it claims to be. Never throws.
 */
export function validateConfigText(text: string, fileName: string): ValidatedConfig {
  const source = text.replace(/^\uFEFF/, '');
  const offsetShift = text.length - source.length;
  const lines = new LineMap(text);
  const parseErrors: ParseError[] = [];
  let tree: Node | undefined;
  try {
    tree = parseTree(source, parseErrors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    // The parser recurses per nesting level: an absurdly nested file overflows it.
    return { problems: [{ message: "Nested too deeply to read." }] };
  }
  const first = parseErrors[0];
  if (first || !tree) {
    const range = first ? lines.range(first.offset + offsetShift, first.offset + offsetShift + first.length) : undefined;
    const what = first ? `${syntaxErrorText(first)} at line ${range!.start.line}, column ${range!.start.column}` : 'it is empty';
    return { problems: [{ message: `Not valid JSON: ${what}.`, range }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    // parseTree accepted what JSON.parse refused (it should not happen): say so without quoting either.
    return { problems: [{ message: "Not valid JSON." }] };
  }
  const locate = (path: readonly PathSegment[], keyOnly: boolean): Range | undefined => {
    let node = path.length ? findNodeAtLocation(tree!, [...path]) : tree;
    if (node && keyOnly && node.parent?.type === 'property') node = node.parent.children?.[0];
    return node ? lines.range(node.offset + offsetShift, node.offset + offsetShift + node.length) : undefined;
  };
  return validateConfigValue(value, fileName, locate);
}

/**
 * Validates an already parsed configuration (from text, or settings turned
 * into the same shape), leaving out each entry that does not fit.
 */
export function validateConfigValue(
  value: unknown,
  fileName: string,
  locate: (path: readonly PathSegment[], keyOnly: boolean) => Range | undefined = () => undefined,
): ValidatedConfig {
  const problems: ConfigProblem[] = [];
  const rejected: PathSegment[][] = [];
  const reject = (path: PathSegment[], message: string, keyOnly = false) => {
    rejected.push(path);
    problems.push({ message, key: path.length ? keyName(path) : undefined, range: locate(path, keyOnly) });
  };
  for (const error of validate(value)) {
    const path = pointerSegments(error.instancePath, value);
    const described = describeError(error, path, fileName);
    if (!described) continue;
    reject(described.path, described.message, described.keyOnly);
  }
  if (rejected.some((path) => path.length === 0)) return { problems };
  const record = value as Record<string, unknown>;
  // Globs the schema cannot judge: what they would cost a matcher (see globs.ts).
  for (const key of ['ignore', 'scripts'] as const) {
    const list = record[key];
    if (!Array.isArray(list) || isRejected([key], rejected)) continue;
    list.forEach((glob, index) => {
      if (isRejected([key, index], rejected)) return;
      const problem = globProblem(glob);
      if (problem) reject([key, index], `"${keyName([key, index])}" ${problem}; it is left out.`);
    });
  }
  problems.sort((a, b) => (a.range?.start.offset ?? -1) - (b.range?.start.offset ?? -1));
  return { value: withoutRejected(record, rejected), problems };
}

function describeError(error: ErrorObject, path: PathSegment[], fileName: string): { path: PathSegment[]; message: string; keyOnly?: boolean } | undefined {
  const where = path.length ? `"${keyName(path)}"` : fileName;
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = String((error.params as { additionalProperty: string }).additionalProperty);
      const full = [...path, extra];
      if (path.length === 1 && path[0] === 'rules') return { path: full, message: `Unknown rule "${printable(extra)}" in "rules"; it is left out.`, keyOnly: true };
      return { path: full, message: `Unknown key "${printable(keyName(full))}"; it is left out.`, keyOnly: true };
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String).join(', ');
      return { path, message: `${where} must be one of ${allowed}.` };
    }
    case 'type':
      return { path, message: path.length ? `${where} must be ${article((error.params as { type: string }).type)}.` : "It must hold a JSON object; the defaults apply." };
    case 'minLength':
      return { path, message: `${where} is empty; it is left out.` };
    case 'maxLength':
      return { path, message: `${where} is longer than ${(error.params as { limit: number }).limit} characters; it is left out.` };
    default:
      return { path, message: `${where} ${error.message ?? 'is not valid'}.` };
  }
}

function article(type: string): string {
  if (type === 'object') return 'an object';
  if (type === 'array') return 'a list';
  return `a ${type}`;
}

/** `/scripts/0` → `['scripts', 0]` (indexes where the value is an array). */
function pointerSegments(pointer: string, root: unknown): PathSegment[] {
  if (!pointer) return [];
  const segments: PathSegment[] = [];
  let current: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment: PathSegment = Array.isArray(current) && /^\d+$/.test(key) ? Number(key) : key;
    segments.push(segment);
    current = current !== null && typeof current === 'object' && Object.hasOwn(current, key) ? (current as Record<string, unknown>)[key] : undefined;
  }
  return segments;
}

/** `['scripts', 0]` → `scripts[0]`, `['rules', 'n-plus-one']` → `rules.n-plus-one`. */
export function keyName(path: readonly PathSegment[]): string {
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join('');
}

/** A key from the file, safe to print: control characters shown as `?`, long ones cut. */
function printable(key: string): string {
  const clean = key.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > 80 ? `${clean.slice(0, 80)}…` : clean;
}

function isRejected(path: readonly PathSegment[], rejected: readonly PathSegment[][]): boolean {
  return rejected.some((bad) => bad.length <= path.length && bad.every((segment, index) => segment === path[index]));
}

/** A copy of the value without the rejected entries (a rejected list item is removed, not nulled). */
function withoutRejected(value: Record<string, unknown>, rejected: readonly PathSegment[][]): Record<string, unknown> {
  const copy = (node: unknown, path: PathSegment[]): unknown => {
    if (Array.isArray(node)) return node.flatMap((item, index) => (isRejected([...path, index], rejected) ? [] : [copy(item, [...path, index])]));
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = Object.create(null);
    for (const [key, item] of Object.entries(node)) if (!isRejected([...path, key], rejected)) out[key] = copy(item, [...path, key]);
    return out;
  };
  return copy(value, []) as Record<string, unknown>;
}

function syntaxErrorText(error: ParseError): string {
  const code = printParseErrorCode(error.error);
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'a property name is expected',
    ValueExpected: 'a value is expected',
    ColonExpected: 'a colon is expected',
    CommaExpected: 'a comma is expected',
    CloseBraceExpected: 'a closing brace is expected',
    CloseBracketExpected: 'a closing bracket is expected',
    EndOfFileExpected: 'the file should end here',
    InvalidCommentToken: 'comments are not allowed',
    UnexpectedEndOfComment: 'a comment is not closed',
    UnexpectedEndOfString: 'a string is not closed',
    UnexpectedEndOfNumber: 'a number is not finished',
    InvalidUnicode: 'invalid unicode escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character in a string',
  };
  return words[code] ?? 'unexpected content';
}
