// Slot counts (GetNumEligibleSlots), the minimal-active-weight floor (minweight.Select), the
// eligible-layer rule (LE u64 of π[0:8]) and the epoch's eligibilities as a whole.
import { describe, expect, it } from 'vitest';
import { vrfProve } from '../../../../src/lib/crypto/vrf.ts';
import { EligibilityError } from '../../../../src/lib/consensus/eligibility/errors.ts';
import { epochEligibilities } from '../../../../src/lib/consensus/eligibility/proofs.ts';
import {
  eligibilitySlots,
  eligibleLayer,
  minimalActiveSetWeight,
} from '../../../../src/lib/consensus/eligibility/slots.ts';
import { ballotVrfMessage } from '../../../../src/lib/types/ballot.ts';
import { BEACON, EPOCH, LAYER_AVG_SIZE, LPE, smesher } from './fixture.ts';

describe('eligibilitySlots', () => {
  it('follows ⌊w · avg · lpe / max(min, total)⌋', () => {
    expect(eligibilitySlots(100n, 300n, 0n, 5, 10)).toBe(16); // 5000 / 300
    expect(eligibilitySlots(200n, 300n, 0n, 5, 10)).toBe(33);
    expect(eligibilitySlots(300n, 300n, 0n, 5, 10)).toBe(50);
    // mainnet-like numbers: 50 per layer, 4032 layers
    expect(eligibilitySlots(10n ** 6n, 10n ** 8n, 0n, 50, 4032)).toBe(2016);
  });

  it('never gives fewer than one slot', () => {
    expect(eligibilitySlots(1n, 10n ** 9n, 0n, 5, 10)).toBe(1);
  });

  it('uses the minimal active weight when the total is below it', () => {
    expect(eligibilitySlots(100n, 300n, 1000n, 5, 10)).toBe(5); // 5000 / 1000
    expect(eligibilitySlots(100n, 300n, 300n, 5, 10)).toBe(16);
    expect(eligibilitySlots(100n, 2000n, 1000n, 5, 10)).toBe(2); // the total wins when above
  });

  it('refuses a zero total weight', () => {
    let err: unknown;
    try {
      eligibilitySlots(1n, 0n, 1000n, 5, 10);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EligibilityError);
    expect((err as EligibilityError).reason).toBe('zero-total-weight');
  });
});

describe('minimalActiveSetWeight', () => {
  const weights = [
    { epoch: 0, weight: 1 },
    { epoch: 5, weight: 100 },
    { epoch: 8, weight: 50 },
  ];
  it('takes the last entry at or before the epoch', () => {
    expect(minimalActiveSetWeight(0, weights)).toBe(1n);
    expect(minimalActiveSetWeight(4, weights)).toBe(1n);
    expect(minimalActiveSetWeight(5, weights)).toBe(100n);
    expect(minimalActiveSetWeight(9, weights)).toBe(50n);
    expect(minimalActiveSetWeight(3, [{ epoch: 4, weight: 9 }])).toBe(0n);
  });
  it('refuses unsorted entries', () => {
    expect(() => minimalActiveSetWeight(9, [weights[1]!, weights[0]!])).toThrow(RangeError);
  });
});

describe('eligibleLayer', () => {
  it('reads π[0:8] little-endian, modulo layers per epoch', () => {
    const proof = new Uint8Array(80);
    proof[0] = 23; // 23 mod 10 = 3
    expect(eligibleLayer(2, 10, proof)).toBe(23);
    proof.fill(0, 0, 8);
    proof[1] = 1; // 256 mod 10 = 6 (big-endian would read 2^48)
    expect(eligibleLayer(2, 10, proof)).toBe(26);
    proof[8] = 0xff; // bytes past the 8th do not count
    expect(eligibleLayer(3, 10, proof)).toBe(36);
  });
});

describe('epochEligibilities', () => {
  const s = smesher(0, 100n);
  it('maps every slot to the layer its VRF proof picks, ascending j per layer', () => {
    const slots = 12;
    const byLayer = epochEligibilities(s.sk, EPOCH, BEACON, s.atx.vrfNonce, slots, LPE);
    const all = [...byLayer.entries()];
    expect(all.map(([l]) => l)).toEqual([...byLayer.keys()].sort((a, b) => a - b));
    expect(all.reduce((n, [, l]) => n + l.length, 0)).toBe(slots);
    const js = new Set<number>();
    for (const [layer, list] of all) {
      expect(layer).toBeGreaterThanOrEqual(EPOCH * LPE);
      expect(layer).toBeLessThan((EPOCH + 1) * LPE);
      for (let i = 1; i < list.length; i++) expect(list[i]!.j).toBeGreaterThan(list[i - 1]!.j);
      for (const e of list) {
        js.add(e.j);
        expect(e.sig).toEqual(vrfProve(s.sk, ballotVrfMessage(BEACON, EPOCH, s.atx.vrfNonce, e.j)));
        expect(eligibleLayer(EPOCH, LPE, e.sig)).toBe(layer);
      }
    }
    expect([...js].sort((a, b) => a - b)).toEqual([...Array(slots).keys()]);
    // deterministic
    const again = epochEligibilities(s.sk, EPOCH, BEACON, s.atx.vrfNonce, slots, LPE);
    expect([...again.entries()]).toEqual(all);
  });

  it('hands out ≈ layerAvgSize × layersPerEpoch eligibilities over a full active set', () => {
    const weights = [100n, 250n, 333n, 417n, 900n];
    const total = weights.reduce((a, b) => a + b, 0n);
    const perLayer = new Map<number, number>();
    let sum = 0;
    weights.forEach((w, i) => {
      const s = smesher(i, w);
      const slots = eligibilitySlots(w, total, 0n, LAYER_AVG_SIZE, LPE);
      const byLayer = epochEligibilities(s.sk, EPOCH, BEACON, s.atx.vrfNonce, slots, LPE);
      for (const [layer, list] of byLayer) {
        perLayer.set(layer, (perLayer.get(layer) ?? 0) + list.length);
        sum += list.length;
      }
    });
    const expected = LAYER_AVG_SIZE * LPE;
    // flooring loses less than one slot per smesher
    expect(sum).toBeLessThanOrEqual(expected);
    expect(sum).toBeGreaterThan(expected - weights.length);
    // spread over the epoch, not piled in one layer
    expect(perLayer.size).toBeGreaterThanOrEqual(LPE - 2);
  });
});
