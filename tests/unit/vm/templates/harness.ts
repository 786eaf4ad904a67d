// A small chain for VM tests: genesis balances in a MemoryStateStore, real ed25519 keys, real
// signed transactions from src/lib/vm/tx/sign.ts, and one executeLayer per apply().
import { ed25519 } from '@noble/curves/ed25519.js';
import { executeLayer, type BlockTx, type LayerResult } from '../../../../src/lib/vm/execute.ts';
import { genesisAccounts } from '../../../../src/lib/vm/genesis.ts';
import type { CoinbaseReward } from '../../../../src/lib/vm/rewards.ts';
import type { Account } from '../../../../src/lib/vm/state/account.ts';
import { MemoryStateStore } from '../../../../src/lib/vm/state/memory.ts';
import { firstEffectiveGenesis } from '../../../../src/lib/vm/subsidy.ts';
import {
  principalOf,
  signMultisigTx,
  signWalletTx,
  type Transaction,
} from '../../../../src/lib/vm/tx/index.ts';
import type { VaultSpawnArguments } from '../../../../src/lib/vm/tx/index.ts';

export const GENESIS_ID = new Uint8Array(20).fill(0x5a);
export const LAYERS_PER_EPOCH = 10;
/** Layer 19: the first layer the VM executes with 10 layers per epoch. */
export const FIRST_LAYER = firstEffectiveGenesis(LAYERS_PER_EPOCH);

export interface Key {
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
}

export function key(i: number): Key {
  const seed = new Uint8Array(32).fill(i + 1);
  seed[0] = 0x4b;
  return { seed, publicKey: ed25519.getPublicKey(seed) };
}

export const walletAddress = (k: Key): Uint8Array =>
  principalOf('wallet', { publicKey: k.publicKey });

export function multisigArgs(required: number, keys: readonly Key[]) {
  return { required, publicKeys: keys.map((k) => k.publicKey) };
}

/** An address nobody holds keys for. */
export function sink(i: number): Uint8Array {
  const a = new Uint8Array(24);
  a[23] = i;
  a[22] = 0xdd;
  return a;
}

export const TXDATA = (raw: Uint8Array): bigint => 128n * BigInt(Math.ceil(raw.length / 8));

// Gas of each method written out from genvm's gas.go with the numbers of gas_constants in
// tests/vectors/genvm_golden.json, independently of src/lib/vm/core/gas.ts.
export const GAS = {
  walletSpawn: (raw: Uint8Array) => 20000n + 3000n + 30000n + 9n * 5000n + TXDATA(raw),
  walletSpend: (raw: Uint8Array) =>
    20000n + 3000n + (2500n + 9n * 182n) + (2500n + 182n + 5n * 725n + 725n) + TXDATA(raw),
  /** A wallet spawning some other wallet: its own load gas plus the new wallet's store. */
  walletSpawnOther: (raw: Uint8Array) =>
    20000n + 3000n + 30000n + (2500n + 9n * 182n) + 9n * 5000n + TXDATA(raw),
  multisigSpawn: (raw: Uint8Array, required: number, keys: number) =>
    20000n +
    3000n * BigInt(required) +
    30000n +
    5000n * BigInt(Math.ceil((32 * keys + 36) / 8)) +
    TXDATA(raw),
  multisigSpend: (raw: Uint8Array, required: number, keys: number) =>
    20000n +
    3000n * BigInt(required) +
    (2500n + 182n * BigInt(Math.ceil((32 * keys + 36) / 8))) +
    (2500n + 182n + 5n * 725n + 725n) +
    TXDATA(raw),
  /** A vesting account spawning a vault: vault exec gas is 0. */
  vaultSpawn: (raw: Uint8Array, required: number, keys: number) =>
    20000n +
    3000n * BigInt(required) +
    30000n +
    (2500n + 182n * BigInt(Math.ceil((32 * keys + 36) / 8))) +
    TXDATA(raw),
  drain: (raw: Uint8Array, required: number, keys: number) =>
    20000n +
    3000n * BigInt(required) +
    (2500n + 182n * BigInt(Math.ceil((32 * keys + 36) / 8))) +
    (2500n + 12n * 182n + 5n * 725n + 2n * 725n) +
    TXDATA(raw),
};

export class Chain {
  readonly store = new MemoryStateStore();
  layer = FIRST_LAYER;
  gasLimit: bigint;

  constructor(
    genesis: readonly { address: Uint8Array; balance: bigint }[],
    gasLimit = 100_000_000n,
  ) {
    this.store.commitSync(0, genesisAccounts(genesis));
    this.gasLimit = gasLimit;
  }

  get(address: Uint8Array): Account {
    return this.store.get(address);
  }

  balance(address: Uint8Array): bigint {
    return this.get(address).balance;
  }

  /** Executes one layer of raw txs and commits it; the next call runs the next layer. */
  apply(
    txs: readonly (Uint8Array | BlockTx)[],
    rewards: readonly CoinbaseReward[] = [],
  ): LayerResult {
    const block = txs.map((t) => (t instanceof Uint8Array ? { raw: t } : t));
    const result = executeLayer(this.store, this.layer, block, rewards, {
      genesisId: GENESIS_ID,
      layersPerEpoch: LAYERS_PER_EPOCH,
      gasLimit: this.gasLimit,
    });
    this.store.commitSync(this.layer, result.changed, result.stateRoot);
    this.layer++;
    return result;
  }

  /** Runs empty layers until `layer` is next. */
  skipTo(layer: number): void {
    while (this.layer < layer) this.apply([]);
  }
}

export function walletSpawn(k: Key, nonce = 0n, gasPrice = 1n): Uint8Array {
  const tx: Transaction = {
    method: 'spawn',
    template: 'wallet',
    principal: walletAddress(k),
    nonce,
    gasPrice,
    args: { publicKey: k.publicKey },
  };
  return signWalletTx(tx, k.seed, GENESIS_ID);
}

export function walletSpend(
  k: Key,
  destination: Uint8Array,
  amount: bigint,
  nonce: bigint,
  gasPrice = 1n,
  genesisId = GENESIS_ID,
): Uint8Array {
  const tx: Transaction = {
    method: 'spend',
    principal: walletAddress(k),
    nonce,
    gasPrice,
    args: { destination, amount },
  };
  return signWalletTx(tx, k.seed, genesisId);
}

/** Signs `tx` with keys[ref] for each ref (refs index the account's key list). */
export function multiSign(
  tx: Transaction,
  keys: readonly Key[],
  refs: readonly number[],
): Uint8Array {
  return signMultisigTx(
    tx,
    refs.map((ref) => ({ ref, secretKey: keys[ref]!.seed })),
    GENESIS_ID,
  );
}

export function vaultArgs(
  owner: Uint8Array,
  v: Partial<VaultSpawnArguments> = {},
): VaultSpawnArguments {
  return {
    owner,
    totalAmount: v.totalAmount ?? 11_000n,
    initialUnlockAmount: v.initialUnlockAmount ?? 1_000n,
    vestingStart: v.vestingStart ?? FIRST_LAYER + 2,
    vestingEnd: v.vestingEnd ?? FIRST_LAYER + 4,
  };
}
