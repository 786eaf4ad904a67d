// A node started over a store that already holds a mesh (a restart): the tortoise is fed what the
// store has, in the order go-spacemesh's tortoise.Recover uses (beacons — the node gives it the
// genesis ones before this — ATXs by epoch, then per layer ballots, blocks and hare's output).
// The VM state lives in memory, so every applied layer is marked unapplied: the node executes the
// layers again as the tortoise verifies them.
import type { BeaconStore } from '../consensus/beacon/store.ts';
import { tortoiseBlock } from '../consensus/tortoise/inputs.ts';
import type { SyncHooks } from '../sync/syncer.ts';
import type { NodeParts } from './components.ts';

export async function recoverMesh(
  p: NodeParts,
  beacons: BeaconStore,
  node: Pick<SyncHooks, 'atxStored' | 'ballotStored'>,
  effectiveGenesis: number,
): Promise<void> {
  for await (const { epoch, beacon } of beacons.all()) {
    p.beacon.updateBeacon(epoch, beacon);
    p.tortoise.onBeacon(epoch, beacon);
  }
  const lastEpoch = await p.atxHandler.atxs.lastEpoch();
  if (lastEpoch === undefined) return;
  for (let epoch = 0; epoch <= lastEpoch; epoch++)
    for await (const h of p.atxHandler.atxs.epochHeaders(epoch)) node.atxStored(h);
  const blocks = p.executor.blocks;
  const last = Math.max(
    (await p.ballots.ballots.lastLayer()) ?? effectiveGenesis,
    (await blocks.lastMeshHash())?.layer ?? effectiveGenesis,
  );
  const unapply = [];
  // Blocks and hare outputs of a layer come after its ballots; one more layer covers them.
  for (let layer = effectiveGenesis + 1; layer <= last + 1; layer++) {
    if ((await blocks.applied(layer)) !== undefined) unapply.push(...blocks.unappliedOps(layer));
    for (const id of await p.ballots.ballots.layerIds(layer)) {
      const b = await p.ballots.ballots.get(id);
      if (b !== undefined) await node.ballotStored(b, id);
    }
    for (const id of await blocks.layerIds(layer)) {
      const block = await blocks.get(id);
      if (block !== undefined) p.tortoise.onBlock(tortoiseBlock(id, block));
    }
    const hare = await blocks.hareOutput(layer);
    if (hare !== undefined) p.tortoise.onHareOutput(layer, hare);
  }
  await p.store.batch(unapply);
}
