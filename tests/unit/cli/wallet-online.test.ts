// `smesh wallet` online subcommands against an in-process node over real HTTP (online-node.ts:
// nothing executes, submitted transactions wait in the mempool). Each transaction the CLI
// builds is read back from what the node published and decoded; every refusal is checked for
// its exit code and reason.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaucet } from '../../../src/cli/api/faucet.ts';
import { nodeCommand } from '../../../src/cli/commands/node.ts';
import { devnet } from '../../../src/lib/config/devnet.ts';
import { Topic } from '../../../src/lib/p2p/interface.ts';
import { decodeAddress, encodeAddress } from '../../../src/lib/crypto/address.ts';
import { decodeTx, principalOf, txId, type Transaction } from '../../../src/lib/vm/tx/index.ts';
import { newWallet, secretKeyOf } from '../../../src/lib/wallet/accounts.ts';
import { newPartial, partialToJson, signPartial } from '../../../src/lib/wallet/partial.ts';
import {
  json,
  PHRASE_A,
  restoreWallet,
  runWallet,
  testHost,
  type TestWallet,
} from '../wallet/cli-harness.ts';
import { FAUCET_SEED, SMH, walletNode, type WalletNode } from '../wallet/online-node.ts';
import { captureIO } from './capture.ts';

const root = mkdtempSync(join(tmpdir(), 'smesh-wallet-online-'));
let net: WalletNode;
let W: TestWallet;
let node: string[];
const h = testHost({ sleep: () => Promise.resolve() });
const hex = (b: Uint8Array) => bytesToHex(b);
let b: string;
/** An address nobody holds keys for (the first 4 bytes of an address are 0). */
const SINK = new Uint8Array(24).fill(0xbb, 4);

beforeAll(async () => {
  net = await walletNode();
  node = ['--node', net.server.url];
  W = await restoreWallet(h, root, PHRASE_A, 3);
  b = encodeAddress(SINK, net.hrp);
}, 60_000);
afterAll(async () => {
  await net?.stop();
  rmSync(root, { recursive: true, force: true });
});

/** The last transaction the node published, decoded. */
function lastTx() {
  const txs = net.gossip.published.filter((p) => p.topic === Topic.TX);
  return decodeTx(txs[txs.length - 1]!.data);
}

function failure(r: { code: number; err: string }): { error: string; message: string } {
  expect(r.code).toBe(1);
  return JSON.parse(r.err) as { error: string; message: string };
}

describe('smesh wallet balance / tx / history', () => {
  it('balance by account and by address', async () => {
    const r = json(await runWallet(h, 'balance', ...W.flags, ...node, '--json'));
    expect(r).toMatchObject({
      address: net.a0,
      balance: String(10n * SMH),
      nonce: '0',
      spawned: false,
      template: null,
    });
    const a1 = json(await runWallet(h, 'balance', net.a1, ...node, '--json'));
    expect(a1).toMatchObject({ nonce: '3', spawned: true, template: 'wallet' });
    const human = await runWallet(h, 'balance', '1', ...W.flags, ...node);
    expect(human.out).toContain('10 SMH');
    expect(human.out).toContain('wallet, spawned');
    // An address nobody used reads as empty.
    expect(json(await runWallet(h, 'balance', b, ...node, '--json'))).toMatchObject({
      balance: '0',
      spawned: false,
    });
  });

  it('unknown and malformed ids, unreachable nodes', async () => {
    expect(failure(await runWallet(h, 'tx', 'ab'.repeat(32), ...node, '--json')).error).toBe(
      'unknown-tx',
    );
    expect(failure(await runWallet(h, 'tx', 'xyz', ...node, '--json')).error).toBe('bad-hex');
    expect((await runWallet(h, 'tx', ...node)).code).toBe(2);
    const down = failure(
      await runWallet(h, 'balance', net.a0, '--node', 'http://127.0.0.1:1', '--json'),
    );
    expect(down.error).toBe('node-unavailable');
    expect((await runWallet(h, 'balance', net.a0, '--node', 'ftp://x')).code).toBe(2);
    // The default node comes from $SMESH_NODE.
    const env = testHost({ env: { SMESH_NODE: net.server.url } });
    expect((await runWallet(env, 'balance', net.a0, '--json')).code).toBe(0);
  });
});

