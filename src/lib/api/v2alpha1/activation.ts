// spacemesh/v2alpha1/activation.proto: ActivationService (List, ActivationsCount, Highest) and
// ActivationStreamService.Stream.
import type { Infer } from './shape.ts';

export const Activation = {
  id: 'bytes',
  smesherId: 'bytes',
  publishEpoch: 'u32',
  coinbase: 'string',
  weight: 'u64',
  height: 'u64',
  numUnits: 'u32',
} as const;
export type Activation = Infer<typeof Activation>;

export const ActivationRequest = {
  startEpoch: 'u32',
  endEpoch: 'u32',
  id: { list: 'bytes' },
  smesherId: { list: 'bytes' },
  coinbase: 'string',
  offset: 'u64',
  limit: 'u64',
} as const;
export type ActivationRequest = Infer<typeof ActivationRequest>;

export const ActivationList = { activations: { list: { msg: Activation } } } as const;
export type ActivationList = Infer<typeof ActivationList>;

export const ActivationsCountRequest = { epoch: { opt: 'u32' } } as const;
export type ActivationsCountRequest = Infer<typeof ActivationsCountRequest>;
export const ActivationsCountResponse = { count: 'u32' } as const;
export type ActivationsCountResponse = Infer<typeof ActivationsCountResponse>;

export const HighestRequest = {} as const;
export type HighestRequest = Infer<typeof HighestRequest>;
export const HighestResponse = { activation: { msg: Activation } } as const;
export type HighestResponse = Infer<typeof HighestResponse>;

export const ActivationStreamRequest = {
  startEpoch: 'u32',
  endEpoch: 'u32',
  id: { list: 'bytes' },
  smesherId: { list: 'bytes' },
  coinbase: 'string',
  watch: 'bool',
} as const;
export type ActivationStreamRequest = Infer<typeof ActivationStreamRequest>;
