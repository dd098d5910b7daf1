import { prisma } from '@/lib/db';

export async function getAuthorName(authorId: string) {
  const author = await prisma.user.findUnique({ where: { id: authorId } });
  return author?.name ?? 'Anonymous';
}
