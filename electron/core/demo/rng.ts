/**
 * Seeded pseudo-random numbers (sfc32, seeded through splitmix32): fast, small state,
 * and identical on every platform, so a seed always yields the same demo store.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    const low = seed >>> 0;
    const high = Math.floor(seed / 0x1_0000_0000) >>> 0;
    let s = (low ^ Math.imul(high, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 0x1_0000_0000;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: ArrayLike<T>): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Roughly normal (sum of three uniforms), clamped to [min, max]. */
  around(mean: number, spread: number, min: number, max: number): number {
    const v = mean + (this.next() + this.next() + this.next() - 1.5) * spread;
    return v < min ? min : v > max ? max : v;
  }

  /** Fills 16 bytes, e.g. the random part of a UUID. */
  fill16(buf: Uint8Array): Uint8Array {
    for (let i = 0; i < 16; i += 4) {
      const v = this.u32();
      buf[i] = v & 0xff;
      buf[i + 1] = (v >>> 8) & 0xff;
      buf[i + 2] = (v >>> 16) & 0xff;
      buf[i + 3] = v >>> 24;
    }
    return buf;
  }
}

/** A weighted choice list, prepared once and sampled many times. */
export class Weighted<T> {
  private readonly items: T[];
  private readonly cumulative: Float64Array;

  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = entries.map((e) => e[0]);
    this.cumulative = new Float64Array(entries.length);
    const total = entries.reduce((sum, e) => sum + e[1], 0);
    let running = 0;
    entries.forEach((e, i) => {
      running += e[1];
      this.cumulative[i] = running / total;
    });
  }

  pick(rng: Rng): T {
    const r = rng.next();
    const cum = this.cumulative;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (r < cum[mid]!) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}
