// spacemesh/v2alpha1/reward.proto: RewardService.List and RewardStreamService.Stream.
import { SORT_ORDER } from './common.ts';
import type { Infer } from './shape.ts';

export const Reward = {
  layer: 'u32',
  total: 'u64',
  layerReward: 'u64',
  coinbase: 'string',
  smesher: 'bytes',
} as const;
export type Reward = Infer<typeof Reward>;

/** filter_by is a oneof: coinbase or smesher, at most one. */
export const RewardRequest = {
  startLayer: 'u32',
  endLayer: 'u32',
  coinbase: { opt: 'string' },
  smesher: { opt: 'bytes' },
  offset: 'u64',
  limit: 'u64',
  sortOrder: { enum: SORT_ORDER },
} as const;
export type RewardRequest = Infer<typeof RewardRequest>;

export const RewardList = { rewards: { list: { msg: Reward } } } as const;
export type RewardList = Infer<typeof RewardList>;

export const RewardStreamRequest = {
  startLayer: 'u32',
  endLayer: 'u32',
  coinbase: { opt: 'string' },
  smesher: { opt: 'bytes' },
  watch: 'bool',
} as const;
export type RewardStreamRequest = Infer<typeof RewardStreamRequest>;
