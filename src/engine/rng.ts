/** Seeded PRNG (mulberry32) with serialisable state, so a run replays exactly and checkpoints resume exactly. */
export class Rng {
  constructor(public state: number) {
    this.state = state >>> 0;
  }
  static fromSeed(seed: number, stream = 0): Rng {
    return new Rng((Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(stream + 1, 0xc2b2ae35)) >>> 0);
  }
  /** Uniform in (0, 1): never exactly 0, so −log(−log U) is finite. */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  normal(): number {
    const u = this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  gumbel(): number {
    return -Math.log(-Math.log(this.next()));
  }
  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
}
