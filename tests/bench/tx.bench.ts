// Transaction decode + signature check per second, against bare ed25519 verifications of the
// same message in the same run. The signature check is the floor: the ratio says how much of
// a transaction's admission cost is ours (parsing, copying, body assembly) rather than ed25519's.
import { concatBytes } from '@noble/hashes/utils.js';
import { publicKeyOf, verifyEd25519 } from '../../src/lib/crypto/signing.ts';
import {
  decodeTx,
  principalOf,
  signWalletTx,
  verifySignedTx,
  type Transaction,
} from '../../src/lib/vm/tx/index.ts';
import { measure, report } from './harness.ts';

export async function run(): Promise<void> {
  const seed = new Uint8Array(32).fill(7);
  const publicKey = publicKeyOf(seed);
  const genesisId = new Uint8Array(20).fill(0x9e);
  const tx: Transaction = {
    method: 'spend',
    principal: principalOf('wallet', { publicKey }),
    nonce: 42n,
    gasPrice: 1n,
    args: {
      destination: principalOf('wallet', { publicKey: new Uint8Array(32).fill(1) }),
      amount: 1_000_000_000n,
    },
  };
  const raw = signWalletTx(tx, seed, genesisId);
  const account = { template: 'wallet', args: { publicKey } } as const;

  const signed = decodeTx(raw);
  const message = concatBytes(genesisId, signed.unsigned);
  if (signed.signature.kind !== 'single') throw new Error('expected a single signature');
  const sig = signed.signature.sig;
  if (!verifySignedTx(signed, account, genesisId) || !verifyEd25519(publicKey, message, sig))
    throw new Error('benchmark transaction does not verify');

  const bare = await measure(() => {
    if (!verifyEd25519(publicKey, message, sig)) throw new Error('verify failed');
  }, 'verify');
  const full = await measure(() => {
    if (!verifySignedTx(decodeTx(raw), account, genesisId)) throw new Error('verify failed');
  }, 'tx');
  const decodeOnly = await measure(() => void decodeTx(raw), 'tx');
  report('wallet spend decode+verify', full, 'bare ed25519 verify', bare);
  report('wallet spend decode only', decodeOnly, 'bare ed25519 verify', bare);
}
