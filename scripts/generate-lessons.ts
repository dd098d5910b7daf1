// Writes the public lesson files (lessons/<locale>/<id>.md and
// media/diagrams/<id>.<locale>.svg) from lessons/content/. Run after editing a
// lesson: `npm run lessons`. test/lessons fails while the files are stale.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { publicFiles } from '../lessons/public-files';

const root = path.resolve(__dirname, '..');
let written = 0;
for (const file of publicFiles()) {
  const target = path.join(root, file.path);
  if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') === file.content) continue;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, file.content);
  written++;
}
console.log(`lessons: ${written} file(s) written`);
