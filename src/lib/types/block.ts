// Block as go-spacemesh v1.7 defines it (common/types/block.go, block_scale.go). Blocks are not
// signed: every honest node builds the same block from hare's output, and the certificate
// (certificate.ts) vouches for it. Block ID = blake3(SCALE(InnerBlock))[:20].
import { compact64, decode, encode, slice, struct } from '../codec/index.ts';
import type { Codec } from '../codec/index.ts';
import { hash20 } from '../crypto/hash.ts';
import { ATXID, LayerID, TransactionID } from './common.ts';

/** InnerBlock.Rewards max (one reward per ATX in the layer's proposals). */
export const MAX_BLOCK_REWARDS = 2350;
/** InnerBlock.TxIDs max. */
export const MAX_BLOCK_TX_IDS = 100000;

/** types.RatNum: a reward weight as a fraction of two u64s. */
export interface RatNum {
  readonly num: bigint;
  readonly denom: bigint;
}
export const RatNumCodec: Codec<RatNum> = struct<RatNum>({ num: compact64, denom: compact64 });

/** types.AnyReward: an ATX's share of the layer's rewards. */
export interface AnyReward {
  readonly atxID: Uint8Array;
  readonly weight: RatNum;
}
export const AnyRewardCodec: Codec<AnyReward> = struct<AnyReward>({
  atxID: ATXID,
  weight: RatNumCodec,
});

/** types.InnerBlock (types.Block has nothing else on the wire). */
export interface Block {
  readonly layerIndex: number;
  readonly tickHeight: bigint;
  readonly rewards: AnyReward[];
  readonly txIDs: Uint8Array[];
}
export const BlockCodec: Codec<Block> = struct<Block>({
  layerIndex: LayerID,
  tickHeight: compact64,
  rewards: slice(AnyRewardCodec, MAX_BLOCK_REWARDS),
  txIDs: slice(TransactionID, MAX_BLOCK_TX_IDS),
});

/** Block.Initialize: blake3(SCALE(InnerBlock))[:20]. */
export function blockId(b: Block): Uint8Array {
  return hash20(encode(BlockCodec, b));
}

export function encodeBlock(b: Block): Uint8Array {
  return encode(BlockCodec, b);
}

/** Exactly one block, no trailing bytes; throws only DecodeError. */
export function decodeBlock(bytes: Uint8Array): Block {
  return decode(BlockCodec, bytes, 'Block');
}
