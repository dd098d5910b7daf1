/**
 * What the example apps (examples/, copied fresh for each run) must show in
 * the editor, written from the code itself: the line each core problem sits
 * on. Lines are 1-based as in the files; where an analyzer may reasonably
 * anchor a finding on one of several lines of the same statement, all of
 * them are listed. `related` names a file a related location must point into.
 */
export interface Expected {
  rule: string;
  file: string;
  lines: number[];
  related?: string;
}

export const EXPECTED: Expected[] = [
  // Next.js + Prisma + OpenAI (Inkwell)
  { rule: 'n-plus-one', file: 'nextjs-app/app/api/posts/route.ts', lines: [17] },
  { rule: 'missing-index', file: 'nextjs-app/app/api/posts/route.ts', lines: [8, 9, 10], related: 'nextjs-app/prisma/schema.prisma' },
  { rule: 'unbounded-query', file: 'nextjs-app/app/api/posts/route.ts', lines: [8] },
  { rule: 'unbounded-ai-call', file: 'nextjs-app/app/api/summarize/route.ts', lines: [11] },
  { rule: 'long-task-in-request', file: 'nextjs-app/app/api/signup/route.ts', lines: [14, 16] },
  { rule: 'in-memory-state', file: 'nextjs-app/app/api/visits/route.ts', lines: [4] },
  { rule: 'prisma-client-per-request', file: 'nextjs-app/app/api/stats/route.ts', lines: [6] },
  // Django + DRF + Celery + OpenAI (Quill)
  { rule: 'n-plus-one', file: 'django-app/blog/views.py', lines: [31, 32] },
  // The Python rule points at each column's use in the query (not at the model field).
  { rule: 'missing-index', file: 'django-app/blog/views.py', lines: [25], related: 'django-app/blog/views.py' },
  { rule: 'missing-index', file: 'django-app/blog/views.py', lines: [45], related: 'django-app/blog/views.py' },
  { rule: 'unbounded-ai-call', file: 'django-app/blog/ai.py', lines: [8] },
  { rule: 'unbounded-query', file: 'django-app/blog/views.py', lines: [86] },
  { rule: 'long-task-in-request', file: 'django-app/blog/views.py', lines: [71, 77, 80] },
  { rule: 'in-memory-state', file: 'django-app/blog/stats.py', lines: [2, 6] },
  { rule: 'in-memory-state', file: 'django-app/config/settings.py', lines: [49] },
  { rule: 'deployment-capacity', file: 'django-app/Procfile', lines: [1] },
];

/** Files the examples' READMEs name as written to scale: no finding at all. */
export const CLEAN_FILES = [
  'nextjs-app/app/api/posts/[id]/route.ts',
  'nextjs-app/app/api/comments/route.ts',
  'nextjs-app/app/actions.ts',
  'nextjs-app/app/page.tsx',
  'nextjs-app/lib/db.ts',
];
