import * as fs from 'node:fs';
import { parsePrismaSchema } from './analyzers/prisma/parse';
for (const f of process.argv.slice(2)) {
const text = fs.readFileSync(f, 'utf8');
const ast = parsePrismaSchema(text);
console.log(f, ast.problems.length);
for (const p of ast.problems.slice(0, 12)) console.log(p.message, JSON.stringify(text.slice(p.start, Math.min(p.end, p.start + 100))));
}
