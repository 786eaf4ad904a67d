// The devnet faucet: drips as real spends through the node's API, per-address and per-client
// limits over a sliding window (on an injected clock), self-spawn once funded, refusals with
// their codes, the HTTP route on the API server, and devnet-only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaucetRefused, startFaucet } from '../../../src/cli/api/faucet.ts';
import { startApiServer, type ApiServer } from '../../../src/cli/api/server.ts';
import { ApiError, GrpcCode } from '../../../src/lib/api/errors.ts';
import { Faucet, FAUCET_PATH, requestDrip } from '../../../src/lib/api/faucet.ts';
import { devnet } from '../../../src/lib/config/devnet.ts';
import { mainnet } from '../../../src/lib/config/mainnet.ts';
import { decodeAddress, encodeAddress } from '../../../src/lib/crypto/address.ts';
import { Topic } from '../../../src/lib/p2p/interface.ts';
import { decodeTx } from '../../../src/lib/vm/tx/index.ts';
import { newWallet, secretKeyOf } from '../../../src/lib/wallet/accounts.ts';
import { PHRASE_A } from '../wallet/cli-harness.ts';
import { devnetFaucetSeed, faucetAddress } from '../../../src/lib/wallet/faucet-key.ts';
import { FAUCET_SEED, SMH, walletNode, type WalletNode } from '../wallet/online-node.ts';

let net: WalletNode;
let clock = 0;
const DAY = 86_400_000;

beforeAll(async () => {
  net = await walletNode();
}, 60_000);
afterAll(() => net?.stop());

function faucet(seed: Uint8Array = FAUCET_SEED, amount = 5n * SMH): Faucet {
  return new Faucet({
    api: net.api,
    secretKey: seed,
    genesisId: net.node.parts.genesisId,
    hrp: net.hrp,
    amount,
    perAddress: { count: 2, windowMs: DAY },
    perClient: { count: 3, windowMs: DAY },
    now: () => clock,
  });
}

const addr = (i: number) => encodeAddress(new Uint8Array(24).fill(i, 4), net.hrp);

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error('expected a refusal');
}

function lastTx() {
  const txs = net.gossip.published.filter((p) => p.topic === Topic.TX);
  return decodeTx(txs[txs.length - 1]!.data);
}

