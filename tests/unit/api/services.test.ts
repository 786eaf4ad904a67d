// Every read service over a simulated node with real ATXs, layers and rewards, checked against
// what the node itself holds.
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { encodeAddress } from '../../../src/lib/crypto/address.ts';
import { ApiError } from '../../../src/lib/api/errors.ts';
import { UNARY } from '../../../src/lib/api/methods.ts';
import { checkMessage, decodeBase64 } from '../../../src/lib/api/v2alpha1/shape.ts';
import type { Layer } from '../../../src/lib/api/v2alpha1/layer.ts';
import { simApi, SIM_NODES, type SimApi } from './fixture.ts';

let s: SimApi;
beforeAll(async () => {
  s = await simApi();
}, 120_000);

const hex = (b64: string) => bytesToHex(decodeBase64(b64));

async function rejects(p: Promise<unknown>, code: number, reason: string, message?: RegExp) {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ApiError);
  expect((e as ApiError).code).toBe(code);
  expect((e as ApiError).reason).toBe(reason);
  if (message !== undefined) expect((e as ApiError).message).toMatch(message);
}

describe('NodeService / NetworkService', () => {
  it('Status reports the node layers and peers', async () => {
    const r = await s.api.call('spacemesh.v2alpha1.NodeService/Status');
    expect(checkMessage(UNARY['spacemesh.v2alpha1.NodeService/Status'][1], r)).toEqual([]);
    expect(r.connectedPeers).toBe('2');
    expect(r.appliedLayer).toBe(s.node.lastApplied);
    expect(r.processedLayer).toBe(s.node.parts.tortoise.processedLayer());
    expect(r.currentLayer).toBe(s.node.parts.clock.currentLayer());
  });

  it('Info gives the network', async () => {
    const r = await s.api.call('spacemesh.v2alpha1.NetworkService/Info');
    const n = s.node.parts.network;
    expect(r.hrp).toBe(n.hrp);
    expect(r.layersPerEpoch).toBe(n.layersPerEpoch);
    expect(r.effectiveGenesisLayer).toBe(2 * n.layersPerEpoch - 1);
    expect(hex(r.genesisId)).toBe(bytesToHex(s.node.parts.genesisId));
    expect(r.layerDuration).toMatch(/^\d+(\.\d+)?s$/);
    expect(Date.parse(r.genesisTime)).toBeGreaterThan(0);
  });
});

describe('LayerService', () => {
  it('lists executed layers with their block and hashes, both orders, paged', async () => {
    const applied = s.node.applied;
    expect(applied.length).toBeGreaterThan(2);
    const asc = await s.api.call('spacemesh.v2alpha1.LayerService/List', { limit: '100' });
    expect(asc.layers.map((l) => l.number)).toEqual(applied.map((a) => a.layer));
    const withBlock = asc.layers.find((l) => l.block !== null)!;
    const a = applied.find((x) => x.layer === withBlock.number)!;
    expect(hex(withBlock.block!.id)).toBe(bytesToHex(a.block!));
    expect(hex(withBlock.cumulativeStateHash)).toBe(bytesToHex(a.meshHash));
    expect(withBlock.status).toBe('LAYER_STATUS_VERIFIED');
    const desc = await s.api.call('spacemesh.v2alpha1.LayerService/List', {
      limit: '2',
      offset: '1',
      sortOrder: 'DESC',
    });
    expect(desc.layers.map((l) => l.number)).toEqual(
      [...applied]
        .reverse()
        .slice(1, 3)
        .map((x) => x.layer),
    );
  });

  it.each([
    ['0', /limit must be set/],
    ['101', /capped at 100/],
  ])('refuses limit %s', async (limit, msg) => {
    await rejects(
      s.api.call('spacemesh.v2alpha1.LayerService/List', { limit }),
      3,
      'bad-limit',
      msg,
    );
  });
});

