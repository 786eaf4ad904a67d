// The beacon's seams: what the node hands it (go-spacemesh beacon/interface.go). Time, timers and
// the network come in from outside so the deterministic simulation can drive the same code.
import type { TimeSource, Timer } from '../../clock/interface.ts';
import type { NetworkConfig } from '../../config/types.ts';
import type { Gossip } from '../../p2p/interface.ts';

/** One ATX targeting an epoch, as the beacon needs it (a slice of mesh/atx AtxHeader). */
export interface BeaconAtx {
  readonly id: Uint8Array;
  readonly nodeId: Uint8Array;
  /** effectiveNumUnits × tickCount: the smesher's vote weight. */
  readonly weight: bigint;
  /** effectiveNumUnits: how many weak-coin tickets the smesher may draw (MinerAllowance). */
  readonly numUnits: number;
  /** The VRF nonce in force for this ATX: part of every proposal and weak-coin VRF input. */
  readonly vrfNonce: bigint;
  /**
   * Wall time (ms) the node received the ATX. Absent means "long before the epoch started"
   * (a synced ATX or a test); go-spacemesh keeps this as atx.Received().
   */
  readonly received?: number;
}

export interface BeaconWeights {
  /** Every ATX targeting `epoch` (published in epoch − 1), one per smesher. */
  atxs(epoch: number): Promise<readonly BeaconAtx[]>;
  /** Whether the smesher has a malfeasance proof: its proposals are demoted, its votes weigh 0. */
  isMalicious(nodeId: Uint8Array): Promise<boolean>;
}

/** The local smesher, when this node takes part. Its VRF nonce comes from its own ATX. */
export interface BeaconSigner {
  /** 32-byte seed or go-spacemesh's 64-byte seed ‖ public key. */
  readonly secretKey: Uint8Array;
  readonly nodeId: Uint8Array;
}

export interface BeaconOptions {
  readonly network: NetworkConfig;
  readonly genesisId: Uint8Array;
  readonly time: TimeSource;
  readonly timer: Timer;
  readonly gossip: Gossip;
  readonly weights: BeaconWeights;
  /** null for a node that only follows (no ATX of its own, or not smeshing). */
  readonly signer: BeaconSigner | null;
  /** Wall time (ms) of the first layer of `epoch`. */
  readonly epochStart: (epoch: number) => number;
}

export type BeaconListener = (epoch: number, beacon: Uint8Array) => void;

/** How the local node classified an epoch's proposals, and what it ended up supporting. */
export interface BeaconRoundRecord {
  readonly valid: readonly Uint8Array[];
  readonly potentiallyValid: readonly Uint8Array[];
  /** Proposals supported after the last round (sorted); the beacon hashes these. */
  readonly support: readonly Uint8Array[];
  /** Weak coin per following round (index 1 …); undefined when no coin message came. */
  readonly coins: ReadonlyArray<boolean | undefined>;
}
