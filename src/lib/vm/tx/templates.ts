// The four templates a transaction can name: id, address, and the codec of their spawn
// arguments (what the principal of a spawned account is derived from).
import type { Codec } from '../../codec/index.ts';
import { ADDRESS_LENGTH, TEMPLATE_IDS, templateAddress } from '../../crypto/address.ts';
import { MultisigSpawnArguments } from '../templates/multisig/types.ts';
import { VaultSpawnArguments } from '../templates/vault/types.ts';
import { WalletSpawnArguments } from '../templates/wallet/types.ts';
import type { TemplateName } from './types.ts';

/** Spawn arguments of each template. */
export interface SpawnArgumentsOf {
  wallet: WalletSpawnArguments;
  multisig: MultisigSpawnArguments;
  vesting: MultisigSpawnArguments;
  vault: VaultSpawnArguments;
}

export interface TemplateInfo<T extends TemplateName = TemplateName> {
  readonly name: T;
  readonly id: number;
  /** 23 zero bytes then the id. */
  readonly address: Uint8Array;
  readonly spawnArguments: Codec<SpawnArgumentsOf[T]>;
}

function info<T extends TemplateName>(
  name: T,
  id: number,
  spawnArguments: Codec<SpawnArgumentsOf[T]>,
): TemplateInfo<T> {
  return { name, id, address: templateAddress(id), spawnArguments };
}

export const TEMPLATES: { readonly [T in TemplateName]: TemplateInfo<T> } = {
  wallet: info('wallet', TEMPLATE_IDS.WALLET, WalletSpawnArguments),
  multisig: info('multisig', TEMPLATE_IDS.MULTISIG, MultisigSpawnArguments),
  vesting: info('vesting', TEMPLATE_IDS.VESTING, MultisigSpawnArguments),
  vault: info('vault', TEMPLATE_IDS.VAULT, VaultSpawnArguments),
};

const byId: ReadonlyMap<number, TemplateName> = new Map(
  Object.values(TEMPLATES).map((t) => [t.id, t.name]),
);

/** The template at a 24-byte address, or undefined if it is not one of the four. */
export function templateAt(address: Uint8Array): TemplateName | undefined {
  if (address.length !== ADDRESS_LENGTH) return undefined;
  for (let i = 0; i < ADDRESS_LENGTH - 1; i++) if (address[i] !== 0) return undefined;
  return byId.get(address[ADDRESS_LENGTH - 1]!);
}
