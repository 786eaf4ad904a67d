// Executing one layer (genvm vm.go Apply and execute), synchronously over a reader of the
// state before the layer. The async store glue is vm.ts.
//
// Per transaction, in genvm's order: parse → zero gas price → intrinsic gas → block gas →
// signature → nonce. Any of these makes it ineffective: it is skipped without a fee. Otherwise
// max gas is charged up front (a balance that cannot pay it is taken whole and the tx fails
// 'out-of-gas'), the method runs, and whether it succeeded or failed the principal's nonce
// becomes tx nonce + 1 and the fee goes to the layer's rewards. Nonces may skip ahead: only a
// nonce below the account's next nonce is refused.
import { blake3 } from '../crypto/hash.ts';
import { Context } from './core/context.ts';
import { VmError, type ExecFailure, type IneffectiveReason } from './core/errors.ts';
import { intrinsicGas } from './core/gas.ts';
import type { TxHeader } from './core/header.ts';
import { parseTx, verifyParsedTx } from './core/parse.ts';
import { handlerOf } from './core/registry.ts';
import { encodeAccount, type Account } from './state/account.ts';
import { StagedCache } from './state/staged-cache.ts';
import type { AccountReader } from './state/store.ts';
import { computeRewards, creditRewards, type CoinbaseReward, type Reward } from './rewards.ts';
import { firstEffectiveGenesis } from './subsidy.ts';
import { txId } from './tx/id.ts';

export interface VmConfig {
  readonly genesisId: Uint8Array;
  readonly layersPerEpoch: number;
  /** Gas available to one block (go-spacemesh vm.Config.GasLimit, preset blockGasLimit). */
  readonly gasLimit: bigint;
}

/** A transaction of the block. */
export interface BlockTx {
  readonly raw: Uint8Array;
  /** blake3(raw); computed when absent. */
  readonly id?: Uint8Array;
  /** Signature already checked on admission (genvm skips Verify for such txs). */
  readonly verified?: boolean;
}

export interface TxResult {
  /** Position in the block. */
  readonly index: number;
  readonly id: Uint8Array;
  readonly header: TxHeader;
  readonly status: 'success' | 'failure';
  readonly failure?: ExecFailure;
  /** Gas units consumed (= max gas unless the balance ran out). */
  readonly gasConsumed: bigint;
  /** Smidge paid. */
  readonly fee: bigint;
  /** The principal, then every other account the tx changed. */
  readonly addresses: Uint8Array[];
}

export interface IneffectiveTx {
  readonly index: number;
  readonly id: Uint8Array;
  readonly reason: IneffectiveReason;
  readonly detail: string;
  /** Present when the tx parsed. */
  readonly header?: TxHeader;
}

export interface LayerResult {
  readonly layer: number;
  readonly results: TxResult[];
  readonly ineffective: IneffectiveTx[];
  readonly rewards: Reward[];
  readonly subsidy: bigint;
  readonly fees: bigint;
  readonly burnt: bigint;
  /** Accounts changed in this layer, in first-change order, with `layer` set. */
  readonly changed: Account[];
  /**
   * go-spacemesh's layer state hash (vm.go Apply): blake3 over the SCALE encoding of every
   * account changed in the layer, in the order first changed (transactions, then rewards).
   * It covers only this layer's changes, not all state.
   */
  readonly stateRoot: Uint8Array;
}

export interface ExecutedTxs {
  readonly results: TxResult[];
  readonly ineffective: IneffectiveTx[];
  readonly fees: bigint;
}

/** genvm execute: runs `txs` in order against `cache`. */
export function executeTxs(
  layer: number,
  cache: StagedCache,
  txs: readonly BlockTx[],
  config: VmConfig,
): ExecutedTxs {
  const results: TxResult[] = [];
  const ineffective: IneffectiveTx[] = [];
  let fees = 0n;
  let limit = config.gasLimit;
  txs.forEach((blockTx, index) => {
    const id = blockTx.id ?? txId(blockTx.raw);
    const skip = (reason: IneffectiveReason, detail: string, header?: TxHeader): void => {
      ineffective.push({ index, id, reason, detail, ...(header ? { header } : {}) });
    };
    const parse = parseTx(blockTx.raw, cache);
    if (!parse.ok) return skip(parse.reason, parse.detail);
    const { parsed } = parse;
    const { header } = parsed;
    const account = parsed.principalAccount;
    if (header.gasPrice === 0n) return skip('zero-gas-price', 'gas price is 0');
    const intrinsic = intrinsicGas(parsed.baseGas, blockTx.raw.length);
    // genvm compares the balance with intrinsic gas in gas units, not multiplied by the price.
    if (account.balance < intrinsic)
      return skip('intrinsic-gas', `balance ${account.balance} < intrinsic gas ${intrinsic}`);
    if (limit < header.maxGas)
      return skip('block-gas', `block gas left ${limit} < max gas ${header.maxGas}`);
    if (blockTx.verified !== true && !verifyParsedTx(parsed, config.genesisId))
      return skip('bad-signature', 'signature does not verify');
    if (account.nextNonce > header.nonce)
      return skip('nonce-too-low', `nonce ${header.nonce} < next ${account.nextNonce}`, header);

    const ctx = new Context(cache, layer, header, account);
    let failure = ctx.consume(header.maxGas);
    if (failure === undefined) {
      // The principal's template runs the method (for a self-spawn, the one being created).
      const { template, args } = parsed.signer;
      failure = handlerOf(template).exec(ctx, parsed.tx, args);
    }
    results.push({
      index,
      id,
      header,
      status: failure === undefined ? 'success' : 'failure',
      ...(failure !== undefined ? { failure } : {}),
      gasConsumed: ctx.consumed,
      fee: ctx.fee,
      addresses: ctx.updated(),
    });
    ctx.apply(cache);
    fees += ctx.fee;
    limit -= ctx.consumed;
  });
  return { results, ineffective, fees };
}

/**
 * genvm Apply: executes `txs`, pays `rewards`, and returns every change with the layer's state
 * root. `state` is the state before the layer; nothing is written to it.
 */
export function executeLayer(
  state: AccountReader,
  layer: number,
  txs: readonly BlockTx[],
  rewards: readonly CoinbaseReward[],
  config: VmConfig,
): LayerResult {
  const first = firstEffectiveGenesis(config.layersPerEpoch);
  if (layer < first)
    throw new VmError(`layer ${layer} is before the effective genesis layer ${first}`);
  const cache = new StagedCache(state);
  const { results, ineffective, fees } = executeTxs(layer, cache, txs, config);
  const paid = computeRewards(layer, config.layersPerEpoch, fees, rewards);
  creditRewards(cache, paid.rewards);
  const changed = cache.changed().map((a) => ({ ...a, layer }));
  const stateRoot = blake3(...changed.map(encodeAccount));
  return {
    layer,
    results,
    ineffective,
    rewards: paid.rewards,
    subsidy: paid.subsidy,
    fees,
    burnt: paid.burnt,
    changed,
    stateRoot,
  };
}
