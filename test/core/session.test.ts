import * as assert from 'node:assert/strict';
import { AnalysisSession, createEngine, defaultConfig } from '../../analyzers';

const settings = { locale: 'en' as const, config: defaultConfig() };
const route = (name: string) => `import { NextResponse } from 'next/server';\nconst ${name} = new Map();\nexport function GET(r: Request) { ${name}.set(r.url, 1); return NextResponse.json({}); }\n`;

describe('analysis session', () => {
  it('analyzes updated text and reports whether facts changed', () => {
    const session = new AnalysisSession(createEngine(), settings);
    const first = session.update({ path: 'app/api/a/route.ts', text: route('hits') });
    assert.deepEqual(first, { changed: true, factsChanged: true, affected: [] });
    assert.equal(session.analyze('app/api/a/route.ts')?.findings.length, 1);
    assert.deepEqual(session.update({ path: 'app/api/a/route.ts', text: route('hits') }), { changed: false, factsChanged: false, affected: [] });
    const edited = session.update({ path: 'app/api/a/route.ts', text: route('visits') });
    assert.equal(edited.changed, true);
    assert.match(session.analyze('app/api/a/route.ts')!.findings[0].message, /`visits`/);
  });

  it('drops the facts of a file that becomes skipped, and forgets removed files', () => {
    const session = new AnalysisSession(createEngine(), settings);
    session.update({ path: 'app/api/a/route.ts', text: route('hits') });
    session.update({ path: 'app/api/a/route.ts', text: 'x'.repeat(30_000) });
    assert.ok(!session.facts.has('app/api/a/route.ts'), 'a skipped (minified-looking) file drops its facts');
    session.update({ path: 'app/api/a/route.ts', text: route('hits') });
    assert.ok(session.remove('app/api/a/route.ts'));
    assert.equal(session.analyze('app/api/a/route.ts'), undefined);
  });

  it('takes facts from a background scan without overriding an open file', () => {
    const session = new AnalysisSession(createEngine(), settings);
    session.update({ path: 'app/api/a/route.ts', text: route('hits') });
    const open = session.facts.get('app/api/a/route.ts')!;
    assert.equal(session.indexFacts({ ...open, hash: 'other' }), false);
    assert.equal(session.indexFacts({ ...open, path: 'lib/b.ts', hash: 'b' }), true);
  });
});
