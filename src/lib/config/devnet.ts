// Our browser-scale network. The protocol is mainnet's; the sizes are chosen so that a tab
// can initialise PoST in seconds, a PoET round fits in an epoch of under two minutes, and
// a handful of nodes reach hare and tortoise agreement over WebRTC/WebSocket gossip.
// Relations go-spacemesh checks still hold (hare terminates within Zdist layers, see
// validate.ts), and every departure from go-spacemesh is listed in `deviations`.
import type { NetworkConfig } from './types.ts';

export const devnet: NetworkConfig = {
  name: 'devnet',
  // Spacemesh wallets accept only sm / stest / standalone; a test network uses stest.
  hrp: 'stest',
  // `smesh devnet` and the simulation pick the time at launch (see withGenesis).
  genesis: { time: null, extraData: 'smesh-devnet' },
  layerDurationMs: 10_000,
  // Ten layers: an epoch of 100 s still has room for beacon rounds and an ATX cycle.
  layersPerEpoch: 10,
  layerAvgSize: 50,
  txsPerProposal: 700,
  blockGasLimit: 100_107_000n,
  optFilterThreshold: 90,
  tortoise: {
    // Mainnet's Hdist of 10 would be a whole epoch here; 4 keeps self-healing quick.
    hdist: 4,
    zdist: 2,
    windowSize: 1000,
    maxExceptions: 1000,
    badBeaconVoteDelayLayers: 10, // one epoch, as tortoise.Config advises
    minimalActiveSetWeight: [],
  },
  hare: {
    enableLayer: 0,
    committee: 50, // mainnet's size since its 2024 committee upgrade
    committeeUpgrade: null,
    leaders: 5,
    iterationsLimit: 4,
    // 2 s + 4·7·0.5 s = 16 s ≤ Zdist·layer = 20 s (hare3 Config.Validate).
    preroundDelayMs: 2_000,
    roundDurationMs: 500,
    protocolName: '/h/3.0',
  },
  hareEligibility: { confidenceParam: 2 },
  certifier: { committeeSize: 50, certifyThreshold: 26 },
  beacon: {
    kappa: 40,
    q: { num: 1, den: 3 },
    theta: { num: 1, den: 4 },
    // Real voting rounds (mainnet takes its beacon from a central feed instead).
    roundsNumber: 4,
    gracePeriodMs: 20_000,
    proposalDurationMs: 4_000,
    firstVotingRoundDurationMs: 10_000,
    votingRoundDurationMs: 4_000,
    weakCoinRoundDurationMs: 4_000,
    votesLimit: 100,
    beaconSyncWeightUnits: 10,
  },
  post: {
    labelsPerUnit: 4096, // 64 KiB per unit
    minNumUnits: 1,
    maxNumUnits: 64,
    // K1 > K2 so one nonce group almost always finds enough labels (as standalone does).
    k1: 12,
    k2: 4,
    // Labels are cheap at N = 512, so verifiers re-check every index.
    k3: 4,
    k2pow: 'none',
    powDifficulty: null,
    // 64 KiB per label instead of 1 MiB; post_labels.json has vectors at N = 512.
    scrypt: { n: 512, r: 1, p: 1 },
  },
  poet: {
    // Round = 100 s − 20 s gap, ending 30 s into the next epoch: 70 s left to publish.
    phaseShiftMs: 50_000,
    cycleGapMs: 20_000,
    gracePeriodMs: 5_000,
    tickSize: 1000,
  },
  deviations: [
    'no k2pow: RandomX is out of scope in a browser, so PoST proofs carry no k2 proof of work',
    'PoST scrypt N = 512 (mainnet 8192) and 4096 labels per unit (mainnet 2^32)',
    'seconds-long layers (10 s) and 10-layer epochs; hare rounds scaled to match',
    'beacon runs real voting rounds (mainnet uses the bootstrap feed)',
  ],
};
