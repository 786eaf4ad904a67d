// Spacemesh mainnet, the reference constants. Source: spacemeshos/go-spacemesh v1.7.6,
// config/mainnet.go (MainnetConfig), with the defaults it inherits from hare3/hare.go
// (DefaultConfig), spacemeshos/post config/config.go (DefaultLabelParams: scrypt N 8192,
// r 1, p 1) and node/node.go (certifier threshold = committee/2 + 1).
// Values here are compared one by one with go-spacemesh in tests/unit/config/presets.test.ts.
import type { NetworkConfig } from './types.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const mainnet: NetworkConfig = {
  name: 'mainnet',
  hrp: 'sm',
  genesis: {
    time: '2023-07-14T08:00:00Z',
    // A Bitcoin block hash, chosen so nobody could know the genesis id in advance.
    extraData: '00000000000000000001a6bc150307b5c1998045752b3c87eccf3c013036f3cc',
  },
  layerDurationMs: 5 * MINUTE,
  layersPerEpoch: 4032,
  layerAvgSize: 50,
  txsPerProposal: 700,
  blockGasLimit: 100_107_000n, // 3000 spends
  optFilterThreshold: 90,
  tortoise: {
    hdist: 10,
    zdist: 2,
    windowSize: 4032,
    maxExceptions: 1000,
    badBeaconVoteDelayLayers: 4032,
    minimalActiveSetWeight: [{ epoch: 0, weight: 1_000_000 }],
  },
  hare: {
    enableLayer: 35_117,
    committee: 400,
    committeeUpgrade: { layer: 105_720, size: 50 }, // July 15, 2024, 10:00 UTC
    leaders: 5,
    iterationsLimit: 4,
    preroundDelayMs: 25_000,
    roundDurationMs: 12_000,
    protocolName: '/h/3.0',
  },
  hareEligibility: { confidenceParam: 200 },
  // The certifier kept the pre-hare3 committee of 200 (see the NOTE in mainnet.go).
  certifier: { committeeSize: 200, certifyThreshold: 101 },
  beacon: {
    kappa: 40,
    q: { num: 1, den: 3 },
    theta: { num: 1, den: 4 },
    roundsNumber: 0,
    gracePeriodMs: 10 * MINUTE,
    proposalDurationMs: 4 * MINUTE,
    firstVotingRoundDurationMs: 30 * MINUTE,
    votingRoundDurationMs: 4 * MINUTE,
    weakCoinRoundDurationMs: 4 * MINUTE,
    votesLimit: 100,
    beaconSyncWeightUnits: 800,
  },
  post: {
    labelsPerUnit: 2 ** 32, // 64 GiB of 16-byte labels
    minNumUnits: 4,
    maxNumUnits: 0xffff_ffff,
    k1: 26,
    k2: 37,
    k3: 1,
    k2pow: 'randomx',
    powDifficulty: '000dfb23b0979b4b000000000000000000000000000000000000000000000000',
    scrypt: { n: 8192, r: 1, p: 1 },
  },
  poet: {
    phaseShiftMs: 240 * HOUR,
    cycleGapMs: 12 * HOUR,
    gracePeriodMs: 1 * HOUR,
    tickSize: 9_331_200,
  },
  deviations: [],
};
