/**
 * Fingerprints of plain data, for the scan cache to tell whether a value a
 * file's findings read is still the same in a later run, without keeping the
 * value. Two values with the same fingerprint are equal as `deepEqual` (the
 * engine's notion of "the same", analyzers/core/dependencies.ts) sees them:
 * the fingerprint covers everything it compares, and more (key order, Map
 * and Set order, array length), so equal values may still fingerprint apart
 * (the cached findings are then recomputed, never wrongly kept).
 *
 * The fingerprint of an object hashes its unfolding: its kind and keys, then
 * each child, where a child that is an object on the way down from the root
 * becomes "the object n levels up" (views hold cycles: a Prisma model entry
 * and its schema set point at each other), as `deepEqual` takes a pair it
 * is already comparing as equal. An object on no cycle has a fingerprint of
 * its own, kept and reused wherever it is met again, so shared structure is
 * walked once; objects on a cycle are walked each time they are met. The
 * walk is iterative, and gives up after a number of steps (as `deepEqual`
 * does).
 *
 * A value with something that cannot be named across runs (a function, a
 * symbol, a class instance, an object used as a Map key) has no fingerprint.
 * The hash is MurmurHash3's 128-bit one over the unfolding: not a
 * cryptographic hash, which is fine for a cache only the user writes.
 */
export class Fingerprints {
  /** Per object on no cycle: its fingerprint, or null when it has none. Objects must not change while this lives. */
  private readonly known = new WeakMap<object, Digest | null>();
  /** Per object on a cycle: which strongly connected set of objects it is in. */
  private readonly cycles = new WeakMap<object, number>();
  /** Per object on a cycle: its fingerprint when the walk enters its cycle there (none of its cycle above it). */
  private readonly entries = new WeakMap<object, Digest>();
  private cycleCount = 0;

  constructor(private readonly maxSteps = 1_000_000) {}

  of(value: unknown): string | undefined {
    if (typeof value !== 'object' || value === null) {
      const hasher = new Hasher();
      return hasher.primitive(value) ? hex(hasher.digest()) : undefined;
    }
    const digest = this.object(value);
    return digest ? hex(digest) : undefined;
  }

  private object(root: object): Digest | null | undefined {
    const memo = this.known.get(root) ?? this.entries.get(root);
    if (memo !== undefined) return memo;
    const stack: Frame[] = [];
    /** Depth of each object on the way down. */
    const path = new Map<object, number>();
    const enter = (object: object): boolean => {
      const frame = frameOf(object, stack.length);
      if (!frame) return false;
      path.set(object, stack.length);
      stack.push(frame);
      return true;
    };
    // An object with no fingerprint makes everything above it have none, wherever it is met.
    const fail = (): null => {
      for (const object of path.keys()) this.known.set(object, null);
      return null;
    };
    if (!enter(root)) {
      this.known.set(root, null);
      return null;
    }
    let steps = 0;
    while (stack.length) {
      if (++steps > this.maxSteps) return undefined;
      const frame = stack[stack.length - 1];
      if (frame.next < frame.children.length) {
        const child = frame.children[frame.next];
        if (typeof child !== 'object' || child === null) {
          if (!frame.hasher.primitive(child)) return fail();
          frame.next++;
          continue;
        }
        const known = this.known.get(child);
        if (known === null) return fail();
        if (known !== undefined) {
          frame.hasher.child(known);
          frame.next++;
          continue;
        }
        const depth = path.get(child);
        if (depth !== undefined) {
          frame.hasher.word(KIND.up).word(frame.depth - depth);
          frame.low = Math.min(frame.low, depth);
          frame.next++;
          continue;
        }
        const entry = this.entries.get(child);
        if (entry && !this.cycleAbove(child, stack)) {
          frame.hasher.child(entry);
          frame.next++;
          continue;
        }
        if (!enter(child)) {
          this.known.set(child, null);
          return fail();
        }
        continue;
      }
      const digest = frame.hasher.digest();
      // On no cycle (its unfolding points up only to objects below it), the object unfolds the same
      // wherever it is met: its fingerprint is kept. On a cycle, the unfolding depends on where the walk
      // entered the cycle; where it entered here (pointing up to itself, no higher), the fingerprint is
      // the one it has wherever the walk enters there, and is kept for those places with the cycle's
      // members (the objects that pointed up to it); elsewhere it is left to each walk. Either way a
      // fingerprint does not depend on which values were fingerprinted first.
      if (frame.low > frame.depth) this.known.set(frame.object, digest);
      else if (frame.low === frame.depth) {
        this.entries.set(frame.object, digest);
        const id = this.cycles.get(frame.object) ?? this.cycleCount++;
        this.cycles.set(frame.object, id);
        for (const member of frame.members) if (!this.cycles.has(member)) this.cycles.set(member, id);
      } else {
        const above = stack[frame.low].members;
        above.push(frame.object);
        for (const member of frame.members) above.push(member);
      }
      path.delete(frame.object);
      stack.pop();
      const parent = stack[stack.length - 1];
      if (parent) {
        parent.hasher.child(digest);
        parent.low = Math.min(parent.low, frame.low);
        parent.next++;
      } else {
        return digest;
      }
    }
    return undefined;
  }

