import { NextResponse } from 'next/server';
import { prisma } from '@/lib/db';

// GET /api/posts/:id — one post with its author and latest comments, in one query.
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const post = await prisma.post.findUnique({
    where: { id },
    include: {
      author: { select: { name: true, image: true } },
      comments: { orderBy: { createdAt: 'desc' }, take: 20 },
    },
  });
  if (!post) return NextResponse.json({ error: 'Not found' }, { status: 404 });
  return NextResponse.json(post);
}
