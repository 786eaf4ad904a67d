// N hare participants on one bus and one virtual clock.
import { bytesToHex } from '@noble/hashes/utils.js';
import { Hare } from '../../../../src/lib/consensus/hare/hare.ts';
import type {
  HareOutput,
  HareSigner,
  WeakCoinOutput,
} from '../../../../src/lib/consensus/hare/interface.ts';
import type { MalfeasanceProof } from '../../../../src/lib/types/malfeasance.ts';
import { VirtualTime } from '../../../../src/lib/sim/virtual-time.ts';
import {
  Bus,
  GENESIS_ID,
  GENESIS_TIME,
  layerStart,
  NETWORK,
  signerOf,
  Weights,
} from './harness.ts';

export interface Participant {
  readonly peerId: string;
  /** null for an observer. */
  readonly signer: HareSigner | null;
  readonly hare: Hare;
  readonly outputs: HareOutput[];
  readonly coins: WeakCoinOutput[];
  readonly proofs: MalfeasanceProof[];
}

export function proposalId(n: number): Uint8Array {
  const id = new Uint8Array(20);
  id[0] = n;
  id[19] = 0xaa;
  return id;
}

export interface HareNetOptions {
  readonly n: number;
  /** Each participant's proposal ids for the layer. */
  readonly proposals: (i: number) => Uint8Array[];
  /** Identities with weight but no running hare (the test drives them by hand). */
  readonly extraSigners?: HareSigner[];
  readonly isMalicious?: (nodeId: Uint8Array) => Promise<boolean>;
  /** Participants without a signer, appended after the n smeshers. */
  readonly observers?: number;
}

export class HareNet {
  readonly clock = new VirtualTime({ startMs: GENESIS_TIME });
  readonly bus = new Bus();
  readonly weights = new Weights();
  readonly participants: Participant[] = [];

  constructor(o: HareNetOptions) {
    const signers = Array.from({ length: o.n }, (_, i) => signerOf(i));
    for (const s of [...signers, ...(o.extraSigners ?? [])]) this.weights.set(s.nodeId, 100n);
    const all: (HareSigner | null)[] = [...signers, ...Array<null>(o.observers ?? 0).fill(null)];
    all.forEach((signer, i) => {
      const peerId = `peer-${String(i).padStart(2, '0')}`;
      const hare = new Hare({
        network: NETWORK,
        genesisId: GENESIS_ID,
        time: this.clock,
        timer: this.clock,
        gossip: this.bus.gossip(peerId),
        weights: this.weights,
        signer,
        proposals: () => Promise.resolve(o.proposals(i)),
        layerStart,
        ...(o.isMalicious === undefined ? {} : { isMalicious: o.isMalicious }),
      });
      const p: Participant = { peerId, signer, hare, outputs: [], coins: [], proofs: [] };
      hare.onOutput((out) => p.outputs.push(out));
      hare.onCoin((c) => p.coins.push(c));
      hare.onMalfeasance((m) => p.proofs.push(m));
      this.participants.push(p);
    });
  }

  async startLayer(layer: number): Promise<void> {
    await this.clock.runUntil(Math.max(this.clock.now(), layerStart(layer)));
    for (const p of this.participants) p.hare.start(layer);
  }

  /** Runs the layer's hare to its last possible round. */
  async runLayer(layer: number): Promise<void> {
    const h = NETWORK.hare;
    const end =
      layerStart(layer) + h.preroundDelayMs + (h.iterationsLimit + 1) * 7 * h.roundDurationMs;
    await this.clock.runUntil(Math.max(this.clock.now(), end));
  }

  /** The output sets as hex strings, one per participant. */
  outputsOf(layer: number): string[][] {
    return this.participants.map((p) =>
      p.outputs.filter((o) => o.layer === layer).flatMap((o) => o.proposals.map(bytesToHex)),
    );
  }
}
