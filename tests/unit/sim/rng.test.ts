import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lib/sim/rng.ts';
import { SimError } from '../../../src/lib/sim/errors.ts';

function draws(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.next());
}

describe('Rng', () => {
  it('matches the reference xoshiro128** C implementation', () => {
    // Outputs of Blackman & Vigna's xoshiro128starstar.c from this state (compiled with gcc).
    const rng = Rng.fromState([0x12345678, 0x9abcdef0, 0x0fedcba9, 0x87654321]);
    expect(draws(rng, 5)).toEqual([2576881682, 1717987682, 3549451600, 815578703, 110697649]);
  });

  it('is reproducible from string and bigint seeds, and seeds differ', () => {
    expect(draws(new Rng('s'), 8)).toEqual(draws(new Rng('s'), 8));
    expect(draws(new Rng(42n), 8)).toEqual(draws(new Rng(42n), 8));
    expect(draws(new Rng('s'), 8)).not.toEqual(draws(new Rng('t'), 8));
    expect(draws(new Rng('42'), 8)).not.toEqual(draws(new Rng(42n), 8));
  });

  it('forks depend on the seed and label only, not on draws made before', () => {
    const a = new Rng('seed');
    const b = new Rng('seed');
    draws(b, 100);
    b.fork('other');
    expect(draws(a.fork('link:x>y'), 6)).toEqual(draws(b.fork('link:x>y'), 6));
    expect(draws(a.fork('x'), 6)).not.toEqual(draws(a.fork('y'), 6));
    expect(draws(a.fork('x'), 6)).not.toEqual(draws(a, 6));
  });

  it('int stays in [lo, hi] and hits every value; float in [0, 1)', () => {
    const rng = new Rng('ranges');
    const hits = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const x = rng.int(-3, 3);
      expect(x).toBeGreaterThanOrEqual(-3);
      expect(x).toBeLessThanOrEqual(3);
      hits.add(x);
      const f = rng.float();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
    }
    expect(hits.size).toBe(7);
    expect(rng.int(5, 5)).toBe(5);
    const big = rng.int(0, 2 ** 32 - 1);
    expect(big).toBeGreaterThanOrEqual(0);
  });

  it('int rejects bad ranges with a typed reason', () => {
    const rng = new Rng('bad');
    for (const [lo, hi] of [
      [2, 1],
      [0.5, 3],
      [0, 2 ** 32],
    ] as const) {
      try {
        rng.int(lo, hi);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(SimError);
        expect((e as SimError).reason).toBe('invalid-options');
      }
    }
  });

  it('is roughly uniform', () => {
    const rng = new Rng('uniform');
    const buckets = new Array<number>(10).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) buckets[Math.floor(rng.float() * 10)]!++;
    for (const b of buckets) expect(Math.abs(b - n / 10)).toBeLessThan(n / 100);
  });

  it('chance, shuffle and sample', () => {
    const rng = new Rng('misc');
    expect(rng.chance(0)).toBe(false);
    expect(rng.chance(1)).toBe(true);
    const items = Array.from({ length: 20 }, (_, i) => i);
    const shuffled = rng.shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
    expect(new Rng('sh').shuffle([...items])).toEqual(new Rng('sh').shuffle([...items]));
    const picked = rng.sample(items, 5);
    expect(new Set(picked).size).toBe(5);
    expect(rng.sample(items.slice(0, 3), 10)).toHaveLength(3);
  });
});
