// Hare's seams: what the node hands it (committee weights from the ATX store) and what it hands
// back (outputs, weak coins, equivocation proofs).

/** The committee weights behind eligibility; the node implements it from its ATX store. */
export interface CommitteeWeights {
  /** The smesher's ATX (id, weight) targeting `epoch`, or undefined when it has none / is malicious. */
  atx(epoch: number, nodeId: Uint8Array): Promise<{ id: Uint8Array; weight: bigint } | undefined>;
  totalWeight(epoch: number): Promise<bigint>;
  beacon(epoch: number): Promise<Uint8Array | undefined>;
}

/** A smeshing identity: its ed25519 secret key (seed, or seed ‖ public) and node id. */
export interface HareSigner {
  readonly secretKey: Uint8Array;
  readonly nodeId: Uint8Array;
}

/** hare4.ConsensusOutput: the agreed proposal set of a layer (empty = an empty layer). */
export interface HareOutput {
  readonly layer: number;
  readonly proposals: Uint8Array[];
}

/** hare4.WeakCoinOutput. */
export interface WeakCoinOutput {
  readonly layer: number;
  readonly coin: boolean;
}
