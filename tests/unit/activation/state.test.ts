// The builder's state answers the ATX handler's PoET proof lookups from a cache of decoded
// records; every write must drop it, so a lookup never sees a record that is no longer stored.
import { describe, expect, it } from 'vitest';
import { ActivationState } from '../../../src/lib/activation/state.ts';
import type { NipostState } from '../../../src/lib/activation/state.ts';
import type { PoetProofRecord } from '../../../src/lib/mesh/atx/validation.ts';
import { MemoryStore } from '../../../src/lib/store/memory.ts';
import { EMPTY_ATX_ID } from '../../../src/lib/types/common.ts';

const root = new Uint8Array(32).fill(7);
const record: PoetProofRecord = {
  statement: new Uint8Array(32).fill(1),
  proof: { proof: { root, provenLeaves: [], proofNodes: [] }, leaves: 12n },
};

function state(publishEpoch: number, poetProof: PoetProofRecord | null): NipostState {
  return {
    publishEpoch,
    phase: poetProof === null ? 'registered' : 'poet-proof',
    challenge: {
      publishEpoch,
      sequence: 0n,
      prevATXID: EMPTY_ATX_ID,
      positioningATXID: new Uint8Array(32).fill(2),
      commitmentATXID: new Uint8Array(32).fill(2),
      initialPost: null,
    },
    registration: { roundId: '3', roundEndAt: 1000n },
    poetProof,
    membership: null,
    post: null,
    atx: null,
  };
}

describe('ActivationState.poetProof', () => {
  it('finds the record by root, remembers misses until the next write, forgets on every write', async () => {
    const s = new ActivationState(new MemoryStore());
    expect(await s.poetProof(root)).toBeUndefined();
    await s.put(state(2, record));
    const found = await s.poetProof(root);
    expect(found).toEqual(record);
    expect(await s.poetProof(root)).toBe(found); // the cached decode
    // Found by the bytes: another array with them hits; changing it afterwards changes nothing.
    const copy = root.slice();
    expect(await s.poetProof(copy)).toBe(found);
    copy[0] = copy[0]! ^ 1;
    expect(await s.poetProof(copy)).toBeUndefined();
    expect(await s.poetProof(root)).toBe(found);
    expect(await s.poetProof(new Uint8Array(32))).toBeUndefined();

    // Rewritten without the proof: the index still names epoch 2, whose record has none now.
    await s.put(state(2, null));
    expect(await s.poetProof(root)).toBeUndefined();
    await s.put(state(2, record));
    expect(await s.poetProof(root)).toEqual(record);
    await s.discard(2);
    expect(await s.poetProof(root)).toBeUndefined();
  });

  it('does not cache a read that a write overtook', async () => {
    const s = new ActivationState(new MemoryStore());
    const read = s.poetProof(root); // starts before the write, may see the store without it
    await s.put(state(4, record));
    await read;
    expect(await s.poetProof(root)).toEqual(record);
  });
});
