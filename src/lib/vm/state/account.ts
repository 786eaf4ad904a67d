// Account state as go-spacemesh stores and hashes it (common/types/account.go):
//   Layer compact32 ‖ Address[24] ‖ NextNonce compact64 ‖ Balance compact64
//   ‖ Option<TemplateAddress[24]> ‖ State (byte slice, max 10000)
// State is the template's SCALE-encoded immutable state, which for all four templates is
// byte-for-byte their spawn arguments (Wallet{PublicKey}, MultiSig{Required, PublicKeys},
// Vault{Owner, Total, Initial, Start, End}).
import { bytesToHex } from '@noble/hashes/utils.js';
import {
  byteSlice,
  DecodeError,
  compact32,
  compact64,
  decode,
  encode,
  fixedBytes,
  option,
  struct,
  type Codec,
} from '../../codec/index.ts';
import { ADDRESS_LENGTH } from '../../crypto/address.ts';
import { TEMPLATES, templateAt, type SpawnArgumentsOf } from '../tx/templates.ts';
import type { PrincipalAccount } from '../tx/principal.ts';
import type { TemplateName } from '../tx/types.ts';

/** `scale:"max=10000"` on Account.State. */
export const MAX_ACCOUNT_STATE = 10_000;

export interface Account {
  /** Layer of the last change (go-spacemesh writes one row per account and layer). */
  readonly layer: number;
  readonly address: Uint8Array;
  readonly nextNonce: bigint;
  readonly balance: bigint;
  /** null until spawned. */
  readonly template: TemplateName | null;
  /** The template's encoded state; empty until spawned. */
  readonly state: Uint8Array;
}

interface AccountWire {
  layer: number;
  address: Uint8Array;
  nextNonce: bigint;
  balance: bigint;
  templateAddress: Uint8Array | null;
  state: Uint8Array;
}

const AccountWire: Codec<AccountWire> = struct({
  layer: compact32,
  address: fixedBytes(ADDRESS_LENGTH),
  nextNonce: compact64,
  balance: compact64,
  templateAddress: option(fixedBytes(ADDRESS_LENGTH)),
  state: byteSlice(MAX_ACCOUNT_STATE),
});

const EMPTY = new Uint8Array(0);

/** What accounts.Latest returns for an address with no row: nothing spawned, nothing held. */
export function emptyAccount(address: Uint8Array): Account {
  return { layer: 0, address, nextNonce: 0n, balance: 0n, template: null, state: EMPTY };
}

/** SCALE bytes of an account, as hashed into the layer's state root. */
export function encodeAccount(a: Account): Uint8Array {
  return encode(AccountWire, {
    layer: a.layer,
    address: a.address,
    nextNonce: a.nextNonce,
    balance: a.balance,
    templateAddress: a.template === null ? null : TEMPLATES[a.template].address,
    state: a.state,
  });
}

/** Inverse of encodeAccount; an unknown template address is a DecodeError. */
export function decodeAccount(bytes: Uint8Array): Account {
  const { templateAddress, ...rest } = decode(AccountWire, bytes, 'account');
  let template: TemplateName | null = null;
  if (templateAddress !== null) {
    template = templateAt(templateAddress) ?? null;
    if (template === null)
      throw new DecodeError('invalid-value', 'unknown template address', 'account');
  }
  return { ...rest, template };
}

/** The template state of a spawned account, decoded (handler.Load). */
export function accountTemplate(a: Account): PrincipalAccount | undefined {
  if (a.template === null) return undefined;
  const args = decode(TEMPLATES[a.template].spawnArguments as Codec<unknown>, a.state, 'state');
  return { template: a.template, args } as PrincipalAccount;
}

/** Encoded state of a template instance (what Spawn stores). */
export function encodeTemplateState<T extends TemplateName>(
  template: T,
  args: SpawnArgumentsOf[T],
): Uint8Array {
  return encode(TEMPLATES[template].spawnArguments, args);
}

/** Map key of an address. */
export function addressKey(address: Uint8Array): string {
  return bytesToHex(address);
}
