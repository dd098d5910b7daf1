import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { analyzeProject, AnalysisSession, type Engine, type FileResult, type SourceFile } from '../../analyzers';
import { configOf, engineFor, FIXTURES_ROOT, loadCases, type FixtureCase } from '../support/fixture-case';

/**
 * A keystroke above a function moves every position after it and changes
 * nothing else; the facts index then moves the positions inside the data
 * its derived views hold instead of recomputing the views (FactsIndex.set).
 * That is only right if no view copied a position out of the facts. Each
 * fixture case is the oracle: after edits that move things (a line above
 * everything, a line in the middle, a space at the end of a line), an
 * editor session's findings for every file of the case must equal a fresh
 * analysis of the new texts, positions, related locations and fixes included.
 */
const EDITS: Array<{ name: string; apply: (text: string) => string }> = [
  { name: 'a line above everything', apply: (text) => `\n${text}` },
  { name: 'a line in the middle', apply: (text) => insertAtLine(text, middleLine(text), '\n') },
  { name: 'a space at the end of the middle line', apply: (text) => insertAtLineEnd(text, middleLine(text), ' ') },
];

function middleLine(text: string): number {
  return Math.floor(text.split('\n').length / 2);
}

function insertAtLine(text: string, line: number, insert: string): string {
  const lines = text.split('\n');
  const offset = lines.slice(0, line).reduce((sum, current) => sum + current.length + 1, 0);
  return text.slice(0, offset) + insert + text.slice(offset);
}

function insertAtLineEnd(text: string, line: number, insert: string): string {
  const lines = text.split('\n');
  lines[line] = lines[line].replace(/(\r?)$/, `${insert}$1`);
  return lines.join('\n');
}

function snapshot(result: FileResult | undefined): string {
  return JSON.stringify(result?.findings ?? []);
}

const ruleFolders = fs
  .readdirSync(FIXTURES_ROOT, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

describe('moved positions: an editor session equals a fresh analysis after edits that only move code', () => {
  for (const ruleId of ruleFolders) {
    // Multi-file cases are where views join files; single files still exercise the per-file views.
    for (const fixture of loadCases(ruleId)) it(fixture.name, async () => checkMoves(await engineFor(fixture), fixture));
  }
  it('the edits above did take the moving path, in every language', () => {
    for (const language of ['typescript', 'python', 'prisma'] as const) assert.ok((moves.get(language) ?? 0) > 10, `${language}: ${moves.get(language) ?? 0} moves`);
  });
});

/** Edits whose facts only moved, by language: proof the test reaches the path it guards. */
const moves = new Map<string, number>();

function checkMoves(engine: Engine, fixture: FixtureCase): void {
  const settings = { locale: 'en' as const, config: configOf(fixture) };
  const session = new AnalysisSession(engine, settings);
  const texts = new Map(fixture.sources.map((source) => [source.path, source.text]));
  for (const source of fixture.sources) session.update(source);
  for (const source of fixture.sources) session.analyze(source.path);

  for (const target of fixture.sources) {
    for (const edit of EDITS) {
      texts.set(target.path, edit.apply(texts.get(target.path)!));
      const movesBefore = session.facts.moves;
      session.update({ path: target.path, text: texts.get(target.path)! });
      const language = session.facts.get(target.path)?.language;
      if (language && session.facts.moves > movesBefore) moves.set(language, (moves.get(language) ?? 0) + 1);
      const sources: SourceFile[] = [...texts].map(([path, text]) => ({ path, text }));
      const fresh = analyzeProject(engine, sources, settings);
      for (const file of fresh.files) {
        assert.equal(snapshot(session.analyze(file.file)), snapshot(file), `${fixture.name}: ${file.file} after ${edit.name} in ${target.path}`);
      }
    }
  }
}
