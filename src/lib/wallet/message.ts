// Signed text messages (isomorphic: the CLI wallet and the app share it) as Spacemesh's wallets write them. smapp-lite
// (components/SignMessageModal.tsx, hooks/useSigning.ts) signs the UTF-8 bytes of
// "Message:" ‖ text with plain ed25519 (no genesis id, no domain byte) and shares
// { publicKey, text, signature } with hex keys, where `text` already carries the prefix.
// smapp (desktop, components/settings/SignMessage.tsx) signs the text as typed and writes
// the hex with 0x. Verification checks `signature` over `text` as given, so both verify.
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { WalletError } from './errors.ts';

export const SIGNED_MESSAGE_PREFIX = 'Message:';

export interface SignedMessage {
  readonly publicKey: string;
  readonly text: string;
  readonly signature: string;
}

const utf8 = new TextEncoder();

/** Signs `message` with a 32-byte ed25519 seed, smapp-lite style. */
export function signMessage(seed: Uint8Array, message: string): SignedMessage {
  const text = SIGNED_MESSAGE_PREFIX + message;
  return {
    publicKey: bytesToHex(ed25519.getPublicKey(seed)),
    text,
    signature: bytesToHex(ed25519.sign(utf8.encode(text), seed)),
  };
}

export function parseHex(s: string, what: string, length: number): Uint8Array {
  const body = s.startsWith('0x') || s.startsWith('0X') ? s.slice(2) : s;
  if (body.length !== length * 2 || !/^[0-9a-fA-F]*$/.test(body))
    throw new WalletError('bad-hex', `${what} must be ${length} bytes of hex`);
  return hexToBytes(body);
}

/** Parses the shared JSON ({ publicKey, text, signature }). */
export function parseSignedMessage(json: string): SignedMessage {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    throw new WalletError('bad-signed-message', 'the signed message is not JSON');
  }
  const m = v as Partial<Record<keyof SignedMessage, unknown>> | null;
  if (
    m === null ||
    typeof m !== 'object' ||
    typeof m.publicKey !== 'string' ||
    typeof m.text !== 'string' ||
    typeof m.signature !== 'string'
  )
    throw new WalletError(
      'bad-signed-message',
      'a signed message is JSON with publicKey, text and signature strings',
    );
  return { publicKey: m.publicKey, text: m.text, signature: m.signature };
}

/** True when `signature` is the key's ed25519 signature of `text` (strict RFC 8032). */
export function verifySignedMessage(m: SignedMessage): boolean {
  const publicKey = parseHex(m.publicKey, 'publicKey', 32);
  const signature = parseHex(m.signature, 'signature', 64);
  try {
    return ed25519.verify(signature, utf8.encode(m.text), publicKey, { zip215: false });
  } catch {
    return false; // e.g. a public key that is not a curve point
  }
}

/** The message as the signer typed it (without smapp-lite's prefix, when present). */
export function messageBody(text: string): string {
  return text.startsWith(SIGNED_MESSAGE_PREFIX) ? text.slice(SIGNED_MESSAGE_PREFIX.length) : text;
}
