import { NextResponse } from 'next/server';
import { Ratelimit } from '@upstash/ratelimit';
import { Redis } from '@upstash/redis';
import OpenAI from 'openai';
import { prisma } from '@/lib/db';

// A shared limiter: every instance counts in the same Redis.
const ratelimit = new Ratelimit({ redis: Redis.fromEnv(), limiter: Ratelimit.slidingWindow(5, '1 m') });
const moderator = new OpenAI({ timeout: 15_000, maxRetries: 2 });

// POST /api/comments — moderated comments, rate limited per user.
export async function POST(request: Request) {
  const { postId, authorId, body } = await request.json();
  const { success } = await ratelimit.limit(authorId);
  if (!success) return NextResponse.json({ error: 'Too many comments' }, { status: 429 });

  const verdict = await moderator.chat.completions.create({
    model: 'gpt-4o-mini',
    max_tokens: 5,
    messages: [{ role: 'user', content: `Answer OK or SPAM.\n\n${body}` }],
  });
  if (verdict.choices[0].message.content?.includes('SPAM')) return NextResponse.json({ error: 'Rejected' }, { status: 422 });

  const comment = await prisma.comment.create({ data: { postId, authorId, body } });
  return NextResponse.json(comment, { status: 201 });
}
