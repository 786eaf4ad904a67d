// A small checkpoint for the checkpoint tests: three smeshers' ATX headers over epochs 1..3
// and two accounts (one spawned wallet, one not).
import type { AtxHeader } from '../../../src/lib/mesh/atx/store.ts';
import type { Account } from '../../../src/lib/vm/state/account.ts';
import { EMPTY_ATX_ID } from '../../../src/lib/types/common.ts';

export const bytes = (n: number, fill: number): Uint8Array => new Uint8Array(n).fill(fill);

export function header(smesher: number, epoch: number, extra: Partial<AtxHeader> = {}): AtxHeader {
  return {
    id: bytes(32, smesher * 16 + epoch),
    smesher: bytes(32, smesher),
    publishEpoch: epoch,
    sequence: BigInt(epoch),
    prevAtx: EMPTY_ATX_ID,
    numUnits: 4,
    effectiveNumUnits: 3,
    baseTickHeight: 100n,
    tickCount: 7n,
    weight: 21n,
    commitmentAtx: bytes(32, 0xcc),
    vrfNonce: 12345n,
    coinbase: bytes(24, 0xa0 + smesher),
    ...extra,
  };
}

export const accounts: Account[] = [
  {
    layer: 25,
    address: bytes(24, 2),
    nextNonce: 3n,
    // above 2^53: must survive JSON
    balance: 12_345_678_901_234_567_890n,
    template: 'wallet',
    state: bytes(32, 9),
  },
  {
    layer: 12,
    address: bytes(24, 1),
    nextNonce: 0n,
    balance: 500n,
    template: null,
    state: new Uint8Array(0),
  },
];
