// Run by flood.test.ts as `node --expose-gc grind-heap.ts`: one host serves a request protocol
// while an Attacker grinds it on 24 lanes (under the per-peer cap, so it is slowed, never banned)
// for ROUNDS rounds; after each round the heap is measured after a full collection. Prints one
// JSON line: { answered, heapMiB: [...] }. A per-request leak or an unbounded queue in the request
// path (Requester, RequestGuard, libp2p streams) shows up as heap growing from round to round.
import { createNodeHost } from '../../../../src/cli/p2p/node-host.ts';
import { Attacker } from './attacker.ts';

const ROUNDS = 4;
const ROUND_MS = 2500;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

const b = await createNodeHost({ ip: '127.0.0.1', wsPort: null, relay: false });
b.requester.handle('ld/1', async () => new Uint8Array(2000));
await b.requester.ready();
const a = await Attacker.start([]);
const address = b.addresses()[0]!;
await a.connect(address);
const heap = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const heapMiB = [heap()];
for (let k = 0; k < ROUNDS; k++) {
  const make = () => ({ protocol: 'ld/1', body: Uint8Array.of(1) });
  await a.flood(b.peerId, address, make, Date.now() + ROUND_MS, 24);
  heapMiB.push(heap());
}
console.log(JSON.stringify({ answered: a.counts.answered, refused: a.counts.refused, heapMiB }));
await a.stop();
await b.stop();
