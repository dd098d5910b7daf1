import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AnalysisSession, createEngine, defaultConfig, Engine, FactsIndex, FactsKeys, type Rule } from '../../analyzers';
import { deepEqual } from '../../analyzers/core/dependencies';
import type { LanguageSupport } from '../../analyzers/core/languages';
import type { TsFacts } from '../../analyzers/typescript/facts';
import { confirmReads, indexFile, Speculation } from '../../host/steps';

/**
 * Incremental precision, shown with a toy pair of languages built here so
 * the protocol is tested apart from any real analyzer:
 *
 * - a schema language (`.prisma` files): `model User` lines followed by
 *   `index <field>` lines;
 * - a code language (`.ts` files): `export <fn> db` (the function queries),
 *   `export <fn> calls <file>#<fn>`, `query <Model>.<field>`, `loop call <file>#<fn>`.
 *
 * Two rules read the facts the way real cross-file rules do: `toy-index`
 * looks models up in a keyed view built from every schema file, `toy-loop`
 * asks a keyed reachability view (computed over every code file) whether a
 * function called in a loop reaches the database.
 */
type SchemaFacts = { models: Record<string, string[]> };
type CodeFacts = { exports: Record<string, { db: boolean; calls: string[] }> };

const lines = (text: string) => text.split('\n').map((line) => line.trim());

const schemaLanguage: LanguageSupport<string[], SchemaFacts> = {
  language: 'prisma',
  isReady: () => true,
  parse: (_path, text) => lines(text),
  extractFacts: (file) => {
    const models: Record<string, string[]> = {};
    let current: string[] | undefined;
    for (const line of file.tree) {
      const model = /^model (\w+)/.exec(line);
      if (model) models[model[1]] = current = [];
      const index = /^index (\w+)/.exec(line);
      if (index && current) current.push(index[1]);
    }
    return { models };
  },
};

const codeLanguage: LanguageSupport<string[], CodeFacts> = {
  language: 'typescript',
  isReady: () => true,
  parse: (_path, text) => lines(text),
  extractFacts: (file) => {
    const exports: CodeFacts['exports'] = {};
    for (const line of file.tree) {
      const match = /^export (\w+) (db|calls (\S+))/.exec(line);
      if (match) exports[match[1]] = { db: match[2] === 'db', calls: match[3] ? [match[3]] : [] };
    }
    return { exports };
  },
};

const modelsView = (facts: FactsIndex) =>
  facts.keyed('toy:models', (index) => {
    const models = new Map<string, string[]>();
    for (const file of index.ofLanguage('prisma')) for (const [name, indexes] of Object.entries((file.data as unknown as SchemaFacts).models)) models.set(name, indexes);
    return models;
  });

const reachesDbView = (facts: FactsIndex) =>
  facts.keyed('toy:reaches-db', (index) => {
    const functions = new Map<string, { db: boolean; calls: string[] }>();
    for (const file of index.ofLanguage('typescript')) for (const [name, fn] of Object.entries((file.data as unknown as CodeFacts).exports)) functions.set(`${file.path}#${name}`, fn);
    const reaches = new Map<string, boolean>();
    const visit = (id: string, seen: Set<string>): boolean => {
      const fn = functions.get(id);
      if (!fn || seen.has(id)) return false;
      seen.add(id);
      return fn.db || fn.calls.some((callee) => visit(callee, seen));
    };
    for (const id of functions.keys()) reaches.set(id, visit(id, new Set()));
    return reaches;
  });

const meta = (id: string): Rule['meta'] => ({
  id,
  title: { en: id, ko: id },
  summary: { en: id, ko: id },
  impact: { en: id, ko: id },
  defaultSeverity: 'warning',
  languages: ['typescript'],
  lesson: id,
  fix: 'safe',
  stage: { at: 2 },
  contexts: { request: 'report', background: 'report', unknown: 'report', script: 'skip', test: 'skip', build: 'skip' },
  readme: { catches: id, matters: id, where: id },
  messages: { found: { en: '{{what}}', ko: '{{what}}' }, fix: { en: 'fix', ko: 'fix' } },
});

const toyIndex: Rule = {
  meta: meta('toy-index'),
  checks: {
    typescript: (context) => {
      let offset = 0;
      for (const line of context.file.text.split('\n')) {
        const query = /query (\w+)\.(\w+)/.exec(line);
        if (query && !modelsView(context.facts).get(query[1])?.includes(query[2])) {
          // The fix edits the schema: it carries the schema's hash, so it goes stale with the schema's text.
          const schema = context.facts.ofLanguage('prisma')[0];
          context.report({
            message: 'found',
            data: { what: `${query[1]}.${query[2]} has no index` },
            start: offset,
            end: offset + line.length,
            fixes: schema ? [{ title: 'fix', applicability: 'safe', edits: [{ file: schema.path, start: 0, end: 0, newText: '' }] }] : undefined,
          });
        }
        offset += line.length + 1;
      }
    },
  },
};

