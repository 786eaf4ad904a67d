// Block execution: signed wallet spends executed per second (parse against state, signature
// check, gas, transfer, state root), against bare ed25519 verifications of the same messages
// in the same run. The signature check is the floor cost: the ratio says how much of a
// transaction's execution is the VM's own work. A second line runs the same block with
// signatures marked as verified on admission (genvm skips Verify for those).
import { ed25519 } from '@noble/curves/ed25519.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { verifyEd25519 } from '../../src/lib/crypto/signing.ts';
import { executeLayer, type BlockTx } from '../../src/lib/vm/execute.ts';
import { genesisAccounts } from '../../src/lib/vm/genesis.ts';
import { MemoryStateStore } from '../../src/lib/vm/state/memory.ts';
import { encodeTemplateState } from '../../src/lib/vm/state/account.ts';
import { firstEffectiveGenesis } from '../../src/lib/vm/subsidy.ts';
import {
  decodeTx,
  principalOf,
  signWalletTx,
  type Transaction,
} from '../../src/lib/vm/tx/index.ts';
import { measure, report, type Rate } from './harness.ts';

const BLOCK = 200;

export async function run(): Promise<void> {
  const genesisId = new Uint8Array(20).fill(0x9e);
  const layersPerEpoch = 10;
  const layer = firstEffectiveGenesis(layersPerEpoch);
  const store = new MemoryStateStore();
  const txs: BlockTx[] = [];
  const checks: { publicKey: Uint8Array; message: Uint8Array; sig: Uint8Array }[] = [];
  const accounts = [];
  for (let i = 0; i < BLOCK; i++) {
    const seed = new Uint8Array(32);
    new DataView(seed.buffer).setUint32(0, i + 1);
    const publicKey = ed25519.getPublicKey(seed);
    const principal = principalOf('wallet', { publicKey });
    // spawned wallets with funds and nonce 0
    accounts.push({
      ...genesisAccounts([{ address: principal, balance: 10n ** 12n }])[0]!,
      template: 'wallet' as const,
      state: encodeTemplateState('wallet', { publicKey }),
    });
    const tx: Transaction = {
      method: 'spend',
      principal,
      nonce: 0n,
      gasPrice: 1n,
      args: { destination: principalOf('wallet', { publicKey: seed }), amount: 1_000n },
    };
    const raw = signWalletTx(tx, seed, genesisId);
    txs.push({ raw });
    const signed = decodeTx(raw);
    if (signed.signature.kind !== 'single') throw new Error('expected a single signature');
    checks.push({
      publicKey,
      message: concatBytes(genesisId, signed.unsigned),
      sig: signed.signature.sig,
    });
  }
  store.commitSync(0, accounts);
  const config = { genesisId, layersPerEpoch, gasLimit: 10n ** 12n };
  const check = executeLayer(store, layer, txs, [], config);
  if (check.results.length !== BLOCK || check.results.some((r) => r.status !== 'success'))
    throw new Error('benchmark block does not execute cleanly');

  const preverified = txs.map((t) => ({ ...t, verified: true }));
  // Interleaved rounds, best of each: on a shared machine one long run of each would compare
  // different loads, not different code.
  const best = { bare: 0, full: 0, noSig: 0 };
  let bare!: Rate, full!: Rate, noSig!: Rate;
  for (let round = 0; round < 3; round++) {
    const b = await measure(() => {
      for (const c of checks)
        if (!verifyEd25519(c.publicKey, c.message, c.sig)) throw new Error('verify failed');
      return BLOCK;
    }, 'verify');
    const f = await measure(() => {
      executeLayer(store, layer, txs, [], config);
      return BLOCK;
    }, 'tx');
    const n = await measure(() => {
      executeLayer(store, layer, preverified, [], config);
      return BLOCK;
    }, 'tx');
    if (b.perSecond > best.bare) [best.bare, bare] = [b.perSecond, b];
    if (f.perSecond > best.full) [best.full, full] = [f.perSecond, f];
    if (n.perSecond > best.noSig) [best.noSig, noSig] = [n.perSecond, n];
  }
  report(
    `wallet spends executed (block of ${BLOCK}, with signature check)`,
    full,
    'bare ed25519 verify',
    bare,
  );
  report(
    'wallet spends executed (signatures verified on admission)',
    noSig,
    'bare ed25519 verify',
    bare,
  );
}
