import * as assert from 'node:assert/strict';
import { analyzeProject, createEngine, defaultConfig, FactsIndex, type SourceFile } from '../../analyzers';
import { tsWorkspace } from '../../analyzers/typescript/workspace';

const settings = { locale: 'en' as const, config: defaultConfig() };

/** The facts index of a small workspace, as the engine builds it. */
function index(files: Record<string, string>): FactsIndex {
  const sources: SourceFile[] = Object.entries(files).map(([path, text]) => ({ path, text }));
  return analyzeProject(createEngine(), sources, settings, { onlyRules: [] }).facts;
}

function workspace(files: Record<string, string>) {
  return tsWorkspace(index(files), defaultConfig().scripts);
}

describe('typescript workspace: module resolution', () => {
  const files = {
    'apps/web/tsconfig.json': '{ "extends": "./tsconfig.base.json", "compilerOptions": { "baseUrl": "." } }',
    'apps/web/tsconfig.base.json': '{ "compilerOptions": { "paths": { "@/*": ["./src/*"], "#config": ["./config/index.ts"] } } }',
    'apps/web/src/lib/db.ts': 'export const db = 1;',
    'apps/web/src/lib/index.tsx': 'export const lib = 1;',
    'apps/web/src/util.ts': 'export const u = 1;',
    'apps/web/config/index.ts': 'export const c = 1;',
    'apps/web/src/app/page.tsx': 'export default function Page() { return null; }',
    'packages/db/package.json': '{ "name": "@acme/db", "exports": { ".": "./dist/index.js", "./client": { "types": "./dist/client.d.ts", "default": "./dist/client.js" } } }',
    'packages/db/src/index.ts': 'export * from "./client";',
    'packages/db/src/client.ts': 'export const prisma = 1;',
    'jsconfig-app/jsconfig.json': '{ "compilerOptions": { "paths": { "~/*": ["./*"] } } }',
    'jsconfig-app/lib/helper.js': 'module.exports = {};',
    'jsconfig-app/pages/index.js': '',
  };
  const ws = workspace(files);
  const from = 'apps/web/src/app/page.tsx';

  it('resolves relative paths with extension, index and .js-for-.ts lookup', () => {
    assert.equal(ws.resolver.resolve(from, '../lib/db'), 'apps/web/src/lib/db.ts');
    assert.equal(ws.resolver.resolve(from, '../lib'), 'apps/web/src/lib/index.tsx');
    assert.equal(ws.resolver.resolve(from, '../util.js'), 'apps/web/src/util.ts');
    assert.equal(ws.resolver.resolve(from, '../../../../../outside'), undefined);
  });

  it('resolves tsconfig paths inherited through extends, relative to baseUrl', () => {
    assert.equal(ws.resolver.resolve(from, '@/lib/db'), 'apps/web/src/lib/db.ts');
    assert.equal(ws.resolver.resolve(from, '#config'), 'apps/web/config/index.ts');
    assert.equal(ws.resolver.resolve(from, 'src/util'), 'apps/web/src/util.ts', 'baseUrl makes non-relative paths resolve from the app root');
  });

  it('resolves jsconfig paths and monorepo packages by name and exports, mapping dist to src', () => {
    assert.equal(ws.resolver.resolve('jsconfig-app/pages/index.js', '~/lib/helper'), 'jsconfig-app/lib/helper.js');
    assert.equal(ws.resolver.resolve(from, '@acme/db'), 'packages/db/src/index.ts');
    assert.equal(ws.resolver.resolve(from, '@acme/db/client'), 'packages/db/src/client.ts');
  });

  it('leaves packages from node_modules unresolved', () => {
    assert.equal(ws.resolver.resolve(from, 'react'), undefined);
    assert.equal(ws.resolver.resolve(from, '@prisma/client'), undefined);
  });

  it('follows re-exports to the module that declares a client', () => {
    assert.equal(ws.importKind(from, { specifier: '@acme/db', imported: 'prisma' }), undefined, 'a number is no client');
    const real = workspace({
      'packages/db/package.json': '{ "name": "@acme/db" }',
      'packages/db/src/index.ts': 'export * from "./client";\nexport { prisma as default } from "./client";',
      'packages/db/src/client.ts': 'import { PrismaClient } from "@prisma/client";\nexport const prisma = new PrismaClient();',
      'apps/web/route.ts': '',
    });
    assert.equal(real.importKind('apps/web/route.ts', { specifier: '@acme/db', imported: 'prisma' }), 'prisma');
    assert.equal(real.importKind('apps/web/route.ts', { specifier: '@acme/db', imported: 'default' }), 'prisma');
    assert.equal(real.importKind('apps/web/route.ts', { specifier: 'somewhere-else', imported: 'prisma' }), null);
  });
});

