// The builder's PoST seam: a proof over the smesher's initialized data for a 32-byte challenge
// (the zero challenge for the initial PoST, the PoET root for a NIPoST). The default proves on
// this thread with the network's K1, K2 and k2pow; a host can pass one that proves on workers.
import { hexToBytes } from '@noble/hashes/utils.js';
import type { NetworkConfig } from '../config/types.ts';
import type { LabelReader } from '../post/interface.ts';
import { k2PowFor } from '../post/k2pow.ts';
import type { PostMetadata } from '../post/metadata.ts';
import type { Proof } from '../post/proof.ts';
import { generateProof } from '../post/prove.ts';
import type { ProveOptions } from '../post/prove.ts';

export interface PostProver {
  prove(challenge: Uint8Array, signal?: AbortSignal): Promise<Proof>;
}

/** generateProof over `reader` with the network's proving parameters. */
export function dataProver(
  network: NetworkConfig,
  reader: LabelReader,
  metadata: PostMetadata,
  opts: Omit<ProveOptions, 'signal'> = {},
): PostProver {
  const p = network.post;
  const cfg = {
    k1: p.k1,
    k2: p.k2,
    powDifficulty:
      p.powDifficulty === null ? new Uint8Array(32).fill(0xff) : hexToBytes(p.powDifficulty),
  };
  const data = {
    nodeId: metadata.nodeId,
    numUnits: metadata.numUnits,
    labelsPerUnit: metadata.labelsPerUnit,
  };
  const k2pow = opts.k2pow ?? k2PowFor(p.k2pow);
  return {
    prove: (challenge, signal) =>
      generateProof(reader, challenge, cfg, data, {
        ...opts,
        k2pow,
        ...(signal === undefined ? {} : { signal }),
      }),
  };
}