const toyLoop: Rule = {
  meta: meta('toy-loop'),
  checks: {
    typescript: (context) => {
      let offset = 0;
      for (const line of context.file.text.split('\n')) {
        const call = /loop call (\S+)/.exec(line);
        if (call && reachesDbView(context.facts).get(call[1])) context.report({ message: 'found', data: { what: `${call[1]} queries in a loop` }, start: offset, end: offset + line.length });
        offset += line.length + 1;
      }
    },
  },
};

/** A rule that only looks at its own file's facts, as the scan's pass 1 can finish alone. */
const toyLocal: Rule = {
  meta: meta('toy-local'),
  checks: {
    typescript: (context) => {
      const own = context.facts.get(context.file.path)?.data as unknown as CodeFacts | undefined;
      if (own && Object.keys(own.exports).length > 3) context.report({ message: 'found', data: { what: 'many exports' }, start: 0, end: 0 });
    },
  },
};

const settings = { locale: 'en' as const, config: defaultConfig() };

function toySession(rules: Rule[] = [toyIndex, toyLoop]) {
  const session = new AnalysisSession(new Engine(rules, [schemaLanguage, codeLanguage]), settings);
  const files: Record<string, string> = {
    'schema.prisma': 'model User\nindex id\nmodel Post\nindex id\n',
    'users.ts': 'query User.email\nquery User.id\n',
    'posts.ts': 'query Post.title\n',
    'lib/c.ts': 'export g calls lib/d.ts#h\n',
    'lib/d.ts': 'export h calls nowhere#x\n',
    'lib/b.ts': 'export fn calls lib/c.ts#g\n',
    'a.ts': 'loop call lib/b.ts#fn\n',
    'other.ts': 'loop call lib/e.ts#k\n',
    'lib/e.ts': 'export k calls nowhere#y\n',
  };
  for (const [file, text] of Object.entries(files)) session.update({ path: file, text });
  for (const file of Object.keys(files)) session.analyze(file);
  return session;
}

