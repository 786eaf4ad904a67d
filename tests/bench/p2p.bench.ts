// The libp2p transport on loopback (src/lib/p2p over TCP on 127.0.0.1, noise, yamux, gossipsub
// with go-spacemesh's parameters), all hosts in this one process. The reference is the same
// run's loopback round trip: the median of an empty request/response over the Requester between
// two hosts (one new stream per request, as every fetch and sync request opens).
//
// 1. Gossip propagation: 20 hosts in a sparse seeded random graph (each dials its ring neighbour
//    and two random others), one topic whose handler accepts everything; 1 KiB messages published
//    one at a time from seeded origins; per message and receiving host, the time from publish
//    until that host's handler saw it. p50 / p95 over all deliveries, as multiples of the RTT.
// 2. Sync from one peer: a 6-node, 5-epoch simulation's first node is served (serveSync) on host
//    A; host B syncs into a fresh, unstarted FullNode's stores with the node's Syncer (one request
//    per object, every ATX and ballot validated by the node's handlers). ATXs/s while syncing the
//    epochs, layers/s (ballots and blocks) after them; also the bare Fetcher (batched requests,
//    ids checked, no validation). Ratios: round trips one layer costs, ATXs per round trip.
import { createNodeHost } from '../../src/cli/p2p/node-host.ts';
import { genesisTimeMs } from '../../src/lib/config/genesis.ts';
import { FullNode } from '../../src/lib/node/full-node.ts';
import type { Host } from '../../src/lib/p2p/host.ts';
import type { Requester } from '../../src/lib/p2p/interface.ts';
import { Topic } from '../../src/lib/p2p/interface.ts';
import { simNetworkConfig } from '../../src/lib/sim/config.ts';
import { Rng } from '../../src/lib/sim/rng.ts';
import { runSimulation } from '../../src/lib/sim/simulation.ts';
import { MemoryStore } from '../../src/lib/store/memory.ts';
import { Fetcher } from '../../src/lib/sync/fetcher.ts';
import { Hint } from '../../src/lib/sync/protocol.ts';
import { serveSync } from '../../src/lib/sync/server.ts';
import { Syncer } from '../../src/lib/sync/syncer.ts';

const HOSTS = 20;
const RANDOM_DIALS = 2;
const MESSAGES = 200;
const WARMUP = 10;
const MESSAGE_SIZE = 1024;
const PINGS = 200;
const PING = 'bench-ping/1';
const SYNC_NODES = 6;
const SYNC_EPOCHS = 5;

function loopbackHost(): Promise<Host> {
  return createNodeHost({ ip: '127.0.0.1', wsPort: null, relay: false });
}

