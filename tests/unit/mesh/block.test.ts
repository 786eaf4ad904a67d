// Block generation and execution. The tx order is checked against vectors/consensus_fixtures.json
// block_tx_order (go-spacemesh blocks/utils_test.go Test_getBlockTXs_expected_order); rewards,
// tick height, mesh-hash filtering and pruning against hand-computed values; execution runs the
// real VM on signed wallet transactions. Refusals leave the store unchanged.
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { blake3 } from '@noble/hashes/blake3.js';
import { AtxStore } from '../../../src/lib/mesh/atx/store.ts';
import type { AtxHeader } from '../../../src/lib/mesh/atx/store.ts';
import { BlockError } from '../../../src/lib/mesh/block/errors.ts';
import { BlockExecutor } from '../../../src/lib/mesh/block/execute.ts';
import { blockSeed, generateBlock } from '../../../src/lib/mesh/block/generator.ts';
import type {
  BlockGeneratorConfig,
  BlockGeneratorSources,
} from '../../../src/lib/mesh/block/generator.ts';
import { BlockStore } from '../../../src/lib/mesh/block/store.ts';
import { orderBlockTxs } from '../../../src/lib/mesh/block/tx-order.ts';
import type { TxOrderInfo } from '../../../src/lib/mesh/block/tx-order.ts';
import { collect } from '../../../src/lib/store/iterate.ts';
import { MemoryStore } from '../../../src/lib/store/memory.ts';
import type { Store } from '../../../src/lib/store/interface.ts';
import type { Block } from '../../../src/lib/types/block.ts';
import { blockId } from '../../../src/lib/types/block.ts';
import type { Proposal } from '../../../src/lib/types/proposal.ts';
import { proposalId } from '../../../src/lib/types/proposal.ts';
import { applyGenesis, genesisAccounts } from '../../../src/lib/vm/genesis.ts';
import { MemoryStateStore } from '../../../src/lib/vm/state/memory.ts';
import { txId } from '../../../src/lib/vm/tx/index.ts';
import { Vm } from '../../../src/lib/vm/vm.ts';
import { loadVectors } from '../vectors.ts';
import {
  FIRST_LAYER,
  GENESIS_ID,
  LAYERS_PER_EPOCH,
  key,
  sink,
  walletAddress,
  walletSpawn,
  walletSpend,
} from '../vm/templates/harness.ts';

interface Fixture {
  block_tx_order: {
    blockSeedHex: string;
    txs_in_generation_order: { principal: string; nonce: number; txId: string }[];
    expectedOrder: string[];
  };
}
const fx = loadVectors<Fixture>('consensus_fixtures.json').block_tx_order;

const tx = (id: number, principal: number, nonce: bigint, gasPrice = 1n, maxGas = 10n) => ({
  id: new Uint8Array(32).fill(id),
  principal: new Uint8Array(24).fill(principal),
  nonce,
  gasPrice,
  maxGas,
  maxSpend: 0n,
});