  /** Whether a member of `object`'s cycle is on the way down to it: then the walk did not enter the cycle at it. */
  private cycleAbove(object: object, stack: readonly Frame[]): boolean {
    const cycle = this.cycles.get(object);
    return cycle === undefined || stack.some((frame) => this.cycles.get(frame.object) === cycle);
  }
}

interface Frame {
  object: object;
  hasher: Hasher;
  /** Primitives and objects to hash in order after the frame's header. */
  children: unknown[];
  next: number;
  /** Its distance from the root, and the least depth its unfolding points up to. */
  depth: number;
  low: number;
  /** Objects below it that pointed up to it or higher: on its cycle, or on one above it. */
  members: object[];
}

/** The header of an object (its kind, its keys) hashed, and its children listed; undefined when it has no fingerprint. */
function frameOf(object: object, depth: number): Frame | undefined {
  const hasher = new Hasher();
  const children: unknown[] = [];
  const prototype = Object.getPrototypeOf(object) as object | null;
  if (prototype === Array.prototype) {
    const array = object as unknown[];
    // deepEqual compares the own keys of arrays (holes and extra properties included): so does this.
    const keys = Object.keys(array);
    hasher.word(KIND.array).word(array.length).word(keys.length);
    for (const key of keys) {
      hasher.string(key);
      children.push(array[key as unknown as number]);
    }
  } else if (prototype === Object.prototype || prototype === null) {
    const keys = Object.keys(object);
    hasher.word(prototype === null ? KIND.bare : KIND.object).word(keys.length);
    for (const key of keys) {
      hasher.string(key);
      children.push((object as Record<string, unknown>)[key]);
    }
  } else if (prototype === Map.prototype) {
    const map = object as Map<unknown, unknown>;
    hasher.word(KIND.map).word(map.size);
    for (const [key, value] of map) {
      // deepEqual finds Map keys by identity: an object key means nothing in another run.
      if (typeof key === 'object' && key !== null) return undefined;
      children.push(key, value);
    }
  } else if (prototype === Set.prototype) {
    const set = object as Set<unknown>;
    hasher.word(KIND.set).word(set.size);
    children.push(...set);
  } else {
    return undefined;
  }
  return { object, hasher, children, next: 0, depth, low: Infinity, members: [] };
}

const KIND = { undefined: 1, null: 2, false: 3, true: 4, number: 5, string: 6, bigint: 7, array: 8, object: 9, bare: 10, map: 11, set: 12, child: 13, up: 14 } as const;

const float = new Float64Array(1);
const floatWords = new Uint32Array(float.buffer);

/** 128 bits as four 32-bit words. */
type Digest = [number, number, number, number];

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x38b34ae5;
const C4 = 0xa1e38b93;

/** MurmurHash3 x86_128 over a stream of 32-bit words (four per block). */
class Hasher {
  private h1 = 0x243f6a88;
  private h2 = 0x85a308d3;
  private h3 = 0x13198a2e;
  private h4 = 0x03707344;
  private k1 = 0;
  private k2 = 0;
  private k3 = 0;
  private words = 0;

