// TransactionService over a node with a spawned, funded wallet: parse, estimate, submit (and
// every refusal with go-spacemesh's code, leaving mempool and store unchanged), list pending and
// executed transactions, and the account projection.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { encodeAddress } from '../../../src/lib/crypto/address.ts';
import { ApiError } from '../../../src/lib/api/errors.ts';
import { decodeBase64, encodeBase64 } from '../../../src/lib/api/v2alpha1/shape.ts';
import type { AppliedLayer } from '../../../src/lib/node/applier.ts';
import { selfSpawnTx } from '../../../src/lib/vm/tx/sign.ts';
import { txId } from '../../../src/lib/vm/tx/id.ts';
import type { Transaction } from '../../../src/lib/vm/tx/types.ts';
import { ALICE, ALICE_BALANCE, ALICE_NONCE, BOB, BOB_SK, txNode, type TxNode } from './fixture.ts';

let t: TxNode;
beforeEach(async () => {
  t = await txNode();
});
afterEach(async () => {
  await t.stop();
});

const hrp = () => t.node.parts.network.hrp;
const spend = (nonce: bigint, amount = 1000n, gasPrice = 1n): Transaction => ({
  method: 'spend',
  principal: ALICE,
  nonce,
  gasPrice,
  args: { destination: BOB, amount },
});
const b64 = encodeBase64;

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

/** Nothing reached the mempool, the store or the network. */
async function unchanged(raw: Uint8Array) {
  const id = txId(raw);
  expect(t.node.parts.mempool.has(id)).toBe(false);
  expect(await t.node.parts.txs.has(id)).toBe(false);
  expect(t.gossip.published).toEqual([]);
}

describe('ParseTransaction / EstimateGas', () => {
  it('parses a spend with its header and contents', async () => {
    const raw = t.sign(spend(ALICE_NONCE, 1234n));
    const r = await t.api.call('spacemesh.v2alpha1.TransactionService/ParseTransaction', {
      transaction: b64(raw),
      verify: true,
    });
    expect(r.status).toBeNull();
    expect(r.tx).toMatchObject({
      id: '',
      principal: encodeAddress(ALICE, hrp()),
      method: 16,
      nonce: { counter: String(ALICE_NONCE) },
      gasPrice: '1',
      maxSpend: '1234',
      raw: b64(raw),
      type: 'TRANSACTION_TYPE_SINGLE_SIG_SEND',
      contents: { send: { destination: encodeAddress(BOB, hrp()), amount: '1234' } },
    });
    expect(BigInt(r.tx!.maxGas)).toBeGreaterThan(0n);
    const g = await t.api.call('spacemesh.v2alpha1.TransactionService/EstimateGas', {
      transaction: b64(raw),
    });
    expect(g.recommendedMaxGas).toBe(r.tx!.maxGas);
  });

  it('parses a self-spawn of an unspawned wallet', async () => {
    const { publicKeyOf } = await import('../../../src/lib/crypto/signing.ts');
    const tx = selfSpawnTx('wallet', { publicKey: publicKeyOf(BOB_SK) }, { gasPrice: 1n });
    const r = await t.api.call('spacemesh.v2alpha1.TransactionService/ParseTransaction', {
      transaction: b64(t.sign(tx, BOB_SK)),
      verify: true,
    });
    expect(r.tx!.type).toBe('TRANSACTION_TYPE_SINGLE_SIG_SPAWN');
    expect(r.tx!.contents!.singleSigSpawn!.pubkey).toBe(`0x${bytesToHex(publicKeyOf(BOB_SK))}`);
  });

  it('refuses a mis-signed tx only when asked to verify', async () => {
    const raw = t.sign(spend(ALICE_NONCE), BOB_SK);
    await t.api.call('spacemesh.v2alpha1.TransactionService/ParseTransaction', {
      transaction: b64(raw),
    });
    const e = await refusal(
      t.api.call('spacemesh.v2alpha1.TransactionService/ParseTransaction', {
        transaction: b64(raw),
        verify: true,
      }),
    );
    expect([e.code, e.reason, e.message]).toEqual([3, 'bad-signature', 'signature is invalid']);
  });

  it.each([
    ['empty', new Uint8Array(0), 3, 'empty-transaction', /transaction is empty/],
    ['garbage', new Uint8Array([1, 2, 3]), 3, 'malformed-transaction', /malformed/],
  ])('refuses a %s tx', async (_n, raw, code, reason, msg) => {
    for (const m of [
      'spacemesh.v2alpha1.TransactionService/ParseTransaction',
      'spacemesh.v2alpha1.TransactionService/EstimateGas',
    ] as const) {
      const e = await refusal(t.api.call(m, { transaction: b64(raw) }));
      expect([e.code, e.reason]).toEqual([code, reason]);
      expect(e.message).toMatch(msg);
    }
  });

  it('says NOT_FOUND for a spend from an unspawned account', async () => {
    const tx: Transaction = { ...spend(0n), principal: BOB };
    const e = await refusal(
      t.api.call('spacemesh.v2alpha1.TransactionService/EstimateGas', {
        transaction: b64(t.sign(tx, BOB_SK)),
      }),
    );
    expect([e.code, e.reason, e.message]).toEqual([5, 'not-spawned', 'account is not spawned']);
  });
});

