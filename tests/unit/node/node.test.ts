import { describe, expect, it } from 'vitest';
import { resolveJoin, resolveNetwork, NetworkChoiceError } from '../../../src/lib/node/network.ts';
import { UnknownPresetError } from '../../../src/lib/config/errors.ts';

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

  it('takes a devnet layer duration, scaling its timings as smesh devnet does', () => {
    const n = resolveNetwork({
      ...{ preset: 'devnet', genesisTime: '2026-01-01T00:00:00Z' },
      layerDurationMs: 2000,
    });
    expect(n.layerDurationMs).toBe(2000);
    expect(n.hare.roundDurationMs).toBeLessThan(
      resolveNetwork({ preset: 'devnet', genesisTime: '2026-01-01T00:00:00Z' }).hare
        .roundDurationMs,
    );
    for (const bad of [50, 1.5, '2s'])
      expect(() =>
        resolveNetwork({
          preset: 'devnet',
          genesisTime: '2026-01-01T00:00:00Z',
          layerDurationMs: bad,
        }),
      ).toThrow(/layerDurationMs/);
  });

  it('rejects a malformed genesis time', () => {
    expect(() => resolveNetwork({ preset: 'devnet', genesisTime: 'yesterday' })).toThrow(
      /genesis/i,
    );
  });
});

describe('resolveJoin', () => {
  const id = '12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo';
  const base = { preset: 'devnet', genesisTime: '2026-01-01T00:00:00Z' };

  it('takes WebSocket bootstrap addresses and PoET URLs', () => {
    const j = resolveJoin({
      ...base,
      bootstrap: [`/ip4/127.0.0.1/tcp/4001/ws/p2p/${id}`, `/dns4/a.example/tcp/443/wss/p2p/${id}`],
      poets: ['http://127.0.0.1:9100', 'https://poet.example/api'],
    });
    expect(j.network.genesis.time).toBe(base.genesisTime);
    expect(j.bootstrap).toHaveLength(2);
    expect(j.poets).toEqual(['http://127.0.0.1:9100', 'https://poet.example/api']);
  });

  it('defaults to no peers and no PoET', () => {
    expect(resolveJoin(base)).toMatchObject({ bootstrap: [], poets: [] });
  });

  it.each([
    [{ bootstrap: 'x' }, /"bootstrap" must be a list/],
    [{ bootstrap: [`/ip4/127.0.0.1/tcp/4001/p2p/${id}`] }, /bootstrap\[0\] is not a WebSocket/],
    [{ bootstrap: ['/ip4/127.0.0.1/tcp/4001/ws'] }, /bootstrap\[0\]/],
    [{ poets: ['ftp://x'] }, /poets\[0\] is not an http/],
    [{ poets: [7] }, /poets\[0\]/],
  ])('rejects %j with a clear message', (extra, message) => {
    expect(() => resolveJoin({ ...base, ...extra })).toThrow(NetworkChoiceError);
    expect(() => resolveJoin({ ...base, ...extra })).toThrow(message);
  });
});