describe('smesh wallet spawn / send', () => {
  it('send from an unspawned account is refused; spawn builds its self-spawn', async () => {
    const r = failure(await runWallet(h, 'send', ...W.flags, ...node, b, '1', '--json'));
    expect(r.error).toBe('not-spawned');
    const s = json<{ txId: string }>(await runWallet(h, 'spawn', ...W.flags, ...node, '--json'));
    const t = lastTx();
    expect(hex(txId(t.raw))).toBe(s.txId);
    expect(t.tx).toMatchObject({ method: 'spawn', template: 'wallet', nonce: 0n, gasPrice: 1n });
    expect(t.tx.principal).toEqual(decodeAddress(net.a0));
    const st = json<{ state: string }>(await runWallet(h, 'tx', s.txId, ...node, '--json'));
    expect(st.state).toBe('TRANSACTION_STATE_MEMPOOL');
    const bal = json(await runWallet(h, 'balance', ...W.flags, ...node, '--json'));
    expect(bal.projectedNonce).toBe('1');
    // A spawned account is not spawned again.
    const again = failure(await runWallet(h, 'spawn', '1', ...W.flags, ...node, '--json'));
    expect(again.error).toBe('already-spawned');
  });

  it('send builds a spend with the nonce the node projects, SMH or smidge', async () => {
    const acct = ['--account', '1'];
    const r = json<{ txId: string }>(
      await runWallet(
        h,
        'send',
        ...W.flags,
        ...acct,
        ...node,
        b,
        '1.5',
        '--gas-price',
        '2',
        '--json',
      ),
    );
    let t = lastTx();
    expect(hex(txId(t.raw))).toBe(r.txId);
    expect(t.tx).toMatchObject({ method: 'spend', nonce: 3n, gasPrice: 2n });
    expect(t.tx.method === 'spend' && t.tx.args.amount).toBe(1_500_000_000n);
    expect(t.tx.method === 'spend' && t.tx.args.destination).toEqual(decodeAddress(b));
    await runWallet(h, 'send', ...W.flags, ...acct, ...node, b, '7', '--smidge', '--json');
    t = lastTx();
    expect(t.tx).toMatchObject({ method: 'spend', nonce: 4n });
    expect(t.tx.method === 'spend' && t.tx.args.amount).toBe(7n);
    // History shows both pending sends.
    const hist = json<{ transactions: { state: string; type: string }[] }>(
      await runWallet(h, 'history', '1', ...W.flags, ...node, '--json'),
    );
    expect(hist.transactions).toHaveLength(2);
    expect(hist.transactions.every((x) => x.state === 'TRANSACTION_STATE_MEMPOOL')).toBe(true);
    const human = await runWallet(h, 'history', net.a1, ...node);
    expect(human.out).toContain('1.5 SMH');
  });

  it('bad input: address, network, amount, balance, flags', async () => {
    const acct = ['--account', '1', ...W.flags, ...node, '--json'];
    expect(failure(await runWallet(h, 'send', 'stest1nonsense', '1', ...acct)).error).toBe(
      'bad-address',
    );
    const mainnet = encodeAddress(SINK, 'sm');
    const wrongNet = failure(await runWallet(h, 'send', mainnet, '1', ...acct));
    expect(wrongNet.error).toBe('bad-address');
    expect(wrongNet.message).toContain('network');
    expect(failure(await runWallet(h, 'send', b, '1.2.3', ...acct)).error).toBe('bad-amount');
    expect(failure(await runWallet(h, 'send', b, '-1', ...acct)).error).toBe('bad-amount');
    const poor = failure(await runWallet(h, 'send', b, '1000', ...acct));
    expect(poor.error).toBe('insufficient-balance');
    expect((await runWallet(h, 'send', b, ...acct)).code).toBe(2);
    expect((await runWallet(h, 'send', b, '1', '--gas-price', '0', ...acct)).code).toBe(2);
    expect((await runWallet(h, 'send', b, '1', '--bogus', ...acct)).code).toBe(2);
  });
});

