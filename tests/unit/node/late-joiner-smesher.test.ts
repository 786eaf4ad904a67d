// A new smesher on a network that has run for a while — the browser node a person opens on a live
// devnet, or `smesh node --smesh` started late. Node 2 of a deterministic simulation is not there
// at genesis: it joins at layer 25 with an empty store, syncs ATXs and layers (epoch 2's ballots
// among them, whose beacon is a genesis one that no protocol run announces), builds its ATX and
// must then propose and earn rewards like the others, agreeing with them throughout.
//
// Before the node handed the tortoise the genesis beacons at start, such a node counted none of
// epoch 2's ballots ("ballots-not-counted: … wait for a beacon"), could never encode its votes and
// never proposed — a devnet joined after layer 20 gave a browser smesher no rewards.
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { NodeEvent } from '../../../src/lib/node/full-node.ts';
import { runSimulation } from '../../../src/lib/sim/simulation.ts';

const LATE = 2;
const JOIN_LAYER = 25;

describe('a smesher that joins after genesis with an empty store', () => {
  it('syncs, publishes an ATX, proposes, earns rewards and agrees', async () => {
    const events: NodeEvent[] = [];
    const r = await runSimulation({
      nodes: 3,
      epochs: 6,
      seed: 'late-joiner-smesher',
      lateJoiner: { node: LATE, layer: JOIN_LAYER },
      onNode: (node, i) => {
        if (i === LATE) node.onEvent((e) => events.push(e));
      },
    });
    expect(r.agreed).toBe(true);
    const node = r.nodes[LATE]!;
    // Nothing before it joined: the first event is at or after the join layer.
    const layers = events.filter((e) => e.type === 'layer').map((e) => e.layer);
    expect(Math.min(...layers)).toBeGreaterThanOrEqual(JOIN_LAYER);

    const errors = events.filter((e) => e.type === 'error');
    expect(errors.map((e) => `${e.where}: ${String(e.error)}`)).toEqual([]);
    const own = events.filter((e) => e.type === 'own-proposal').map((e) => e.layer);
    expect(own.length).toBeGreaterThan(0);
    expect(Math.min(...own)).toBeGreaterThan(JOIN_LAYER);

    // Rewards to its coinbase, in the layers it executed like everyone else.
    const coinbase = bytesToHex(node.coinbase!);
    const rewarded = node.applied.filter((a) =>
      a.result.rewards.some((x) => bytesToHex(x.coinbase) === coinbase && x.totalReward > 0n),
    );
    expect(rewarded.length).toBeGreaterThan(0);
    // It executed the same layers to the same state as a node that was there from genesis.
    const byLayer = new Map(r.nodes[0]!.applied.map((a) => [a.layer, bytesToHex(a.stateHash)]));
    for (const a of node.applied) expect(bytesToHex(a.stateHash)).toBe(byLayer.get(a.layer));
  }, 300_000);
});
