// The protocol's arithmetic: eligibility thresholds, vote bit vectors, tallies, the beacon rule.
import { describe, expect, it } from 'vitest';
import { blake3 } from '../../../../src/lib/crypto/hash.ts';
import { atxThreshold, votingThreshold } from '../../../../src/lib/consensus/beacon/index.ts';
import {
  ProposalChecker,
  atxThresholdFraction,
  vrfAsBigEndian,
} from '../../../../src/lib/consensus/beacon/threshold.ts';
import {
  calcBeacon,
  calcVotes,
  encodeVotes,
  votedFor,
  proposalKey,
  tallyUndecided,
} from '../../../../src/lib/consensus/beacon/votes.ts';
import type { Votes } from '../../../../src/lib/consensus/beacon/votes.ts';
import { compareVrfLE } from '../../../../src/lib/consensus/beacon/weakcoin.ts';
import { EpochState } from '../../../../src/lib/consensus/beacon/state.ts';

const q = { num: 1, den: 3 };

describe('eligibility threshold', () => {
  it('is 1 − 2^(−κ/((1−q)·W)) of the 640-bit VRF range', () => {
    for (const w of [1, 3, 10, 20, 100, 5000]) {
      const f = Number(atxThresholdFraction(40, q, w)) / 2 ** 256;
      expect(f).toBeCloseTo(1 - 2 ** (-40 / ((2 / 3) * w)), 14);
    }
    // W = 10: exponent 6 exactly, so the fraction is 63/64
    expect(atxThreshold(40, q, 10)).toBe((63n << 640n) / 64n);
    expect(atxThreshold(40, q, 0)).toBe(0n);
  });

  it('reads the VRF big-endian and compares strictly', () => {
    const c = new ProposalChecker(40, q, 10, 10);
    const at = new Uint8Array(80);
    at[0] = 0xfc; // exactly 63/64 of the range
    expect(vrfAsBigEndian(at)).toBe(c.threshold);
    expect(c.passThreshold(at)).toBe(false);
    at[0] = 0xfb;
    at.fill(0xff, 1);
    expect(c.passStrictThreshold(at)).toBe(true);
    expect(new ProposalChecker(40, q, 0, 0).passThreshold(new Uint8Array(80))).toBe(false);
  });

  it('voting threshold is ⌊θ·W⌋', () => {
    expect(votingThreshold({ num: 1, den: 4 }, 1001n)).toBe(250n);
  });
});

/** The supported and opposed proposals of a bit vector, as sets (votedFor over the list). */
function decodeVotes(bits: Uint8Array, list: readonly string[]): Votes {
  const votes: Votes = { support: new Set(), against: new Set() };
  list.forEach((k, i) => (votedFor(bits, i) ? votes.support : votes.against).add(k));
  return votes;
}

