// A node's own checkpoint (go-spacemesh checkpoint/runner.go Generate, which the admin API's
// CheckpointStream and the node's self checkpoints use): taken right after a layer executes,
// when the VM's accounts are exactly the state as of that layer.
import type { NodeParts } from '../node/components.ts';
import type { AtxHeader } from '../mesh/atx/store.ts';
import type { Account } from '../vm/state/account.ts';
import { unitsKey } from './format.ts';
import type { Checkpoint } from './format.ts';
import { buildCheckpoint } from './snapshot.ts';

/**
 * The checkpoint of `parts` at `snapshotLayer`. `accounts` must be read synchronously when the
 * layer's 'applied' event fires (parts.state.all()): later layers change them.
 */
export async function checkpointOf(
  parts: Pick<NodeParts, 'atxHandler' | 'network'>,
  snapshotLayer: number,
  accounts: readonly Account[],
  numAtxs?: number,
): Promise<Checkpoint> {
  const atxs = parts.atxHandler.atxs;
  const headers: AtxHeader[] = [];
  const malicious = new Set<string>();
  const last = (await atxs.lastEpoch()) ?? -1;
  for (let epoch = 0; epoch <= last; epoch++)
    for await (const h of atxs.epochHeaders(epoch)) {
      headers.push(h);
      if (await atxs.isMalicious(h.smesher)) malicious.add(unitsKey(h.smesher));
    }
  return buildCheckpoint(
    {
      snapshotLayer,
      atxs: headers,
      accounts,
      malicious: (smesher) => malicious.has(unitsKey(smesher)),
      ...(numAtxs === undefined ? {} : { numAtxs }),
    },
    parts.network.layersPerEpoch,
  );
}

/** Self checkpoints are taken at each epoch's last layer: restore = the next epoch's first. */
export function isCheckpointLayer(layer: number, layersPerEpoch: number): boolean {
  return (layer + 1) % layersPerEpoch === 0;
}
