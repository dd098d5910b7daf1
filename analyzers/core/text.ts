import { attachParticles } from './particles';
import type { Position, Range } from './types';

/**
 * Maps UTF-16 offsets to 1-based line/column pairs. Line breaks are `\r\n`,
 * `\r` and `\n`, the same set VS Code's text model splits on, so positions the
 * CLI prints match what the editor shows.
 */
export class LineMap {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (ch === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { offset: clamped, line: lo + 1, column: clamped - this.starts[lo] + 1 };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    const index = Math.max(0, Math.min(line - 1, this.starts.length - 1));
    return this.starts[index];
  }

  /** Offset just past the last character of a 1-based line, before its line break. */
  lineEnd(line: number): number {
    const next = line < this.starts.length ? this.starts[line] : this.text.length;
    let end = next;
    while (end > this.lineStart(line) && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}

/**
 * A fast, non-cryptographic 53-bit content hash (cyrb53). It keys parse and
 * facts caches and tags fixes with the file version they were computed for;
 * collisions only cost a cache miss or a dropped fix, never a wrong edit
 * being applied silently, because hosts also compare document versions.
 */
export function contentHash(text: string): string {
  let h1 = 0xdeadbeef ^ text.length;
  let h2 = 0x41c6ce57 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * Fills `{{name}}` placeholders; unknown names stay visible rather than vanish.
 * `{{name|one|other}}` picks the English word for the count in `name`:
 * `{{workers}} {{workers|worker|workers}}`. A Korean particle pair,
 * `{{을/를}}`, takes the form that follows the word before it once filled in
 * (see `particles.ts`).
 */
export function interpolate(template: string, data: Record<string, string | number> = {}): string {
  const filled = template.replace(/\{\{\s*(\w+)\s*(?:\|([^|}]*)\|([^|}]*))?\}\}/g, (whole, name: string, one?: string, other?: string) => {
    if (!Object.prototype.hasOwnProperty.call(data, name)) return whole;
    if (one === undefined) return String(data[name]);
    return Number(data[name]) === 1 ? one : other!;
  });
  return attachParticles(filled);
}