async function connect(a: Host, b: Host): Promise<void> {
  const addr = b.addresses().find((x) => x.includes('/tcp/') && !x.includes('/ws'));
  if (addr === undefined) throw new Error('no tcp address');
  await a.dial(addr);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** The q-quantile (nearest rank) of ascending `xs`. */
function quantile(xs: readonly number[], q: number): number {
  return xs[Math.min(xs.length - 1, Math.max(0, Math.ceil(q * xs.length) - 1))]!;
}

function ms(x: number): string {
  return x >= 100 ? x.toFixed(0) : x.toPrecision(3);
}

/** One line: `label: X ms vs reference Y ms = ratio R` (lower is better). */
function reportLatency(label: string, oursMs: number, refLabel: string, refMs: number): void {
  console.log(
    `${label}: ${ms(oursMs)} ms vs ${refLabel} ${ms(refMs)} ms = ratio ${(oursMs / refMs).toFixed(2)}`,
  );
}

/** Median round trip of an empty request from a to b over the Requester (ms). */
async function loopbackRtt(a: Host, b: Host): Promise<number> {
  const off = b.requester.handle(PING, async (_from, req) => req);
  await b.requester.ready();
  const times: number[] = [];
  const data = new Uint8Array(8);
  for (let i = 0; i < PINGS + 20; i++) {
    const t0 = performance.now();
    await a.requester.request(b.peerId, PING, data, 5_000);
    if (i >= 20) times.push(performance.now() - t0);
  }
  off();
  return quantile(
    times.sort((x, y) => x - y),
    0.5,
  );
}

/** Hosts reachable from host 0 over gossipsub mesh links of `topic`. */
function meshConnected(hosts: readonly Host[], topic: string): boolean {
  const index = new Map(hosts.map((h, i) => [h.peerId, i]));
  const seen = new Set([0]);
  const todo = [0];
  while (todo.length > 0) {
    for (const p of hosts[todo.pop()!]!.gossip.meshPeers(topic)) {
      const j = index.get(p);
      if (j !== undefined && !seen.has(j)) {
        seen.add(j);
        todo.push(j);
      }
    }
  }
  return seen.size === hosts.length;
}

async function gossipPropagation(rttMs: number): Promise<void> {
  const rng = new Rng('bench-p2p-gossip');
  const hosts = await Promise.all(Array.from({ length: HOSTS }, () => loopbackHost()));
  try {
    const total = WARMUP + MESSAGES;
    // arrival[m][h]: when host h's handler first saw message m (performance.now ms)
    const arrival = Array.from({ length: total }, () => new Float64Array(HOSTS).fill(NaN));
    const count = new Uint16Array(total);
    let waiting: { m: number; resolve: () => void } | null = null;
    hosts.forEach((h, i) =>
      h.gossip.subscribe(Topic.PROPOSAL, async (_from, data) => {
        const at = performance.now();
        const m = new DataView(data.buffer, data.byteOffset).getUint32(0);
        if (m < total && Number.isNaN(arrival[m]![i]!)) {
          arrival[m]![i] = at;
          count[m]!++;
          if (waiting?.m === m && count[m] === HOSTS) waiting.resolve();
        }
        return 'accept';
      }),
    );
    let links = 0;
    for (let i = 0; i < HOSTS; i++) {
      const targets = new Set([(i + 1) % HOSTS]);
      while (targets.size < 1 + RANDOM_DIALS) {
        const j = rng.int(0, HOSTS - 1);
        if (j !== i) targets.add(j);
      }
      for (const j of targets) {
        await connect(hosts[i]!, hosts[j]!);
        links++;
      }
    }
    await waitFor(() => meshConnected(hosts, Topic.PROPOSAL), 'a connected gossip mesh', 20_000);
    await sleep(1_500); // a heartbeat or two more for the meshes to fill towards D

    const deliveries: number[] = [];
    const lasts: number[] = [];
    const payload = new Uint8Array(MESSAGE_SIZE);
    for (let m = 0; m < total; m++) {
      for (let k = 4; k < MESSAGE_SIZE; k++) payload[k] = rng.next() & 0xff;
      new DataView(payload.buffer).setUint32(0, m);
      const origin = rng.int(0, HOSTS - 1);
      const all = new Promise<void>((resolve) => (waiting = { m, resolve }));
      const t0 = performance.now();
      // the origin's own handler runs inside publish and counts as one of the HOSTS sightings
      await hosts[origin]!.gossip.publish(Topic.PROPOSAL, payload.slice());
      const timeout = sleep(10_000).then(() => 'timeout' as const);
      if ((await Promise.race([all, timeout])) === 'timeout')
        throw new Error(`message ${m} reached ${count[m]} of ${HOSTS} hosts in 10 s`);
      if (m < WARMUP) continue;
      let last = 0;
      for (let h = 0; h < HOSTS; h++) {
        if (h === origin) continue;
        const d = arrival[m]![h]! - t0;
        deliveries.push(d);
        last = Math.max(last, d);
      }
      lasts.push(last);
    }
    deliveries.sort((x, y) => x - y);
    lasts.sort((x, y) => x - y);
    console.log(
      `  ${HOSTS} hosts, ${links} dials (ring + ${RANDOM_DIALS} random each), ` +
        `${MESSAGES} messages of ${MESSAGE_SIZE} B one at a time from random origins, ` +
        `${deliveries.length} deliveries (publish → handler of each other host)`,
    );
    const ref = 'loopback RTT';
    reportLatency('gossip propagation p50', quantile(deliveries, 0.5), ref, rttMs);
    reportLatency('gossip propagation p95', quantile(deliveries, 0.95), ref, rttMs);
    reportLatency('gossip reach-all (last host) p50', quantile(lasts, 0.5), ref, rttMs);
    reportLatency('gossip reach-all (last host) p95', quantile(lasts, 0.95), ref, rttMs);
  } finally {
    await Promise.allSettled(hosts.map((h) => h.stop()));
  }
}

/** Counts the requests a Requester sends. */
function counting(r: Requester): Requester & { sent: number } {
  const c = {
    sent: 0,
    get peerId() {
      return r.peerId;
    },
    peers: () => r.peers(),
    request: (peer: string, protocol: string, data: Uint8Array, timeoutMs: number) => {
      c.sent++;
      return r.request(peer, protocol, data, timeoutMs);
    },
    handle: r.handle.bind(r),
  };
  return c;
}

/** Runs the simulation; its PoET server's proofs let a fresh node validate the ATXs. */
async function populatedNode() {
  const r = await runSimulation({ nodes: SYNC_NODES, epochs: SYNC_EPOCHS, seed: 'bench-p2p-sync' });
  return { r, poetProofs: r.poetProofs };
}

async function syncSpeed(rttMs: number): Promise<void> {
  const simStart = performance.now();
  const { r, poetProofs } = await populatedNode();
  const simMs = performance.now() - simStart;
  const network = simNetworkConfig();
  const lpe = network.layersPerEpoch;
  const source = r.nodes[0]!;
  const sp = source.parts;
  const firstLayer = source.effectiveGenesis + 1;
  const lastLayer = SYNC_EPOCHS * lpe - 1;
  let atxCount = 0;
  const atxIds: Uint8Array[] = [];
  for (let e = 0; e < SYNC_EPOCHS; e++)
    for await (const h of sp.atxHandler.atxs.epochHeaders(e)) {
      atxCount++;
      atxIds.push(h.id);
    }
  let ballotCount = 0;
  let blockCount = 0;
  for (let l = firstLayer; l <= lastLayer; l++) {
    ballotCount += (await sp.ballots.ballots.layerIds(l)).length;
    blockCount += (await sp.executor.blocks.layerIds(l)).length;
  }
  const layers = lastLayer - firstLayer + 1;

  const a = await loopbackHost();
  const b = await loopbackHost();
  try {
    await connect(b, a);
    serveSync(a.requester, sp);
    await a.requester.ready();

    // A fresh node, never started (no layer clock, no gossip): its time is the end of the run.
    const endMs = genesisTimeMs(network) + SYNC_EPOCHS * lpe * network.layerDurationMs;
    const client = new FullNode({
      network,
      store: new MemoryStore(),
      time: { now: () => endMs },
      timer: { setTimeout: () => 0, clearTimeout: () => {} },
      gossip: b.gossip,
      poetProofs,
    });
    const cp = client.parts;
    const req = counting(b.requester);
    const syncer = new Syncer(cp, new Fetcher(req), {
      atxStored: (h) => client.atxStored(h),
      ballotStored: (bl, id) => client.ballotStored(bl, id),
      blockStored: (block, id) =>
        cp.tortoise.onBlock({ id, layer: block.layerIndex, height: block.tickHeight }),
    });

    let t0 = performance.now();
    for (let e = 0; e < SYNC_EPOCHS; e++) await syncer.syncEpoch(e, a.peerId);
    const atxMs = performance.now() - t0;
    const atxRequests = req.sent;
    let gotAtxs = 0;
    for (let e = 0; e < SYNC_EPOCHS; e++)
      for await (const _ of cp.atxHandler.atxs.epochHeaders(e)) gotAtxs++;

    t0 = performance.now();
    for (let l = firstLayer; l <= lastLayer; l++)
      if ((await syncer.syncLayer(l, a.peerId)) === undefined)
        throw new Error(`layer ${l}: no layer data`);
    const layerMs = performance.now() - t0;
    const layerRequests = req.sent - atxRequests;
    let gotBallots = 0;
    let gotBlocks = 0;
    for (let l = firstLayer; l <= lastLayer; l++) {
      gotBallots += (await cp.ballots.ballots.layerIds(l)).length;
      gotBlocks += (await cp.executor.blocks.layerIds(l)).length;
    }
    if (gotAtxs !== atxCount || gotBallots !== ballotCount || gotBlocks !== blockCount)
      throw new Error(
        `synced ${gotAtxs}/${atxCount} ATXs, ${gotBallots}/${ballotCount} ballots, ` +
          `${gotBlocks}/${blockCount} blocks`,
      );

    console.log(
      `  source: node 0 of a ${SYNC_NODES}-node ${SYNC_EPOCHS}-epoch simulation (${(simMs / 1000).toFixed(1)} s to build): ` +
        `${atxCount} ATXs, layers ${firstLayer}–${lastLayer} with ${ballotCount} ballots and ${blockCount} blocks`,
    );
    console.log(
      `  Syncer into a fresh node (validated, one request per object): ATXs ${ms(atxMs)} ms in ` +
        `${atxRequests} requests, layers ${ms(layerMs)} ms in ${layerRequests} requests`,
    );
    const atxRate = (atxCount * 1000) / atxMs;
    const layerRate = (layers * 1000) / layerMs;
    console.log(
      `sync from one peer, ATXs (validated): ${atxRate.toFixed(1)} ATX/s vs loopback RTT ` +
        `${ms(rttMs)} ms = ratio ${(atxMs / atxCount / rttMs).toFixed(1)} RTTs per ATX`,
    );
    console.log(
      `sync from one peer, layers (ballots + blocks, validated): ${layerRate.toFixed(1)} layer/s ` +
        `vs loopback RTT ${ms(rttMs)} ms = ratio ${(layerMs / layers / rttMs).toFixed(1)} RTTs per layer`,
    );

    // The bare protocol: the same objects in as few requests as the Fetcher allows, ids checked,
    // nothing validated or stored (what the transport and the serving side cost).
    const fetcher = new Fetcher(b.requester);
    t0 = performance.now();
    let fetched = 0;
    for (let e = 0; e < SYNC_EPOCHS; e++)
      fetched += (await fetcher.epochAtxs(e, a.peerId))?.length ?? 0;
    const atxBlobs = await fetcher.hashes(Hint.ATX, atxIds, a.peerId);
    const rawAtxMs = performance.now() - t0;
    t0 = performance.now();
    for (let l = firstLayer; l <= lastLayer; l++) {
      const d = await fetcher.layerData(l, a.peerId);
      if (d === undefined) throw new Error(`layer ${l}: no layer data`);
      await fetcher.hashes(Hint.BALLOT, d.ballots, a.peerId);
      await fetcher.hashes(Hint.BLOCK, d.blocks, a.peerId);
    }
    const rawLayerMs = performance.now() - t0;
    if (fetched !== atxCount || atxBlobs.size !== atxCount)
      throw new Error(`fetched ${atxBlobs.size}/${atxCount} ATX blobs`);
    console.log(
      `fetch only, ATXs (epoch lists + one batch): ${((atxCount * 1000) / rawAtxMs).toFixed(0)} ATX/s ` +
        `vs loopback RTT ${ms(rttMs)} ms = ratio ${(rawAtxMs / atxCount / rttMs).toFixed(2)} RTTs per ATX`,
    );
    console.log(
      `fetch only, layers (layer data + ballot batch + block batch): ${((layers * 1000) / rawLayerMs).toFixed(0)} layer/s ` +
        `vs loopback RTT ${ms(rttMs)} ms = ratio ${(rawLayerMs / layers / rttMs).toFixed(1)} RTTs per layer`,
    );
  } finally {
    await Promise.allSettled([a.stop(), b.stop()]);
  }
}

export async function run(): Promise<void> {
  const a = await loopbackHost();
  const b = await loopbackHost();
  let rttMs: number;
  try {
    await connect(a, b);
    rttMs = await loopbackRtt(a, b);
  } finally {
    await Promise.allSettled([a.stop(), b.stop()]);
  }
  console.log(
    `  reference: loopback RTT = median of ${PINGS} empty requests over the Requester ` +
      `(new stream each, TCP + noise + yamux on 127.0.0.1) = ${ms(rttMs)} ms`,
  );
  await gossipPropagation(rttMs);
  await syncSpeed(rttMs);
}