describe('incremental analysis', () => {
  it('an edit that leaves the facts alone affects no other file', () => {
    const session = toySession();
    const outcome = session.update({ path: 'lib/b.ts', text: 'export fn calls lib/c.ts#g\n// a comment typed inside\n' });
    assert.deepEqual(outcome, { changed: true, factsChanged: false, affected: [] });
  });

  it('adding an index affects the files that query that model, not the others', () => {
    const session = toySession();
    assert.equal(session.analyze('users.ts')!.findings.length, 1);
    const outcome = session.update({ path: 'schema.prisma', text: 'model User\nindex id\nindex email\nmodel Post\nindex id\n' });
    assert.equal(outcome.factsChanged, true);
    // posts.ts also offered a fix that edits the schema: its hash went stale with the text, so it is re-analyzed too.
    assert.deepEqual(outcome.affected, ['posts.ts', 'users.ts']);
    assert.equal(session.analyze('users.ts')!.findings.length, 0);
  });

  it('without fixes into the schema, an index on User leaves Post queries alone', () => {
    const session = toySession();
    session.update({ path: 'posts.ts', text: 'query Post.id\n' });
    session.analyze('posts.ts');
    const outcome = session.update({ path: 'schema.prisma', text: 'model User\nindex id\nindex email\nmodel Post\nindex id\n' });
    assert.deepEqual(outcome.affected, ['users.ts']);
    assert.deepEqual([...session.dependenciesOf('posts.ts')].filter((key) => key.startsWith('view:')), ['view:toy:models#Post']);
  });

  it('a function that starts reaching the database affects its callers through other files, and only them', () => {
    const session = toySession();
    assert.equal(session.analyze('a.ts')!.findings.length, 0);
    const outcome = session.update({ path: 'lib/d.ts', text: 'export h db\n' });
    assert.equal(outcome.factsChanged, true);
    assert.deepEqual(outcome.affected, ['a.ts']);
    assert.equal(session.analyze('a.ts')!.findings.length, 1);
  });

  it('a facts change that does not change what a reader looked up affects nobody', () => {
    const session = toySession();
    // A new export elsewhere changes the reachability view, but not the entries a.ts and other.ts read.
    const outcome = session.update({ path: 'lib/e.ts', text: 'export k calls nowhere#y\nexport unused calls nowhere#z\n' });
    assert.equal(outcome.factsChanged, true);
    assert.deepEqual(outcome.affected, []);
  });

  it('removing a file affects the files that read it', () => {
    const session = toySession();
    session.update({ path: 'lib/d.ts', text: 'export h db\n' });
    session.analyze('a.ts');
    assert.deepEqual(session.removeFile('lib/d.ts').affected, ['a.ts']);
  });

  it('facts from a background scan report what they affect', () => {
    const session = toySession();
    session.removeFile('lib/d.ts');
    session.analyze('a.ts');
    const data = { exports: { h: { db: true, calls: [] } } } as unknown as TsFacts;
    const change = session.updateFacts({ path: 'lib/d.ts', language: 'typescript', hash: 'disk', data });
    assert.deepEqual(change, { factsChanged: true, affected: ['a.ts'] });
  });

  it('keeps the views that did not read what changed', () => {
    const session = toySession();
    const models = session.facts.viewRecord('toy:models')!.value;
    const reaches = session.facts.viewRecord('toy:reaches-db')!.value;
    session.update({ path: 'lib/d.ts', text: 'export h db\n' });
    assert.equal(session.facts.viewRecord('toy:models')?.value, models, 'the schema view survives a code edit');
    assert.notEqual(session.facts.viewRecord('toy:reaches-db')?.value, reaches, 'the reachability view read the code files: recomputed');
  });

  it('reading a whole view depends on all of it', () => {
    const wholeView: Rule = {
      meta: meta('toy-count'),
      checks: { typescript: (context) => void modelsView(context.facts).size },
    };
    const session = toySession([wholeView]);
    assert.ok(session.dependenciesOf('a.ts').has('view:toy:models'));
    const everyCodeFile = ['a.ts', 'lib/b.ts', 'lib/c.ts', 'lib/d.ts', 'lib/e.ts', 'other.ts', 'posts.ts', 'users.ts'];
    assert.deepEqual(session.update({ path: 'schema.prisma', text: 'model User\nindex id\n' }).affected, everyCodeFile);
    assert.deepEqual(session.update({ path: 'schema.prisma', text: 'model User\nindex id\n\n' }).affected, [], 'same models, same view: nobody');
  });
});

describe('incremental analysis with the shipped analyzers', () => {
  const route = (body: string) => `import { NextResponse } from 'next/server';\nconst hits = new Map();\nexport function GET(r: Request) {\n  ${body}\n  hits.set(r.url, 1);\n  return NextResponse.json({});\n}\n`;

  const schema = (userIndexes: string) =>
    `datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\nmodel Subscriber {\n  id    String @id\n  email String\n  name  String\n${userIndexes}}\n\nmodel Post {\n  id     String @id\n  title  String\n  status String\n\n  @@index([status])\n}\n`;
  const workspace = {
    'prisma/schema.prisma': schema(''),
    'app/api/users/route.ts': "import { prisma } from '@/lib/db';\nexport async function GET() {\n  return Response.json(await prisma.subscriber.findMany({ where: { email: 'a@b.c' } }));\n}\n",
    'app/api/posts/route.ts': "import { prisma } from '@/lib/db';\nexport async function GET() {\n  return Response.json(await prisma.post.findMany({ where: { status: 'draft' } }));\n}\n",
    'lib/format.ts': 'export const format = (value: number) => value.toFixed(2);\n',
  };

  it('adding an @@index affects the query sites of that model, not other queries or files', () => {
    const session = new AnalysisSession(createEngine(), settings);
    for (const [file, text] of Object.entries(workspace)) session.update({ path: file, text });
    for (const file of Object.keys(workspace)) session.analyze(file);
    assert.equal(session.analyze('app/api/users/route.ts')!.findings.filter((finding) => finding.ruleId === 'missing-index').length, 1);
    const outcome = session.update({ path: 'prisma/schema.prisma', text: schema('\n  @@index([email])\n') });
    assert.equal(outcome.factsChanged, true);
    assert.deepEqual(outcome.affected, ['app/api/users/route.ts']);
    assert.equal(session.analyze('app/api/users/route.ts')!.findings.filter((finding) => finding.ruleId === 'missing-index').length, 0);
  });

  it('a new query in one route affects neither the other routes nor the schema file when no index need changes', () => {
    const session = new AnalysisSession(createEngine(), settings);
    for (const [file, text] of Object.entries(workspace)) session.update({ path: file, text });
    for (const file of Object.keys(workspace)) session.analyze(file);
    const posts = workspace['app/api/posts/route.ts'].replace("return Response.json", "const count = await prisma.post.count({ where: { status: 'live' } });\n  return Response.json");
    const outcome = session.update({ path: 'app/api/posts/route.ts', text: posts });
    assert.equal(outcome.factsChanged, true);
    assert.deepEqual(outcome.affected, []);
  });

  it('typing inside a route handler affects nobody else', async () => {
    const engine = createEngine();
    const session = new AnalysisSession(engine, settings);
    session.update({ path: 'app/api/a/route.ts', text: route('') });
    session.update({ path: 'app/api/b/route.ts', text: route('') });
    session.analyze('app/api/a/route.ts');
    session.analyze('app/api/b/route.ts');
    for (const typed of ['c', 'co', 'con', 'cons', 'const x = 1;']) {
      assert.deepEqual(session.update({ path: 'app/api/a/route.ts', text: route(typed) }).affected, []);
    }
    // Route b read no fact of route a, so no edit of a can ever affect it.
    for (const key of session.dependenciesOf('app/api/b/route.ts')) assert.ok(!key.endsWith('app/api/a/route.ts'), `unexpected dependency ${key}`);
  });
});