describe('SubmitTransaction', () => {
  it('admits a valid spend: mempool, store, gossip and the projected account', async () => {
    const raw = t.sign(spend(ALICE_NONCE, 1000n));
    const r = await t.api.call('spacemesh.v2alpha1.TransactionService/SubmitTransaction', {
      transaction: b64(raw),
    });
    expect(r.status).toEqual({ code: 0, message: '', details: [] });
    expect(bytesToHex(decodeBase64(r.txId))).toBe(bytesToHex(txId(raw)));
    expect(t.node.parts.mempool.has(txId(raw))).toBe(true);
    expect(t.gossip.published).toHaveLength(1);
    const acc = await t.api.call('spacemesh.v2alpha1.AccountService/List', {
      limit: '10',
      addresses: [encodeAddress(ALICE, hrp())],
    });
    const a = acc.accounts[0]!;
    expect(a.current!.counter).toBe(String(ALICE_NONCE));
    expect(a.projected!.counter).toBe(String(ALICE_NONCE + 1n));
    expect(BigInt(a.projected!.balance)).toBeLessThan(ALICE_BALANCE - 1000n);
    // Submitting it again is idempotent.
    const again = await t.api.call('spacemesh.v2alpha1.TransactionService/SubmitTransaction', {
      transaction: b64(raw),
    });
    expect(again.txId).toBe(r.txId);
    expect(t.gossip.published).toHaveLength(1);
  });

  it.each([
    ['a mis-signed tx', () => t.sign(spend(ALICE_NONCE), BOB_SK), /bad-signature/],
    ['a wrong (used) nonce', () => t.sign(spend(ALICE_NONCE - 1n)), /nonce-too-low/],
    ['a zero gas price', () => t.sign(spend(ALICE_NONCE, 1n, 0n)), /zero-gas-price/],
    ['garbage', () => new Uint8Array([0, 1, 2, 3, 4]), /malformed/],
    [
      'an unspawned principal',
      () => t.sign({ ...spend(0n), principal: BOB }, BOB_SK),
      /not-spawned/,
    ],
    [
      'an unaffordable spend',
      () => t.sign(spend(ALICE_NONCE, ALICE_BALANCE * 2n)),
      /insufficient-balance/,
    ],
  ])('refuses %s with INVALID_ARGUMENT and changes nothing', async (_n, make, msg) => {
    const raw = make();
    const e = await refusal(
      t.api.call('spacemesh.v2alpha1.TransactionService/SubmitTransaction', {
        transaction: b64(raw),
      }),
    );
    expect([e.code, e.reason]).toEqual([3, 'rejected-transaction']);
    expect(e.message).toMatch(/^Failed to verify transaction: /);
    expect(e.message).toMatch(msg);
    await unchanged(raw);
  });

  it('refuses with FAILED_PRECONDITION while the node is not synced', async () => {
    const lagging = await txNode(100);
    try {
      const status = await lagging.api.call('spacemesh.v2alpha1.NodeService/Status');
      expect(status).toMatchObject({ status: 'SYNC_STATUS_SYNCING', currentLayer: 100 });
      const raw = lagging.sign(spend(ALICE_NONCE));
      const e = await refusal(
        lagging.api.call('spacemesh.v2alpha1.TransactionService/SubmitTransaction', {
          transaction: b64(raw),
        }),
      );
      expect([e.code, e.reason, e.httpStatus]).toEqual([9, 'not-synced', 400]);
      expect(e.message).toBe('Cannot submit transaction, node is not in sync yet, try again later');
      expect(lagging.node.parts.mempool.size).toBe(0);
    } finally {
      await lagging.stop();
    }
  });

  it('refuses an empty transaction and bad base64', async () => {
    const e = await refusal(
      t.api.call('spacemesh.v2alpha1.TransactionService/SubmitTransaction', { transaction: '' }),
    );
    expect([e.code, e.reason]).toEqual([3, 'empty-transaction']);
    const f = await refusal(
      t.api.call('spacemesh.v2alpha1.TransactionService/SubmitTransaction', {
        transaction: '!!!',
      }),
    );
    expect([f.code, f.reason]).toEqual([3, 'invalid-argument']);
  });
});