describe('orderBlockTxs (getBlockTXs)', () => {
  it('reproduces go-spacemesh Test_getBlockTXs_expected_order', () => {
    const txs: TxOrderInfo[] = fx.txs_in_generation_order.map((t) => ({
      id: hexToBytes(t.txId),
      principal: hexToBytes(t.principal),
      nonce: BigInt(t.nonce),
      gasPrice: 1n,
      maxGas: 1n,
      maxSpend: 0n,
    }));
    const got = orderBlockTxs(txs, hexToBytes(fx.blockSeedHex), 0n, 0n).map(bytesToHex);
    expect(got).toEqual(fx.expectedOrder);
    // The order does not depend on the order txs arrive in.
    const again = orderBlockTxs([...txs].reverse(), hexToBytes(fx.blockSeedHex), 0n, 0n);
    expect(again.map(bytesToHex)).toEqual(fx.expectedOrder);
  });

  it('keeps each principal’s nonce order and every tx', () => {
    const txs = [
      tx(0x90, 1, 2n),
      tx(0x10, 1, 0n),
      tx(0x50, 1, 1n),
      tx(0x20, 2, 5n),
      tx(0x30, 3, 0n),
      tx(0x05, 2, 4n),
    ];
    for (let s = 0; s < 8; s++) {
      const seed = blake3(Uint8Array.of(s));
      const out = orderBlockTxs(txs, seed, 0n, 0n).map((b) => b[0]!);
      expect([...out].sort((a, b) => a - b)).toEqual([0x05, 0x10, 0x20, 0x30, 0x50, 0x90]);
      const p1 = out.filter((x) => [0x10, 0x50, 0x90].includes(x));
      expect(p1).toEqual([0x10, 0x50, 0x90]);
      const p2 = out.filter((x) => [0x05, 0x20].includes(x));
      expect(p2).toEqual([0x05, 0x20]);
    }
  });

  it('of equal fees at one nonce keeps the lower blake3(seed ‖ id); skips what the balance cannot cover', () => {
    const seed = blake3(Uint8Array.of(2));
    const a = tx(1, 1, 0n);
    const b = tx(2, 1, 0n);
    const want =
      bytesToHex(blake3(new Uint8Array([...seed, ...a.id]))) <
      bytesToHex(blake3(new Uint8Array([...seed, ...b.id])))
        ? a
        : b;
    expect(orderBlockTxs([a, b], seed, 0n, 0n)).toEqual([want.id]);
    expect(orderBlockTxs([b, a], seed, 0n, 0n)).toEqual([want.id]);
    // spending 2^64 - 1 exhausts the balance: the next nonce is skipped, a later affordable one kept
    const big = { ...tx(3, 2, 0n), maxSpend: 0xffffffffffffffffn - 10n };
    const next = tx(4, 2, 1n, 1n, 1n);
    const free = { ...tx(5, 2, 2n, 0n, 10n) };
    const out = orderBlockTxs([big, next, free], seed, 0n, 0n).map((x) => x[0]);
    expect([...out].sort()).toEqual([3, 5]);
  });

  it('keeps the higher fee of two txs with one nonce', () => {
    const out = orderBlockTxs(
      [tx(1, 1, 0n, 1n), tx(2, 1, 0n, 5n)],
      blake3(Uint8Array.of(1)),
      0n,
      0n,
    );
    expect(out.map((b) => b[0])).toEqual([2]);
  });

  it('prunes where the gas left falls under the minimum tx gas', () => {
    const txs = [tx(1, 1, 0n), tx(2, 2, 0n), tx(3, 3, 0n), tx(4, 4, 0n), tx(5, 5, 0n)];
    const seed = blake3(Uint8Array.of(9));
    const full = orderBlockTxs(txs, seed, 0n, 10n);
    expect(full).toHaveLength(5);
    // 35 → 25 → 15 → 5 (< 10): three txs fit.
    expect(orderBlockTxs(txs, seed, 35n, 10n)).toEqual(full.slice(0, 3));
    expect(orderBlockTxs(txs, seed, 9n, 10n)).toEqual([]);
  });
});

function atxHeader(i: number, weight: bigint, baseTickHeight: bigint): AtxHeader {
  return {
    id: new Uint8Array(32).fill(i),
    smesher: new Uint8Array(32).fill(0x40 + i),
    publishEpoch: 1,
    sequence: 0n,
    prevAtx: new Uint8Array(32),
    numUnits: 1,
    effectiveNumUnits: 1,
    baseTickHeight,
    tickCount: 1n,
    weight,
    commitmentAtx: new Uint8Array(32).fill(0xcc),
    vrfNonce: 0n,
    coinbase: sink(i),
  };
}

