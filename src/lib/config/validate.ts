// Sanity checks on a network config before a node runs with it. The rules marked
// "go-spacemesh" are ones go-spacemesh enforces (so a preset that breaks them could not
// run there either); the rest catch values that would make our own code misbehave
// (zero durations, a threshold above its committee, a PoET gap longer than an epoch).
import { InvalidNetworkConfigError } from './errors.ts';
import { MAX_EXTRA_DATA_LENGTH, parseGenesisTime } from './genesis.ts';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { NETWORK_HRPS } from './types.ts';
import type { NetworkConfig, Rational } from './types.ts';

const UINT16_MAX = 0xffff;
const UINT32_MAX = 0xffff_ffff;
const UINT64_MAX = 0xffff_ffff_ffff_ffffn;
// hare3 round numbering (hare3/types.go): notify is round 7 of each iteration.
const HARE_ROUNDS_PER_ITERATION = 7;

export interface ValidateOptions {
  /** Also require a fixed genesis time (needed before a clock or genesis id exists). */
  requireGenesisTime?: boolean;
}

function isInt(v: number, min: number, max = Number.MAX_SAFE_INTEGER): boolean {
  return Number.isSafeInteger(v) && v >= min && v <= max;
}

function isUnitFraction(r: Rational): boolean {
  return isInt(r.num, 1) && isInt(r.den, 1) && r.num <= r.den;
}

