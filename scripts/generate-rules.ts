// Writes every file that lists the rules from their declarations
// (analyzers/rules/<id>/rule.ts): `npm run rules`. test/rules fails while any is stale.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generatedRuleFiles, ROOT } from './rule-files';

let written = 0;
for (const file of generatedRuleFiles()) {
  const target = path.join(ROOT, file.path);
  if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === file.content) continue;
  fs.writeFileSync(target, file.content);
  written++;
}
console.log(`rules: ${written} file(s) written`);
