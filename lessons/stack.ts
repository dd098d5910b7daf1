import type { Finding, Locale } from '../analyzers/core/types';
import type { CodeExcerpt, WorkspaceSummary } from './contract';
import type { CodeExample, Stack } from './types';

/**
 * Which stack a lesson speaks to: the finding's own `details.stack` first
 * (the analyzers know the framework), then the file's language, then what the
 * workspace depends on. Node is the default: it is our users' most common stack.
 */
export interface StackContext {
  stack: Stack;
  /** `details.stack` or the framework inferred from the workspace: nextjs, express, django, drf... */
  framework?: string;
}

const PYTHON_FRAMEWORKS = /^(?:django|drf|python|celery|flask|fastapi)$/;
const NODE_FRAMEWORKS = /^(?:nextjs|next|express|hono|fastify|koa|node|prisma)$/;

export function detectStack(finding?: Finding, excerpt?: CodeExcerpt, workspace?: WorkspaceSummary): StackContext {
  const declared = typeof finding?.details?.stack === 'string' ? finding.details.stack.toLowerCase() : undefined;
  if (declared && PYTHON_FRAMEWORKS.test(declared)) return { stack: 'python', framework: declared };
  if (declared && NODE_FRAMEWORKS.test(declared)) return { stack: 'node', framework: declared };

  const file = finding?.file.toLowerCase() ?? '';
  const languageId = excerpt?.languageId ?? '';
  const stackOfWorkspace = workspace?.stack ?? [];
  if (file.endsWith('.py') || languageId === 'python') return { stack: 'python', framework: stackOfWorkspace.includes('djangorestframework') ? 'drf' : 'django' };
  // Dockerfiles and Procfiles carry Gunicorn for Django apps, package.json and vercel.json Node apps.
  if (/(^|\/)(?:dockerfile[^/]*|procfile|gunicorn\.conf\.py|requirements\.txt|pyproject\.toml)$/.test(file)) {
    return stackOfWorkspace.includes('next') || stackOfWorkspace.includes('express') ? { stack: 'node', framework: nodeFramework(stackOfWorkspace) } : { stack: 'python', framework: 'django' };
  }
  if (file || languageId) return { stack: 'node', framework: nodeFramework(stackOfWorkspace) };
  if (stackOfWorkspace.includes('django')) return { stack: 'python', framework: 'django' };
  return { stack: 'node', framework: nodeFramework(stackOfWorkspace) };
}

function nodeFramework(stack: readonly string[]): string {
  if (stack.includes('express')) return 'express';
  if (stack.includes('hono')) return 'hono';
  return 'nextjs';
}

/** The lesson's example for this stack: one naming the framework, else the stack's first, else the lesson's first. */
export function pickExample(examples: readonly CodeExample[], context: StackContext): CodeExample | undefined {
  const ofStack = examples.filter((example) => example.stack === context.stack);
  const framework = context.framework;
  return (framework ? ofStack.find((example) => example.frameworks.includes(framework)) : undefined) ?? ofStack[0] ?? examples[0];
}

const FRAMEWORK_LABELS: Record<string, string> = {
  nextjs: 'Next.js',
  next: 'Next.js',
  express: 'Express',
  hono: 'Hono',
  fastify: 'Fastify',
  koa: 'Koa',
  node: 'Node.js',
  prisma: 'Node.js',
  django: 'Django',
  drf: 'Django REST Framework',
  celery: 'Django + Celery',
  python: 'Python',
  flask: 'Flask',
  fastapi: 'FastAPI',
};

/** "Next.js + Prisma + OpenAI" from the framework and the workspace's libraries. */
export function describeStack(context: StackContext, workspace?: WorkspaceSummary): string {
  const parts = [FRAMEWORK_LABELS[context.framework ?? ''] ?? (context.stack === 'python' ? 'Django' : 'Next.js')];
  const libraries: Array<[string, string]> = [
    ['prisma', 'Prisma'],
    ['celery', 'Celery'],
    ['openai', 'OpenAI'],
    ['anthropic', 'Anthropic'],
    ['@anthropic-ai/sdk', 'Anthropic'],
    ['ai', 'Vercel AI SDK'],
    ['redis', 'Redis'],
    ['@upstash/redis', 'Upstash Redis'],
  ];
  for (const [name, label] of libraries) if (workspace?.stack.includes(name) && !parts.includes(label)) parts.push(label);
  return parts.join(' + ');
}

const PLATFORM_LABELS: Record<string, string> = {
  vercel: 'Vercel',
  netlify: 'Netlify',
  fly: 'Fly.io',
  render: 'Render',
  railway: 'Railway',
  'app-engine': 'Google App Engine',
  heroku: 'Heroku',
  docker: 'Docker',
};

export function describePlatform(workspace: WorkspaceSummary | undefined, locale: Locale): string {
  const ko = locale === 'ko';
  const target: Record<WorkspaceSummary['deployment'], string> = ko
    ? { serverless: '서버리스', server: '서버', containers: '컨테이너', unknown: '배포 방식 미확인' }
    : { serverless: 'serverless', server: 'long-running server', containers: 'containers', unknown: 'deployment not detected' };
  if (!workspace) return target.unknown;
  const platforms = workspace.platforms
    .filter(Boolean)
    .map((platform) => PLATFORM_LABELS[platform] ?? platform)
    .join(', ');
  const gunicorn = workspace.gunicorn ? `, Gunicorn ${workspace.gunicorn.workers} × ${workspace.gunicorn.threads}` : '';
  return platforms ? `${platforms} (${target[workspace.deployment]}${gunicorn})` : `${target[workspace.deployment]}${gunicorn}`;
}