function proposal(
  layer: number,
  atx: AtxHeader,
  proofs: number,
  txIDs: Uint8Array[],
  meshHash = new Uint8Array(32),
): Proposal {
  return {
    ballot: {
      layer,
      atxID: atx.id,
      opinionHash: new Uint8Array(32),
      refBallot: new Uint8Array(20),
      epochData: {
        activeSetHash: new Uint8Array(32).fill(1),
        beacon: Uint8Array.of(1, 2, 3, 4),
        eligibilityCount: 4,
      },
      signature: new Uint8Array(64),
      smesherID: atx.smesher,
      votes: { base: new Uint8Array(20), support: [], against: [], abstain: [] },
      eligibilityProofs: Array.from({ length: proofs }, (_, j) => ({ j, sig: new Uint8Array(80) })),
      activeSet: [],
    },
    txIDs,
    meshHash,
    signature: new Uint8Array(64),
  };
}

describe('generateBlock', () => {
  const layer = 25;
  const a = atxHeader(0x0a, 10n, 100n);
  const b = atxHeader(0x05, 12n, 300n);
  const txs = [tx(1, 1, 0n), tx(2, 2, 0n), tx(3, 1, 1n)];
  const cfg: BlockGeneratorConfig = { gasLimit: 1000n, minTxGas: 10n, optFilterThreshold: 90 };
  const sources = (own?: Uint8Array): BlockGeneratorSources => ({
    atxHeader: (id) => Promise.resolve([a, b].find((h) => bytesToHex(h.id) === bytesToHex(id))),
    epochData: (ballot) => Promise.resolve(ballot.epochData ?? undefined),
    tx: (id) => Promise.resolve(txs.find((t) => bytesToHex(t.id) === bytesToHex(id))),
    meshHash: () => Promise.resolve(own),
  });

  it('rewards by ATX weight per eligibility, the highest base tick height, the tx union in getBlockTXs order', async () => {
    const props = [
      proposal(layer, a, 1, [txs[0]!.id, txs[2]!.id]),
      proposal(layer, b, 2, [txs[1]!.id, txs[0]!.id]),
    ];
    const ids = props.map(proposalId);
    const out = await generateBlock(layer, props, ids, cfg, sources());
    expect(out).not.toBeNull();
    const { block, optimisticFilter } = out!;
    expect(optimisticFilter).toBe(false);
    expect(block.layerIndex).toBe(layer);
    expect(block.tickHeight).toBe(300n);
    // a: 10 · 1 / 4 = 5/2; b: 12 · 2 / 4 = 6/1; in ATX id order (0x05… before 0x0a…).
    expect(block.rewards).toEqual([
      { atxID: b.id, weight: { num: 6n, denom: 1n } },
      { atxID: a.id, weight: { num: 5n, denom: 2n } },
    ]);
    const want = orderBlockTxs(txs, blake3(new Uint8Array([...ids[0]!, ...ids[1]!])), 1000n, 10n);
    expect(block.txIDs).toEqual(want);
    expect(block.txIDs).toHaveLength(3);
    expect(blockSeed(ids)).toEqual(blake3(new Uint8Array([...ids[0]!, ...ids[1]!])));
  });

  it('an empty proposal set is an empty layer', async () => {
    expect(await generateBlock(layer, [], [], cfg, sources())).toBeNull();
  });

  it('refuses two proposals with one ATX, unknown txs and ATXs, proposals of another layer', async () => {
    const gen = (props: Proposal[]) =>
      generateBlock(layer, props, props.map(proposalId), cfg, sources());
    const reason = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (e) {
        expect(e).toBeInstanceOf(BlockError);
        return (e as BlockError).reason;
      }
      return 'resolved';
    };
    expect(await reason(gen([proposal(layer, a, 1, []), proposal(layer, a, 2, [])]))).toBe(
      'duplicate-atx',
    );
    expect(await reason(gen([proposal(layer, a, 1, [new Uint8Array(32).fill(0xee)])]))).toBe(
      'unknown-tx',
    );
    expect(await reason(gen([proposal(layer, atxHeader(0x77, 1n, 0n), 1, [])]))).toBe(
      'unknown-atx',
    );
    expect(await reason(gen([proposal(layer + 1, a, 1, [])]))).toBe('wrong-layer');
  });

  it('optimistic filtering: a majority mesh hash equal to ours skips gas pruning; another one is refused', async () => {
    const mh = new Uint8Array(32).fill(0x33);
    const small: BlockGeneratorConfig = { ...cfg, gasLimit: 15n };
    const props = [
      proposal(
        layer,
        a,
        1,
        txs.map((t) => t.id),
        mh,
      ),
      proposal(layer, b, 1, [], mh),
    ];
    const ids = props.map(proposalId);
    // No majority (empty mesh hashes): pruned by gas, 15 → 5 < 10 leaves one tx.
    const plain = [
      proposal(
        layer,
        a,
        1,
        txs.map((t) => t.id),
      ),
      proposal(layer, b, 1, []),
    ];
    const pruned = await generateBlock(layer, plain, plain.map(proposalId), small, sources(mh));
    expect(pruned!.optimisticFilter).toBe(false);
    expect(pruned!.block.txIDs).toHaveLength(1);
    // A majority but no mesh hash of our own for the previous layer: refused.
    await expect(generateBlock(layer, props, ids, small, sources())).rejects.toMatchObject({
      reason: 'bad-mesh-hash',
    });
    const filtered = await generateBlock(layer, props, ids, small, sources(mh));
    expect(filtered!.optimisticFilter).toBe(true);
    expect(filtered!.block.txIDs).toHaveLength(3);
    await expect(
      generateBlock(layer, props, ids, small, sources(new Uint8Array(32).fill(0x34))),
    ).rejects.toMatchObject({ reason: 'bad-mesh-hash' });
  });
});

