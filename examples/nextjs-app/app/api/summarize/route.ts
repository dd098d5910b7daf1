import { NextResponse } from 'next/server';
import { prisma } from '@/lib/db';
import { openai } from '@/lib/openai';

// POST /api/summarize — AI summary of a post.
export async function POST(request: Request) {
  const { postId } = await request.json();
  const post = await prisma.post.findUnique({ where: { id: postId } });
  if (!post) return NextResponse.json({ error: 'Not found' }, { status: 404 });

  const completion = await openai.chat.completions.create({
    model: 'gpt-4o',
    messages: [
      { role: 'system', content: 'You summarize blog posts in three sentences.' },
      { role: 'user', content: post.content },
    ],
  });

  return NextResponse.json({ summary: completion.choices[0].message.content });
}
