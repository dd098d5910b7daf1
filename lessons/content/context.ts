import type { ExampleFile } from '../types';

/**
 * Files every example of a stack needs for the analyzers to see it as that
 * stack (the `@/` path alias, dependencies, the shared Prisma client, Django
 * models), hidden from the reader.
 */

export const NEXT_TSCONFIG: ExampleFile = {
  path: 'tsconfig.json',
  hidden: true,
  before: `{
  "compilerOptions": {
    "strict": true,
    "module": "esnext",
    "moduleResolution": "bundler",
    "jsx": "preserve",
    "paths": { "@/*": ["./*"] }
  }
}
`,
};

export const NEXT_PACKAGE: ExampleFile = {
  path: 'package.json',
  hidden: true,
  before: `{
  "name": "app",
  "private": true,
  "dependencies": {
    "@prisma/client": "^6.1.0",
    "@upstash/ratelimit": "^2.0.5",
    "@upstash/redis": "^1.34.3",
    "next": "15.1.3",
    "nodemailer": "^6.9.16",
    "openai": "^4.77.0",
    "react": "19.0.0"
  },
  "devDependencies": { "prisma": "^6.1.0" }
}
`,
};

export const PRISMA_CLIENT_MODULE = `import { PrismaClient } from '@prisma/client';

// One client per process, reused across hot reloads in development.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export const prisma = globalForPrisma.prisma ?? new PrismaClient();

if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma;
`;

export const NEXT_DB: ExampleFile = { path: 'lib/db.ts', hidden: true, before: PRISMA_CLIENT_MODULE };

export const PRISMA_SCHEMA_HEAD = `generator client {
  provider = "prisma-client-js"
}

datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}
`;

export const PRISMA_SCHEMA: ExampleFile = {
  path: 'prisma/schema.prisma',
  hidden: true,
  before: `${PRISMA_SCHEMA_HEAD}
model User {
  id        String   @id @default(cuid())
  email     String   @unique
  name      String?
  createdAt DateTime @default(now())
  posts     Post[]
}

model Post {
  id        String   @id @default(cuid())
  title     String
  content   String
  published Boolean  @default(false)
  views     Int      @default(0)
  createdAt DateTime @default(now())
  authorId  String
  author    User     @relation(fields: [authorId], references: [id])

  @@index([authorId])
  @@index([published, createdAt])
}
`,
};

/** A Next.js + Prisma workspace: alias, dependencies, client, schema. */
export const NEXT_CONTEXT: ExampleFile[] = [NEXT_TSCONFIG, NEXT_PACKAGE, NEXT_DB, PRISMA_SCHEMA];

export const DJANGO_MODELS: ExampleFile = {
  path: 'blog/models.py',
  hidden: true,
  before: `from django.conf import settings
from django.db import models


class Post(models.Model):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts")
    title = models.CharField(max_length=200)
    body = models.TextField()
    published = models.BooleanField(default=False, db_index=True)
    views = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
`,
};

export const DJANGO_REQUIREMENTS: ExampleFile = {
  path: 'requirements.txt',
  hidden: true,
  before: `django==5.1.4
djangorestframework==3.15.2
celery==5.4.0
redis==5.2.1
anthropic==0.42.0
gunicorn==23.0.0
`,
};

/** Settings of the Django example project: DRF with its defaults, so list views are not paginated. */
export const DJANGO_SETTINGS: ExampleFile = {
  path: 'config/settings.py',
  hidden: true,
  before: `INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "rest_framework",
    "blog",
]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
}
`,
};

/** A Django + DRF workspace. */
export const DJANGO_CONTEXT: ExampleFile[] = [DJANGO_REQUIREMENTS, DJANGO_MODELS];
