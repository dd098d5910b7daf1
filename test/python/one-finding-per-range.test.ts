import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { engineFor, FIXTURES_ROOT, loadCases, runCase } from '../support/fixture-case';

/**
 * The Python analyzer reports one finding per rule and range, as the
 * TypeScript analyzer does: several reasons about one call are one finding
 * whose message lists them all.
 */
describe('python: one finding per rule and range', () => {
  const rules = fs.readdirSync(FIXTURES_ROOT, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  for (const ruleId of rules) {
    const cases = loadCases(ruleId).filter((fixture) => fixture.sources.some((source) => source.path.endsWith('.py')));
    if (cases.length === 0) continue;
    it(ruleId, async () => {
      const duplicates: string[] = [];
      for (const fixture of cases) {
        const engine = await engineFor(fixture);
        const seen = new Set<string>();
        for (const finding of runCase(engine, fixture).files.flatMap((file) => file.findings)) {
          if (!finding.file.endsWith('.py')) continue;
          const key = `${finding.ruleId} ${finding.file} ${finding.range.start.offset}-${finding.range.end.offset}`;
          if (seen.has(key)) duplicates.push(`${fixture.name}: ${finding.file}:${finding.range.start.line}`);
          seen.add(key);
        }
      }
      assert.deepEqual(duplicates, []);
    });
  }
});
