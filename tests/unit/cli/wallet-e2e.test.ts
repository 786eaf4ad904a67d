// The CLI wallet end to end on a real devnet: `smesh devnet --nodes 3` (a PoET and three smeshing
// nodes as processes, 2 s layers; one node alone does not get past hare) whose node-0 serves the
// API and the faucet, funded by its own coinbase rewards. Two wallets: B is the coinbase of
// nodes 1 and 2 and receives their rewards; A gets coins from the faucet, spawns, sends to B; both
// balances and both histories change (B's shows its rewards and A's transfer), and a message
// signed by A verifies. Time bound: 180 s for the wallet steps, about 90 s on an idle
// machine (the first rewards come in epoch 2, 40 s after a genesis 10 s after the start; each
// transaction takes a few 2 s layers to be executed), plus 20 s to stop the devnet.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import {
  json,
  PHRASE_A,
  PHRASE_B,
  restoreWallet,
  runWallet,
  testHost,
} from '../wallet/cli-harness.ts';
import { serialDevnet } from '../devnet-lock.ts';
import { spawnDevnet } from './devnet-watch.ts';

// Released after every other afterAll of this file (hooks run in reverse): processes gone first.
serialDevnet();

const root = mkdtempSync(join(tmpdir(), 'smesh-wallet-e2e-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The wallet steps must be done by then (about 90 s on an idle machine)… */
const TIME_BOUND_MS = 180_000;
/** …and the devnet stopped a little later. */
const TEST_TIMEOUT_MS = TIME_BOUND_MS + 20_000;
const SMH = 1_000_000_000n;

interface Balance {
  address: string;
  balance: string;
  nonce: string;
  spawned: boolean;
}
interface HistoryJson {
  transactions: { txId: string; type: string; status: string | null }[];
  rewards: { layer: number; total: string }[];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('smesh wallet against a devnet (processes on 127.0.0.1)', () => {
  it(
    'coinbase rewards, faucet, spawn, send: balances and histories change; a signed message verifies',
    async () => {
      const h = testHost({ sleep: (ms) => sleep(Math.min(ms, 500)) });
      const A = await restoreWallet(h, root, PHRASE_A);
      const B = await restoreWallet(h, root, PHRASE_B);
      const bAddress = json<{ address: string }>(
        await runWallet(h, 'address', ...B.flags, '--network', 'devnet', '--json'),
      ).address;
      const child = spawnDevnet({
        nodes: 3,
        layerDuration: '2s',
        genesisDelay: '10s',
        dataDir: join(root, 'devnet'),
        more: ['--coinbase', bAddress],
      });
      const stderr: string[] = [];
      createInterface({ input: child.stderr }).on('line', (l) => {
        if (!l.startsWith('[poet]')) stderr.push(l);
      });
      const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
      const started = performance.now();
      const deadline = started + TIME_BOUND_MS;
      const progress: string[] = [];
      const step = (what: string) =>
        progress.push(`${((performance.now() - started) / 1000).toFixed(1)} s ${what}`);
      const tail = () => `steps:\n${progress.join('\n')}\ndevnet:\n${stderr.slice(-30).join('\n')}`;
      /** --wait with what is left of the time bound. */
      const wait = () => [
        '--wait',
        '--timeout',
        String(Math.max(1, Math.floor((deadline - performance.now()) / 1000))),
      ];
      const must = <T>(r: Awaited<ReturnType<typeof runWallet>>): T => {
        if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.err}\n${r.out}\n${tail()}`);
        return json<T>(r);
      };
      try {
        const { url, faucetAccount } = await new Promise<{ url: string; faucetAccount: string }>(
          (resolve, reject) => {
            let url = '';
            createInterface({ input: child.stdout }).on('line', (l) => {
              const m = /^faucet (http:\/\/127\.0\.0\.1:\d+)$/.exec(l);
              if (m !== null) url = m[1]!;
              const a = /^faucet-account (stest1\w+)$/.exec(l);
              if (a !== null) resolve({ url, faucetAccount: a[1]! });
            });
            void exited.then((c) => reject(new Error(`devnet exited (${c}):\n${tail()}`)));
          },
        );
        step(`devnet up, faucet ${url}`);
        const node = ['--node', url];
        const balance = async (w: typeof A) =>
          json<Balance>(await runWallet(h, 'balance', ...w.flags, ...node, '--json'));
        const a0 = await balance(A);
        const b0 = await balance(B);
        expect(a0).toMatchObject({ balance: '0', nonce: '0', spawned: false });
        expect(b0.address).toBe(bAddress);
        // Spawning without coins is refused by the wallet, before the node sees anything.
        const broke = await runWallet(h, 'spawn', ...A.flags, ...node, '--json');
        expect(broke.code).toBe(1);
        expect(JSON.parse(broke.err)).toMatchObject({ error: 'insufficient-balance' });

        // The faucet answers "not ready" until rewards fund and spawn it.
        let drip: { txId: string; amount: string } | undefined;
        while (drip === undefined) {
          if (performance.now() > deadline) throw new Error(`faucet never ready:\n${tail()}`);
          const r = await runWallet(h, 'faucet', ...A.flags, ...node, '--json');
          if (r.code === 0) drip = JSON.parse(r.out) as { txId: string; amount: string };
          else {
            if (!/faucet/.test(r.err)) throw new Error(`faucet: ${r.err}\n${tail()}`);
            await sleep(2_000);
          }
        }
        step(`faucet drip ${drip.txId}`);
        const funded = BigInt(drip.amount);
        let a1 = await balance(A);
        while (a1.balance === '0') {
          if (performance.now() > deadline) {
            const st = await runWallet(h, 'tx', drip.txId, ...node);
            const fb = await runWallet(h, 'balance', faucetAccount, ...node);
            throw new Error(`drip never executed:\n${st.out}${st.err}\n${fb.out}\n${tail()}`);
          }
          await sleep(1_000);
          a1 = await balance(A);
        }
        expect(BigInt(a1.balance)).toBe(funded);
        // A second drip to the same address within the window… is allowed (3 per hour); the
        // limits themselves are covered by tests/unit/api/faucet.test.ts.

        step('drip executed');
        const spawned = must<{ state: string; status: string }>(
          await runWallet(h, 'spawn', ...A.flags, ...node, ...wait(), '--json'),
        );
        step('spawned');
        expect(spawned.status).toBe('TRANSACTION_STATUS_SUCCESS');
        const a2 = await balance(A);
        expect(a2.spawned).toBe(true);
        expect(a2.nonce).toBe('1');

        // B, the coinbase of nodes 1 and 2, has received rewards by now (the drip came after the
        // faucet's own first rewards, in the same layers).
        let b2 = await balance(B);
        while (b2.balance === '0') {
          if (performance.now() > deadline) throw new Error(`B never rewarded:\n${tail()}`);
          await sleep(1_000);
          b2 = await balance(B);
        }
        step('B rewarded');
        const sent = must<{ txId: string; status: string }>(
          await runWallet(h, 'send', ...A.flags, ...node, b0.address, '1.5', ...wait(), '--json'),
        );
        step('sent');
        expect(sent.status).toBe('TRANSACTION_STATUS_SUCCESS');
        const a3 = await balance(A);
        const b3 = await balance(B);
        // The transfer, on top of the rewards B had (and any that came since).
        expect(BigInt(b3.balance)).toBeGreaterThanOrEqual(BigInt(b2.balance) + (3n * SMH) / 2n);
        expect(b3.spawned).toBe(false); // receiving needs no spawn
        expect(BigInt(a3.balance)).toBeLessThan(BigInt(a2.balance) - (3n * SMH) / 2n);
        expect(a3.nonce).toBe('2');

        const txJson = json<{ state: string }>(
          await runWallet(h, 'tx', sent.txId, ...node, '--json'),
        );
        expect(txJson.state).toBe('TRANSACTION_STATE_PROCESSED');

        const histA = json<HistoryJson>(
          await runWallet(h, 'history', ...A.flags, ...node, '--json'),
        );
        expect(
          histA.transactions.map((t) => t.type),
          JSON.stringify(histA),
        ).toEqual([
          'TRANSACTION_TYPE_SINGLE_SIG_SEND', // the faucet's drip
          'TRANSACTION_TYPE_SINGLE_SIG_SPAWN', // go-spacemesh's toTxContents has no SELFSPAWN
          'TRANSACTION_TYPE_SINGLE_SIG_SEND',
        ]);
        expect(histA.transactions.every((t) => t.status === 'TRANSACTION_STATUS_SUCCESS')).toBe(
          true,
        );
        const histB = json<HistoryJson>(
          await runWallet(h, 'history', b0.address, ...node, '--json'),
        );
        expect(histB.transactions.map((t) => t.txId)).toEqual([sent.txId]);
        // B's coinbase rewards, each one a layer's reward to nodes 1 or 2.
        expect(histB.rewards.length).toBeGreaterThan(0);
        expect(histB.rewards.every((r) => BigInt(r.total) > 0n)).toBe(true);
        // The faucet is node-0's coinbase: its history has the rewards.
        const histF = json<HistoryJson>(
          await runWallet(h, 'history', faucetAccount, ...node, '--json'),
        );
        expect(histF.rewards.length).toBeGreaterThan(0);
        expect(BigInt(histF.rewards[0]!.total)).toBeGreaterThan(0n);

        // Sign and verify a message with A's key.
        const signed = await runWallet(h, 'sign', ...A.flags, 'I own', a0.address);
        expect(signed.code).toBe(0);
        const file = join(root, 'signed.json');
        writeFileSync(file, signed.out);
        const verified = json<{ valid: boolean; address: string }>(
          await runWallet(h, 'verify', file, '--network', 'devnet', '--json'),
        );
        expect(verified).toMatchObject({ valid: true, address: a0.address });
      } finally {
        child.kill('SIGINT');
      }
      expect(await exited).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});
