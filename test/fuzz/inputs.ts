import fc from 'fast-check';
import type { SourceFile } from '../../analyzers';

/**
 * Fuzz inputs: a seed file (from the fixtures, or a built-in one for a
 * language without fixtures yet) with the other files of its case as
 * workspace context, then truncated, mutated or replaced by garbage.
 */
export interface Seed {
  file: SourceFile;
  /** The other files of the fixture case, unchanged: cross-file rules see real facts. */
  context: SourceFile[];
}

/** Fragments that stress parsers and the engine's offsets: unbalanced brackets, strings, comments, line breaks, non-BMP text. */
const TOKENS = [
  '{', '}', '(', ')', '[', ']', ';', ',', '.', ':', '=', '=>', '"', "'", '`', '${', '/*', '*/', '//', '#', '"""', '\\',
  '\n', '\r\n', '\r', '\t', '    ', '\u2028', '\uFEFF', '😀', '\uD83D', '\uDE00', '한국어', 'é', '\u0000',
  'await ', 'async ', 'for (const x of xs) {', 'while (true) {', 'export async function GET(req) {', "'use server';", "'use client';",
  '<div>', '</div>', '<>', 'prisma.user.findMany({ where: { id } })', 'new PrismaClient()', 'openai.chat.completions.create({})',
  'model ', '@@index([', '@relation(fields: [', 'String?', 'def ', 'class ', 'for x in items:', 'async def ', '.objects.all()',
  'import ', 'from ', 'return ', 'if ', 'else:', '@app.get("/")', 'RUN ', 'CMD ["gunicorn", "-w", "4"]', 'web: gunicorn app -w 3',
  '// scalecheck-ignore-next-line in-memory-state', '# scalecheck-ignore-next-line n-plus-one -- ok', 'scalecheck-ignore-file',
];

export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'duplicate'; from: number; length: number; at: number }
  | { kind: 'line-breaks'; style: '\r\n' | '\r' }
  | { kind: 'swap-lines'; a: number; b: number };

export interface FuzzInput {
  seed: number;
  mutations: Mutation[];
  /** Replaces the seed's text entirely when set. */
  garbage?: string;
}

const position = fc.nat({ max: 1_000_000 });
const token = fc.constantFrom(...TOKENS);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.nat({ max: 200 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: position, text: fc.oneof({ weight: 4, arbitrary: token }, { weight: 1, arbitrary: fc.array(token, { maxLength: 6 }).map((parts) => parts.join('')) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) }) }),
  fc.record({ kind: fc.constant('duplicate' as const), from: position, length: fc.nat({ max: 400 }), at: position }),
  fc.record({ kind: fc.constant('line-breaks' as const), style: fc.constantFrom('\r\n' as const, '\r' as const) }),
  fc.record({ kind: fc.constant('swap-lines' as const), a: position, b: position }),
);

export function fuzzInput(seeds: number): fc.Arbitrary<FuzzInput> {
  const seed = fc.nat({ max: seeds - 1 });
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ seed, mutations: fc.array(mutation, { minLength: 1, maxLength: 6 }) }) },
    { weight: 2, arbitrary: fc.record({ seed, mutations: fc.tuple(fc.record({ kind: fc.constant('truncate' as const), at: position })).map((list): Mutation[] => list) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        seed,
        mutations: fc.constant([] as Mutation[]),
        garbage: fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.array(token, { maxLength: 80 }).map((parts) => parts.join(''))),
      }),
    },
  );
}

/** The seed's text after the input's mutations. Positions wrap around the current length. */
export function mutate(text: string, input: FuzzInput): string {
  if (input.garbage !== undefined) return input.garbage;
  let out = text;
  for (const step of input.mutations) {
    const at = (value: number) => (out.length ? value % (out.length + 1) : 0);
    switch (step.kind) {
      case 'truncate':
        out = out.slice(0, at(step.at));
        break;
      case 'delete': {
        const start = at(step.at);
        out = out.slice(0, start) + out.slice(start + step.length);
        break;
      }
      case 'insert': {
        const start = at(step.at);
        out = out.slice(0, start) + step.text + out.slice(start);
        break;
      }
      case 'duplicate': {
        const from = at(step.from);
        const piece = out.slice(from, from + step.length);
        const start = at(step.at);
        out = out.slice(0, start) + piece + out.slice(start);
        break;
      }
      case 'line-breaks':
        out = out.replace(/\r\n|\r|\n/g, step.style);
        break;
      case 'swap-lines': {
        const lines = out.split('\n');
        const a = step.a % lines.length;
        const b = step.b % lines.length;
        [lines[a], lines[b]] = [lines[b], lines[a]];
        out = lines.join('\n');
        break;
      }
    }
  }
  return out;
}

