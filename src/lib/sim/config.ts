// The simulation's network: the devnet preset with a fixed genesis and the sizes shrunk so that
// twenty full nodes (each with real PoST data, PoET proofs, VRF eligibilities and signatures) run
// six epochs in one process in about a minute. The protocol is unchanged; only sizes differ.
import { withGenesis } from '../config/genesis.ts';
import { devnet } from '../config/devnet.ts';
import type { NetworkConfig } from '../config/types.ts';

export const SIM_GENESIS_TIME = '2026-01-01T00:00:00Z';

export function simNetworkConfig(extraData = 'smesh-sim'): NetworkConfig {
  const base = withGenesis(devnet, { time: SIM_GENESIS_TIME, extraData });
  return {
    ...base,
    name: 'sim',
    hare: { ...base.hare, committee: 20 },
    certifier: { committeeSize: 20, certifyThreshold: 11 },
    // A grace period shorter than a voting round (see the beacon's notes on devnet).
    beacon: { ...base.beacon, gracePeriodMs: 2_000 },
    post: {
      ...base.post,
      labelsPerUnit: 64,
      minNumUnits: 1,
      maxNumUnits: 4,
      k1: 12,
      k2: 4,
      k3: 4,
      scrypt: { n: 16, r: 1, p: 1 },
    },
    deviations: [
      ...base.deviations,
      'simulation sizes: PoST of 64 labels per unit at scrypt N = 16, hare and certifier committees of 20',
    ],
  };
}