describe('ActivationService', () => {
  it('lists every ATX, counts them per epoch and finds the highest', async () => {
    const all = await s.api.call('spacemesh.v2alpha1.ActivationService/List', { limit: '100' });
    // Each smesher publishes one ATX per epoch from epoch 0 to the run's last but one.
    expect(all.activations.length).toBeGreaterThanOrEqual(SIM_NODES * 2);
    const epochs = all.activations.map((a) => a.publishEpoch);
    expect(epochs).toEqual([...epochs].sort((x, y) => x - y));
    const e1 = all.activations.filter((a) => a.publishEpoch === 1);
    const count = await s.api.call('spacemesh.v2alpha1.ActivationService/ActivationsCount', {
      epoch: 1,
    });
    expect(count.count).toBe(e1.length);
    const total = await s.api.call('spacemesh.v2alpha1.ActivationService/ActivationsCount');
    expect(total.count).toBe(all.activations.length);
    const h = await s.api.call('spacemesh.v2alpha1.ActivationService/Highest');
    const max = Math.max(...all.activations.map((a) => Number(a.height)));
    expect(Number(h.activation!.height)).toBe(max);
  });

  it('filters by smesher and coinbase', async () => {
    const all = await s.api.call('spacemesh.v2alpha1.ActivationService/List', { limit: '100' });
    const one = all.activations[0]!;
    const bySmesher = await s.api.call('spacemesh.v2alpha1.ActivationService/List', {
      limit: '100',
      smesherId: [one.smesherId],
    });
    expect(bySmesher.activations.every((a) => a.smesherId === one.smesherId)).toBe(true);
    expect(bySmesher.activations.length).toBe(
      all.activations.filter((a) => a.smesherId === one.smesherId).length,
    );
    const byCoinbase = await s.api.call('spacemesh.v2alpha1.ActivationService/List', {
      limit: '100',
      coinbase: one.coinbase,
    });
    expect(byCoinbase.activations.map((a) => a.id)).toEqual(bySmesher.activations.map((a) => a.id));
  });

  it('refuses a bad coinbase and a short id', async () => {
    await rejects(
      s.api.call('spacemesh.v2alpha1.ActivationService/List', { limit: '1', coinbase: 'nope' }),
      3,
      'bad-address',
    );
    await rejects(
      s.api.call('spacemesh.v2alpha1.ActivationService/List', { limit: '1', id: ['AAAA'] }),
      3,
      'invalid-argument',
      /expected 32 bytes/,
    );
  });
});

describe('RewardService', () => {
  it('lists the rewards the node paid, by coinbase and by smesher', async () => {
    const paid = s.node.applied.flatMap((a) => a.result.rewards);
    expect(paid.length).toBeGreaterThan(0);
    const all: string[] = [];
    for (let offset = 0; ; offset += 100) {
      const r = await s.api.call('spacemesh.v2alpha1.RewardService/List', {
        limit: '100',
        offset: String(offset),
      });
      all.push(...r.rewards.map((x) => `${x.layer}:${x.coinbase}:${x.total}`));
      if (r.rewards.length < 100) break;
    }
    const hrp = s.node.parts.network.hrp;
    expect(all.sort()).toEqual(
      paid.map((r) => `${r.layer}:${encodeAddress(r.coinbase, hrp)}:${r.totalReward}`).sort(),
    );
    const first = paid[0]!;
    const cb = encodeAddress(first.coinbase, hrp);
    const mine = await s.api.call('spacemesh.v2alpha1.RewardService/List', {
      limit: '100',
      coinbase: cb,
      sortOrder: 'DESC',
    });
    expect(mine.rewards.length).toBeGreaterThan(0);
    expect(mine.rewards.every((r) => r.coinbase === cb)).toBe(true);
    const layers = mine.rewards.map((r) => r.layer);
    expect(layers).toEqual([...layers].sort((a, b) => b - a));
    const bySmesher = await s.api.call('spacemesh.v2alpha1.RewardService/List', {
      limit: '100',
      smesher: mine.rewards[0]!.smesher,
    });
    expect(bySmesher.rewards.length).toBe(mine.rewards.length);
  });

  it('refuses coinbase and smesher together, and a bad coinbase', async () => {
    await rejects(
      s.api.call('spacemesh.v2alpha1.RewardService/List', {
        limit: '1',
        coinbase: 'x',
        smesher: 'AAAA',
      }),
      3,
      'invalid-argument',
      /oneof/,
    );
    await rejects(
      s.api.call('spacemesh.v2alpha1.RewardService/List', { limit: '1', coinbase: 'sm1qqq' }),
      3,
      'bad-address',
    );
  });
});

describe('AccountService', () => {
  it('lists the coinbase accounts with balances equal to the rewards received', async () => {
    const hrp = s.node.parts.network.hrp;
    const list = await s.api.call('spacemesh.v2alpha1.AccountService/List', { limit: '100' });
    expect(list.accounts.length).toBeGreaterThan(0);
    for (const a of list.accounts) {
      const earned = s.node.applied
        .flatMap((x) => x.result.rewards)
        .filter((r) => encodeAddress(r.coinbase, hrp) === a.address)
        .reduce((sum, r) => sum + r.totalReward, 0n);
      expect(a.current!.balance).toBe(earned.toString());
      expect(a.projected!.balance).toBe(a.current!.balance);
    }
    const layers = list.accounts.map((a) => a.current!.layer);
    expect(layers).toEqual([...layers].sort((x, y) => y - x));
  });

  it('filters by address and refuses a bad one', async () => {
    const list = await s.api.call('spacemesh.v2alpha1.AccountService/List', { limit: '100' });
    const one = list.accounts[0]!.address;
    const r = await s.api.call('spacemesh.v2alpha1.AccountService/List', {
      limit: '10',
      addresses: [one, one],
    });
    expect(r.accounts.map((a) => a.address)).toEqual([one]);
    await rejects(
      s.api.call('spacemesh.v2alpha1.AccountService/List', { limit: '1', addresses: ['bad'] }),
      3,
      'bad-address',
    );
  });
});

