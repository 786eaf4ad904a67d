// ATX grading and the active set built from it (miner/active_set_generator.go).
import { describe, expect, it } from 'vitest';
import {
  activeSetFromGrades,
  activeSetFromStore,
  AtxGrade,
  gradeAtx,
  sortActiveSet,
} from '../../../../src/lib/consensus/miner/active-set.ts';
import { AtxStore } from '../../../../src/lib/mesh/atx/store.ts';
import { MemoryStore } from '../../../../src/lib/store/memory.ts';
import { MalfeasanceType } from '../../../../src/lib/types/malfeasance.ts';
import { EPOCH, smesher } from '../eligibility/fixture.ts';

const S = 100_000; // epoch start
const D = 1_000; // network delay

describe('gradeAtx', () => {
  it('grades by receive time against s − 4δ and s − 3δ', () => {
    expect(gradeAtx(S, D, S - 4 * D - 1)).toBe(AtxGrade.GOOD);
    expect(gradeAtx(S, D, S - 4 * D)).toBe(AtxGrade.ACCEPTABLE);
    expect(gradeAtx(S, D, S - 3 * D - 1)).toBe(AtxGrade.ACCEPTABLE);
    expect(gradeAtx(S, D, S - 3 * D)).toBe(AtxGrade.EVIL);
  });
  it('downgrades for a malfeasance proof received in time', () => {
    expect(gradeAtx(S, D, 0, S)).toBe(AtxGrade.GOOD); // proof at s: too late to matter
    expect(gradeAtx(S, D, 0, S - 1)).toBe(AtxGrade.ACCEPTABLE);
    expect(gradeAtx(S, D, 0, S - D)).toBe(AtxGrade.ACCEPTABLE);
    expect(gradeAtx(S, D, 0, S - D - 1)).toBe(AtxGrade.EVIL);
  });
});

describe('activeSetFromGrades', () => {
  const id = (n: number) => new Uint8Array(32).fill(n);
  const early = S - 5 * D;
  it('keeps the good ATXs sorted by id with their weight', () => {
    const set = activeSetFromGrades(
      [
        { id: id(9), weight: 5n, receivedMs: early },
        { id: id(2), weight: 7n, receivedMs: early },
        { id: id(5), weight: 11n, receivedMs: S }, // late
        { id: id(4), weight: 13n, receivedMs: early, malfeasanceMs: early },
      ],
      S,
      D,
      40,
    );
    expect(set).toEqual({ ids: [id(2), id(9)], weight: 12n });
  });
  it('gives up when too few ATXs are good (the node was not in sync)', () => {
    const c = [
      { id: id(1), weight: 1n, receivedMs: early },
      { id: id(2), weight: 1n, receivedMs: S },
    ];
    expect(activeSetFromGrades(c, S, D, 50)).toBeUndefined(); // 50 % is not > 50 %
    expect(activeSetFromGrades(c, S, D, 49)).toEqual({ ids: [id(1)], weight: 1n });
    expect(activeSetFromGrades([], S, D, 0)).toBeUndefined();
  });
  it('sortActiveSet does not reorder its input', () => {
    const input = [
      { id: id(3), weight: 1n },
      { id: id(1), weight: 2n },
    ];
    expect(sortActiveSet(input).ids).toEqual([id(1), id(3)]);
    expect(input[0]!.id).toEqual(id(3));
  });
});

describe('activeSetFromStore', () => {
  it('takes the ATXs targeting the epoch of identities not malicious', async () => {
    const store = new MemoryStore();
    const atxs = new AtxStore(store);
    const [a, b, c, d] = [smesher(3, 10n), smesher(1, 20n), smesher(2, 30n), smesher(4, 1n, EPOCH)];
    for (const s of [a, b, c, d]) await store.batch(atxs.addOps(s.atx, Uint8Array.of(1), true));
    const msg = { innerMsg: { layer: 1, msgHash: new Uint8Array(32) }, smesherID: c.id };
    const messages = [1, 2].map((n) => ({ ...msg, signature: new Uint8Array(64).fill(n) }));
    const proof = { layer: 1, proof: { type: MalfeasanceType.MULTIPLE_BALLOTS, messages } };
    await store.batch([atxs.malfeasanceOp(c.id, proof)]);
    expect(await activeSetFromStore(atxs, EPOCH)).toEqual({
      ids: [b.atx.id, a.atx.id],
      weight: 30n,
    });
    expect(await activeSetFromStore(atxs, EPOCH + 5)).toBeUndefined();
  });
});
