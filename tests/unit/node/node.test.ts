import { describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { resolveNetwork, NetworkChoiceError } from '../../../src/lib/node/network.ts';
import { localApi, SmeshNode } from '../../../src/lib/node/node.ts';
import { UnknownPresetError } from '../../../src/lib/config/errors.ts';
import { VERSION } from '../../../src/lib/version.ts';

describe('resolveNetwork', () => {
  it('fixes the genesis time of a launch-time preset', () => {
    const n = resolveNetwork({ preset: 'devnet', genesisTime: '2026-01-01T00:00:00Z' });
    expect(n.name).toBe('devnet');
    expect(n.genesis.time).toBe('2026-01-01T00:00:00Z');
  });

  it('keeps mainnet as it is', () => {
    expect(resolveNetwork({ preset: 'mainnet' }).genesis.time).toBe('2023-07-14T08:00:00Z');
  });

  it.each([
    [null, NetworkChoiceError],
    ['devnet', NetworkChoiceError],
    [{}, NetworkChoiceError],
    [{ preset: 1 }, NetworkChoiceError],
    [{ preset: 'devnet', genesisTime: 5 }, NetworkChoiceError],
    [{ preset: 'nonet' }, UnknownPresetError],
  ])('rejects %j with a typed error', (raw, type) => {
    expect(() => resolveNetwork(raw)).toThrow(type);
  });

  it('rejects a malformed genesis time', () => {
    expect(() => resolveNetwork({ preset: 'devnet', genesisTime: 'yesterday' })).toThrow(
      /genesis/i,
    );
  });
});

describe('SmeshNode', () => {
  it('answers with version, preset and the genesis id of its network', async () => {
    const node = new SmeshNode({ network: resolveNetwork({ preset: 'mainnet' }), host: 'node' });
    const info = await localApi(node).info();
    expect(info).toEqual({
      version: VERSION,
      preset: 'mainnet',
      genesisId: '9eebff023abb17ccb775c602daade8ed708f0a50',
      hrp: 'sm',
      genesisTime: '2023-07-14T08:00:00Z',
      layerDurationSeconds: 300,
      layersPerEpoch: 4032,
      host: 'node',
    });
    expect(bytesToHex(node.genesisId)).toBe(info.genesisId);
  });
});