async function dump(store: Store): Promise<string[]> {
  return (await collect(store.iterate())).map((e) => `${bytesToHex(e.key)}=${bytesToHex(e.value)}`);
}

describe('BlockExecutor', () => {
  const alice = key(7);
  const A = walletAddress(alice);

  async function setup() {
    const store = new MemoryStore();
    const atxs = new AtxStore(store);
    const atx = atxHeader(0x0c, 10n, 0n);
    await store.batch(atxs.addOps(atx, new Uint8Array([1]), true));
    const state = new MemoryStateStore();
    await applyGenesis(state, genesisAccounts([{ address: A, balance: 10_000_000n }]));
    const vm = new Vm(state, {
      genesisId: GENESIS_ID,
      layersPerEpoch: LAYERS_PER_EPOCH,
      gasLimit: 100_000_000n,
    });
    const raws = [walletSpawn(alice), walletSpend(alice, sink(0x99), 1234n, 1n)];
    const byId = new Map(raws.map((r) => [bytesToHex(txId(r)), r]));
    const exec = new BlockExecutor(store, vm, {
      atxs,
      rawTx: (id) => Promise.resolve(byId.get(bytesToHex(id))),
    });
    const block: Block = {
      layerIndex: FIRST_LAYER,
      tickHeight: 0n,
      rewards: [{ atxID: atx.id, weight: { num: 1n, denom: 1n } }],
      txIDs: raws.map(txId),
    };
    return { store, state, exec, block, atx };
  }

  it('applies the block through the VM, pays the ATX coinbase, records the layer', async () => {
    const { store, state, exec, block, atx } = await setup();
    const r = await exec.execute(FIRST_LAYER, block);
    expect(r.results.map((x) => x.status)).toEqual(['success', 'success']);
    expect(state.get(sink(0x99)).balance).toBe(1234n);
    expect(r.rewards).toHaveLength(1);
    expect(r.rewards[0]!.coinbase).toEqual(atx.coinbase);
    expect(r.rewards[0]!.smesherId).toEqual(atx.smesher);
    expect(state.get(atx.coinbase).balance).toBe(r.rewards[0]!.totalReward);
    expect(r.rewards[0]!.totalReward).toBe(r.subsidy + r.fees);
    const blocks = new BlockStore(store);
    expect(await blocks.applied(FIRST_LAYER)).toEqual(blockId(block));
    expect(await blocks.stateHash(FIRST_LAYER)).toEqual(r.stateRoot);
    expect(await blocks.get(blockId(block))).toEqual(block);
    expect(await blocks.layerIds(FIRST_LAYER)).toEqual([blockId(block)]);
  });

  it('applies an empty layer with no rewards', async () => {
    const { store, exec } = await setup();
    const r = await exec.execute(FIRST_LAYER, null);
    expect(r.rewards).toEqual([]);
    expect(await new BlockStore(store).applied(FIRST_LAYER)).toBeNull();
  });

  it('refuses an applied layer, a missing tx or ATX, a block of another layer; the store unchanged', async () => {
    const { store, exec, block } = await setup();
    await exec.execute(FIRST_LAYER, block);
    const before = await dump(store);
    await expect(exec.execute(FIRST_LAYER, block)).rejects.toMatchObject({
      reason: 'layer-applied',
    });
    const next = FIRST_LAYER + 1;
    await expect(
      exec.execute(next, { ...block, layerIndex: next, txIDs: [new Uint8Array(32).fill(1)] }),
    ).rejects.toMatchObject({ reason: 'unknown-tx' });
    await expect(
      exec.execute(next, {
        ...block,
        layerIndex: next,
        rewards: [{ atxID: new Uint8Array(32).fill(3), weight: { num: 1n, denom: 1n } }],
      }),
    ).rejects.toMatchObject({ reason: 'unknown-atx' });
    await expect(exec.execute(next, block)).rejects.toMatchObject({ reason: 'wrong-layer' });
    expect(await dump(store)).toEqual(before);
  });
});

