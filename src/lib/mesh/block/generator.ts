// A block from hare's output (go-spacemesh blocks/generator.go, utils.go getProposalMetadata,
// rewardInfoAndHeight, getBlockTXs): every honest node that sees the same proposal set builds
// the same block. Tick height = the largest base tick height of the proposals' ATXs; one reward
// entry per ATX, in ATX id order, weighing ATX weight / eligibility count × the ballot's
// eligibilities (an exact reduced fraction, as big.Rat); transactions = the union of the
// proposals' tx ids in getBlockTXs order, seeded with blake3 of the proposal ids.
import { blake3 } from '../../crypto/hash.ts';
import { compareBytes } from '../../store/bytes.ts';
import type { AnyReward, Block } from '../../types/block.ts';
import { bytesEqual } from '../../types/common.ts';
import type { EpochData } from '../../types/common.ts';
import type { Proposal } from '../../types/proposal.ts';
import type { Ballot } from '../../types/ballot.ts';
import type { AtxHeader } from '../atx/store.ts';
import { BlockError } from './errors.ts';
import { orderBlockTxs } from './tx-order.ts';
import type { TxOrderInfo } from './tx-order.ts';

export interface BlockGeneratorConfig {
  /** Gas available to one block (BlockGasLimit). */
  readonly gasLimit: bigint;
  /** txs.MinTXGas: pruning stops once less than this is left. */
  readonly minTxGas: bigint;
  /** Percentage of proposals that must agree on a mesh hash for optimistic filtering (OptFilterThreshold). */
  readonly optFilterThreshold: number;
}

/** What the generator reads; the node wires it to the ATX, ballot and transaction stores. */
export interface BlockGeneratorSources {
  atxHeader(id: Uint8Array): Promise<AtxHeader | undefined>;
  /** The epoch data in force for the ballot: its own, or its reference ballot's. */
  epochData(ballot: Ballot): Promise<EpochData | undefined>;
  tx(id: Uint8Array): Promise<TxOrderInfo | undefined>;
  /** This node's mesh hash of layer − 1 (layers.GetAggregatedHash). */
  meshHash(layer: number): Promise<Uint8Array | undefined>;
}

export interface GeneratedBlock {
  readonly block: Block;
  /** Whether a majority mesh hash matched ours, so the txs were not pruned by gas. */
  readonly optimisticFilter: boolean;
}

const EMPTY_HASH32 = new Uint8Array(32);
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** types.CalcProposalsHash32(ids, nil): blake3 over the ids' concatenation. */
export function blockSeed(proposalIds: readonly Uint8Array[]): Uint8Array {
  return blake3(...proposalIds);
}

/** rewardInfoAndHeight. */
export async function rewardsAndHeight(
  proposals: readonly Proposal[],
  src: BlockGeneratorSources,
): Promise<{ tickHeight: bigint; rewards: AnyReward[] }> {
  let tickHeight = 0n;
  const weights = new Map<string, AnyReward>();
  for (const p of proposals) {
    const b = p.ballot;
    if (bytesEqual(b.atxID, EMPTY_HASH32)) throw new BlockError('empty-atx', 'proposal ATX empty');
    const atx = await src.atxHeader(b.atxID);
    if (atx === undefined) throw new BlockError('unknown-atx', `ATX ${hex(b.atxID)} unknown`);
    if (atx.baseTickHeight > tickHeight) tickHeight = atx.baseTickHeight;
    const ed = await src.epochData(b);
    if (ed === undefined || ed.eligibilityCount === 0)
      throw new BlockError('unknown-ref-ballot', `no epoch data for ballot of ${hex(b.atxID)}`);
    // ComputeWeightPerEligibility × len(EligibilityProofs), normalised like big.Rat.
    let num = atx.weight * BigInt(b.eligibilityProofs.length);
    let denom = BigInt(ed.eligibilityCount);
    const g = gcd(num, denom);
    if (g > 1n) [num, denom] = [num / g, denom / g];
    if (num === 0n) denom = 1n;
    const k = hex(atx.id);
    if (weights.has(k)) throw new BlockError('duplicate-atx', `two proposals with ATX ${k}`);
    weights.set(k, { atxID: atx.id, weight: { num, denom } });
  }
  const rewards = [...weights.values()].sort((a, b) => compareBytes(a.atxID, b.atxID));
  return { tickHeight, rewards };
}

/**
 * The block of `layer` for hare's output `proposals`; null for an empty set (an empty layer).
 */
export async function generateBlock(
  layer: number,
  proposals: readonly Proposal[],
  ids: readonly Uint8Array[],
  config: BlockGeneratorConfig,
  src: BlockGeneratorSources,
): Promise<GeneratedBlock | null> {
  if (proposals.length !== ids.length) throw new RangeError('one id per proposal');
  if (proposals.length === 0) return null;
  for (const p of proposals)
    if (p.ballot.layer !== layer)
      throw new BlockError('wrong-layer', `proposal of layer ${p.ballot.layer} in ${layer}`);
  const { tickHeight, rewards } = await rewardsAndHeight(proposals, src);

  const seen = new Set<string>();
  const txs: TxOrderInfo[] = [];
  const meshHashes = new Map<string, { hash: Uint8Array; count: number }>();
  for (const p of proposals) {
    const mk = hex(p.meshHash);
    const ms = meshHashes.get(mk);
    if (ms === undefined) meshHashes.set(mk, { hash: p.meshHash, count: 1 });
    else ms.count++;
    for (const id of p.txIDs) {
      const k = hex(id);
      if (seen.has(k)) continue;
      const tx = await src.tx(id);
      if (tx === undefined) throw new BlockError('unknown-tx', `tx ${k} unknown`);
      seen.add(k);
      txs.push(tx);
    }
  }
  const majority = config.optFilterThreshold * proposals.length;
  let majorityHash: Uint8Array | undefined;
  for (const ms of meshHashes.values())
    if (!bytesEqual(ms.hash, EMPTY_HASH32) && ms.count * 100 >= majority) majorityHash = ms.hash;
  let optimisticFilter = false;
  if (majorityHash !== undefined) {
    const own = await src.meshHash(layer - 1);
    if (own === undefined || !bytesEqual(own, majorityHash))
      throw new BlockError(
        'bad-mesh-hash',
        `majority mesh hash ${hex(majorityHash)}, ours ${own === undefined ? 'none' : hex(own)}`,
      );
    optimisticFilter = true;
  }
  const txIDs =
    txs.length === 0
      ? []
      : orderBlockTxs(
          txs,
          blockSeed(ids),
          optimisticFilter ? 0n : config.gasLimit,
          config.minTxGas,
        );
  return { block: { layerIndex: layer, tickHeight, rewards, txIDs }, optimisticFilter };
}
