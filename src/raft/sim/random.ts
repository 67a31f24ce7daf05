/**
 * The simulator's one source of randomness: xoshiro128** (Blackman & Vigna),
 * seeded through splitmix32 so that nearby seeds give unrelated streams. Same
 * seed, same sequence, on every machine.
 */
import { assert } from '../errors.js';

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `seed`: any safe non-negative integer (the high bits are folded in). */
  constructor(seed: number) {
    assert(Number.isSafeInteger(seed) && seed >= 0, `random seed must be a safe non-negative integer, got ${seed}`);
    const mix = splitmix32((seed >>> 0) ^ Math.imul(Math.floor(seed / 0x1_0000_0000), 0x27d4eb2d));
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotateLeft(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotateLeft(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 0x1_0000_0000;
  }

  /** Uniform integer in [0, bound). */
  below(bound: number): number {
    assert(Number.isInteger(bound) && bound > 0, `random bound must be a positive integer, got ${bound}`);
    return Math.floor(this.next() * bound);
  }

  /** Uniform integer in [low, high]. */
  between(low: number, high: number): number {
    return low + this.below(high - low + 1);
  }

  /** True with probability `probability`. */
  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    assert(items.length > 0, 'cannot pick from an empty list');
    return items[this.below(items.length)] as T;
  }

  /** An independent generator derived from this one (e.g. one per replica). */
  fork(): Random {
    return new Random(this.nextUint32() * 0x20_0000 + (this.nextUint32() >>> 11));
  }
}

function rotateLeft(value: number, bits: number): number {
  return ((value << bits) | (value >>> (32 - bits))) >>> 0;
}
