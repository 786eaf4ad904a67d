// Smeshers with ATX headers for the eligibility, miner and malfeasance tests: deterministic keys,
// weights chosen so the slot formula gives known counts.
import { publicKeyOf } from '../../../../src/lib/crypto/signing.ts';
import type { AtxHeader } from '../../../../src/lib/mesh/atx/store.ts';
import { syntheticAtxHeader } from '../../mesh/atx/fixture.ts';

export const GENESIS = new Uint8Array(20).fill(0x61);
export const GOLDEN = new Uint8Array(32).fill(0x60);
export const LPE = 10;
export const EPOCH = 2;
export const LAYER_AVG_SIZE = 5;
export const BEACON = Uint8Array.of(0xbe, 0xac, 0x04, 0x01);

export interface Smesher {
  readonly sk: Uint8Array;
  readonly id: Uint8Array;
  readonly atx: AtxHeader;
}

export function smesher(i: number, weight: bigint, publishEpoch = EPOCH - 1): Smesher {
  const sk = new Uint8Array(32).fill(0x40 + i);
  const id = publicKeyOf(sk);
  const atx = syntheticAtxHeader({
    id: new Uint8Array(32).fill(0x80 + i),
    smesher: id,
    publishEpoch,
    weight,
    vrfNonce: BigInt(7000 + i),
    coinbaseByte: i,
  });
  return { sk, id, atx };
}