describe('BlockExecutor.recordMeshHash', () => {
  it('starts the chain at the effective genesis layer and chains every later layer', async () => {
    const store = new MemoryStore();
    const state = new MemoryStateStore();
    const vm = new Vm(state, {
      genesisId: GENESIS_ID,
      layersPerEpoch: LAYERS_PER_EPOCH,
      gasLimit: 1n,
    });
    const exec = new BlockExecutor(store, vm, {
      atxs: new AtxStore(store),
      rawTx: () => Promise.resolve(undefined),
    });
    const g = FIRST_LAYER;
    const before = await dump(store);
    await expect(exec.recordMeshHash(g + 1, { abstain: true }, g)).rejects.toMatchObject({
      reason: 'layer-gap',
    });
    expect(await dump(store)).toEqual(before);
    const support = [{ id: new Uint8Array(20).fill(1), height: 5n }];
    const h0 = await exec.recordMeshHash(g, { abstain: false, support }, g);
    expect(h0).toEqual(blake3(new Uint8Array([...support[0]!.id, 5, 0, 0, 0, 0, 0, 0, 0])));
    const h1 = await exec.recordMeshHash(g + 1, { abstain: true }, g);
    expect(h1).toEqual(blake3(new Uint8Array([...h0, 0])));
    expect(await exec.blocks.meshHash(g + 1)).toEqual(h1);
    expect(await exec.blocks.lastMeshHash()).toEqual({ layer: g + 1, hash: h1 });
  });
});

describe('BlockStore', () => {
  it('keeps mesh hashes per layer and finds the last one', async () => {
    const store = new MemoryStore();
    const blocks = new BlockStore(store);
    expect(await blocks.lastMeshHash()).toBeUndefined();
    await store.batch([
      blocks.meshHashOp(20, new Uint8Array(32).fill(1)),
      blocks.meshHashOp(300, new Uint8Array(32).fill(3)),
      blocks.meshHashOp(21, new Uint8Array(32).fill(2)),
    ]);
    expect(await blocks.meshHash(21)).toEqual(new Uint8Array(32).fill(2));
    expect(await blocks.lastMeshHash()).toEqual({ layer: 300, hash: new Uint8Array(32).fill(3) });
  });
});
