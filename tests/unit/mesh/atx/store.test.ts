// The ATX store's indexes: headers round-trip, the epoch index keeps the first ATX of a smesher,
// the per-smesher index finds the latest epoch (big-endian keys past one byte), writes are
// batches that touch only the ATX bucket.
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { ATX_BUCKET, AtxStore, tickHeight } from '../../../../src/lib/mesh/atx/store.ts';
import type { AtxHeader } from '../../../../src/lib/mesh/atx/store.ts';
import { MemoryStore } from '../../../../src/lib/store/memory.ts';
import { collect } from '../../../../src/lib/store/iterate.ts';
import { EMPTY_ATX_ID } from '../../../../src/lib/types/common.ts';
import { MalfeasanceType } from '../../../../src/lib/types/malfeasance.ts';
import type { MalfeasanceProof } from '../../../../src/lib/types/malfeasance.ts';

const id = (n: number) => new Uint8Array(32).fill(n);
const smesher = new Uint8Array(32).fill(0xaa);

function header(n: number, epoch: number, over: Partial<AtxHeader> = {}): AtxHeader {
  return {
    id: id(n),
    smesher,
    publishEpoch: epoch,
    sequence: BigInt(n),
    prevAtx: n === 0 ? EMPTY_ATX_ID : id(n - 1),
    numUnits: 3,
    effectiveNumUnits: 2,
    baseTickHeight: 10n,
    tickCount: 7n,
    weight: 14n,
    commitmentAtx: id(0xcc),
    vrfNonce: 1234567890123n,
    coinbase: new Uint8Array(24).fill(1, 4),
    ...over,
  };
}

describe('AtxStore', () => {
  it('indexes ATXs by id, (epoch, smesher) and smesher, in the ATX bucket only', async () => {
    const store = new MemoryStore();
    const atxs = new AtxStore(store);
    const blob = (n: number) => new Uint8Array([n, n, n]);
    await store.batch(atxs.addOps(header(0, 1), blob(0), true));
    await store.batch(atxs.addOps(header(1, 2), blob(1), true));
    await store.batch(atxs.addOps(header(2, 300), blob(2), true));
    // A second ATX in epoch 300: by id only.
    await store.batch(atxs.addOps(header(3, 300), blob(3), false));

    expect(await atxs.header(id(1))).toEqual(header(1, 2));
    expect(tickHeight(header(1, 2))).toBe(17n);
    expect(await atxs.blob(id(3))).toEqual(blob(3));
    expect(await atxs.has(id(3))).toBe(true);
    expect(await atxs.has(id(9))).toBe(false);
    expect(bytesToHex((await atxs.idByEpochAndSmesher(300, smesher))!)).toBe(bytesToHex(id(2)));
    expect(await atxs.idByEpochAndSmesher(3, smesher)).toBeUndefined();
    expect(bytesToHex((await atxs.lastBySmesher(smesher))!.id)).toBe(bytesToHex(id(2)));
    expect(await atxs.lastBySmesher(id(0xbb))).toBeUndefined();
    expect(bytesToHex((await atxs.commitment(smesher))!)).toBe(bytesToHex(id(0xcc)));
    expect((await collect(atxs.epochHeaders(2))).map((h) => h.sequence)).toEqual([1n]);
    for (const e of await collect(store.iterate())) expect(ATX_BUCKET.contains(e.key)).toBe(true);
  });

  it('keeps one malfeasance proof per smesher', async () => {
    const store = new MemoryStore();
    const atxs = new AtxStore(store);
    expect(await atxs.isMalicious(smesher)).toBe(false);
    const msg = (n: number) => ({
      innerMsg: { publishEpoch: 4, msgHash: id(n) },
      smesherID: smesher,
      signature: new Uint8Array(64).fill(n),
    });
    const proof: MalfeasanceProof = {
      layer: 40,
      proof: { type: MalfeasanceType.MULTIPLE_ATXS, messages: [msg(1), msg(2)] },
    };
    await store.batch([atxs.malfeasanceOp(smesher, proof)]);
    expect(await atxs.isMalicious(smesher)).toBe(true);
    expect(await atxs.malfeasanceProof(smesher)).toEqual(proof);
  });
});
