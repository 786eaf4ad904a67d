// Smeshing started at runtime (the app's wizard: StartSmeshing on a running node). Node 2 of a
// deterministic simulation runs from genesis with its key but not smeshing; at layer 12 it starts.
// Before that it has no ATX and IsSmeshing is false; afterwards its ATX builder registers in the
// PoET, proves, publishes, and the node becomes eligible and earns rewards like the others — and
// its event stream (AdminService.EventsStream) tells that story in order.
import { describe, expect, it } from 'vitest';
import { createLocalApi, type LocalApi } from '../../../src/lib/api/local.ts';
import { checkMessage } from '../../../src/lib/api/v2alpha1/shape.ts';
import { Event } from '../../../src/lib/api/v1/events.ts';
import type { Event as EventT } from '../../../src/lib/api/v1/events.ts';
import type { FullNode } from '../../../src/lib/node/full-node.ts';
import { runSimulation } from '../../../src/lib/sim/simulation.ts';

const LATE = 2;
const START_LAYER = 12;

describe('smeshing started at runtime', () => {
  it('a node that starts smeshing mid-run publishes an ATX, proposes and earns rewards', async () => {
    let api: LocalApi | undefined;
    let late: FullNode | undefined;
    const events: EventT[] = [];
    const smeshingAt: Record<number, boolean> = {};
    const r = await runSimulation({
      nodes: 3,
      epochs: 5,
      seed: 'late-smesher',
      lateSmesher: { node: LATE, layer: START_LAYER },
      onNode: (node, i) => {
        if (i !== LATE) return;
        late = node;
        api = createLocalApi({ node, host: { kind: 'node' } });
        api.stream(
          'spacemesh.v1.AdminService/EventsStream',
          { watch: true },
          {
            item: (e) => events.push(e),
          },
        );
      },
      onLayerStart: (layer) => {
        if (layer === START_LAYER - 1 || layer === START_LAYER + 1)
          smeshingAt[layer] = late!.smeshing;
      },
    });
    expect(smeshingAt).toEqual({ [START_LAYER - 1]: false, [START_LAYER + 1]: true });
    const node = r.nodes[LATE]!;
    expect(r.agreed).toBe(true);
    expect(node.smeshing).toBe(true);
    await api!.indexer.flush();
    // Its ATXs: none published before it started (epoch 0's round was open then).
    const atxs = await api!.call('spacemesh.v2alpha1.ActivationService/List', {
      smesherId: [Buffer.from(node.nodeId!).toString('base64')],
      limit: '100',
      offset: '0',
    });
    expect(atxs.activations.length).toBeGreaterThan(0);
    expect(Math.min(...atxs.activations.map((a) => a.publishEpoch))).toBeGreaterThanOrEqual(1);
    // Rewards to its coinbase.
    const cb = await api!.call('spacemesh.v1.SmesherService/Coinbase', {});
    const rewards = await api!.call('spacemesh.v2alpha1.RewardService/List', {
      coinbase: cb.accountId!.address,
      limit: '100',
      offset: '0',
    });
    expect(rewards.rewards.length).toBeGreaterThan(0);
    expect(await api!.call('spacemesh.v1.SmesherService/IsSmeshing', {})).toEqual({
      isSmeshing: true,
    });
    // The timeline: every event well-formed, in order: PoET registration, proof, PoST, ATX,
    // then eligibilities and a proposal.
    for (const e of events) expect(checkMessage(Event, e)).toEqual([]);
    const kinds = events.map((e) =>
      Object.keys(e).find((k) => !['timestamp', 'failure', 'help'].includes(k)),
    );
    const at = (k: string) => kinds.indexOf(k);
    for (const k of [
      'registeredInPoet',
      'proofDownloadedFromPoet',
      'postStart',
      'postComplete',
      'atxPublished',
      'eligibilities',
      'proposal',
    ])
      expect(at(k), k).toBeGreaterThanOrEqual(0);
    expect(at('registeredInPoet')).toBeLessThan(at('atxPublished'));
    expect(at('atxPublished')).toBeLessThan(at('proposal'));
    expect(events.every((e) => !e.failure)).toBe(true);
    // A stream opened now replays the buffered events and ends (watch false).
    const replay: EventT[] = [];
    await api!.stream('spacemesh.v1.AdminService/EventsStream', {}, { item: (e) => replay.push(e) })
      .done;
    expect(replay).toEqual(events);
    api!.close();
  }, 300_000);
});
