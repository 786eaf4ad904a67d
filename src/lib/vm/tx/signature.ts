// The signature region after a transaction body. Its layout depends on the principal's
// template (wallet: one raw 64-byte signature; multisig and vesting: `required` parts of
// compact8 ref ‖ 64-byte signature, no count), which only account state tells for non-spawn
// transactions. go-spacemesh therefore parses the body first and lets the principal's template
// read the rest (wallet.Verify, multisig.Verify). The same split is offered here:
// readSignatureFor when the template and `required` are known, and readSignatureShape when they
// are not. The shapes cannot be confused: a part is at least 65 bytes, a single signature is 64.
import { DecodeError, EncodeError, Reader, Writer } from '../../codec/index.ts';
import { SIGNATURE_LENGTH } from '../../crypto/signing.ts';
import { SignaturePart } from '../templates/multisig/types.ts';
import type { TemplateName, TxSignature } from './types.ts';

/** How the principal's template signs: what is needed to read its signature region. */
export type SignatureScheme =
  | { readonly template: 'wallet' }
  | { readonly template: 'multisig' | 'vesting'; readonly required: number };

/** Writes a signature. Parts must have strictly ascending refs, as verification demands. */
export function writeSignature(w: Writer, sig: TxSignature): void {
  if (sig.kind === 'single') {
    if (!(sig.sig instanceof Uint8Array) || sig.sig.length !== SIGNATURE_LENGTH)
      throw new EncodeError('bad-length', `signature must be ${SIGNATURE_LENGTH} bytes`);
    w.bytes(sig.sig);
    return;
  }
  if (sig.parts.length === 0)
    throw new EncodeError('bad-length', 'multisig signature has no parts');
  let last = -1;
  for (const part of sig.parts) {
    if (part.ref <= last)
      throw new EncodeError(
        'invalid-value',
        `signature part refs must ascend: ${part.ref} after ${last}`,
      );
    last = part.ref;
    SignaturePart.encode(w, part);
  }
}

export function encodeSignature(sig: TxSignature): Uint8Array {
  const w = new Writer(SIGNATURE_LENGTH + 2);
  writeSignature(w, sig);
  return w.finish();
}

/** Reads `n` parts and fails on anything left over (the template knows its `required`). */
function readParts(r: Reader, n: number | undefined): TxSignature {
  const parts: SignaturePart[] = [];
  while (n === undefined ? r.remaining > 0 : parts.length < n) {
    try {
      parts.push(SignaturePart.decode(r));
    } catch (e) {
      throw e instanceof DecodeError ? e.within(`signature[${parts.length}]`) : e;
    }
  }
  r.end('signature');
  return { kind: 'multi', parts };
}

/**
 * Reads the rest of `r` as the signature of a principal of a known template. A region with
 * more or fewer bytes than the template's signature fails.
 */
export function readSignatureFor(r: Reader, scheme: SignatureScheme): TxSignature {
  if (scheme.template === 'wallet') {
    const sig = r.take(SIGNATURE_LENGTH, 'signature');
    r.end('signature');
    return { kind: 'single', sig };
  }
  return readParts(r, scheme.required);
}

/**
 * Reads the rest of `r` as a signature without knowing the principal's template: exactly 64
 * bytes is a single signature, anything else must be whole multisig parts up to the end.
 * Which template (and which `required`) is checked later, by verification against the account.
 */
export function readSignatureShape(r: Reader): TxSignature {
  if (r.remaining === 0)
    throw new DecodeError('truncated', 'signature: missing (unsigned transaction?)');
  if (r.remaining === SIGNATURE_LENGTH) return { kind: 'single', sig: r.take(SIGNATURE_LENGTH) };
  return readParts(r, undefined);
}

/** A signature region (the bytes after the body) read for a known scheme. */
export function decodeSignature(region: Uint8Array, scheme: SignatureScheme): TxSignature {
  return readSignatureFor(new Reader(region), scheme);
}

/** The signature scheme of a principal of `template` with `required` signers, if it can sign. */
export function schemeOf(template: TemplateName, required = 1): SignatureScheme | undefined {
  if (template === 'wallet') return { template };
  if (template === 'multisig' || template === 'vesting') return { template, required };
  return undefined; // vault: Verify always fails, it cannot be a principal
}
