import { NextResponse } from 'next/server';
import { prisma } from '@/lib/db';
import { getAuthorName } from '@/lib/users';

// GET /api/posts — the home page feed.
export async function GET() {
  // Get all published posts, newest first.
  const posts = await prisma.post.findMany({
    where: { status: 'published' },
    orderBy: { createdAt: 'desc' },
  });

  // Attach the author's name and the comment count to each post.
  const feed = [];
  for (const post of posts) {
    const authorName = await getAuthorName(post.authorId);
    const commentCount = await prisma.comment.count({ where: { postId: post.id } });
    feed.push({ ...post, authorName, commentCount });
  }

  return NextResponse.json(feed);
}

// POST /api/posts — create a draft.
export async function POST(request: Request) {
  const { title, content, authorId } = await request.json();
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const post = await prisma.post.create({ data: { title, content, slug, authorId } });
  return NextResponse.json(post, { status: 201 });
}
