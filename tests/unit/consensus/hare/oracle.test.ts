import { describe, expect, it } from 'vitest';
import { eligibleCount, vrfFraction } from '../../../../src/lib/consensus/hare/binomial.ts';
import { EligibilityError } from '../../../../src/lib/consensus/hare/errors.ts';
import { CERTIFY_ROUND, HareOracle } from '../../../../src/lib/consensus/hare/oracle.ts';
import { LAYER, signerOf, Weights } from './harness.ts';

function oracleWith(weights: Weights): HareOracle {
  return new HareOracle({ weights, layersPerEpoch: 10, confidenceParam: 2 });
}

// A float reference of the binomial CDF for small n, to check the fixed-point one.
function floatCount(n: number, p: number, frac: number): number {
  let pmf = Math.pow(1 - p, n);
  let cdf = pmf;
  for (let k = 0; k < n; k++) {
    if (cdf > frac) return k;
    pmf = (pmf * (n - k) * p) / ((k + 1) * (1 - p));
    cdf += pmf;
  }
  return n;
}

describe('binomial eligible count', () => {
  it('matches a float CDF away from the steps', () => {
    for (const [w, total, c] of [
      [10n, 100n, 50],
      [37n, 1000n, 50],
      [1n, 3n, 2],
      [60n, 100n, 50],
    ] as const) {
      for (let i = 1; i < 40; i++) {
        const frac = BigInt(Math.floor((i / 40) * 2 ** 56));
        const expected = floatCount(Number(w), c / Number(total), i / 40);
        expect(eligibleCount(w, total, c, frac)).toBe(expected);
      }
    }
  });

  it('is zero for weight zero and the whole weight when p = 1', () => {
    expect(eligibleCount(0n, 100n, 50, 12345n)).toBe(0);
    expect(eligibleCount(7n, 50n, 50, (1n << 56n) - 1n)).toBe(7);
  });

  it('rescales when the committee exceeds the total weight (oracle.go)', () => {
    // n = 3·50, T = 10·50, p = 50/500: mean 15 seats.
    const counts = [0.1, 0.5, 0.9].map((f) =>
      eligibleCount(3n, 10n, 50, BigInt(Math.floor(f * 2 ** 56))),
    );
    expect(counts[0]).toBeLessThan(counts[1]!);
    expect(counts[1]).toBeGreaterThanOrEqual(13);
    expect(counts[1]).toBeLessThanOrEqual(17);
  });

  it('reads the draw from the low 56 bits of the proof prefix', () => {
    const proof = new Uint8Array(80);
    proof.set([1, 0, 0, 0, 0, 0, 0, 0xff]);
    expect(vrfFraction(proof)).toBe(1n);
  });
});

describe('HareOracle', () => {
  it('grants committee·w/W seats on average, and zero seats often for small weights', async () => {
    const weights = new Weights();
    const keys = Array.from({ length: 300 }, (_, i) => signerOf(i));
    for (const k of keys) weights.set(k.nodeId, 10n);
    const oracle = oracleWith(weights);
    let sum = 0;
    let zeros = 0;
    for (const k of keys) {
      const e = await oracle.prove(k.secretKey, k.nodeId, LAYER, 0, 50);
      if (e === null) zeros++;
      else sum += e.count;
    }
    // committee · w / W = 50 · 10 / 3000 per key: 50 seats over 300 keys.
    expect(sum).toBeGreaterThan(35);
    expect(sum).toBeLessThan(65);
    expect(zeros).toBeGreaterThan(200);
  });

  it('validates its own proofs and refuses wrong counts, proofs and unknown smeshers', async () => {
    const weights = new Weights();
    const keys = Array.from({ length: 4 }, (_, i) => signerOf(i));
    for (const k of keys) weights.set(k.nodeId, 100n);
    const oracle = oracleWith(weights);
    const [a, b] = keys as [(typeof keys)[0], (typeof keys)[0]];
    const e = await oracle.prove(a.secretKey, a.nodeId, LAYER, CERTIFY_ROUND, 50);
    expect(e).not.toBeNull();
    await oracle.validate(a.nodeId, LAYER, CERTIFY_ROUND, 50, e!);

    const reason = (p: Promise<void>) =>
      p.then(
        () => 'ok',
        (err: unknown) => (err instanceof EligibilityError ? err.reason : String(err)),
      );
    const wrong = { ...e!, count: e!.count + 1 };
    expect(await reason(oracle.validate(a.nodeId, LAYER, CERTIFY_ROUND, 50, wrong))).toBe(
      'wrong-count',
    );
    expect(
      await reason(oracle.validate(a.nodeId, LAYER, CERTIFY_ROUND, 50, { ...e!, count: 0 })),
    ).toBe('wrong-count');
    // The proof of another round, and another smesher's key.
    expect(await reason(oracle.validate(a.nodeId, LAYER, 1, 50, e!))).toBe('invalid-proof');
    expect(await reason(oracle.validate(b.nodeId, LAYER, CERTIFY_ROUND, 50, e!))).toBe(
      'invalid-proof',
    );
    const stranger = signerOf(99);
    expect(await reason(oracle.validate(stranger.nodeId, LAYER, CERTIFY_ROUND, 50, e!))).toBe(
      'not-active',
    );
    expect(await reason(oracle.validate(a.nodeId, 19, CERTIFY_ROUND, 50, e!))).toBe(
      'before-genesis',
    );
    weights.beaconValue = undefined;
    expect(await reason(oracle.validate(a.nodeId, LAYER, CERTIFY_ROUND, 50, e!))).toBe('no-beacon');
  });

  it('uses the previous epoch for the first confidenceParam layers from epoch 3', () => {
    const oracle = oracleWith(new Weights());
    expect(oracle.activeEpoch(20)).toBe(2);
    expect(oracle.activeEpoch(30)).toBe(2);
    expect(oracle.activeEpoch(31)).toBe(2);
    expect(oracle.activeEpoch(32)).toBe(3);
  });
});