describe('MalfeasanceService', () => {
  it('lists nobody in an honest run', async () => {
    const r = await s.api.call('spacemesh.v2alpha1.MalfeasanceService/List', { limit: '10' });
    expect(r.proofs).toEqual([]);
  });
});

describe('SmesherService (v1)', () => {
  it('says the node smeshes, with its id', async () => {
    expect(await s.api.call('spacemesh.v1.SmesherService/IsSmeshing')).toEqual({
      isSmeshing: true,
    });
    const ids = await s.api.call('spacemesh.v1.SmesherService/SmesherIDs');
    expect(ids.publicKeys.map(hex)).toEqual([bytesToHex(s.node.nodeId!)]);
  });

  it('gives the epoch eligibilities and the next one', async () => {
    const e = await s.api.call('spacemesh.v1.SmesherService/Eligibilities');
    expect(e.epoch).toBe(s.node.parts.builder!.session!.epoch);
    const total = e.eligibilities.reduce((n, x) => n + x.count, 0);
    expect(total).toBeGreaterThan(0);
    const n = await s.api.call('spacemesh.v1.SmesherService/NextReward');
    const current = s.node.parts.clock.currentLayer();
    const upcoming = e.eligibilities.filter((x) => x.layer >= current);
    if (upcoming.length === 0) expect(n.layer).toBeUndefined();
    else expect(n.layer).toBe(upcoming[0]!.layer);
  });

  it('refuses start / stop as unimplemented', async () => {
    await rejects(s.api.call('spacemesh.v1.SmesherService/StartSmeshing'), 12, 'unimplemented');
    await rejects(s.api.call('spacemesh.v1.SmesherService/StopSmeshing'), 12, 'unimplemented');
  });

  it('answers NOT_STARTED PoST setup when the host knows none', async () => {
    const r = await s.api.call('spacemesh.v1.SmesherService/PostSetupStatus');
    expect(r.status!.state).toBe('STATE_NOT_STARTED');
  });
});

/** Collects a stream until it ends. */
function collect<T>(open: (l: { item(v: T): void; end(e?: unknown): void }) => unknown) {
  return new Promise<{ items: T[]; error?: unknown }>((resolve) => {
    const items: T[] = [];
    open({ item: (v) => items.push(v), end: (error) => resolve({ items, error }) });
  });
}

describe('streams', () => {
  it('watching streams saw every layer, reward and ATX as it happened', async () => {
    const layers = await s.api.call('spacemesh.v2alpha1.LayerService/List', { limit: '100' });
    expect(s.live.layers.map((l) => l.number)).toEqual(layers.layers.map((l) => l.number));
    const rewards = s.node.applied.flatMap((a) => a.result.rewards);
    expect(s.live.rewards).toHaveLength(rewards.length);
    const atxs = await s.api.call('spacemesh.v2alpha1.ActivationService/List', { limit: '100' });
    expect(s.live.atxs.map((a) => a.id).sort()).toEqual(atxs.activations.map((a) => a.id).sort());
  });

  it('history streams end after the stored items, filtered like the lists', async () => {
    const from = s.node.applied[1]!.layer;
    const layers = await collect<Layer>((l) =>
      s.api.stream(
        'spacemesh.v2alpha1.LayerStreamService/Stream',
        { startLayer: from, endLayer: from + 1 },
        l,
      ),
    );
    expect(layers.error).toBeUndefined();
    expect(layers.items.map((l) => l.number)).toEqual([from, from + 1]);
    const list = await s.api.call('spacemesh.v2alpha1.ActivationService/List', {
      limit: '100',
      startEpoch: 1,
      endEpoch: 1,
    });
    const atxs = await collect((l) =>
      s.api.stream(
        'spacemesh.v2alpha1.ActivationStreamService/Stream',
        { startEpoch: 1, endEpoch: 1 },
        l,
      ),
    );
    expect(atxs.items).toEqual(list.activations);
    const cb = s.live.rewards[0]!.coinbase;
    const rewards = await collect((l) =>
      s.api.stream('spacemesh.v2alpha1.RewardStreamService/Stream', { coinbase: cb }, l),
    );
    expect(rewards.items.length).toBe(s.live.rewards.filter((r) => r.coinbase === cb).length);
    const mal = await collect((l) =>
      s.api.stream('spacemesh.v2alpha1.MalfeasanceStreamService/Stream', {}, l),
    );
    expect(mal.items).toEqual([]);
    const txs = await collect((l) =>
      s.api.stream('spacemesh.v2alpha1.TransactionStreamService/Stream', {}, l),
    );
    expect(txs.items).toEqual([]);
  });

  it('refuses a bad stream filter before streaming', () => {
    expect(() =>
      s.api.stream(
        'spacemesh.v2alpha1.RewardStreamService/Stream',
        { coinbase: 'bad' },
        { item() {} },
      ),
    ).toThrow(ApiError);
  });
});
