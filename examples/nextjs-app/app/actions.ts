'use server';

import { revalidatePath } from 'next/cache';
import { prisma } from '@/lib/db';

// Server action: publish a draft. One update, no loop.
export async function publishPost(postId: string) {
  await prisma.post.update({ where: { id: postId }, data: { status: 'published', published: true } });
  revalidatePath('/');
}

// Server action: tag several posts at once with a single query.
export async function archivePosts(postIds: string[]) {
  await prisma.post.updateMany({ where: { id: { in: postIds } }, data: { status: 'archived' } });
  revalidatePath('/');
}
