import Link from 'next/link';
import { prisma } from '@/lib/db';

// Home page: the 20 latest posts with their authors, in one query.
export default async function HomePage() {
  const posts = await prisma.post.findMany({
    where: { published: true },
    orderBy: { createdAt: 'desc' },
    take: 20,
    include: { author: { select: { name: true } } },
  });

  return (
    <main>
      <h1>Inkwell</h1>
      <ul>
        {posts.map((post) => (
          <li key={post.id}>
            <Link href={`/p/${post.slug}`}>{post.title}</Link> by {post.author.name ?? 'Anonymous'}
          </li>
        ))}
      </ul>
    </main>
  );
}
