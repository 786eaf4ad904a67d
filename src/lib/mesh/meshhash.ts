// The per-layer mesh hash (go-spacemesh tortoise/opinionhash, stored by mesh/ as the layer's
// aggregated hash): blake3(previous layer's hash ‖ opinion on this layer). The opinion is either
// the abstain sentinel 0x00 (hare has not terminated for the layer) or, for every supported
// block in (tick height, id) order, id[20] ‖ u64le(height). An empty support list is a valid
// opinion ("the layer is empty") and hashes only the previous hash. The first layer hashed has
// no previous hash: nothing is written for it.
import { blake3 } from '../crypto/hash.ts';
import { compareBytes } from '../store/bytes.ts';

/** A block the layer's opinion supports (types.Vote without the layer). */
export interface SupportedBlock {
  readonly id: Uint8Array;
  readonly height: bigint;
}

export type LayerOpinion =
  | { readonly abstain: true }
  | { readonly abstain: false; readonly support: readonly SupportedBlock[] };

const ABSTAIN_SENTINEL = Uint8Array.of(0);

function u64le(v: bigint): Uint8Array {
  if (v < 0n || v > 0xffffffffffffffffn) throw new RangeError(`height out of u64 range: ${v}`);
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v, true);
  return b;
}

/** Blocks in the order their support is hashed: by tick height, then id. */
export function sortSupport(blocks: readonly SupportedBlock[]): SupportedBlock[] {
  return [...blocks].sort((a, b) =>
    a.height !== b.height ? (a.height < b.height ? -1 : 1) : compareBytes(a.id, b.id),
  );
}

/** OpinionHasher: WritePrevious(prev) when there is one, then the opinion. */
export function meshHash(prev: Uint8Array | null, opinion: LayerOpinion): Uint8Array {
  const parts: Uint8Array[] = [];
  if (prev !== null) {
    if (prev.length !== 32) throw new RangeError('previous mesh hash must be 32 bytes');
    parts.push(prev);
  }
  if (opinion.abstain) parts.push(ABSTAIN_SENTINEL);
  else
    for (const b of sortSupport(opinion.support)) {
      if (b.id.length !== 20) throw new RangeError('block id must be 20 bytes');
      parts.push(b.id, u64le(b.height));
    }
  return blake3(...parts);
}
