// The smesher's side of ballot eligibility (go-spacemesh miner/proposal_builder.go
// calcEligibilityProofs): one VRF proof per slot j of the epoch, grouped by the layer it picks.
import { vrfProve } from '../../crypto/vrf.ts';
import { ballotVrfMessage } from '../../types/ballot.ts';
import type { VotingEligibility } from '../../types/common.ts';
import { eligibleLayer } from './slots.ts';

/**
 * Every eligibility of the epoch: layer → proofs in ascending j. Keys are inserted in ascending
 * layer order, so iterating the map is deterministic.
 */
export function epochEligibilities(
  secretKey: Uint8Array,
  epoch: number,
  beacon: Uint8Array,
  vrfNonce: bigint,
  slots: number,
  layersPerEpoch: number,
): Map<number, VotingEligibility[]> {
  const byLayer = new Map<number, VotingEligibility[]>();
  for (let j = 0; j < slots; j++) {
    const sig = vrfProve(secretKey, ballotVrfMessage(beacon, epoch, vrfNonce, j));
    const layer = eligibleLayer(epoch, layersPerEpoch, sig);
    const list = byLayer.get(layer);
    if (list === undefined) byLayer.set(layer, [{ j, sig }]);
    else list.push({ j, sig });
  }
  return new Map([...byLayer.entries()].sort((a, b) => a[0] - b[0]));
}
