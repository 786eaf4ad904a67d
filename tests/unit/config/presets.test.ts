import { describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { PRESET_NAMES, getPreset, isPresetName, presets } from '../../../src/lib/config/presets.ts';
import { configGenesisId, withGenesis } from '../../../src/lib/config/genesis.ts';
import { InvalidNetworkConfigError, UnknownPresetError } from '../../../src/lib/config/errors.ts';
import { networkConfigProblems, validateNetworkConfig } from '../../../src/lib/config/validate.ts';
import type { NetworkConfig } from '../../../src/lib/config/types.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Reads a dotted path ("hare.committee") out of a config. */
function at(config: NetworkConfig, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], config);
}

// Written from go-spacemesh v1.7.6 config/mainnet.go (and the defaults it relies on,
// cited per line), in go-spacemesh's own units converted to ms. Kept apart from the preset
// so that a typo in either one shows up here.
const GO_SPACEMESH_MAINNET: Record<string, unknown> = {
  hrp: 'sm', // NetworkHRP
  'genesis.time': '2023-07-14T08:00:00Z',
  'genesis.extraData': '00000000000000000001a6bc150307b5c1998045752b3c87eccf3c013036f3cc',
  layerDurationMs: 5 * MINUTE,
  layerAvgSize: 50,
  layersPerEpoch: 4032,
  txsPerProposal: 700,
  blockGasLimit: 100107000n,
  optFilterThreshold: 90,
  'poet.tickSize': 9331200,
  'tortoise.hdist': 10,
  'tortoise.zdist': 2,
  'tortoise.windowSize': 4032,
  'tortoise.maxExceptions': 1000,
  'tortoise.badBeaconVoteDelayLayers': 4032,
  'tortoise.minimalActiveSetWeight': [{ epoch: 0, weight: 1_000_000 }],
  'hare.committee': 400,
  'hare.enableLayer': 35117,
  'hare.committeeUpgrade': { layer: 105_720, size: 50 },
  'hare.leaders': 5, // hare3.DefaultConfig
  'hare.iterationsLimit': 4, // hare3.DefaultConfig
  'hare.preroundDelayMs': 25 * SECOND, // hare3.DefaultConfig
  'hare.roundDurationMs': 12 * SECOND, // hare3.DefaultConfig
  'hare.protocolName': '/h/3.0', // hare3.DefaultConfig
  'hareEligibility.confidenceParam': 200,
  'certifier.committeeSize': 200,
  'certifier.certifyThreshold': 101, // node.go: CommitteeSize/2 + 1
  'beacon.kappa': 40,
  'beacon.q': { num: 1, den: 3 },
  'beacon.theta': { num: 1, den: 4 },
  'beacon.gracePeriodMs': 10 * MINUTE,
  'beacon.proposalDurationMs': 4 * MINUTE,
  'beacon.firstVotingRoundDurationMs': 30 * MINUTE,
  'beacon.roundsNumber': 0,
  'beacon.votingRoundDurationMs': 4 * MINUTE,
  'beacon.weakCoinRoundDurationMs': 4 * MINUTE,
  'beacon.votesLimit': 100,
  'beacon.beaconSyncWeightUnits': 800,
  'poet.phaseShiftMs': 240 * HOUR,
  'poet.cycleGapMs': 12 * HOUR,
  'poet.gracePeriodMs': 1 * HOUR,
  'post.minNumUnits': 4,
  'post.maxNumUnits': 4294967295, // math.MaxUint32
  'post.labelsPerUnit': 4294967296,
  'post.k1': 26,
  'post.k2': 37,
  'post.k3': 1,
  'post.powDifficulty': '000dfb23b0979b4b000000000000000000000000000000000000000000000000',
  'post.k2pow': 'randomx',
  'post.scrypt': { n: 8192, r: 1, p: 1 }, // post config.DefaultLabelParams
};

