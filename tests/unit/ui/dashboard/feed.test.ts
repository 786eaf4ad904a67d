// The dashboard feed against a fake node API: the initial state read from every page of the
// List methods (limit ≤ 100), the streams opened where the listing ended, stream items (with
// repeats of listed ones) folded in, accounts re-read on each applied layer, and a failed stream
// reopened from where it got to.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DashboardFeed } from '../../../../src/lib/ui/dashboard/feed.svelte.ts';
import type { SmeshApi, StreamListener } from '../../../../src/lib/api/interface.ts';
import type { Account } from '../../../../src/lib/api/v2alpha1/account.ts';
import type { Activation } from '../../../../src/lib/api/v2alpha1/activation.ts';
import type { Reward } from '../../../../src/lib/api/v2alpha1/reward.ts';
import type { Layer } from '../../../../src/lib/api/v2alpha1/layer.ts';
import type { TransactionResponse } from '../../../../src/lib/api/v2alpha1/tx.ts';

const atx = (id: string, smesher: string, publishEpoch: number, weight: number): Activation => ({
  id,
  smesherId: smesher,
  publishEpoch,
  coinbase: 'cb',
  weight: String(weight),
  height: '1',
  numUnits: 2,
});
const reward = (layer: number, smesher: string): Reward => ({
  layer,
  total: String(1000 + layer),
  layerReward: '1000',
  coinbase: 'cb',
  smesher,
});
const layer = (n: number): Layer => ({
  number: n,
  status: 'LAYER_STATUS_APPLIED',
  consensusHash: '',
  stateHash: '',
  cumulativeStateHash: '',
  block: null,
});
const tx = (id: string, l: number): TransactionResponse => ({
  tx: {
    id,
    principal: '',
    template: '',
    method: 16,
    nonce: null,
    maxGas: '0',
    gasPrice: '0',
    maxSpend: '0',
    raw: '',
    type: 'TRANSACTION_TYPE_SINGLE_SIG_SEND',
    contents: null,
  },
  txResult: {
    status: 'TRANSACTION_STATUS_SUCCESS',
    message: '',
    gasConsumed: '0',
    fee: '0',
    block: '',
    layer: l,
    touchedAddresses: [],
  },
});
const account = (i: number, balance: number): Account => ({
  address: `acc${i}`,
  current: { counter: '0', balance: String(balance), layer: 1 },
  projected: null,
  template: '',
});

interface OpenStream {
  method: string;
  request: Record<string, unknown>;
  listener: StreamListener<unknown>;
  closed: boolean;
}

/** A node API answering from arrays, with the services' limit cap. */
class FakeApi {
  atxs: Activation[] = [];
  rewards: Reward[] = [];
  txs: TransactionResponse[] = [];
  accounts: Account[] = [];
  layers: Layer[] = [];
  streams: OpenStream[] = [];
  calls: string[] = [];

  info() {
    return Promise.resolve({} as never);
  }

  call(method: string, req: Record<string, string | number | undefined> = {}) {
    this.calls.push(method);
    const limit = Number(req.limit ?? 0);
    if (method !== 'spacemesh.v2alpha1.NetworkService/Info' && (limit < 1 || limit > 100))
      return Promise.reject(new Error('limit is capped at 100'));
    const pageOf = <T>(xs: T[]) =>
      xs.slice(Number(req.offset ?? 0), Number(req.offset ?? 0) + limit);
    switch (method) {
      case 'spacemesh.v2alpha1.NetworkService/Info':
        return Promise.resolve({ layersPerEpoch: 10, labelsPerUnit: '256' });
      case 'spacemesh.v2alpha1.LayerService/List':
        return Promise.resolve({ layers: pageOf([...this.layers].reverse()) });
      case 'spacemesh.v2alpha1.ActivationService/List':
        return Promise.resolve({ activations: pageOf(this.atxs) });
      case 'spacemesh.v2alpha1.RewardService/List':
        return Promise.resolve({ rewards: pageOf(this.rewards) });
      case 'spacemesh.v2alpha1.TransactionService/List':
        return Promise.resolve({ transactions: pageOf(this.txs) });
      case 'spacemesh.v2alpha1.AccountService/List':
        return Promise.resolve({ accounts: pageOf(this.accounts) });
    }
    return Promise.reject(new Error(`unexpected ${method}`));
  }

  stream(method: string, request: Record<string, unknown>, listener: StreamListener<unknown>) {
    const s: OpenStream = { method, request, listener, closed: false };
    this.streams.push(s);
    return { close: () => (s.closed = true), done: Promise.resolve() };
  }

  open(name: string): OpenStream {
    const s = this.streams.filter((x) => x.method.includes(name) && !x.closed).at(-1);
    if (s === undefined) throw new Error(`no open ${name} stream`);
    return s;
  }
}