describe('scan pass 1', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scalecheck-pass1-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return { absolute: path.join(dir, name), relative: name };
  };

  it('keeps the result of a file whose rules read only its own facts', () => {
    const engine = new Engine([toyLocal], [schemaLanguage, codeLanguage]);
    const outcome = indexFile(engine, write('many.ts', 'export a db\nexport b db\nexport c db\nexport d db\n'), { settings, analyze: {}, speculation: new Speculation() });
    assert.equal(outcome.result?.findings.length, 1);
  });

  it('keeps the result of a file whose rules read other files for pass 2 to confirm against the full index', () => {
    const engine = new Engine([toyIndex, toyLocal], [schemaLanguage, codeLanguage]);
    const outcome = indexFile(engine, write('users.ts', 'query User.email\n'), { settings, analyze: {}, speculation: new Speculation() });
    assert.ok(outcome.facts);
    assert.equal(outcome.result, undefined);
    const reads = outcome.speculative!.reads;
    assert.deepEqual(reads.map(([key]) => key).sort(), ['lang:prisma', 'view:toy:models#User']);

    const full = (schemaText: string) => {
      const session = new AnalysisSession(engine, settings);
      session.update({ path: 'schema.prisma', text: schemaText });
      session.update({ path: 'users.ts', text: 'query User.email\n' });
      return session.facts;
    };
    // With a schema in the workspace, `ofLanguage('prisma')` returns more than pass 1 saw: parse again.
    assert.equal(confirmReads(reads, full('model User\nindex email\n')), false);
    // A file that only looks up a model no schema declares reads the same values either way.
    const lookupOnly = indexFile(new Engine([toyLoop], [schemaLanguage, codeLanguage]), write('a.ts', 'loop call lib/b.ts#fn\n'), { settings, analyze: {}, speculation: new Speculation() });
    assert.equal(confirmReads(lookupOnly.speculative!.reads, full('model User\n')), true);
  });
});

describe('deepEqual', () => {
  it('compares plain data, Maps and Sets structurally', () => {
    assert.ok(deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }));
    assert.ok(!deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] }));
    assert.ok(deepEqual(new Map([['x', new Set([1, 2])]]), new Map([['x', new Set([2, 1])]])));
    assert.ok(!deepEqual(new Map([['x', 1]]), new Map([['y', 1]])));
    assert.ok(!deepEqual([1], { 0: 1 }));
    assert.ok(deepEqual(NaN, NaN));
  });

  it('walks deep values without recursion', () => {
    const deep = (depth: number) => {
      let value: unknown = 'leaf';
      for (let i = 0; i < depth; i++) value = { next: value };
      return value;
    };
    assert.ok(deepEqual(deep(100_000), deep(100_000)));
  });

  it('gives a view no thread has computed a value no reader can have seen', () => {
    const index = new FactsIndex();
    assert.notEqual(index.valueOf('view:never-computed#entry'), undefined);
    assert.notEqual(index.valueOf('view:never-computed'), undefined);
  });

  it('names every kind of facts key', () => {
    assert.deepEqual([FactsKeys.file('a'), FactsKeys.text('a'), FactsKeys.language('python'), FactsKeys.all, FactsKeys.view('v'), FactsKeys.entry('v', 'e')], ['file:a', 'text:a', 'lang:python', 'all', 'view:v', 'view:v#e']);
  });
});