describe('typescript workspace: reachability', () => {
  const files = {
    'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }',
    'lib/db.ts': 'import { PrismaClient } from "@prisma/client";\nexport const prisma = new PrismaClient();',
    'lib/users.ts': 'import { prisma as store } from "@/lib/db";\nexport async function findUser(id: string) { return store.user.findUnique({ where: { id } }); }',
    'lib/profile.ts': 'import { findUser } from "./users";\nimport * as mail from "./mail";\nexport async function profile(id: string) { const user = await findUser(id); await mail.notify(user); return user; }',
    'lib/mail.ts': 'import nodemailer from "nodemailer";\nconst t = nodemailer.createTransport({});\nexport async function notify(user: unknown) { await t.sendMail({ text: String(user) }); }',
    'lib/limit.ts': 'export async function checkRateLimit(ip: string) { return ip.length > 0; }',
    'app/api/a/route.ts': 'import { profile } from "@/lib/profile";\nexport async function GET() { return Response.json(await profile("1")); }',
    'app/api/b/route.ts': 'import { profile } from "@/lib/profile";\nimport { checkRateLimit } from "@/lib/limit";\nexport async function GET(r: Request) { await checkRateLimit("ip"); return Response.json(await profile("2")); }',
    'scripts/run.ts': 'import { profile } from "../lib/profile";\nexport async function main(ids: string[]) { for (const id of ids) await profile(id); }',
  };
  const ws = workspace(files);
  const node = (path: string, name: string) => {
    const facts = ws.fileFacts(path)!;
    return ws.nodeId(path, facts.units.findIndex((unit) => unit.name === name))!;
  };

  it('finds the shortest chain to a query, through a renamed import and a namespace import', () => {
    const chain = ws.reach(node('lib/profile.ts', 'profile'), 'db');
    assert.deepEqual(chain?.map((step) => step.label), ['findUser', 'store.user.findUnique']);
    const slow = ws.reach(node('lib/profile.ts', 'profile'), 'slow');
    assert.deepEqual(slow?.map((step) => step.label), ['notify', 't.sendMail']);
    assert.equal(ws.reach(node('lib/limit.ts', 'checkRateLimit'), 'db'), undefined);
  });

  it('knows which handler reaches a function, preferring a way without a rate limit', () => {
    const path = ws.handlerPath(node('lib/users.ts', 'findUser'));
    assert.equal(path?.handler.path, 'app/api/a/route.ts');
    assert.equal(path?.limited, false);
    assert.deepEqual(path?.steps.map((edge) => ws.nodes[edge.to].facts.name), ['profile', 'findUser']);
  });

  it('counts a helper named for rate limiting as a limit on the way', () => {
    const limitedOnly = workspace({ ...files, 'app/api/a/route.ts': 'export async function GET() { return new Response(); }' });
    const facts = limitedOnly.fileFacts('lib/users.ts')!;
    const id = limitedOnly.nodeId('lib/users.ts', facts.units.findIndex((unit) => unit.name === 'findUser'))!;
    assert.equal(limitedOnly.handlerPath(id)?.limited, true);
  });

  it('ignores loops in scripts when asking whether a function runs once per item', () => {
    assert.equal(ws.loopCall(node('lib/users.ts', 'findUser')), undefined);
    const withLoop = workspace({ ...files, 'lib/batch.ts': 'import { profile } from "./profile";\nexport async function all(ids: string[]) { await Promise.all(ids.map((id) => profile(id))); }' });
    const facts = withLoop.fileFacts('lib/users.ts')!;
    const edge = withLoop.loopCall(withLoop.nodeId('lib/users.ts', facts.units.findIndex((unit) => unit.name === 'findUser'))!);
    assert.equal(edge?.from !== undefined && withLoop.nodes[edge.from].path, 'lib/batch.ts');
  });

  it('is recomputed when facts change and reused while they do not', () => {
    const facts = index(files);
    const first = tsWorkspace(facts, defaultConfig().scripts);
    assert.equal(tsWorkspace(facts, defaultConfig().scripts), first);
    facts.delete('lib/mail.ts');
    assert.notEqual(tsWorkspace(facts, defaultConfig().scripts), first);
  });
});