describe('smesh wallet multisig / vault / sign-tx / submit-tx', () => {
  const keysFlag = () => ['--required', '2', '--keys', net.publicKeys.map(hex).join(',')];

  it('multisig 2-of-3: address, a partial send signed by keys 0 and 2, submitted', async () => {
    const addr = json<{ address: string }>(
      await runWallet(h, 'multisig', 'address', ...keysFlag(), ...node, '--json'),
    );
    expect(decodeAddress(addr.address)).toEqual(principalOf('multisig', net.multisig));
    const file = join(root, 'ms-send.json');
    expect(
      (await runWallet(h, 'multisig', 'send', ...keysFlag(), ...node, b, '2', '--out', file)).code,
    ).toBe(0);
    expect((await runWallet(h, 'sign-tx', file, ...W.flags, '--account', '0')).code).toBe(0);
    const early = failure(await runWallet(h, 'submit-tx', file, ...node, '--json'));
    expect(early.error).toBe('bad-partial');
    const twice = failure(
      await runWallet(h, 'sign-tx', file, ...W.flags, '--account', '0', '--json'),
    );
    expect(twice.error).toBe('bad-partial');
    expect((await runWallet(h, 'sign-tx', file, ...W.flags, '--account', '2')).code).toBe(0);
    const r = json<{ txId: string }>(await runWallet(h, 'submit-tx', file, ...node, '--json'));
    const t = lastTx();
    expect(hex(txId(t.raw))).toBe(r.txId);
    expect(t.tx).toMatchObject({ method: 'spend', nonce: 5n });
    expect(t.signature.kind === 'multi' && t.signature.parts.map((p) => p.ref)).toEqual([0, 2]);
    // A damaged file is refused.
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"sig": "[0-9a-f]{2}/, '"sig": "00'));
    expect(failure(await runWallet(h, 'submit-tx', file, ...node, '--json')).error).toBe(
      'bad-partial',
    );
    // An already spawned multisig is not spawned again; bad key sets are refused.
    const spawnAgain = join(root, 'ms-spawn.json');
    expect(
      failure(
        await runWallet(
          h,
          'multisig',
          'spawn',
          ...keysFlag(),
          ...node,
          '--out',
          spawnAgain,
          '--json',
        ),
      ).error,
    ).toBe('already-spawned');
    expect(
      failure(
        await runWallet(
          h,
          'multisig',
          'address',
          '--required',
          '4',
          '--keys',
          net.publicKeys.map(hex).join(','),
          ...node,
          '--json',
        ),
      ).error,
    ).toBe('bad-multisig');
    expect(
      failure(
        await runWallet(
          h,
          'multisig',
          'address',
          '--required',
          '1',
          '--keys',
          'abcd',
          ...node,
          '--json',
        ),
      ).error,
    ).toBe('bad-hex');
  });

  it('a stale nonce is refused by the node, and the CLI says so', async () => {
    const wallet = await newWallet({
      mnemonic: PHRASE_A,
      displayName: 't',
      created: 'now',
      keys: 3,
    });
    const tx: Transaction = {
      method: 'spend',
      principal: principalOf('multisig', net.multisig),
      nonce: 1n,
      gasPrice: 1n,
      args: { destination: decodeAddress(b), amount: 1n },
    };
    const genesisId = net.node.parts.genesisId;
    let p = newPartial('multisig', net.multisig, tx, genesisId);
    p = signPartial(
      signPartial(p, secretKeyOf(wallet.secrets.keys[0]!)),
      secretKeyOf(wallet.secrets.keys[1]!),
    );
    const file = join(root, 'stale.json');
    writeFileSync(file, JSON.stringify(partialToJson(p)));
    const r = failure(await runWallet(h, 'submit-tx', file, ...node, '--json'));
    expect(r.error).toBe('node-invalid-argument');
    expect(r.message).toMatch(/nonce/);
  });

  it('vesting: vault spawn and drain partials, signed by one of two keys', async () => {
    const vkeys = ['--required', '1', '--keys', net.publicKeys.slice(0, 2).map(hex).join(',')];
    const spawnFile = join(root, 'vault-spawn.json');
    const r1 = await runWallet(
      h,
      'vault',
      'spawn',
      ...vkeys,
      ...node,
      '--total',
      '30',
      '--initial',
      '0',
      '--start',
      '10',
      '--end',
      '20',
      '--out',
      spawnFile,
    );
    expect(r1.code).toBe(0);
    const vaultAddr = /vault (\S+)/.exec(r1.err)![1]!;
    expect((await runWallet(h, 'sign-tx', spawnFile, ...W.flags, '--account', '1')).code).toBe(0);
    expect((await runWallet(h, 'submit-tx', spawnFile, ...node)).code).toBe(0);
    let t = lastTx();
    expect(t.tx).toMatchObject({ method: 'spawn', template: 'vault', nonce: 0n });
    expect(t.tx.principal).toEqual(principalOf('vesting', net.vesting));
    expect(principalOf('vault', (t.tx as unknown as { args: never }).args)).toEqual(
      decodeAddress(vaultAddr),
    );
    const drainFile = join(root, 'drain.json');
    expect(
      (
        await runWallet(
          h,
          'vault',
          'drain',
          ...vkeys,
          ...node,
          '--vault',
          vaultAddr,
          b,
          '3',
          '--out',
          drainFile,
        )
      ).code,
    ).toBe(0);
    expect((await runWallet(h, 'sign-tx', drainFile, ...W.flags)).code).toBe(0);
    expect((await runWallet(h, 'submit-tx', drainFile, ...node)).code).toBe(0);
    t = lastTx();
    expect(t.tx).toMatchObject({ method: 'drain', nonce: 1n });
    expect(t.tx.method === 'drain' && t.tx.args.amount).toBe(3n * SMH);
    expect(
      (
        await runWallet(
          h,
          'vault',
          'spawn',
          ...vkeys,
          ...node,
          '--total',
          '1',
          '--initial',
          '2',
          '--start',
          '1',
          '--end',
          '2',
          '--out',
          'x',
        )
      ).code,
    ).toBe(2);
    expect((await runWallet(h, 'vault', 'bogus', ...vkeys)).code).toBe(2);
  });
});