describe('Faucet', () => {
  it('drips spends with consecutive nonces; per-address and per-client limits hold', async () => {
    clock = 1_000;
    const f = faucet();
    expect(f.addressText).toBe(net.faucet);
    const first = await f.drip({ address: addr(1) }, 'c1');
    expect(first.amount).toBe(String(5n * SMH));
    const t = lastTx();
    expect(t.tx).toMatchObject({ method: 'spend', nonce: 0n });
    expect(t.tx.principal).toEqual(decodeAddress(net.faucet));
    expect(t.tx.method === 'spend' && t.tx.args.destination).toEqual(decodeAddress(addr(1)));
    // Concurrent drips are serialized: each gets its own nonce.
    await Promise.all([f.drip({ address: addr(1) }, 'c2'), f.drip({ address: addr(2) }, 'c2')]);
    const nonces = net.gossip.published
      .filter((p) => p.topic === Topic.TX)
      .slice(-3)
      .map((p) => decodeTx(p.data).tx.nonce);
    expect(nonces).toEqual([0n, 1n, 2n]);
    // addr(1) had two: the third within the window is refused.
    const perAddress = await refusal(f.drip({ address: addr(1) }, 'c3'));
    expect(perAddress.code).toBe(GrpcCode.RESOURCE_EXHAUSTED);
    expect(perAddress.reason).toBe('faucet-limited');
    expect(perAddress.message).toMatch(/address/);
    // c2 has two; one more, then the client limit.
    await f.drip({ address: addr(3) }, 'c2');
    const perClient = await refusal(f.drip({ address: addr(4) }, 'c2'));
    expect(perClient.reason).toBe('faucet-limited');
    expect(perClient.message).toMatch(/client/);
    // A day later the window has passed.
    clock += DAY;
    await f.drip({ address: addr(1) }, 'c2');
  });

  it('refuses bad addresses without touching its limits', async () => {
    const f = faucet();
    for (const body of [
      {},
      { address: 'nonsense' },
      { address: encodeAddress(new Uint8Array(24), 'sm') },
      null,
    ]) {
      const e = await refusal(f.drip(body, 'c9'));
      expect(e.code).toBe(GrpcCode.INVALID_ARGUMENT);
      expect(e.reason).toBe('bad-address');
    }
  });

  it('an unfunded faucet is not ready; a funded unspawned one spawns itself first', async () => {
    const empty = faucet(new Uint8Array(32).fill(0x77));
    const e = await refusal(empty.drip({ address: addr(5) }, 'c5'));
    expect(e.code).toBe(GrpcCode.UNAVAILABLE);
    expect(e.reason).toBe('faucet-not-ready');
    expect(e.message).toMatch(/no coins/);
    expect(await empty.spawnIfFunded()).toBe(false);
    // PHRASE_A's key 0 wallet is funded and unspawned in online-node.ts: as a faucet it spawns.
    const w = await newWallet({ mnemonic: PHRASE_A, displayName: 't', created: 'now' });
    const f = faucet(new Uint8Array(secretKeyOf(w.secrets.keys[0]!)));
    const spawning = await refusal(f.drip({ address: addr(6) }, 'c6'));
    expect(spawning.reason).toBe('faucet-not-ready');
    expect(spawning.message).toMatch(/spawning/);
    expect(lastTx().tx).toMatchObject({ method: 'spawn', template: 'wallet', nonce: 0n });
    // With the spawn pending it does not submit another.
    expect(await f.spawnIfFunded()).toBe(false);
  });

  it('an empty faucet says so', async () => {
    const f = faucet(FAUCET_SEED, 10_000n * SMH);
    const e = await refusal(f.drip({ address: addr(7) }, 'c7'));
    expect(e.code).toBe(GrpcCode.FAILED_PRECONDITION);
    expect(e.reason).toBe('faucet-empty');
  });
});

describe('the faucet on the API server', () => {
  let server: ApiServer;
  afterAll(() => server?.close());

  it('serves Drip over HTTP once mounted, devnets only', async () => {
    server = await startApiServer({ api: net.api, port: 0, rateLimit: null });
    // Not mounted yet: unknown path.
    const missing = await refusal(requestDrip(server.url, addr(8)));
    expect(missing.code).toBe(GrpcCode.NOT_FOUND);
    await expect(
      startFaucet({ server, network: mainnet, secretKey: FAUCET_SEED, log: () => {} }),
    ).rejects.toBeInstanceOf(FaucetRefused);
    // The test node's network is a simulation preset; the faucet checks the network it is
    // given, so hand it the devnet config for the same node.
    const running = await startFaucet({
      server,
      network: devnet,
      secretKey: FAUCET_SEED,
      perAddress: { count: 1, windowMs: DAY },
      log: () => {},
    });
    try {
      const r = await requestDrip(server.url, addr(8));
      expect(r.txId).toMatch(/^[0-9a-f]{64}$/);
      expect(r.amount).toBe('100000000000');
      const again = await refusal(requestDrip(server.url, addr(8)));
      expect(again.code).toBe(GrpcCode.RESOURCE_EXHAUSTED);
      expect(again.httpStatus).toBe(429);
      expect(again.message).toMatch(/faucet limit/);
      const bad = await refusal(requestDrip(server.url, 'x'));
      expect(bad.code).toBe(GrpcCode.INVALID_ARGUMENT);
      expect(FAUCET_PATH).toBe('smesh.v1.FaucetService/Drip');
    } finally {
      running.stop();
    }
  });

  it('the devnet faucet key is derived from the genesis extraData', () => {
    const seed = devnetFaucetSeed(devnet.genesis.extraData);
    expect(seed).toEqual(devnetFaucetSeed('smesh-devnet'));
    expect(devnetFaucetSeed('other')).not.toEqual(seed);
    expect(faucetAddress(seed).slice(0, 4)).toEqual(new Uint8Array(4));
  });
});