  word(value: number): this {
    const k = value | 0;
    switch (this.words++ & 3) {
      case 0:
        this.k1 = k;
        break;
      case 1:
        this.k2 = k;
        break;
      case 2:
        this.k3 = k;
        break;
      default:
        this.block(this.k1, this.k2, this.k3, k);
    }
    return this;
  }

  string(value: string): this {
    this.word(KIND.string).word(value.length);
    for (let i = 0; i < value.length; i += 2) this.word(value.charCodeAt(i) | (i + 1 < value.length ? value.charCodeAt(i + 1) << 16 : 0));
    return this;
  }

  child(digest: Digest): this {
    return this.word(KIND.child).word(digest[0]).word(digest[1]).word(digest[2]).word(digest[3]);
  }

  /** False for a primitive that has no fingerprint (a symbol, a function). */
  primitive(value: unknown): boolean {
    switch (typeof value) {
      case 'undefined':
        this.word(KIND.undefined);
        return true;
      case 'boolean':
        this.word(value ? KIND.true : KIND.false);
        return true;
      case 'number':
        // deepEqual takes 0 and -0 as equal, and NaN as equal to NaN.
        float[0] = value === 0 ? 0 : Number.isNaN(value) ? NaN : value;
        this.word(KIND.number).word(floatWords[0]).word(floatWords[1]);
        return true;
      case 'string':
        this.string(value);
        return true;
      case 'bigint':
        this.word(KIND.bigint).string(value.toString(16));
        return true;
      case 'object':
        if (value !== null) return false;
        this.word(KIND.null);
        return true;
      default:
        return false;
    }
  }

  digest(): Digest {
    const rest = this.words & 3;
    if (rest) {
      // The tail, as MurmurHash3 mixes it: zero-padded, without the block's cross-lane steps.
      const [k1, k2, k3] = [this.k1, rest > 1 ? this.k2 : 0, rest > 2 ? this.k3 : 0];
      if (rest > 2) this.h3 ^= Math.imul(rotate(Math.imul(k3, C3), 17), C4);
      if (rest > 1) this.h2 ^= Math.imul(rotate(Math.imul(k2, C2), 16), C3);
      this.h1 ^= Math.imul(rotate(Math.imul(k1, C1), 15), C2);
    }
    const length = this.words * 4;
    let h1 = this.h1 ^ length;
    let h2 = this.h2 ^ length;
    let h3 = this.h3 ^ length;
    let h4 = this.h4 ^ length;
    h1 = (h1 + h2 + h3 + h4) | 0;
    h2 = (h2 + h1) | 0;
    h3 = (h3 + h1) | 0;
    h4 = (h4 + h1) | 0;
    h1 = mix(h1);
    h2 = mix(h2);
    h3 = mix(h3);
    h4 = mix(h4);
    h1 = (h1 + h2 + h3 + h4) | 0;
    h2 = (h2 + h1) | 0;
    h3 = (h3 + h1) | 0;
    h4 = (h4 + h1) | 0;
    return [h1, h2, h3, h4];
  }

  private block(k1: number, k2: number, k3: number, k4: number): void {
    let { h1, h2, h3, h4 } = this;
    h1 ^= Math.imul(rotate(Math.imul(k1, C1), 15), C2);
    h1 = (Math.imul(rotate(h1, 19) + h2, 5) + 0x561ccd1b) | 0;
    h2 ^= Math.imul(rotate(Math.imul(k2, C2), 16), C3);
    h2 = (Math.imul(rotate(h2, 17) + h3, 5) + 0x0bcaa747) | 0;
    h3 ^= Math.imul(rotate(Math.imul(k3, C3), 17), C4);
    h3 = (Math.imul(rotate(h3, 15) + h4, 5) + 0x96cd1c35) | 0;
    h4 ^= Math.imul(rotate(Math.imul(k4, C4), 18), C1);
    h4 = (Math.imul(rotate(h4, 13) + h1, 5) + 0x32ac3b17) | 0;
    this.h1 = h1;
    this.h2 = h2;
    this.h3 = h3;
    this.h4 = h4;
  }
}

function rotate(x: number, bits: number): number {
  return (x << bits) | (x >>> (32 - bits));
}

/** MurmurHash3's finalizer. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

function hex(digest: Digest): string {
  return digest.map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
}
