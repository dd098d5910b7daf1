import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEngine, type Engine, type Finding } from '../../analyzers';
import { nodeParserAssets } from '../../host/assets';
import { listRuleDocs, readRuleDoc, runExample, SECTIONS, type DocExample } from '../support/rule-docs';

/**
 * Each rule's page, `docs/rules/<id>.md`, says once what the rule does, and
 * its examples run through the engine here (as Biome runs its rule docs).
 *
 * A page is `# <id>`, one sentence, then the sections What it does · Why it
 * matters at scale · Example · Use instead · Not flagged · Fix safety ·
 * Settings, in that order. Under Example, Use instead and Not flagged, every
 * code block is a file of a small workspace, named by its info string:
 *
 *     ```ts title="app/api/feed/route.ts"
 *     ```python title="blog/views.py" example="django"
 *
 * Blocks that share `example="<name>"` (in one section) are one workspace: a
 * schema and a route, models.py and views.py. A block without one is a
 * workspace of its own. A block titled `.scalecheck.json` holds that
 * example's settings. Code blocks in other sections are not run.
 *
 * - An Example must give at least one finding of the page's rule at the
 *   default settings. A `// flagged` or `# flagged` comment makes it exact:
 *   findings start on the marked lines and on no others.
 * - A Use instead or Not flagged example must give none, at any confidence
 *   (`minConfidence: low`): not reported at all, not merely hidden.
 */

const RULES_DIR = path.join(__dirname, '..', '..', 'analyzers', 'rules');
const ruleIds = fs
  .readdirSync(RULES_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(RULES_DIR, entry.name, 'rule.ts')))
  .map((entry) => entry.name)
  .sort();
const docs = listRuleDocs().map(readRuleDoc);

describe('rule docs: docs/rules/<id>.md, its examples run', () => {
  const engine: Engine = createEngine();

  before(async () => {
    const paths = docs.flatMap((doc) => doc.examples.flatMap((example) => example.files.map((file) => file.path)));
    const errors = await engine.prepare(paths, nodeParserAssets(path.join(__dirname, '..', '..', 'host')));
    if (errors.length) throw new Error(errors.map((error) => error.message).join('\n'));
  });

  it('every rule has a page, and every page is a rule', () => {
    assert.deepEqual(
      docs.map((doc) => doc.id),
      ruleIds,
    );
  });

  for (const doc of docs) {
    describe(doc.id, () => {
      it(`starts with "# ${doc.id}" and one sentence, then has every section in order`, () => {
        const lines = doc.text.split(/\r?\n/);
        assert.equal(lines[0], `# ${doc.id}`);
        const lead = lines.slice(1).find((line) => line.trim() !== '') ?? '';
        assert.match(lead, /^[A-Z`].*\.$/, `${doc.file}: the line after the title is one sentence`);
        assert.deepEqual(doc.headings, [...SECTIONS], `${doc.file}: sections`);
      });

      it('follows the example convention, with an Example and a Use instead', () => {
        assert.deepEqual(doc.problems, []);
        for (const section of ['Example', 'Use instead'] as const) {
          assert.ok(doc.examples.some((example) => example.section === section), `${doc.file}: no runnable code under "${section}"`);
        }
        for (const example of doc.examples) {
          for (const file of example.files) assert.ok(engine.languageOf(file.path), `${doc.file}:${example.line}: ScaleCheck does not analyze ${file.path}`);
        }
      });

      for (const example of doc.examples) {
        const named = example.name === `line ${example.line}` ? '' : ` "${example.name}"`;
        it(`${example.section}${named} (line ${example.line}) ${example.section === 'Example' ? 'is reported' : 'is clean'}`, () => {
          checkExample(engine, doc.id, doc.file, example);
        });
      }
    });
  }
});

function checkExample(engine: Engine, ruleId: string, file: string, example: DocExample): void {
  const { findings, errors, skipped } = runExample(engine, ruleId, example);
  const where = `${file}:${example.line}`;
  assert.deepEqual(errors.map((error) => `${error.file}: ${error.message}`), [], `${where}: engine errors`);
  assert.deepEqual(skipped.map((entry) => entry.file), [], `${where}: files not analyzed`);
  if (example.section !== 'Example') {
    assert.deepEqual(findings.map(show), [], `${where}: a "${example.section}" example must not be reported`);
    return;
  }
  assert.ok(findings.length > 0, `${where}: the example gives no ${ruleId} finding at the default settings`);
  if (example.flagged.length === 0) return;
  const found = [...new Set(findings.map((finding) => `${finding.file}:${finding.range.start.line}`))].sort();
  const marked = example.flagged.map((mark) => `${mark.file}:${mark.line}`).sort();
  assert.deepEqual(found, marked, `${where}: findings start on other lines than the ones marked "flagged":\n${findings.map(show).join('\n')}`);
}

function show(finding: Finding): string {
  return `${finding.file}:${finding.range.start.line} ${finding.severity}/${finding.confidence} ${finding.message}`;
}