describe('TransactionService.List', () => {
  it('lists a pending tx by address, then its result once its layer is indexed', async () => {
    const raw = t.sign(spend(ALICE_NONCE, 1000n));
    const id = txId(raw);
    await t.api.call('spacemesh.v2alpha1.TransactionService/SubmitTransaction', {
      transaction: b64(raw),
    });
    const alice = encodeAddress(ALICE, hrp());
    const pending = await t.api.call('spacemesh.v2alpha1.TransactionService/List', {
      limit: '10',
      address: alice,
      includeState: true,
      includeResult: true,
    });
    expect(pending.transactions).toHaveLength(1);
    expect(pending.transactions[0]!.txState).toBe('TRANSACTION_STATE_MEMPOOL');
    expect(pending.transactions[0]!.txResult).toBeNull();
    expect(pending.transactions[0]!.tx!.id).toBe(b64(id));

    // A layer that executed it (what the node's 'applied' event carries).
    const header = t.node.parts.mempool.get(id)!.header;
    const applied = {
      layer: 9,
      block: new Uint8Array(20).fill(5),
      stateRoot: new Uint8Array(32),
      stateHash: new Uint8Array(32),
      meshHash: new Uint8Array(32),
      result: {
        layer: 9,
        results: [
          {
            index: 0,
            id,
            header,
            status: 'success',
            gasConsumed: header.maxGas,
            fee: header.maxGas,
            addresses: [ALICE, BOB],
          },
        ],
        ineffective: [],
        rewards: [
          {
            layer: 9,
            coinbase: BOB,
            totalReward: 77n,
            layerReward: 70n,
            smesherId: new Uint8Array(32).fill(1),
          },
        ],
        subsidy: 70n,
        fees: 7n,
        burnt: 0n,
        changed: [],
        stateRoot: new Uint8Array(32),
      },
    } as AppliedLayer;
    await t.api.indexer.indexLayer(applied);
    const bob = encodeAddress(BOB, hrp());
    const done = await t.api.call('spacemesh.v2alpha1.TransactionService/List', {
      limit: '10',
      address: bob,
      includeState: true,
      includeResult: true,
      startLayer: 1,
    });
    expect(done.transactions).toHaveLength(1);
    expect(done.transactions[0]!.txResult).toMatchObject({
      status: 'TRANSACTION_STATUS_SUCCESS',
      layer: 9,
      fee: header.maxGas.toString(),
      touchedAddresses: [alice, bob],
    });
    expect(done.transactions[0]!.txState).toBe('TRANSACTION_STATE_PROCESSED');
    const byId = await t.api.call('spacemesh.v2alpha1.TransactionService/List', {
      limit: '10',
      txid: [b64(id)],
    });
    expect(byId.transactions.map((x) => x.tx!.id)).toEqual([b64(id)]);
    expect(byId.transactions[0]!.txState).toBeUndefined();
    const rewards = await t.api.call('spacemesh.v2alpha1.RewardService/List', {
      limit: '10',
      coinbase: bob,
    });
    expect(rewards.rewards).toEqual([
      {
        layer: 9,
        total: '77',
        layerReward: '70',
        coinbase: bob,
        smesher: b64(new Uint8Array(32).fill(1)),
      },
    ]);
    // A reorg from layer 9 drops what it indexed.
    await t.api.indexer.revertFrom(9);
    const after = await t.api.call('spacemesh.v2alpha1.RewardService/List', { limit: '10' });
    expect(after.rewards).toEqual([]);
    expect(await t.api.indexer.txResult(id)).toBeUndefined();
  });

  it('refuses a bad address and a bad limit', async () => {
    const e = await refusal(
      t.api.call('spacemesh.v2alpha1.TransactionService/List', { limit: '1', address: 'zz' }),
    );
    expect([e.code, e.reason]).toEqual([3, 'bad-address']);
    const f = await refusal(t.api.call('spacemesh.v2alpha1.TransactionService/List', {}));
    expect([f.code, f.reason]).toEqual([3, 'bad-limit']);
  });
});