// go-spacemesh v1.7.6 config/presets/testnet.go.
const GO_SPACEMESH_TESTNET: Record<string, unknown> = {
  hrp: 'stest',
  'genesis.time': '2023-09-13T18:00:00Z',
  'genesis.extraData': '0000000000000000000000c76c58ebac180989673fd6d237b40e66ed5c976ec3',
  layerDurationMs: 5 * MINUTE,
  layersPerEpoch: 288,
  layerAvgSize: 50,
  'poet.tickSize': 666514,
  'tortoise.windowSize': 10000,
  'tortoise.minimalActiveSetWeight': [{ epoch: 0, weight: 10_000 }],
  'hare.enableLayer': 7366,
  'hare.committee': 800, // hare3.DefaultConfig
  'hare.protocolName': '',
  'hareEligibility.confidenceParam': 20,
  'beacon.roundsNumber': 20,
  'poet.phaseShiftMs': 12 * HOUR,
  'poet.cycleGapMs': 2 * HOUR,
  'poet.gracePeriodMs': 10 * MINUTE,
  'post.minNumUnits': 2,
  'post.labelsPerUnit': 1024,
  'post.k1': 26,
  'post.k2': 37,
  'post.k3': 1,
  'certifier.committeeSize': 200,
};

// go-spacemesh v1.7.6 config/presets/standalone.go over config.DefaultConfig().
const GO_SPACEMESH_STANDALONE: Record<string, unknown> = {
  hrp: 'standalone',
  'genesis.extraData': 'standalone',
  layerDurationMs: 6 * SECOND,
  layersPerEpoch: 10,
  layerAvgSize: 50,
  'hare.preroundDelayMs': 1 * SECOND,
  'hare.roundDurationMs': 100,
  'tortoise.hdist': 2,
  'tortoise.zdist': 2,
  'hareEligibility.confidenceParam': 2,
  'post.k1': 12,
  'post.k2': 4,
  'post.k3': 1,
  'post.labelsPerUnit': 64,
  'post.maxNumUnits': 2,
  'post.minNumUnits': 1,
  'beacon.kappa': 40,
  'beacon.theta': { num: 1, den: 4 },
  'beacon.firstVotingRoundDurationMs': 10 * SECOND,
  'beacon.gracePeriodMs': 30 * SECOND,
  'beacon.proposalDurationMs': 2 * SECOND,
  'beacon.votingRoundDurationMs': 2 * SECOND,
  'beacon.weakCoinRoundDurationMs': 2 * SECOND,
  'beacon.roundsNumber': 4,
  'beacon.beaconSyncWeightUnits': 10,
  'beacon.votesLimit': 100,
  'poet.gracePeriodMs': 12 * SECOND,
  'poet.cycleGapMs': 30 * SECOND,
  'poet.phaseShiftMs': 30 * SECOND,
  'poet.tickSize': 100, // defaultBaseConfig
  txsPerProposal: 100, // defaultBaseConfig
  blockGasLimit: 2n ** 64n - 1n, // defaultBaseConfig: math.MaxUint64
  'certifier.committeeSize': 800, // node.go: falls back to the hare committee
};

describe('presets match go-spacemesh', () => {
  const tables: [string, Record<string, unknown>][] = [
    ['mainnet', GO_SPACEMESH_MAINNET],
    ['testnet', GO_SPACEMESH_TESTNET],
    ['standalone', GO_SPACEMESH_STANDALONE],
  ];
  for (const [name, table] of tables) {
    it(name, () => {
      const config = getPreset(name);
      for (const [path, expected] of Object.entries(table)) {
        expect(at(config, path), `${name}.${path}`).toEqual(expected);
      }
    });
  }

  it('mainnet genesis id is 9eebff023abb17ccb775c602daade8ed708f0a50', () => {
    expect(bytesToHex(configGenesisId(presets.mainnet))).toBe(
      '9eebff023abb17ccb775c602daade8ed708f0a50',
    );
  });

  it('testnet genesis id is computed from its genesis, and differs from mainnet', () => {
    const id = bytesToHex(configGenesisId(presets.testnet));
    expect(id).toMatch(/^[0-9a-f]{40}$/);
    expect(id).not.toBe(bytesToHex(configGenesisId(presets.mainnet)));
  });

  it('mainnet hare committee upgrade lands on July 15, 2024, 10:00 UTC (mainnet.go comment)', () => {
    const m = presets.mainnet;
    const upgrade = m.hare.committeeUpgrade?.layer ?? 0;
    const at = Date.parse(m.genesis.time ?? '') + upgrade * m.layerDurationMs;
    expect(new Date(at).toISOString()).toBe('2024-07-15T10:00:00.000Z');
  });
});

