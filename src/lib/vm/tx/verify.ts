// Signature verification per principal template (genvm templates' Verify):
// - wallet: one signature by the account's key;
// - multisig, vesting: exactly `required` parts, refs strictly ascending and below the number
//   of keys (so each key signs at most once), every signature valid;
// - vault: never (a vault cannot be a principal; its coins move through the owner's drain).
// All signatures cover genesisId ‖ unsigned body.
import { verifyTx } from '../../crypto/signing.ts';
import type { PrincipalAccount } from './principal.ts';
import type { SignedTx } from './types.ts';

/**
 * Whether `signed` carries a valid signature of `account`, the principal's template and spawn
 * arguments (from state, or from the transaction itself for a self-spawn: selfSpawnAccount).
 * Never throws.
 */
export function verifySignedTx(
  signed: Pick<SignedTx, 'unsigned' | 'signature'>,
  account: PrincipalAccount,
  genesisId: Uint8Array,
): boolean {
  const { signature, unsigned } = signed;
  switch (account.template) {
    case 'wallet':
      return (
        signature.kind === 'single' &&
        verifyTx(account.args.publicKey, genesisId, unsigned, signature.sig)
      );
    case 'multisig':
    case 'vesting': {
      if (signature.kind !== 'multi') return false;
      const { required, publicKeys } = account.args;
      if (required < 1 || signature.parts.length !== required) return false;
      let last = -1;
      for (const { ref, sig } of signature.parts) {
        if (ref <= last || ref >= publicKeys.length) return false;
        last = ref;
        if (!verifyTx(publicKeys[ref]!, genesisId, unsigned, sig)) return false;
      }
      return true;
    }
    case 'vault':
      return false;
  }
  return false;
}