/**
 * Small seeds for every language, so a language whose analyzer lands before
 * its fixtures is still fuzzed. Fixtures add far more.
 */
export const BUILT_IN_SEEDS: SourceFile[] = [
  {
    path: 'app/api/posts/route.ts',
    text: "import { NextResponse } from 'next/server';\nimport { prisma } from '@/lib/db';\nimport OpenAI from 'openai';\n\nconst openai = new OpenAI();\nconst cache = new Map<string, unknown>();\n\nexport async function GET(request: Request) {\n  const posts = await prisma.post.findMany();\n  for (const post of posts) {\n    const author = await prisma.user.findUnique({ where: { id: post.authorId } });\n    cache.set(post.id, author);\n  }\n  const summary = await openai.chat.completions.create({ model: 'gpt-4o', messages: [] });\n  return NextResponse.json({ posts, summary });\n}\n",
  },
  {
    path: 'components/list.tsx',
    text: "'use client';\nimport { useState } from 'react';\n\nexport function List({ items }: { items: string[] }) {\n  const [query, setQuery] = useState('');\n  return (\n    <ul>\n      {items.filter((item) => item.includes(query)).map((item) => (\n        <li key={item}>{item}</li>\n      ))}\n    </ul>\n  );\n}\n",
  },
  {
    path: 'prisma/schema.prisma',
    text: 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\nmodel User {\n  id    String @id @default(cuid())\n  email String @unique\n  posts Post[]\n}\n\nmodel Post {\n  id       String @id @default(cuid())\n  authorId String\n  author   User   @relation(fields: [authorId], references: [id])\n  status   String\n\n  @@index([authorId])\n}\n',
  },
  {
    path: 'notes/models.py',
    text: "from django.db import models\n\n\nclass Note(models.Model):\n    owner = models.ForeignKey('auth.User', on_delete=models.CASCADE)\n    title = models.CharField(max_length=200)\n    status = models.CharField(max_length=20)\n\n    class Meta:\n        indexes = [models.Index(fields=['status'])]\n",
  },
  {
    path: 'notes/views.py',
    text: "import time\n\nfrom django.http import JsonResponse\n\nfrom .models import Note\n\n_cache = {}\n\n\ndef notes(request):\n    out = []\n    for note in Note.objects.all():\n        out.append({'owner': note.owner.username})\n    _cache[request.path] = out\n    time.sleep(2)\n    return JsonResponse({'notes': out})\n",
  },
  { path: 'package.json', text: '{\n  "name": "app",\n  "dependencies": { "next": "14.2.0", "@prisma/client": "5.0.0", "openai": "4.0.0" }\n}\n' },
  { path: 'tsconfig.json', text: '{\n  // comments are allowed\n  "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./*"] } },\n}\n' },
  { path: 'vercel.json', text: '{ "functions": { "app/api/**/*.ts": { "maxDuration": 60 } } }\n' },
  { path: 'Dockerfile', text: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["gunicorn", "config.wsgi", "--workers", "4", "--threads", "2"]\n' },
  { path: 'Procfile', text: 'web: gunicorn config.wsgi -w 3 --threads 4\nworker: celery -A config worker\n' },
  { path: 'requirements.txt', text: 'Django==5.0\ncelery==5.4\nopenai>=1.0\n' },
  {
    path: 'prisma/migrations/20240301000000_status_index/migration.sql',
    text: '-- Hand-written: partial and concurrent\nCREATE INDEX CONCURRENTLY IF NOT EXISTS "Post_status_idx" ON "public"."Post" USING btree ("status", "createdAt" DESC) WHERE "status" <> \'draft\';\nCREATE UNIQUE INDEX `User_email_key` ON `User`(`email`(191));\nALTER TABLE "Post" ADD CONSTRAINT "Post_slug_key" UNIQUE ("slug");\nDROP INDEX IF EXISTS "Post_old_idx";\nCREATE INDEX "User_lower_email_idx" ON "User" (lower("email"));\n',
  },
  { path: 'fly.toml', text: 'app = "notes"\n[http_service]\n  internal_port = 8000\n  min_machines_running = 2\n' },
];
