// NodeService.Status and NetworkService.Info (go-spacemesh api/grpcserver/v2alpha1 node.go,
// network.go).
import { genesisTimeMs } from '../../config/genesis.ts';
import type { ApiContext } from '../context.ts';
import type { NetworkInfoResponse, NodeStatusResponse } from '../v2alpha1/node.ts';
import { encodeBase64 } from '../v2alpha1/shape.ts';

/**
 * Synced the way a node without a syncer can tell: the tortoise has processed the previous
 * layer (go-spacemesh's syncer compares its processed layer with the clock too).
 */
export function isSynced(ctx: ApiContext): boolean {
  const p = ctx.node.parts;
  if (!p.clock.hasStarted()) return true;
  const current = p.clock.currentLayer();
  if (current <= ctx.node.effectiveGenesis + 1) return true;
  return p.tortoise.processedLayer() >= current - 1;
}

export function nodeStatus(ctx: ApiContext): NodeStatusResponse {
  const p = ctx.node.parts;
  const peers = ctx.host.peers?.() ?? 0;
  return {
    connectedPeers: String(peers),
    status: isSynced(ctx) ? 'SYNC_STATUS_SYNCED' : 'SYNC_STATUS_SYNCING',
    latestLayer: p.tortoise.lastLayer(),
    appliedLayer: ctx.node.lastApplied,
    processedLayer: p.tortoise.processedLayer(),
    currentLayer: p.clock.hasStarted() ? p.clock.currentLayer() : 0,
  };
}

export function networkInfo(ctx: ApiContext): NetworkInfoResponse {
  const n = ctx.node.parts.network;
  const ms = n.layerDurationMs;
  return {
    genesisTime: new Date(genesisTimeMs(n)).toISOString().replace(/\.000Z$/, 'Z'),
    layerDuration: `${ms % 1000 === 0 ? ms / 1000 : (ms / 1000).toFixed(3)}s`,
    genesisId: encodeBase64(ctx.node.parts.genesisId),
    hrp: n.hrp,
    effectiveGenesisLayer: ctx.node.effectiveGenesis,
    layersPerEpoch: n.layersPerEpoch,
    labelsPerUnit: String(n.post.labelsPerUnit),
  };
}
