import { PrismaClient } from '@prisma/client';

// Seeds run once, from a terminal: a query per row is fine here.
const prisma = new PrismaClient();

async function main() {
  const alice = await prisma.user.upsert({
    where: { email: 'alice@example.com' },
    update: {},
    create: { email: 'alice@example.com', name: 'Alice' },
  });
  for (let i = 1; i <= 20; i++) {
    await prisma.post.create({
      data: { slug: `hello-${i}`, title: `Hello #${i}`, content: 'Lorem ipsum', status: 'published', published: true, authorId: alice.id },
    });
  }
}

main().finally(() => prisma.$disconnect());