describe('MalfeasanceService', () => {
  it('lists the smeshers the node found malicious, filtered by id, and streams them', async () => {
    const a = new Uint8Array(32).fill(0xaa);
    const b = new Uint8Array(32).fill(0xbb);
    await t.api.indexer.markMalicious(b);
    await t.api.indexer.markMalicious(a);
    const all = await t.api.call('spacemesh.v2alpha1.MalfeasanceService/List', { limit: '10' });
    expect(all.proofs.map((p) => p.smesher)).toEqual([b64(a), b64(b)]);
    expect(all.proofs[0]).toEqual({
      smesher: b64(a),
      domain: 'DOMAIN_UNSPECIFIED',
      type: 0,
      properties: {},
    });
    const one = await t.api.call('spacemesh.v2alpha1.MalfeasanceService/List', {
      limit: '10',
      smesherId: [b64(b)],
    });
    expect(one.proofs.map((p) => p.smesher)).toEqual([b64(b)]);
    const streamed: string[] = [];
    await t.api.stream(
      'spacemesh.v2alpha1.MalfeasanceStreamService/Stream',
      { smesherId: [b64(a)] },
      { item: (p) => streamed.push(p.smesher) },
    ).done;
    expect(streamed).toEqual([b64(a)]);
    const e = await refusal(
      t.api.call('spacemesh.v2alpha1.MalfeasanceService/List', { limit: '1', smesherId: ['AA=='] }),
    );
    expect([e.code, e.reason]).toEqual([3, 'invalid-argument']);
  });

  it('maps proof types to v2alpha1 domains', async () => {
    const { toMalfeasance } = await import('../../../src/lib/api/convert.ts');
    const id = new Uint8Array(32);
    const proof = (type: number) =>
      ({ layer: 42, proof: { type } }) as unknown as Parameters<typeof toMalfeasance>[1];
    expect(toMalfeasance(id, proof(1)).domain).toBe('DOMAIN_ACTIVATION');
    expect(toMalfeasance(id, proof(2)).domain).toBe('DOMAIN_BALLOT');
    expect(toMalfeasance(id, proof(3))).toMatchObject({
      domain: 'DOMAIN_HARE',
      type: 3,
      properties: { layer: '42' },
    });
    expect(toMalfeasance(id, proof(5)).domain).toBe('DOMAIN_ACTIVATION');
  });
});