let fake: FakeApi;
let feed: DashboardFeed;

beforeEach(() => {
  vi.useFakeTimers();
  fake = new FakeApi();
  for (let i = 0; i < 130; i++) fake.rewards.push(reward(20 + Math.floor(i / 2), `s${i % 2}`));
  fake.atxs = [atx('a', 's0', 1, 10), atx('b', 's1', 1, 30), atx('c', 's0', 2, 10)];
  fake.txs = [tx('t1', 22), tx('t2', 31)];
  for (let i = 0; i < 120; i++) fake.accounts.push(account(i, 5));
  for (let i = 0; i <= 84; i++) fake.layers.push(layer(i));
  feed = new DashboardFeed(fake as unknown as SmeshApi);
});

afterEach(() => {
  feed.stop();
  vi.useRealTimers();
});

describe('DashboardFeed', () => {
  it('reads every page, then opens the four streams where the listing ended', async () => {
    await feed.start();
    await vi.advanceTimersByTimeAsync(500);
    expect(feed.loading).toBe(false);
    expect(feed.error).toBeUndefined();
    expect(feed.live).toBe(4);
    const t = feed.aggregate!.tiles(3);
    expect(t.rewardsTotal).toBe(fake.rewards.reduce((s, r) => s + BigInt(r.total), 0n));
    expect(t.accounts).toBe(120);
    expect(t.circulation).toBe(600n);
    expect(t.smeshers).toBe(1);
    expect(feed.aggregate!.tiles(2).smeshers).toBe(2);
    expect(t.lastAppliedLayer).toBe(84);
    expect(fake.open('LayerStream').request).toMatchObject({ startLayer: 84, watch: true });
    expect(fake.open('ActivationStream').request).toMatchObject({ startEpoch: 2, watch: true });
    expect(fake.open('RewardStream').request).toMatchObject({ startLayer: 84, watch: true });
    expect(fake.open('TransactionStream').request).toMatchObject({ startLayer: 31, watch: true });
  });

  it('folds stream items in: the same as reading everything again', async () => {
    await feed.start();
    const v = feed.version;
    // History overlap (already listed) and new items.
    const more = [reward(84, 's0'), reward(84, 's1'), reward(85, 's0'), reward(86, 's1')];
    for (const r of more) fake.open('RewardStream').listener.item(r);
    fake.open('ActivationStream').listener.item(atx('c', 's0', 2, 10));
    fake.open('ActivationStream').listener.item(atx('d', 's1', 2, 50));
    fake.open('TransactionStream').listener.item(tx('t2', 31));
    fake.open('TransactionStream').listener.item(tx('t3', 85));
    fake.accounts.push(account(500, 7));
    fake.open('LayerStream').listener.item(layer(85));
    await vi.advanceTimersByTimeAsync(500);
    expect(feed.version).toBeGreaterThan(v);

    fake.rewards.push(...more.filter((r) => r.layer > 84)); // layer 84 was listed
    fake.atxs.push(atx('d', 's1', 2, 50));
    fake.txs.push(tx('t3', 85));
    fake.layers.push(layer(85));
    const again = new DashboardFeed(fake as unknown as SmeshApi);
    await again.start();
    for (const e of [2, 3, 4]) expect(feed.aggregate!.tiles(e)).toEqual(again.aggregate!.tiles(e));
    expect(feed.aggregate!.series(8)).toEqual(again.aggregate!.series(8));
    expect(feed.aggregate!.tiles(3).accounts).toBe(121);
    again.stop();
  });

  it('reopens a failed stream from where it got to', async () => {
    await feed.start();
    const s = fake.open('RewardStream');
    s.listener.item(reward(90, 's0'));
    s.listener.end?.(new Error('connection reset'));
    expect(feed.live).toBe(3);
    expect(feed.error).toMatch(/RewardStreamService\/Stream: connection reset/);
    await vi.advanceTimersByTimeAsync(3_100);
    expect(feed.live).toBe(4);
    expect(feed.error).toBeUndefined();
    expect(fake.open('RewardStream').request).toMatchObject({ startLayer: 90, watch: true });
  });

  it('shows why when the node cannot be read, and stops cleanly', async () => {
    fake.call = (() => Promise.reject(new Error('node unreachable'))) as FakeApi['call'];
    await feed.start();
    expect(feed.error).toBe('node unreachable');
    expect(feed.loading).toBe(true);
    feed.stop();
    expect(fake.streams).toEqual([]);
  });

  it('closes its streams on stop and opens no more', async () => {
    await feed.start();
    feed.stop();
    expect(fake.streams.every((s) => s.closed)).toBe(true);
    const n = fake.streams.length;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(fake.streams.length).toBe(n);
  });
});
