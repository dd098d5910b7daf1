import { createEngine, analyzeProject, defaultConfig } from '../analyzers';
const engine = createEngine();
for (const depth of [200, 300, 400, 600, 800, 1000, 2000]) {
  const cases: Record<string,string> = {
    parens: 'const a = ' + '(\n'.repeat(depth) + '1' + ')\n'.repeat(depth) + ';',
    arrays: 'const a = ' + '[\n'.repeat(depth) + ']\n'.repeat(depth) + ';',
    objects: 'const a = ' + '{a:\n'.repeat(depth) + '1' + '}\n'.repeat(depth) + ';',
    blocks: 'function f() {' + '{\n'.repeat(depth) + '}\n'.repeat(depth) + '}',
    ifs: 'export function GET(){' + 'if (a) {\n'.repeat(depth) + '}\n'.repeat(depth) + '}',
    fns: 'export const GET = ' + '() => {\n'.repeat(depth) + '}\n'.repeat(depth) + ';',
    binary: 'const a = ' + '1 +\n'.repeat(depth*10) + '1;',
    jsx: 'const a = ' + '<div>\n'.repeat(depth) + '</div>\n'.repeat(depth) + ';',
    calls: 'const a = f' + '(f\n'.repeat(depth) + ')\n'.repeat(depth) + ';',
    json: '{"dependencies":' + '[\n'.repeat(depth) + ']\n'.repeat(depth) + '}',
  };
  const out: string[] = [];
  for (const [name, text] of Object.entries(cases)) {
    const file = name === 'json' ? 'package.json' : 'app/api/x/route.tsx';
    try {
      const r = analyzeProject(engine, [{ path: file, text }], { locale: 'en', config: defaultConfig() });
      out.push(`${name}:${r.errors.length ? 'ERR' : r.skipped.length ? 'skip' : 'ok'}`);
    } catch (e) { out.push(`${name}:THROW ${(e as Error).message.slice(0,40)}`); }
  }
  console.log(depth, out.join(' | '));
}
