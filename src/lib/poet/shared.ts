// What prover and verifier must agree on byte for byte (poet shared/shared.go, hash/hash.go).
import { sha256 } from '@noble/hashes/sha2.js';

/** Security parameter: leaves a non-interactive proof opens (poet shared.T). */
export const T = 150;
/** SHA-256 applications per label (poet hash.LabelHashNestingDepth). */
export const LABEL_HASH_NESTING_DEPTH = 400;
/** Every tree node and label is one SHA-256 / blake3 digest. */
export const NODE_SIZE = 32;
/** poet's SCALE bound on proof nodes (36 per proven leaf). */
export const MAX_PROOF_NODES = 5400;

/** A non-interactive proof of sequential work (poet shared.MerkleProof). */
export interface MerkleProof {
  readonly root: Uint8Array;
  /** Labels of the Fiat–Shamir leaves, in increasing index order. */
  readonly provenLeaves: readonly Uint8Array[];
  /** Sibling nodes, in the order merkle-tree's validator consumes them. */
  readonly proofNodes: readonly Uint8Array[];
}

/** poet shared.NIP without the epoch: the proof plus the tree width it commits to. */
export interface PoetProof {
  readonly proof: MerkleProof;
  readonly leaves: bigint;
}

/**
 * The leaf indices a proof must open: u64be(SHA-256(root ‖ u32be(i))[0:8]) mod leaves for
 * i = 0, 1, … until T distinct indices are found; every index when there are at most T leaves.
 * Returned sorted, as poet's verifier sorts the map keys.
 */
export function fiatShamir(challenge: Uint8Array, spaceSize: bigint, securityParam = T): bigint[] {
  const out = new Set<bigint>();
  if (BigInt(securityParam) > spaceSize) {
    for (let i = 0n; i < spaceSize; i++) out.add(i);
  } else {
    const input = new Uint8Array(challenge.length + 4);
    input.set(challenge, 0);
    const view = new DataView(input.buffer);
    // Bounded: u32 counter as in poet, and T ≤ spaceSize distinct values exist.
    for (let i = 0; out.size < securityParam && i <= 0xffffffff; i++) {
      view.setUint32(challenge.length, i, false);
      const digest = sha256(input);
      const id = new DataView(digest.buffer, digest.byteOffset, 8).getBigUint64(0, false);
      out.add(id % spaceSize);
    }
  }
  return [...out].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Input of the first SHA-256 of a label after the statement: u64be(index) ‖ the parked nodes
 * (left siblings of the leaf's path, bottom up; empty layers contribute nothing), as poet's
 * MakeLabelFunc builds it.
 */
export function labelInput(index: bigint, parked: readonly (Uint8Array | null)[]): Uint8Array {
  let size = 8;
  for (const p of parked) if (p) size += p.length;
  const out = new Uint8Array(size);
  new DataView(out.buffer).setBigUint64(0, index, false);
  let offset = 8;
  for (const p of parked) {
    if (!p) continue;
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
