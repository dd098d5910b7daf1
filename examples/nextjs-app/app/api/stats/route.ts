import { NextResponse } from 'next/server';
import { PrismaClient } from '@prisma/client';

// GET /api/stats — numbers for the admin dashboard.
export async function GET() {
  const prisma = new PrismaClient();
  const [users, posts, comments] = await Promise.all([prisma.user.count(), prisma.post.count(), prisma.comment.count()]);
  await prisma.$disconnect();
  return NextResponse.json({ users, posts, comments });
}
