// Spacemesh account addresses (go-spacemesh common/types/address.go): 24 bytes, the first 4
// reserved and zero, written as BIP-173 bech32 (not bech32m) with a per-network HRP.
import { bech32 } from '@scure/base';
import { AddressError } from './errors.ts';
import { blake3 } from './hash.ts';

export { AddressError } from './errors.ts';
export type { AddressErrorCode } from './errors.ts';

/** Bytes in an address. */
export const ADDRESS_LENGTH = 24;
/** Leading bytes that must be zero (reserved by go-spacemesh for future use). */
export const ADDRESS_RESERVED_SPACE = 4;

/** Human-readable parts. Existing Spacemesh wallets accept only these three. */
export const HRP = { mainnet: 'sm', testnet: 'stest', standalone: 'standalone' } as const;
export type NetworkHrp = (typeof HRP)[keyof typeof HRP];

/** Template ids: a template's address is 23 zero bytes followed by its id. */
export const TEMPLATE_IDS = { WALLET: 1, MULTISIG: 2, VESTING: 3, VAULT: 4 } as const;
export type TemplateId = (typeof TEMPLATE_IDS)[keyof typeof TEMPLATE_IDS];

// 24 bytes = 192 bits = 39 five-bit words (the last carries 3 padding bits).
const ADDRESS_WORDS = Math.ceil((ADDRESS_LENGTH * 8) / 5);
// BIP-173: every character of a bech32 string is printable US-ASCII (33..126).
const BECH32_PRINTABLE = /^[\x21-\x7e]*$/;

/**
 * Bech32 string of a 24-byte address. Like go-spacemesh's Address.String(), the bytes are
 * encoded as they are: reserved bytes are not checked here, so malformed on-chain data can
 * still be displayed. The result is lowercase.
 */
export function encodeAddress(addr: Uint8Array, hrp: string): string {
  if (!(addr instanceof Uint8Array) || addr.length !== ADDRESS_LENGTH)
    throw new AddressError('bad-length', `address must be ${ADDRESS_LENGTH} bytes`);
  if (typeof hrp !== 'string' || hrp.length === 0 || !BECH32_PRINTABLE.test(hrp))
    throw new AddressError('bad-bech32', 'hrp must be non-empty printable ASCII');
  // No length limit: go-spacemesh uses bech32.DecodeNoLimit, and a long HRP is still valid.
  return bech32.encode(hrp, bech32.toWords(addr), false);
}

/** An address string split into its HRP and its 24 bytes. */
export interface DecodedAddress {
  readonly hrp: string;
  readonly address: Uint8Array;
}

/**
 * Decodes an address string of any network and returns its HRP with the bytes. Checks the
 * bech32 checksum, the length and the reserved bytes. Throws only {@link AddressError}.
 */
export function decodeAddressWithHrp(s: string): DecodedAddress {
  const { hrp, address } = parse(s);
  checkReserved(address);
  return { hrp, address };
}

/**
 * Decodes an address string. When `hrp` is given the string must carry exactly that HRP.
 * Checks happen in go-spacemesh's order (bech32, length, HRP, reserved bytes), so a string
 * fails with the same reason here as there. Throws only {@link AddressError}.
 */
export function decodeAddress(s: string, hrp?: string): Uint8Array {
  const parsed = parse(s);
  if (hrp !== undefined && parsed.hrp !== hrp)
    throw new AddressError('wrong-hrp', `wrong network: expected "${hrp}", got "${parsed.hrp}"`);
  checkReserved(parsed.address);
  return parsed.address;
}

function parse(s: string): DecodedAddress {
  if (typeof s !== 'string') throw new AddressError('bad-bech32', 'address must be a string');
  if (!BECH32_PRINTABLE.test(s))
    throw new AddressError('bad-bech32', 'address has a character outside printable ASCII');
  let decoded: { prefix: string; words: number[] };
  try {
    decoded = bech32.decode(s, false);
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new AddressError('bad-bech32', `invalid bech32: ${why}`, { cause });
  }
  if (decoded.words.length !== ADDRESS_WORDS)
    throw new AddressError(
      'bad-length',
      `expected ${ADDRESS_LENGTH} bytes, got ${Math.floor((decoded.words.length * 5) / 8)}`,
    );
  // go-spacemesh ignores the 3 padding bits of the last word; we require them to be zero (as
  // BIP-173 does) so that every address has exactly one string per HRP.
  const address = bech32.fromWordsUnsafe(decoded.words);
  if (address === undefined) throw new AddressError('bad-bech32', 'non-zero padding bits');
  return { hrp: decoded.prefix, address };
}

function checkReserved(address: Uint8Array): void {
  for (let i = 0; i < ADDRESS_RESERVED_SPACE; i++)
    if (address[i] !== 0)
      throw new AddressError(
        'missing-reserved-space',
        `expected the first ${ADDRESS_RESERVED_SPACE} bytes to be 0`,
      );
}

/**
 * go-spacemesh's GenerateAddress: copies the last (at most) 20 bytes of `data` after the 4
 * reserved zero bytes. Shorter input is copied to the front of that space (as Go's copy does).
 */
export function generateAddress(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(ADDRESS_LENGTH);
  const room = ADDRESS_LENGTH - ADDRESS_RESERVED_SPACE;
  out.set(data.length > room ? data.subarray(data.length - room) : data, ADDRESS_RESERVED_SPACE);
  return out;
}

/** The address of a template: 23 zero bytes, then its one-byte id. */
export function templateAddress(id: number): Uint8Array {
  if (!Number.isInteger(id) || id < 0 || id > 255)
    throw new RangeError(`template id must be a byte, got ${id}`);
  const out = new Uint8Array(ADDRESS_LENGTH);
  out[ADDRESS_LENGTH - 1] = id;
  return out;
}

/**
 * An account's address from its template and SCALE-encoded spawn arguments (genvm
 * core.ComputePrincipal): the last 20 bytes of blake3(template ‖ args) after 4 zero bytes.
 */
export function computePrincipal(template: Uint8Array, encodedSpawnArgs: Uint8Array): Uint8Array {
  if (template.length !== ADDRESS_LENGTH)
    throw new AddressError('bad-length', `template address must be ${ADDRESS_LENGTH} bytes`);
  return generateAddress(blake3(template, encodedSpawnArgs));
}
