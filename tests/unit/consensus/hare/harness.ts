// Test harness for hare and the certifier: an in-memory gossip bus and committee weights (the
// clock is the simulation's VirtualTime).
import { bytesToHex } from '@noble/hashes/utils.js';
import { devnet } from '../../../../src/lib/config/devnet.ts';
import type { NetworkConfig } from '../../../../src/lib/config/types.ts';
import { blake3 } from '../../../../src/lib/crypto/hash.ts';
import { publicKeyOf } from '../../../../src/lib/crypto/signing.ts';
import type { Gossip, GossipHandler, ValidationResult } from '../../../../src/lib/p2p/interface.ts';
import type { CommitteeWeights, HareSigner } from '../../../../src/lib/consensus/hare/interface.ts';

export const GENESIS_ID = new Uint8Array(20).fill(7);
export const BEACON = new Uint8Array([1, 2, 3, 4]);
export const GENESIS_TIME = 1_700_000_000_000;
/** Layer 25: epoch 2, past the effective genesis (19) of 10-layer epochs. */
export const LAYER = 25;
export const NETWORK: NetworkConfig = devnet;

export function layerStart(layer: number): number {
  return GENESIS_TIME + layer * NETWORK.layerDurationMs;
}

export function signerOf(i: number): HareSigner {
  const secretKey = blake3(new TextEncoder().encode(`hare-test-key-${i}`));
  return { secretKey, nodeId: publicKeyOf(secretKey) };
}

/** Every participant receives every accepted message at once (zero network delay). */
export class Bus {
  readonly #handlers = new Map<string, Map<string, GossipHandler>>();
  /** Every message published, by topic. */
  readonly log: { topic: string; from: string; data: Uint8Array }[] = [];

  gossip(peerId: string): Gossip {
    return {
      peerId,
      publish: async (topic, data) => {
        const own = this.#handlers.get(peerId)?.get(topic);
        const result: ValidationResult = own === undefined ? 'accept' : await own(peerId, data);
        if (result === 'accept') await this.deliver(topic, peerId, data);
        return result;
      },
      subscribe: (topic, handler) => {
        let m = this.#handlers.get(peerId);
        if (m === undefined) this.#handlers.set(peerId, (m = new Map()));
        m.set(topic, handler);
        return () => m.delete(topic);
      },
    };
  }

  /** Hands `data` to every peer except `from`; returns their verdicts in peer order. */
  async deliver(topic: string, from: string, data: Uint8Array): Promise<ValidationResult[]> {
    this.log.push({ topic, from, data });
    const out: ValidationResult[] = [];
    for (const [peer, m] of [...this.#handlers.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const h = m.get(topic);
      if (peer !== from && h !== undefined) out.push(await h(from, data));
    }
    return out;
  }
}

export class Weights implements CommitteeWeights {
  readonly #w = new Map<string, bigint>();
  beaconValue: Uint8Array | undefined = BEACON;

  set(nodeId: Uint8Array, weight: bigint): void {
    this.#w.set(bytesToHex(nodeId), weight);
  }

  atx(_epoch: number, nodeId: Uint8Array) {
    const weight = this.#w.get(bytesToHex(nodeId));
    return Promise.resolve(
      weight === undefined ? undefined : { id: blake3(nodeId).subarray(0, 32), weight },
    );
  }

  totalWeight(): Promise<bigint> {
    let t = 0n;
    for (const w of this.#w.values()) t += w;
    return Promise.resolve(t);
  }

  beacon(): Promise<Uint8Array | undefined> {
    return Promise.resolve(this.beaconValue);
  }
}
