import { NextResponse } from 'next/server';
import { prisma } from '@/lib/db';
import { transporter } from '@/lib/mailer';

// POST /api/newsletter — email the latest post to every confirmed subscriber.
export async function POST() {
  const latest = await prisma.post.findFirst({ where: { published: true }, orderBy: { createdAt: 'desc' } });
  if (!latest) return NextResponse.json({ sent: 0 });

  const subscribers = await prisma.subscriber.findMany({ where: { confirmed: true } });
  for (const subscriber of subscribers) {
    await transporter.sendMail({
      from: 'Inkwell <news@inkwell.dev>',
      to: subscriber.email,
      subject: latest.title,
      text: `${latest.title}\n\nRead it at https://inkwell.dev/p/${latest.slug}`,
    });
  }

  return NextResponse.json({ sent: subscribers.length });
}