describe('typescript analyzer: any input', () => {
  const engine = createEngine();
  /** Nesting at the depth the compiler's own (recursive) parser still accepts: everything after it must cope. */
  const deep = (depth: number): Record<string, string> => ({
    'app/api/deep/route.ts': `export async function GET(){ return ${'(\n'.repeat(depth)}1${')\n'.repeat(depth)}; }`,
    'app/api/blocks/route.ts': `export async function GET(){ ${'{\n'.repeat(depth)}${'}\n'.repeat(depth)} }`,
    'app/api/arrows/route.ts': `export const GET = ${'() =>\n'.repeat(depth)}prisma.user.findMany();`,
    'app/api/loops/route.ts': `export async function POST(req: Request){ const ids = await req.json();\n${'for (const id of ids)\n'.repeat(depth)}await prisma.user.findUnique({ where: { id } }); }`,
    'app/api/garbage/route.ts': '}}} export async function GET( { for (const x of ) await prisma.user.',
    'lib/chain.ts': `export const x = a${'\n.b()'.repeat(depth * 4)};`,
  });

  it('analyzes nesting as deep as the parser accepts, without errors', () => {
    const result = analyzeProject(engine, Object.entries(deep(700)).map(([path, text]) => ({ path, text })), settings);
    assert.deepEqual(result.errors, []);
    // Bracket nesting past the engine's guard is skipped up front; everything else is analyzed.
    for (const skipped of result.skipped) assert.match(skipped.reason, /nested/);
    assert.ok(!result.skipped.some((entry) => /loops|arrows|chain/.test(entry.file)));
    const loops = result.files.find((file) => file.file === 'app/api/loops/route.ts')!;
    assert.ok(loops.findings.some((finding) => finding.ruleId === 'n-plus-one'), 'the query inside 700 nested loops is still found');
  });

  it('reports deeper nesting as a parse failure of that file, never a rule failure', () => {
    const result = analyzeProject(engine, Object.entries(deep(5000)).map(([path, text]) => ({ path, text })), settings);
    for (const error of result.errors) {
      assert.equal(error.ruleId, undefined, error.message);
      assert.match(error.message, /^Could not parse/);
    }
  });
});

describe('typescript workspace: Prisma client test for other rules', () => {
  it('knows an aliased import of the workspace client, and rejects another SDK under a conventional name', async () => {
    const { workspaceClientTest, workspacePrismaCalls } = await import('../../analyzers/typescript/client-test');
    const files: Record<string, string> = {
      'tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }',
      'lib/db.ts': 'import { PrismaClient } from "@prisma/client";\nexport const prisma = new PrismaClient();',
      'lib/ai.ts': 'import Anthropic from "@anthropic-ai/sdk";\nexport const client = new Anthropic();',
      'app/api/x/route.ts': 'import { prisma as store } from "@/lib/db";\nimport { client } from "@/lib/ai";\nexport async function GET() {\n  await client.messages.create({ model: "m", max_tokens: 1, messages: [] });\n  return Response.json(await store.post.findMany({ take: 5 }));\n}',
    };
    const engine = createEngine();
    const sources = Object.entries(files).map(([path, text]) => ({ path, text }));
    const facts = analyzeProject(engine, sources, settings, { onlyRules: [] }).facts;
    const outcome = engine.parse(sources[3]);
    assert.equal(outcome.kind, 'parsed');
    if (outcome.kind !== 'parsed') return;
    const context = { file: outcome.file, facts, settings, isScript: false, report: () => undefined, locate: () => ({ file: '', range: outcome.file.lines.range(0, 0) }) } as never;
    const calls = workspacePrismaCalls(context);
    assert.deepEqual(calls.map((call) => `${call.modelAccessor}.${call.operation}`), ['post.findMany']);
    const test = workspaceClientTest(context);
    assert.equal(test(calls[0].client), true);
  });
});

describe('typescript workspace: what an edit affects in the editor', () => {
  it('re-analyzes a route when the helper its N+1 goes through changes, and not for unrelated edits', async () => {
    const { AnalysisSession } = await import('../../analyzers');
    const session = new AnalysisSession(createEngine(), settings);
    const files: Record<string, string> = {
      'lib/db.ts': 'import { PrismaClient } from "@prisma/client";\nexport const prisma = new PrismaClient();\n',
      'lib/users.ts': 'import { prisma } from "./db";\nexport async function author(id: string) {\n  return prisma.user.findUnique({ where: { id } });\n}\n',
      'lib/format.ts': 'export function title(text: string) {\n  return text.trim();\n}\n',
      'app/api/feed/route.ts': 'import { author } from "../../../lib/users";\nexport async function POST(request: Request) {\n  const ids: string[] = (await request.json()).ids;\n  const out = [];\n  for (const id of ids) out.push(await author(id));\n  return Response.json(out);\n}\n',
    };
    for (const [path, text] of Object.entries(files)) session.update({ path, text });
    for (const path of Object.keys(files)) session.analyze(path);
    assert.equal(session.analyze('app/api/feed/route.ts')!.findings.filter((finding) => finding.ruleId === 'n-plus-one').length, 1);

    const unrelated = session.update({ path: 'lib/format.ts', text: files['lib/format.ts'].replace('trim()', 'trim().toLowerCase()') });
    assert.deepEqual(unrelated.affected, []);

    const helper = session.update({ path: 'lib/users.ts', text: 'export async function author(id: string) {\n  return { id };\n}\n' });
    assert.deepEqual(helper.affected, ['app/api/feed/route.ts']);
    assert.equal(session.analyze('app/api/feed/route.ts')!.findings.filter((finding) => finding.ruleId === 'n-plus-one').length, 0);
  });
});
