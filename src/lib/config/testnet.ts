// Spacemesh public testnet. Source: spacemeshos/go-spacemesh v1.7.6,
// config/presets/testnet.go, with hare3 defaults (hare3/hare.go DefaultConfig: committee
// 800, leaders 5, 4 iterations, 25 s preround, 12 s rounds), post defaults
// (post config.DefaultConfig: PoW difficulty all 0xff; DefaultLabelParams: scrypt N 8192)
// and node/node.go's certifier threshold (committee/2 + 1).
import type { NetworkConfig } from './types.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const testnet: NetworkConfig = {
  name: 'testnet',
  hrp: 'stest',
  genesis: {
    time: '2023-09-13T18:00:00Z',
    extraData: '0000000000000000000000c76c58ebac180989673fd6d237b40e66ed5c976ec3',
  },
  layerDurationMs: 5 * MINUTE,
  layersPerEpoch: 288,
  layerAvgSize: 50,
  txsPerProposal: 700,
  blockGasLimit: 100_107_000n,
  optFilterThreshold: 90,
  tortoise: {
    hdist: 10,
    zdist: 2,
    windowSize: 10_000,
    maxExceptions: 1000,
    badBeaconVoteDelayLayers: 4032,
    minimalActiveSetWeight: [{ epoch: 0, weight: 10_000 }],
  },
  hare: {
    enableLayer: 7366,
    committee: 800,
    committeeUpgrade: null,
    leaders: 5,
    iterationsLimit: 4,
    preroundDelayMs: 25_000,
    roundDurationMs: 12_000,
    // testnet.go: the protocol name was left empty when testnet was set up and cannot
    // change without breaking rolling upgrades, so it stays empty.
    protocolName: '',
  },
  hareEligibility: { confidenceParam: 20 },
  certifier: { committeeSize: 200, certifyThreshold: 101 },
  beacon: {
    kappa: 40,
    q: { num: 1, den: 3 },
    theta: { num: 1, den: 4 },
    roundsNumber: 20,
    gracePeriodMs: 10 * MINUTE,
    proposalDurationMs: 4 * MINUTE,
    firstVotingRoundDurationMs: 30 * MINUTE,
    votingRoundDurationMs: 4 * MINUTE,
    weakCoinRoundDurationMs: 4 * MINUTE,
    votesLimit: 100,
    beaconSyncWeightUnits: 800,
  },
  post: {
    labelsPerUnit: 1024,
    minNumUnits: 2,
    maxNumUnits: 0xffff_ffff,
    k1: 26,
    k2: 37,
    k3: 1,
    k2pow: 'randomx',
    powDifficulty: 'ff'.repeat(32),
    scrypt: { n: 8192, r: 1, p: 1 },
  },
  poet: {
    phaseShiftMs: 12 * HOUR,
    cycleGapMs: 2 * HOUR,
    gracePeriodMs: 10 * MINUTE,
    tickSize: 666_514,
  },
  deviations: [],
};
