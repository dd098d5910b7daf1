import * as assert from 'node:assert/strict';
import { analyzeProject, createEngine, defaultConfig, type SourceFile } from '../../analyzers';
import { contextOfFile, contextOfNode, requestEntries } from '../../analyzers/typescript/contexts';
import { tsWorkspace } from '../../analyzers/typescript/workspace';

const settings = { locale: 'en' as const, config: defaultConfig() };

function workspace(files: Record<string, string>) {
  const sources: SourceFile[] = Object.entries(files).map(([path, text]) => ({ path, text }));
  return tsWorkspace(analyzeProject(createEngine(), sources, settings, { onlyRules: [] }).facts, defaultConfig().scripts);
}

describe('typescript workspace: where each function runs', () => {
  const files = {
    'package.json': '{ "name": "app", "dependencies": { "next": "15.0.0", "bullmq": "^5.0.0" } }',
    'lib/mail.ts': 'export async function send(to: string) { return to; }\nexport async function sendDigest() { return 1; }\nexport async function onlyScripts() { return 2; }\nexport async function unreached() { return 3; }',
    'lib/queue.ts': 'import { Worker } from "bullmq";\nimport { sendDigest } from "./mail";\nexport const worker = new Worker("digest", async () => { await sendDigest(); });',
    'lib/replica.ts': 'export const replica = 1;',
    'app/api/invite/route.ts': 'import { send } from "../../../lib/mail";\nexport async function POST() { await send("a"); return new Response(); }',
    'app/api/signup/route.ts': 'import { send } from "../../../lib/mail";\nexport async function POST() { await send("b"); return new Response(); }',
    'app/api/cron/digest/route.ts': 'import { sendDigest } from "../../../../lib/mail";\nexport async function GET() { await sendDigest(); return new Response(); }',
    'app/api/stripe/events/route.ts': 'import { send } from "../../../../lib/mail";\nexport async function POST(request: Request) { stripe.webhooks.constructEvent(await request.text(), "", ""); await send("c"); return new Response(); }',
    'app/docs/[slug]/page.tsx': 'export async function generateStaticParams() { return []; }\nexport default async function Page() { return null; }',
    'scripts/backfill.ts': 'import { onlyScripts } from "../lib/mail";\nimport { replica } from "../lib/replica";\nawait onlyScripts();\nconsole.log(replica);',
  };
  const ws = workspace(files);
  const unit = (path: string, name: string) => ws.nodeId(path, ws.fileFacts(path)!.units.findIndex((candidate) => candidate.name === name))!;

  it('takes the costliest context of the entry points that reach a function', () => {
    assert.equal(contextOfNode(ws, unit('lib/mail.ts', 'send')), 'request', 'two routes and a webhook receiver reach it');
    assert.equal(contextOfNode(ws, unit('lib/mail.ts', 'sendDigest')), 'background', 'a cron route and a queue worker reach it');
    assert.equal(contextOfNode(ws, unit('lib/mail.ts', 'onlyScripts')), 'script');
    assert.equal(contextOfNode(ws, unit('lib/mail.ts', 'unreached')), 'unknown', 'the server loads its file, which says nothing of requests');
  });

  it('knows webhook receivers, cron routes and build steps as entry points of their own', () => {
    assert.equal(contextOfNode(ws, unit('app/api/stripe/events/route.ts', 'POST')), 'background');
    assert.equal(contextOfNode(ws, unit('app/api/cron/digest/route.ts', 'GET')), 'background');
    assert.equal(contextOfNode(ws, unit('app/docs/[slug]/page.tsx', 'Page')), 'build');
  });

  it('places top-level code where its file is loaded', () => {
    assert.equal(contextOfFile(ws, 'lib/replica.ts'), 'script', 'only a script imports it');
    assert.equal(contextOfFile(ws, 'lib/mail.ts'), 'unknown', 'the server loads it: once, not per request');
  });

  it('counts the request handlers that wait on a function, leaving out machines', () => {
    const { count, entries } = requestEntries(ws, unit('lib/mail.ts', 'send'), 'slow');
    assert.equal(count, 2);
    assert.deepEqual(entries.map((entry) => entry.at.file).sort(), ['app/api/invite/route.ts', 'app/api/signup/route.ts']);
  });
});