describe('devnet', () => {
  it('is browser-scale and says where it departs from go-spacemesh', () => {
    const d = presets.devnet;
    expect(d.hrp).toBe('stest');
    expect(d.layerDurationMs).toBeLessThan(MINUTE);
    expect(d.layersPerEpoch).toBeLessThanOrEqual(32);
    expect(d.post.labelsPerUnit).toBeGreaterThanOrEqual(100);
    expect(d.post.labelsPerUnit).toBeLessThan(10_000);
    expect(d.post.scrypt.n).toBeLessThan(8192);
    expect(d.post.k2pow).toBe('none');
    expect(d.post.powDifficulty).toBeNull();
    expect(d.deviations.some((line) => /RandomX/.test(line))).toBe(true);
  });
});

describe('getPreset', () => {
  it('returns each preset by name', () => {
    expect(PRESET_NAMES).toEqual(['mainnet', 'testnet', 'standalone', 'devnet']);
    for (const name of PRESET_NAMES) {
      expect(getPreset(name)).toBe(presets[name]);
      expect(getPreset(name).name).toBe(name);
      expect(isPresetName(name)).toBe(true);
    }
  });

  it('throws UnknownPresetError for anything else', () => {
    for (const bad of ['Mainnet', 'toString', '__proto__', '']) {
      expect(isPresetName(bad)).toBe(false);
      expect(() => getPreset(bad)).toThrow(UnknownPresetError);
    }
    try {
      getPreset('fastnet');
    } catch (e) {
      expect(e).toBeInstanceOf(UnknownPresetError);
      expect((e as UnknownPresetError).preset).toBe('fastnet');
      expect((e as UnknownPresetError).known).toContain('devnet');
    }
  });

  it('presets are deeply frozen', () => {
    const m = presets.mainnet as { -readonly [K in keyof NetworkConfig]: NetworkConfig[K] };
    expect(() => {
      m.layersPerEpoch = 1;
    }).toThrow(TypeError);
    expect(() => {
      (m.hare as { committee: number }).committee = 1;
    }).toThrow(TypeError);
    expect(presets.mainnet.layersPerEpoch).toBe(4032);
  });
});

