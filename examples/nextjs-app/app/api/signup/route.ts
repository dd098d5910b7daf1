import { NextResponse } from 'next/server';
import { prisma } from '@/lib/db';
import { sendWelcomeEmail } from '@/lib/mailer';
import { isRateLimited } from '@/lib/rate-limit';

// POST /api/signup — create the account, send a welcome email, check the avatar.
export async function POST(request: Request) {
  const ip = request.headers.get('x-forwarded-for') ?? 'unknown';
  if (isRateLimited(ip)) return NextResponse.json({ error: 'Slow down' }, { status: 429 });

  const { email, name } = await request.json();
  const user = await prisma.user.create({ data: { email, name } });

  await sendWelcomeEmail(email, name);

  const gravatar = await fetch(`https://www.gravatar.com/avatar/${encodeURIComponent(email)}?d=404`);
  if (gravatar.ok) await prisma.user.update({ where: { id: user.id }, data: { image: gravatar.url } });

  return NextResponse.json({ id: user.id }, { status: 201 });
}