describe('smesh wallet faucet / smesh node --faucet', () => {
  it('asks the node for coins; the per-address limit is reported', async () => {
    const running = await startFaucet({
      server: net.server,
      network: devnet,
      secretKey: FAUCET_SEED,
      perAddress: { count: 1, windowMs: 3_600_000 },
      log: () => {},
    });
    try {
      const r = json<{ txId: string; amount: string; address: string }>(
        await runWallet(h, 'faucet', ...W.flags, ...node, '--json'),
      );
      expect(r.address).toBe(net.a0);
      const t = lastTx();
      expect(hex(txId(t.raw))).toBe(r.txId);
      expect(t.tx.principal).toEqual(decodeAddress(net.faucet));
      expect(t.tx.method === 'spend' && t.tx.args.amount).toBe(BigInt(r.amount));
      const again = failure(await runWallet(h, 'faucet', net.a0, ...node, '--json'));
      expect(again.error).toBe('node-rate-limited');
      expect(again.message).toMatch(/faucet limit/);
    } finally {
      running.stop();
    }
  });

  it('node --faucet needs --api and a devnet', async () => {
    const dir = mkdtempSync(join(root, 'node-'));
    const base = ['--data-dir', dir, '--preset', 'mainnet', '--faucet', join(dir, 'k')];
    await expect(nodeCommand.run(base, captureIO())).rejects.toThrow(/--faucet needs --api/);
    await expect(nodeCommand.run([...base, '--api', '127.0.0.1:0'], captureIO())).rejects.toThrow(
      /devnets only/,
    );
  });
});
