import { NextResponse } from 'next/server';

// Page views per slug, shown on each post.
const viewCounts: Record<string, number> = {};

export async function POST(request: Request) {
  const { slug } = await request.json();
  viewCounts[slug] = (viewCounts[slug] ?? 0) + 1;
  return NextResponse.json({ views: viewCounts[slug] });
}
