// spacemesh/v2alpha1/malfeasance.proto: MalfeasanceService.List and
// MalfeasanceStreamService.Stream.
import type { Infer } from './shape.ts';

export const MALFEASANCE_DOMAIN = [
  'DOMAIN_UNSPECIFIED',
  'DOMAIN_ACTIVATION',
  'DOMAIN_BALLOT',
  'DOMAIN_HARE',
] as const;

export const MalfeasanceProof = {
  smesher: 'bytes',
  domain: { enum: MALFEASANCE_DOMAIN },
  type: 'u32',
  properties: { map: 'string' },
} as const;
export type MalfeasanceProof = Infer<typeof MalfeasanceProof>;

export const MalfeasanceRequest = {
  smesherId: { list: 'bytes' },
  offset: 'u64',
  limit: 'u64',
} as const;
export type MalfeasanceRequest = Infer<typeof MalfeasanceRequest>;

export const MalfeasanceList = { proofs: { list: { msg: MalfeasanceProof } } } as const;
export type MalfeasanceList = Infer<typeof MalfeasanceList>;

export const MalfeasanceStreamRequest = { smesherId: { list: 'bytes' }, watch: 'bool' } as const;
export type MalfeasanceStreamRequest = Infer<typeof MalfeasanceStreamRequest>;