/** Every problem with `config`, as sentences; empty when it is valid. */
export function networkConfigProblems(config: NetworkConfig, opts: ValidateOptions = {}): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, problem: string): void => {
    if (!ok) problems.push(problem);
  };

  need(config.name.length > 0, 'name is empty');
  need(
    NETWORK_HRPS.includes(config.hrp),
    `hrp "${config.hrp}" is not one of sm, stest, standalone`,
  );

  // Genesis (go-spacemesh GenesisConfig.Validate: extra data 1..255 bytes).
  const extraLen = utf8ToBytes(config.genesis.extraData).length;
  need(
    extraLen >= 1 && extraLen <= MAX_EXTRA_DATA_LENGTH,
    `genesis extra data must be 1..${MAX_EXTRA_DATA_LENGTH} bytes, is ${extraLen}`,
  );
  if (config.genesis.time === null) {
    need(!opts.requireGenesisTime, 'genesis time is not set');
  } else {
    try {
      parseGenesisTime(config.genesis.time);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }

  // Time.
  need(isInt(config.layerDurationMs, 1), 'layerDurationMs must be a positive integer');
  // Epochs 0 and 1 are the genesis epochs; a 1-layer epoch leaves no room for ballots.
  need(isInt(config.layersPerEpoch, 2, UINT32_MAX), 'layersPerEpoch must be an integer ≥ 2');
  const epochMs = config.layerDurationMs * config.layersPerEpoch;

  // Mesh.
  need(isInt(config.layerAvgSize, 1, UINT32_MAX), 'layerAvgSize must be a positive integer');
  need(isInt(config.txsPerProposal, 1), 'txsPerProposal must be a positive integer');
  need(
    config.blockGasLimit > 0n && config.blockGasLimit <= UINT64_MAX,
    'blockGasLimit must be in 1..2^64-1',
  );
  need(isInt(config.optFilterThreshold, 0, 100), 'optFilterThreshold must be a percentage');

  // Tortoise (go-spacemesh tortoise.New panics when hdist < zdist).
  const t = config.tortoise;
  need(isInt(t.zdist, 1, UINT32_MAX), 'tortoise.zdist must be a positive integer');
  need(isInt(t.hdist, 1, UINT32_MAX) && t.hdist >= t.zdist, 'tortoise.hdist must be ≥ zdist');
  need(isInt(t.windowSize, 1, UINT32_MAX), 'tortoise.windowSize must be a positive integer');
  need(isInt(t.maxExceptions, 0), 'tortoise.maxExceptions must be a non-negative integer');
  need(
    isInt(t.badBeaconVoteDelayLayers, 0, UINT32_MAX),
    'tortoise.badBeaconVoteDelayLayers must be a non-negative integer',
  );
  t.minimalActiveSetWeight.forEach((w, i) => {
    need(
      isInt(w.epoch, 0, UINT32_MAX) && isInt(w.weight, 0),
      `minimalActiveSetWeight[${i}] is malformed`,
    );
    const prev = t.minimalActiveSetWeight[i - 1];
    need(prev === undefined || w.epoch > prev.epoch, 'minimalActiveSetWeight epochs must increase');
  });

  // Hare.
  const h = config.hare;
  need(isInt(h.committee, 1, UINT16_MAX), 'hare.committee must be in 1..65535');
  need(
    h.committeeUpgrade === null ||
      (isInt(h.committeeUpgrade.layer, 0, UINT32_MAX) &&
        isInt(h.committeeUpgrade.size, 1, UINT16_MAX)),
    'hare.committeeUpgrade is malformed',
  );
  need(isInt(h.leaders, 1, UINT16_MAX), 'hare.leaders must be in 1..65535');
  need(isInt(h.iterationsLimit, 1, 255), 'hare.iterationsLimit must be in 1..255');
  need(isInt(h.enableLayer, 0, UINT32_MAX), 'hare.enableLayer must be a layer');
  need(isInt(h.preroundDelayMs, 0), 'hare.preroundDelayMs must be a non-negative integer');
  need(isInt(h.roundDurationMs, 1), 'hare.roundDurationMs must be a positive integer');
  // go-spacemesh hare3 Config.Validate: hare must reach the hardlock of its last iteration
  // within Zdist layers, or the tortoise gives up on it before it can finish.
  const hareTerminatesMs =
    h.preroundDelayMs + h.iterationsLimit * HARE_ROUNDS_PER_ITERATION * h.roundDurationMs;
  need(
    hareTerminatesMs <= t.zdist * config.layerDurationMs,
    `hare terminates after ${hareTerminatesMs} ms, later than zdist (${t.zdist * config.layerDurationMs} ms)`,
  );
  need(
    isInt(config.hareEligibility.confidenceParam, 0, UINT32_MAX),
    'hareEligibility.confidenceParam must be ≥ 0',
  );

  // Certifier (go-spacemesh node.go: threshold = committee/2 + 1).
  const c = config.certifier;
  need(isInt(c.committeeSize, 1, UINT16_MAX), 'certifier.committeeSize must be in 1..65535');
  need(
    c.certifyThreshold === Math.floor(c.committeeSize / 2) + 1,
    'certifier.certifyThreshold must be committeeSize/2 + 1',
  );

  // Beacon.
  const b = config.beacon;
  need(isInt(b.kappa, 1), 'beacon.kappa must be a positive integer');
  need(isUnitFraction(b.q), 'beacon.q must be a fraction in (0, 1]');
  need(isUnitFraction(b.theta), 'beacon.theta must be a fraction in (0, 1]');
  need(isInt(b.roundsNumber, 0, UINT32_MAX), 'beacon.roundsNumber must be ≥ 0');
  for (const key of [
    'gracePeriodMs',
    'proposalDurationMs',
    'firstVotingRoundDurationMs',
    'votingRoundDurationMs',
    'weakCoinRoundDurationMs',
  ] as const) {
    need(isInt(b[key], 0), `beacon.${key} must be a non-negative integer`);
  }
  need(isInt(b.votesLimit, 1), 'beacon.votesLimit must be a positive integer');
  need(
    isInt(b.beaconSyncWeightUnits, 1),
    'beacon.beaconSyncWeightUnits must be a positive integer',
  );

  // PoST (post-rs: difficulty = 2^64·K1/numLabels must stay below 2^64, so K1 < labels).
  const p = config.post;
  need(isInt(p.labelsPerUnit, 1), 'post.labelsPerUnit must be a positive integer');
  need(isInt(p.minNumUnits, 1, UINT32_MAX), 'post.minNumUnits must be a positive integer');
  need(
    isInt(p.maxNumUnits, 1, UINT32_MAX) && p.maxNumUnits >= p.minNumUnits,
    'post.maxNumUnits must be ≥ minNumUnits',
  );
  need(
    isInt(p.k1, 1) && p.k1 < p.labelsPerUnit * p.minNumUnits,
    'post.k1 must be positive and below the smallest label count',
  );
  need(isInt(p.k2, 1), 'post.k2 must be a positive integer');
  need(isInt(p.k3, 1) && p.k3 <= p.k2, 'post.k3 must be in 1..k2');
  if (p.k2pow === 'none') {
    need(p.powDifficulty === null, 'post.powDifficulty must be null when k2pow is none');
  } else {
    need(
      p.powDifficulty !== null && /^[0-9a-f]{64}$/.test(p.powDifficulty),
      'post.powDifficulty must be 32 bytes of lower-case hex',
    );
  }
  const n = p.scrypt.n;
  need(isInt(n, 2) && (n & (n - 1)) === 0, 'post.scrypt.n must be a power of two ≥ 2');
  need(isInt(p.scrypt.r, 1) && isInt(p.scrypt.p, 1), 'post.scrypt r and p must be positive');

  // PoET: a round lasts epoch − cycleGap, so the gap must leave a round.
  const poet = config.poet;
  need(isInt(poet.phaseShiftMs, 0), 'poet.phaseShiftMs must be a non-negative integer');
  need(
    isInt(poet.cycleGapMs, 1) && poet.cycleGapMs < epochMs,
    'poet.cycleGapMs must be in 1..epoch',
  );
  need(
    isInt(poet.gracePeriodMs, 0) && poet.gracePeriodMs < poet.cycleGapMs,
    'poet.gracePeriodMs must be shorter than the cycle gap',
  );
  need(isInt(poet.tickSize, 1), 'poet.tickSize must be a positive integer');

  return problems;
}

/** Throws InvalidNetworkConfigError listing every problem; returns the config otherwise. */
export function validateNetworkConfig<T extends NetworkConfig>(
  config: T,
  opts: ValidateOptions = {},
): T {
  const problems = networkConfigProblems(config, opts);
  if (problems.length > 0) throw new InvalidNetworkConfigError(config.name, problems);
  return config;
}
