import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { declarationProblems, generatedRuleFiles, readRuleFolders, ROOT } from '../../scripts/rule-files';

/**
 * A rule is one folder, `analyzers/rules/<id>/`; every list of the rules
 * (the registry, the settings, the README table, the lessons' index) is
 * generated from the declarations. This fails while any is stale: run
 * `npm run rules`.
 */
describe('rules: one declaration per rule', () => {
  for (const file of generatedRuleFiles()) {
    it(`${file.path} is generated from the declarations`, () => {
      const actual = fs.readFileSync(path.join(ROOT, file.path), 'utf8');
      assert.ok(actual === file.content, `${file.path} is stale: run \`npm run rules\``);
    });
  }

  it('each declaration is consistent with its folder, its checkers and the lessons', () => {
    assert.deepEqual(declarationProblems(readRuleFolders()), []);
  });

  it('refuses a declaration whose id differs from its folder, or whose checkers it does not list', () => {
    const [first] = readRuleFolders();
    const problems = declarationProblems([{ ...first, id: 'renamed-folder', checkers: [...first.checkers, 'sql'] }]);
    assert.equal(problems.length, 2, problems.join('\n'));
  });

  it('every fixture folder, doc and lesson belongs to a declared rule', () => {
    const ids = new Set(readRuleFolders().map((folder) => folder.id));
    const fixtureFolders = fs.readdirSync(path.join(ROOT, 'test/fixtures'), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    assert.deepEqual(fixtureFolders.filter((folder) => !ids.has(folder)), []);
  });
});