describe('votes', () => {
  const list = Array.from({ length: 10 }, (_, i) => proposalKey(new Uint8Array([i, 0, 0, 1])));

  it('encodes as go big.Int bytes: bit i for the i-th first-round proposal', () => {
    const support = new Set([list[0]!, list[9]!]);
    const bits = encodeVotes(support, list);
    expect([...bits]).toEqual([0x02, 0x01]);
    const back = decodeVotes(bits, list);
    expect([...back.support].sort()).toEqual([...support].sort());
    expect(back.against.size).toBe(8);
    expect(encodeVotes(new Set(), list)).toHaveLength(0);
  });

  it('reads the bit vector as go big.Int.SetBytes does, over lists of any length', () => {
    // Against big-integer arithmetic: bit i of the number the bytes spell, big-endian.
    const long = Array.from({ length: 70 }, (_, i) => `p${i}`);
    for (const picked of [[0], [7, 8], [69], [1, 15, 16, 63, 64, 65], long.map((_, i) => i)]) {
      const support = new Set(picked.map((i) => long[i]!));
      const bits = encodeVotes(support, long);
      let n = 0n;
      for (const b of bits) n = (n << 8n) | BigInt(b);
      expect(n).toBe(picked.reduce((a, i) => a | (1n << BigInt(i)), 0n));
      expect(bits[0]).not.toBe(0); // minimal: no leading zero byte
      long.forEach((k, i) => expect(votedFor(bits, i)).toBe(support.has(k)));
    }
    // A shorter vector than the list: the missing high bytes are zero (votes against).
    expect(decodeVotes(Uint8Array.of(0x01), long).support).toEqual(new Set(['p0']));
  });

  it('decides at ±θ·W and leaves the rest to the weak coin', () => {
    const margins = new Map([
      ['aa', 25n],
      ['bb', -25n],
      ['cc', 24n],
    ]);
    const { votes, undecided } = calcVotes(margins, 25n);
    expect([...votes.support]).toEqual(['aa']);
    expect([...votes.against]).toEqual(['bb']);
    expect(undecided).toEqual(['cc']);
    tallyUndecided(votes, undecided, true);
    expect(votes.support.has('cc')).toBe(true);
  });

  it('tallies margins exactly, past 2^53 too, and ignores votes on unclassified proposals', () => {
    const st = new EpochState(2, 0n, new Map(), new ProposalChecker(40, q, 1, 1));
    const p = (i: number) => Uint8Array.of(i, 0, 0, 0);
    for (let i = 0; i < 20; i++) st.addValidProposal(p(i)); // more than the first slot array
    st.addPotentiallyValidProposal(p(99));
    const [k0, k1, k19, k50] = [p(0), p(1), p(19), p(50)].map(proposalKey);
    // Round 0: the first `valid` entries up, the rest down; k50 was never classified here.
    const listA = [k0!, k50!, k19!];
    st.addVotes(listA, 2, 7n); // k0 +7, k19 −7
    st.addVotes(listA, Uint8Array.of(0b100), 3n); // later round: only bit 2 (k19) up
    st.addVotes([k19!], 0, 5n);
    expect(st.margins.get(k0!)).toBe(4n);
    expect(st.margins.get(k19!)).toBe(-9n);
    expect(st.margins.get(proposalKey(p(99)))).toBe(0n);
    expect(st.margins.has(k50!)).toBe(false);
    expect(st.margins.size).toBe(21);
    // A proposal classified after a list first voted counts in that list's next votes.
    st.addPotentiallyValidProposal(p(50));
    st.addVotes(listA, Uint8Array.of(0b010), 2n); // k50 up, k0 and k19 down
    expect(st.margins.get(k50!)).toBe(2n);
    expect(st.margins.get(k0!)).toBe(2n);
    expect(st.margins.get(k19!)).toBe(-11n);
    // Past Number.MAX_SAFE_INTEGER a double would round; the sums stay exact.
    const big = 2n ** 53n - 1n;
    st.addVotes([k1!], 1, big);
    st.addVotes([k1!], 1, 2n);
    st.addVotes([k0!, k19!], Uint8Array.of(0b01), 2n ** 60n + 1n);
    expect(st.margins.get(k1!)).toBe(big + 2n);
    expect(st.margins.get(k0!)).toBe(2n ** 60n + 3n);
    expect(st.margins.get(k19!)).toBe(-(2n ** 60n) - 12n);
    expect(st.margins.get(k50!)).toBe(2n);
  });

  it('beacon = blake3 of the sorted proposals, first 4 bytes', () => {
    const p = (i: number) => new Uint8Array([i, 0, 0, 1]);
    expect(calcBeacon([p(3), p(1), p(2)])).toEqual(blake3(p(1), p(2), p(3)).slice(0, 4));
  });

  it('weak coin VRFs compare little-endian', () => {
    const a = new Uint8Array(80);
    const b = new Uint8Array(80);
    a[0] = 2;
    b[79] = 1;
    expect(compareVrfLE(a, b)).toBe(-1);
    expect(compareVrfLE(b, a)).toBe(1);
    expect(compareVrfLE(a, undefined)).toBe(-1);
  });
});
