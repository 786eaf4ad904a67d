// Transaction id: blake3 of the whole raw signed transaction (types.Transaction.ID).
import { blake3 } from '../../crypto/hash.ts';

export function txId(raw: Uint8Array): Uint8Array {
  return blake3(raw);
}
