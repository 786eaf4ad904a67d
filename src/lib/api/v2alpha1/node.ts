// spacemesh/v2alpha1/node.proto and network.proto (spacemeshos/api): NodeService.Status and
// NetworkService.Info.
import type { Infer } from './shape.ts';

export const SYNC_STATUS = [
  'SYNC_STATUS_UNSPECIFIED',
  'SYNC_STATUS_OFFLINE',
  'SYNC_STATUS_SYNCING',
  'SYNC_STATUS_SYNCED',
] as const;

export const NodeStatusRequest = {} as const;
export type NodeStatusRequest = Infer<typeof NodeStatusRequest>;

export const NodeStatusResponse = {
  connectedPeers: 'u64',
  status: { enum: SYNC_STATUS },
  latestLayer: 'u32',
  appliedLayer: 'u32',
  processedLayer: 'u32',
  currentLayer: 'u32',
} as const;
export type NodeStatusResponse = Infer<typeof NodeStatusResponse>;

export const NetworkInfoRequest = {} as const;
export type NetworkInfoRequest = Infer<typeof NetworkInfoRequest>;

export const NetworkInfoResponse = {
  genesisTime: 'timestamp',
  layerDuration: 'duration',
  genesisId: 'bytes',
  hrp: 'string',
  effectiveGenesisLayer: 'u32',
  layersPerEpoch: 'u32',
  labelsPerUnit: 'u64',
} as const;
export type NetworkInfoResponse = Infer<typeof NetworkInfoResponse>;
