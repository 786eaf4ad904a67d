// spacemesh/v2alpha1/layer.proto: LayerService.List and LayerStreamService.Stream.
import { Block, SORT_ORDER } from './common.ts';
import type { Infer } from './shape.ts';

export const LAYER_STATUS = [
  'LAYER_STATUS_UNSPECIFIED',
  'LAYER_STATUS_APPLIED',
  'LAYER_STATUS_VERIFIED',
] as const;

export const Layer = {
  number: 'u32',
  status: { enum: LAYER_STATUS },
  consensusHash: 'string',
  stateHash: 'bytes',
  cumulativeStateHash: 'bytes',
  block: { msg: Block },
} as const;
export type Layer = Infer<typeof Layer>;

export const LayerRequest = {
  startLayer: 'u32',
  endLayer: 'u32',
  offset: 'u64',
  limit: 'u64',
  sortOrder: { enum: SORT_ORDER },
} as const;
export type LayerRequest = Infer<typeof LayerRequest>;

export const LayerList = { layers: { list: { msg: Layer } } } as const;
export type LayerList = Infer<typeof LayerList>;

export const LayerStreamRequest = { startLayer: 'u32', endLayer: 'u32', watch: 'bool' } as const;
export type LayerStreamRequest = Infer<typeof LayerStreamRequest>;