describe('validation', () => {
  it('every preset is valid', () => {
    for (const name of PRESET_NAMES) expect(networkConfigProblems(presets[name]), name).toEqual([]);
  });

  it('networks with a fixed genesis pass requireGenesisTime; launched ones after withGenesis', () => {
    for (const name of ['mainnet', 'testnet'] as const) {
      expect(() =>
        validateNetworkConfig(presets[name], { requireGenesisTime: true }),
      ).not.toThrow();
    }
    for (const name of ['standalone', 'devnet'] as const) {
      expect(() => validateNetworkConfig(presets[name], { requireGenesisTime: true })).toThrow(
        InvalidNetworkConfigError,
      );
      const launched = withGenesis(presets[name], { time: '2030-01-01T00:00:00Z' });
      expect(validateNetworkConfig(launched, { requireGenesisTime: true })).toBe(launched);
    }
  });

  type Mutable = { -readonly [K in keyof NetworkConfig]: NetworkConfig[K] };
  const broken: [string, (c: Mutable) => void, RegExp][] = [
    ['zero layer duration', (c) => (c.layerDurationMs = 0), /layerDurationMs/],
    ['fractional layer duration', (c) => (c.layerDurationMs = 1.5), /layerDurationMs/],
    ['one layer per epoch', (c) => (c.layersPerEpoch = 1), /layersPerEpoch/],
    ['unknown hrp', (c) => (c.hrp = 'smx' as 'sm'), /hrp/],
    ['empty extra data', (c) => (c.genesis = { ...c.genesis, extraData: '' }), /extra data/],
    [
      'long extra data',
      (c) => (c.genesis = { ...c.genesis, extraData: 'x'.repeat(256) }),
      /extra data/,
    ],
    ['bad genesis time', (c) => (c.genesis = { ...c.genesis, time: '2023-07-14' }), /RFC 3339/],
    ['zero gas limit', (c) => (c.blockGasLimit = 0n), /blockGasLimit/],
    ['gas limit over u64', (c) => (c.blockGasLimit = 2n ** 64n), /blockGasLimit/],
    ['hdist below zdist', (c) => (c.tortoise = { ...c.tortoise, hdist: 1 }), /hdist/],
    [
      'min weights out of order',
      (c) =>
        (c.tortoise = {
          ...c.tortoise,
          minimalActiveSetWeight: [
            { epoch: 5, weight: 1 },
            { epoch: 5, weight: 2 },
          ],
        }),
      /must increase/,
    ],
    [
      'hare too slow for zdist',
      (c) => (c.hare = { ...c.hare, roundDurationMs: 30_000 }),
      /hare terminates/,
    ],
    ['hare committee zero', (c) => (c.hare = { ...c.hare, committee: 0 }), /hare.committee/],
    [
      'hare committee over uint16',
      (c) => (c.hare = { ...c.hare, committee: 65536 }),
      /hare.committee/,
    ],
    [
      'certifier threshold wrong',
      (c) => (c.certifier = { committeeSize: 200, certifyThreshold: 100 }),
      /certifyThreshold/,
    ],
    ['beacon q over 1', (c) => (c.beacon = { ...c.beacon, q: { num: 4, den: 3 } }), /beacon.q/],
    [
      'beacon theta zero',
      (c) => (c.beacon = { ...c.beacon, theta: { num: 0, den: 1 } }),
      /beacon.theta/,
    ],
    ['k3 above k2', (c) => (c.post = { ...c.post, k3: 38 }), /k3/],
    ['k1 above labels', (c) => (c.post = { ...c.post, labelsPerUnit: 4, minNumUnits: 1 }), /k1/],
    ['max units below min', (c) => (c.post = { ...c.post, maxNumUnits: 3 }), /maxNumUnits/],
    ['pow without k2pow', (c) => (c.post = { ...c.post, k2pow: 'none' }), /powDifficulty/],
    [
      'k2pow without difficulty',
      (c) => (c.post = { ...c.post, powDifficulty: null }),
      /powDifficulty/,
    ],
    ['short difficulty', (c) => (c.post = { ...c.post, powDifficulty: 'ff' }), /powDifficulty/],
    [
      'scrypt n not a power of two',
      (c) => (c.post = { ...c.post, scrypt: { n: 8191, r: 1, p: 1 } }),
      /scrypt.n/,
    ],
    [
      'cycle gap of an epoch',
      (c) => (c.poet = { ...c.poet, cycleGapMs: 4032 * 5 * MINUTE }),
      /cycleGapMs/,
    ],
    [
      'grace over cycle gap',
      (c) => (c.poet = { ...c.poet, gracePeriodMs: 13 * HOUR }),
      /gracePeriodMs/,
    ],
    ['zero tick size', (c) => (c.poet = { ...c.poet, tickSize: 0 }), /tickSize/],
  ];
  for (const [what, mutate, message] of broken) {
    it(`rejects ${what}`, () => {
      const copy = structuredClone(presets.mainnet) as Mutable;
      mutate(copy);
      const problems = networkConfigProblems(copy);
      expect(
        problems.some((p) => message.test(p)),
        problems.join('; '),
      ).toBe(true);
      expect(() => validateNetworkConfig(copy)).toThrow(InvalidNetworkConfigError);
    });
  }

  it('reports every problem at once', () => {
    const copy = { ...presets.devnet, layerDurationMs: 0, layersPerEpoch: 0 };
    try {
      validateNetworkConfig(copy);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidNetworkConfigError);
      expect((e as InvalidNetworkConfigError).problems.length).toBeGreaterThanOrEqual(2);
      expect((e as InvalidNetworkConfigError).network).toBe('devnet');
    }
  });
});
