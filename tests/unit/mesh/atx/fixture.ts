// Real-proof building blocks for ATX scenarios, shared by the handler tests and the ATX bench:
// an in-process PoET round over a membership tree, and a label reader over in-memory PoST data.
import { nobleHasher } from '../../../../src/lib/poet/hash.ts';
import { membershipRoot } from '../../../../src/lib/poet/membership.ts';
import { Prover } from '../../../../src/lib/poet/prover.ts';
import { MemoryTreeStore } from '../../../../src/lib/poet/tree-store.ts';
import type { AtxHeader } from '../../../../src/lib/mesh/atx/store.ts';
import type { PoetProofRecord } from '../../../../src/lib/mesh/atx/validation.ts';
import { LABEL_SIZE } from '../../../../src/lib/post/interface.ts';
import type { LabelReader } from '../../../../src/lib/post/interface.ts';
import type { MemoryPostStorage } from '../../../../src/lib/post/storage.ts';

/** One in-process PoET round: the members' challenges form the statement, `leaves` of work. */
export function poetRound(members: Uint8Array[], leaves: number) {
  const statement = membershipRoot(members);
  const prover = new Prover(statement, nobleHasher, new MemoryTreeStore());
  prover.addLeaves(leaves);
  const record: PoetProofRecord = { statement, proof: prover.proof() };
  return { record, ref: record.proof.proof.root, members };
}

/** The first `numLabels` labels of file 0 of `storage`. */
export function labelReader(storage: MemoryPostStorage, numLabels: number): LabelReader {
  const data = storage.files.get(0)!;
  return {
    totalLabels: BigInt(numLabels),
    read: (s, n) =>
      Promise.resolve(data.slice(Number(s) * LABEL_SIZE, (Number(s) + n) * LABEL_SIZE)),
  };
}

/**
 * A stored ATX header for tests that need weights and VRF nonces but no real proofs: an initial
 * ATX of one unit whose tick count is its weight.
 */
export function syntheticAtxHeader(h: {
  id: Uint8Array;
  smesher: Uint8Array;
  publishEpoch: number;
  weight: bigint;
  vrfNonce: bigint;
  coinbaseByte: number;
}): AtxHeader {
  return {
    id: h.id,
    smesher: h.smesher,
    publishEpoch: h.publishEpoch,
    sequence: 0n,
    prevAtx: new Uint8Array(32),
    numUnits: 1,
    effectiveNumUnits: 1,
    baseTickHeight: 0n,
    tickCount: h.weight,
    weight: h.weight,
    commitmentAtx: new Uint8Array(32).fill(0xcc),
    vrfNonce: h.vrfNonce,
    coinbase: new Uint8Array(24).fill(h.coinbaseByte),
  };
}
