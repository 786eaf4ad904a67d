// The shape of a network's parameters. Field names follow go-spacemesh's config structs
// (config/config.go BaseConfig, tortoise.Config, hare3.Config, blocks.CertConfig,
// beacon.Config, activation.PostConfig, activation.PoetConfig) so that a reader who knows
// go-spacemesh's mainnet.go can check a preset line by line. Durations are milliseconds
// because the layer clock and every timer in the core work in milliseconds.

/** Bech32 prefixes that existing Spacemesh wallets accept (PROTOCOL.md, Address). */
export type NetworkHrp = 'sm' | 'stest' | 'standalone';

export const NETWORK_HRPS: readonly NetworkHrp[] = ['sm', 'stest', 'standalone'];

/** An exact fraction; go-spacemesh keeps beacon Q and Theta as big.Rat. */
export interface Rational {
  readonly num: number;
  readonly den: number;
}

export interface GenesisConfig {
  /**
   * RFC 3339 time of layer 0's start. `null` means "chosen when the network is launched":
   * go-spacemesh's standalone preset takes time.Now() the same way, and our devnet is
   * started by `smesh devnet` / the simulation, which pick a time a little in the future.
   * Use `withGenesis` to fix it before starting a clock.
   */
  readonly time: string | null;
  /** Hashed as literal UTF-8 text into the golden ATX; go-spacemesh caps it at 255 bytes. */
  readonly extraData: string;
}

/** tortoise.EpochMinimalActiveWeight: from `epoch` on, eligibility uses at least `weight`. */
export interface EpochMinimalActiveWeight {
  readonly epoch: number;
  readonly weight: number;
}

export interface TortoiseConfig {
  /** Hare output look-back distance (layers). */
  readonly hdist: number;
  /** How long to wait for the hare result (layers). */
  readonly zdist: number;
  readonly windowSize: number;
  readonly maxExceptions: number;
  readonly badBeaconVoteDelayLayers: number;
  readonly minimalActiveSetWeight: readonly EpochMinimalActiveWeight[];
}

export interface HareCommitteeUpgrade {
  readonly layer: number;
  readonly size: number;
}

export interface HareConfig {
  /** First layer that runs hare3 (mainnet switched from hare1 at 35117). */
  readonly enableLayer: number;
  readonly committee: number;
  /** Scheduled committee change (mainnet: 50 from layer 105720). */
  readonly committeeUpgrade: HareCommitteeUpgrade | null;
  readonly leaders: number;
  readonly iterationsLimit: number;
  readonly preroundDelayMs: number;
  readonly roundDurationMs: number;
  /** libp2p stream protocol; testnet kept an empty name (see its preset). */
  readonly protocolName: string;
}

export interface HareEligibilityConfig {
  readonly confidenceParam: number;
}

export interface CertifierConfig {
  readonly committeeSize: number;
  /** go-spacemesh node.go sets this to committeeSize/2 + 1; kept explicit and validated. */
  readonly certifyThreshold: number;
}

export interface BeaconConfig {
  readonly kappa: number;
  readonly q: Rational;
  readonly theta: Rational;
  /** 0 on mainnet: the beacon comes from the bootstrap feed instead of voting rounds. */
  readonly roundsNumber: number;
  readonly gracePeriodMs: number;
  readonly proposalDurationMs: number;
  readonly firstVotingRoundDurationMs: number;
  readonly votingRoundDurationMs: number;
  readonly weakCoinRoundDurationMs: number;
  readonly votesLimit: number;
  readonly beaconSyncWeightUnits: number;
}

export interface ScryptParams {
  readonly n: number;
  readonly r: number;
  readonly p: number;
}

/**
 * How the k2 proof of work is done. go-spacemesh networks use RandomX; `none` means the
 * network skips k2pow entirely (our devnet: RandomX is out of scope in a browser).
 */
export type K2PowKind = 'randomx' | 'none';

export interface PostConfig {
  readonly labelsPerUnit: number;
  readonly minNumUnits: number;
  readonly maxNumUnits: number;
  readonly k1: number;
  readonly k2: number;
  /** How many of the K2 indices a verifier re-computes. */
  readonly k3: number;
  readonly k2pow: K2PowKind;
  /** 32-byte RandomX difficulty as hex; `null` exactly when k2pow is 'none'. */
  readonly powDifficulty: string | null;
  readonly scrypt: ScryptParams;
}

export interface PoetConfig {
  /** Offset of a PoET round's start from its epoch's start. */
  readonly phaseShiftMs: number;
  /** Time between the end of one round and the start of the next. */
  readonly cycleGapMs: number;
  readonly gracePeriodMs: number;
  /** PoET leaves per tick: ATX weight = numUnits × ⌊leaves / tickSize⌋. */
  readonly tickSize: number;
}

export interface NetworkConfig {
  readonly name: string;
  readonly hrp: NetworkHrp;
  readonly genesis: GenesisConfig;
  readonly layerDurationMs: number;
  readonly layersPerEpoch: number;
  readonly layerAvgSize: number;
  readonly txsPerProposal: number;
  readonly blockGasLimit: bigint;
  readonly optFilterThreshold: number;
  readonly tortoise: TortoiseConfig;
  readonly hare: HareConfig;
  readonly hareEligibility: HareEligibilityConfig;
  readonly certifier: CertifierConfig;
  readonly beacon: BeaconConfig;
  readonly post: PostConfig;
  readonly poet: PoetConfig;
  /** Where this preset departs from go-spacemesh on purpose, in words. Empty when it does not. */
  readonly deviations: readonly string[];
}
