// go-spacemesh's one-node network. Source: spacemeshos/go-spacemesh v1.7.6,
// config/presets/standalone.go, applied over config.DefaultConfig() (config/config.go:
// 100 txs per proposal, unlimited block gas, tick size 100), tortoise.DefaultConfig
// (window 1000, max exceptions 5000), hare3.DefaultConfig (committee 800, leaders 5,
// 4 iterations), beacon.DefaultConfig (Q 1/3), post DefaultConfig (PoW difficulty all 0xff)
// and DefaultLabelParams (scrypt N 8192). Its certificate committee is unset, so
// node/node.go falls back to the hare committee (800, threshold 401).
import type { NetworkConfig } from './types.ts';

export const standalone: NetworkConfig = {
  name: 'standalone',
  hrp: 'standalone',
  // go-spacemesh takes time.Now() when the preset is built; the launcher sets it.
  genesis: { time: null, extraData: 'standalone' },
  layerDurationMs: 6_000,
  layersPerEpoch: 10,
  layerAvgSize: 50,
  txsPerProposal: 100,
  blockGasLimit: 0xffff_ffff_ffff_ffffn,
  optFilterThreshold: 90,
  tortoise: {
    hdist: 2,
    zdist: 2,
    windowSize: 1000,
    maxExceptions: 5000,
    badBeaconVoteDelayLayers: 0,
    minimalActiveSetWeight: [],
  },
  hare: {
    enableLayer: 0,
    committee: 800,
    committeeUpgrade: null,
    leaders: 5,
    iterationsLimit: 4,
    preroundDelayMs: 1_000,
    roundDurationMs: 100,
    protocolName: '/h/3.0',
  },
  hareEligibility: { confidenceParam: 2 },
  certifier: { committeeSize: 800, certifyThreshold: 401 },
  beacon: {
    kappa: 40,
    q: { num: 1, den: 3 },
    theta: { num: 1, den: 4 },
    roundsNumber: 4,
    gracePeriodMs: 30_000,
    proposalDurationMs: 2_000,
    firstVotingRoundDurationMs: 10_000,
    votingRoundDurationMs: 2_000,
    weakCoinRoundDurationMs: 2_000,
    votesLimit: 100,
    beaconSyncWeightUnits: 10,
  },
  post: {
    labelsPerUnit: 64,
    minNumUnits: 1,
    maxNumUnits: 2,
    k1: 12,
    k2: 4,
    k3: 1,
    k2pow: 'randomx', // "light" RandomX mode in standalone.go, still RandomX
    powDifficulty: 'ff'.repeat(32),
    scrypt: { n: 8192, r: 1, p: 1 },
  },
  poet: {
    phaseShiftMs: 30_000,
    cycleGapMs: 30_000,
    gracePeriodMs: 12_000,
    tickSize: 100,
  },
  deviations: [],
};
