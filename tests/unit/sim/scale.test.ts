import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../src/lib/store/memory.ts';
import { SimNetwork } from '../../../src/lib/sim/network.ts';
import { Rng } from '../../../src/lib/sim/rng.ts';
import { VirtualTime } from '../../../src/lib/sim/virtual-time.ts';

describe('SimNetwork at scale', () => {
  it.each([
    ['flooding', undefined],
    ['mesh degree 8', 8],
  ] as const)(
    '20 nodes x 3000 messages on a full mesh, %s, run in a few seconds',
    async (name, meshDegree) => {
      const time = new VirtualTime({ startMs: 0 });
      const rng = new Rng('scale');
      const net = new SimNetwork(time, rng, {
        latencyMs: { min: 5, max: 80 },
        loss: 0.01,
        meshDegree,
      });
      const nodes = Array.from({ length: 20 }, (_, i) => net.join(`n${i}`));
      let handled = 0;
      for (const node of nodes) {
        const store = new MemoryStore();
        node.subscribe('t', async (_from, data) => {
          // What a real handler does: a lookup and a write in its store.
          if (await store.has(data)) return 'ignore';
          await store.put(data, data);
          handled++;
          return 'accept';
        });
      }
      const pick = rng.fork('publishers');
      const messages = 3000;
      for (let i = 0; i < messages; i++) {
        const at = pick.int(0, 60_000);
        const who = nodes[pick.int(0, nodes.length - 1)]!;
        const data = new Uint8Array(64);
        new DataView(data.buffer).setUint32(0, i);
        time.schedule(at, () => void who.publish('t', data));
      }
      const started = performance.now();
      const fired = await time.runUntil(70_000);
      const ms = performance.now() - started;
      const delivered = net.peerIds().reduce((s, id) => s + net.stats(id).delivered, 0);
      console.log(
        `scale (${name}): ${messages} msgs, 20 nodes: ${fired} events, ${delivered} deliveries, ${handled} handled, ${ms.toFixed(0)} ms real`,
      );
      // With 1% loss per link, flooding still reaches every node.
      expect(handled).toBe(messages * 20);
      expect(ms).toBeLessThan(5_000);
    },
  );
});
