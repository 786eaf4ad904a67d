// The ATX builder end to end on real components at tiny sizes: PoST data initialized with
// scrypt-jane (N = 16, 2 × 128 labels), a PoET service in this process proving 0.8 s rounds of
// 1 s epochs on wall-clock time, and the ATX v1 handler as the publish target, so every ATX the
// builder makes must pass full validation. Restarts are fresh builders over the same store,
// stopped at each phase; counting wrappers over the real PoET seam and prover show which steps a
// resumed builder repeats (none that is on record).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeHasher } from '../../../src/cli/poet/node-hasher.ts';
import { startPoetServer } from '../../../src/cli/poet/server.ts';
import { AtxBuilder } from '../../../src/lib/activation/builder.ts';
import type { AtxBuilderOptions, BuilderEvent } from '../../../src/lib/activation/builder.ts';
import { ActivationError } from '../../../src/lib/activation/errors.ts';
import { HttpPoetSeam, ServicePoetSeam } from '../../../src/lib/activation/poet-seam.ts';
import type { PoetSeam } from '../../../src/lib/activation/poet-seam.ts';
import { selectCommitmentAtx } from '../../../src/lib/activation/positioning.ts';
import { dataProver } from '../../../src/lib/activation/post-prover.ts';
import type { PostProver } from '../../../src/lib/activation/post-prover.ts';
import type { Phase } from '../../../src/lib/activation/state.ts';
import { LayerConverter } from '../../../src/lib/clock/converter.ts';
import { configGoldenAtx, withGenesis } from '../../../src/lib/config/genesis.ts';
import { getPreset } from '../../../src/lib/config/presets.ts';
import type { NetworkConfig } from '../../../src/lib/config/types.ts';
import { publicKeyOf } from '../../../src/lib/crypto/signing.ts';
import { HandlerV1 } from '../../../src/lib/mesh/atx/handler.ts';
import type { AtxHandled } from '../../../src/lib/mesh/atx/handler.ts';
import { tickHeight } from '../../../src/lib/mesh/atx/store.ts';
import type { PoetProofRecord } from '../../../src/lib/mesh/atx/validation.ts';
import { PoetClient } from '../../../src/lib/poet/client.ts';
import { roundConfigOf, roundStart } from '../../../src/lib/poet/round.ts';
import { PoetService } from '../../../src/lib/poet/service.ts';
import { CpuLabelProvider } from '../../../src/lib/post/cpu-provider.ts';
import { initialize } from '../../../src/lib/post/init.ts';
import { LABEL_SIZE } from '../../../src/lib/post/interface.ts';
import type { LabelReader } from '../../../src/lib/post/interface.ts';
import type { PostMetadata } from '../../../src/lib/post/metadata.ts';
import { MemoryPostStorage } from '../../../src/lib/post/storage.ts';
import { collect } from '../../../src/lib/store/iterate.ts';
import { MemoryStore } from '../../../src/lib/store/memory.ts';
import { decodeAtxV1 } from '../../../src/lib/types/atx.ts';
import { EMPTY_ATX_ID } from '../../../src/lib/types/common.ts';
import { MemoryPoetStore } from '../../../src/lib/poet/memory-store.ts';

const LPU = 128;
const SCRYPT_N = 16;
const NUM_UNITS = 2;
const TICK_SIZE = 100;

// 1 s epochs (4 layers of 250 ms); PoET round N proves from g + 0.5 s + N s for 0.8 s.
const base = withGenesis(getPreset('devnet'), { time: Date.now() - 5_000 });
const network: NetworkConfig = {
  ...base,
  layerDurationMs: 250,
  layersPerEpoch: 4,
  post: {
    ...base.post,
    labelsPerUnit: LPU,
    minNumUnits: 1,
    maxNumUnits: 4,
    k1: 20,
    k2: 6,
    k3: 6,
    scrypt: { n: SCRYPT_N, r: 1, p: 1 },
  },
  poet: { phaseShiftMs: 500, cycleGapMs: 200, gracePeriodMs: 200, tickSize: TICK_SIZE },
};
const rc = roundConfigOf(network);
const layers = new LayerConverter({
  genesisTimeMs: rc.genesisMs,
  layerDurationMs: network.layerDurationMs,
  layersPerEpoch: network.layersPerEpoch,
});
const golden = configGoldenAtx(network);
const hex = bytesToHex;
const coinbase = new Uint8Array(24).map((_, i) => (i < 4 ? 0 : i));

interface Smesher {
  readonly secretKey: Uint8Array;
  readonly metadata: PostMetadata;
  readonly reader: LabelReader;
}

async function smesher(tag: string): Promise<Smesher> {
  const secretKey = sha256(utf8ToBytes(`activation test ${tag}`));
  const storage = new MemoryPostStorage();
  const metadata = await initialize({
    storage,
    provider: new CpuLabelProvider(),
    nodeId: publicKeyOf(secretKey),
    commitmentAtxId: golden,
    numUnits: NUM_UNITS,
    labelsPerUnit: BigInt(LPU),
    scryptN: SCRYPT_N,
  });
  const data = storage.files.get(0)!;
  const reader: LabelReader = {
    totalLabels: BigInt(NUM_UNITS * LPU),
    read: (s, n) =>
      Promise.resolve(data.slice(Number(s) * LABEL_SIZE, (Number(s) + n) * LABEL_SIZE)),
  };
  return { secretKey, metadata, reader };
}

/** The real seam, counting what goes through it. */
function counting(seam: PoetSeam) {
  const c = { submits: 0, proofs: 0, challenges: [] as string[] };
  const wrapped: PoetSeam = {
    submit: (s) => {
      c.submits++;
      c.challenges.push(hex(s.challenge));
      return seam.submit(s);
    },
    proof: (roundId) => {
      c.proofs++;
      return seam.proof(roundId);
    },
  };
  return { seam: wrapped, c };
}

function countingProver(p: PostProver) {
  const c = { proves: 0 };
  const prover: PostProver = {
    prove: (challenge, signal) => {
      c.proves++;
      return p.prove(challenge, signal);
    },
  };
  return { prover, c };
}

describe('ATX builder', () => {
  let service: PoetService;
  let running: Promise<void>;
  let seam: ServicePoetSeam;
  // The node's view: ATX handler over one store, PoET proofs from the builders' events.
  const meshStore = new MemoryStore();
  const poetProofs = new Map<string, PoetProofRecord>();
  const handler = new HandlerV1({
    network,
    store: meshStore,
    currentEpoch: () => layers.timeToEpoch(Date.now()),
    poetProofs: { get: (ref) => Promise.resolve(poetProofs.get(hex(ref))) },
  });
  const handled: AtxHandled[] = [];
  const publish = async (bytes: Uint8Array) => {
    handled.push(await handler.handleAtx(bytes, { gossip: true }));
  };

  function builder(
    who: Smesher,
    over: Partial<AtxBuilderOptions> & { store: MemoryStore },
    events: BuilderEvent[] = [],
  ) {
    const onEvent = over.onEvent;
    return new AtxBuilder({
      network,
      secretKey: who.secretKey,
      post: { metadata: who.metadata, reader: who.reader },
      poet: seam,
      atxStore: handler.atxs,
      publish,
      coinbase,
      proofPollMs: 50,
      poetRetryDelayMs: 20,
      ...over,
      onEvent: (e) => {
        if (e.type === 'poet-proof') poetProofs.set(hex(e.ref), e.record);
        events.push(e);
        onEvent?.(e);
      },
    });
  }

  /** A publish epoch whose PoET round starts far enough ahead to register in time. */
  async function freshEpoch(b: AtxBuilder): Promise<number> {
    let p = await b.nextPublishEpoch();
    while (roundStart(rc, p - 1) - Date.now() < 400) p++;
    return p;
  }

  let A: Smesher;
  let B: Smesher;
  let C: Smesher;

  beforeAll(async () => {
    service = await PoetService.open({
      network,
      store: new MemoryPoetStore(),
      hasher: nodeHasher,
      servicePublicKey: new Uint8Array(32).fill(7),
      powDifficulty: 4,
    });
    running = service.run();
    seam = new ServicePoetSeam(service);
    [A, B, C] = await Promise.all([smesher('A'), smesher('B'), smesher('C')]);
  }, 20_000);

  afterAll(async () => {
    await service.stop();
    await running;
  });

  it('builds an initial ATX, then a follow-up, both accepted by the handler', async () => {
    const store = new MemoryStore();
    const events: BuilderEvent[] = [];
    const a = builder(A, { store }, events);
    const p1 = await freshEpoch(a);
    const r1 = await a.buildForEpoch(p1);
    expect(events.map((e) => e.type)).toEqual([
      'initial-post',
      'challenge-built',
      'poet-registered',
      'poet-proof',
      'post-proven',
      'atx-built',
      'atx-published',
    ]);
    const proof1 = events.find((e) => e.type === 'poet-proof');
    if (proof1?.type !== 'poet-proof') throw new Error('no poet-proof event');
    expect(proof1.roundId).toBe(String(p1 - 1));
    const h1 = (await handler.atxs.header(r1.id))!;
    expect(h1).toBeDefined();
    expect(handled.at(-1)).toMatchObject({ status: 'stored' });
    const atx1 = decodeAtxV1(r1.bytes);
    expect(atx1.publishEpoch).toBe(p1);
    expect(atx1.sequence).toBe(0n);
    expect(hex(atx1.positioningATXID)).toBe(hex(golden));
    expect(hex(atx1.commitmentATXID!)).toBe(hex(golden));
    expect(atx1.vrfNonce).toBe(A.metadata.nonce);
    expect(hex(atx1.nipost!.postMetadata!.challenge)).toBe(hex(proof1.ref));
    expect(h1.baseTickHeight).toBe(0n);
    expect(h1.tickCount).toBe(proof1.leaves / BigInt(TICK_SIZE));
    expect(h1.tickCount).toBeGreaterThan(0n);
    expect(h1.effectiveNumUnits).toBe(NUM_UNITS);
    expect(h1.weight).toBe(BigInt(NUM_UNITS) * h1.tickCount);
    expect((await a.state.get(p1))!.phase).toBe('published');
    // The builder serves its PoET proof by ref (a poetDb source for the handler).
    expect((await a.poetProofs.get(proof1.ref))?.proof.leaves).toBe(proof1.leaves);

    events.length = 0;
    const p2 = await freshEpoch(a);
    expect(p2).toBeGreaterThan(p1);
    const r2 = await a.buildForEpoch(p2);
    expect(events.map((e) => e.type)).not.toContain('initial-post');
    const proof2 = events.find((e) => e.type === 'poet-proof');
    if (proof2?.type !== 'poet-proof') throw new Error('no poet-proof event');
    const atx2 = decodeAtxV1(r2.bytes);
    expect(atx2.sequence).toBe(1n);
    expect(hex(atx2.prevATXID)).toBe(hex(r1.id));
    // The only ATX before p2 is A's own initial one: it positions the follow-up.
    expect(hex(atx2.positioningATXID)).toBe(hex(r1.id));
    expect(atx2.commitmentATXID).toBeNull();
    expect(atx2.initialPost).toBeNull();
    expect(atx2.nodeID).toBeNull();
    expect(atx2.vrfNonce).toBeNull();
    const h2 = (await handler.atxs.header(r2.id))!;
    expect(h2.baseTickHeight).toBe(tickHeight(h1));
    expect(h2.tickCount).toBe(proof2.leaves / BigInt(TICK_SIZE));
    expect(h2.weight).toBe(BigInt(NUM_UNITS) * h2.tickCount);
    expect(hex((await handler.atxs.lastBySmesher(publicKeyOf(A.secretKey)))!.id)).toBe(hex(r2.id));
    // Our last ATX is in p2: the next one is for a later epoch.
    expect(await a.nextPublishEpoch()).toBeGreaterThan(p2);
    // A PoST initialized now commits to the highest ATX so far; before any ATX, to golden.
    expect(hex(await selectCommitmentAtx(handler.atxs, p2, golden))).toBe(hex(r2.id));
    expect(hex(await selectCommitmentAtx(handler.atxs, p1 - 1, golden))).toBe(hex(golden));
  }, 20_000);

  it('resumes after a restart in every phase without repeating a step on record', async () => {
    const store = new MemoryStore();
    const poet = counting(seam);
    const post = countingProver(dataProver(network, B.reader, B.metadata));
    const opts = { store, poet: poet.seam, post: { metadata: B.metadata, prover: post.prover } };
    const stoppedAt = async (phase: Phase, p: number) => {
      const ac = new AbortController();
      const type = phase === 'registered' ? 'poet-registered' : phase;
      const b = builder(B, {
        ...opts,
        onEvent: (e) => {
          if (e.type === type) ac.abort(new Error(`stopped at ${phase}`));
        },
      });
      await expect(b.buildForEpoch(p, ac.signal)).rejects.toThrow(`stopped at ${phase}`);
      expect((await b.state.get(p))!.phase).toBe(phase);
    };
    const p = await freshEpoch(builder(B, { store }));
    const snap = () => ({ ...poet.c, challenges: poet.c.challenges.length, ...post.c });

    await stoppedAt('registered', p);
    expect(snap()).toEqual({ submits: 1, proofs: 0, challenges: 1, proves: 1 });
    await stoppedAt('poet-proof', p);
    // No second registration, no PoST yet.
    expect(poet.c.submits).toBe(1);
    expect(poet.c.proofs).toBeGreaterThan(0);
    expect(post.c.proves).toBe(1);
    const proofs = poet.c.proofs;
    await stoppedAt('post-proven', p);
    expect(poet.c.submits).toBe(1);
    expect(poet.c.proofs).toBe(proofs);
    expect(post.c.proves).toBe(2);

    // Publishing fails once: the built ATX stays on record, typed error event.
    const events: BuilderEvent[] = [];
    let attempted: Uint8Array | undefined;
    const failing = builder(
      B,
      {
        ...opts,
        publish: (bytes) => {
          attempted = bytes;
          return Promise.reject(new Error('gossip down'));
        },
      },
      events,
    );
    const err = await failing.buildForEpoch(p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActivationError);
    expect((err as ActivationError).code).toBe('publish-failed');
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'publish-failed', publishEpoch: p });
    expect((await failing.state.get(p))!.phase).toBe('built');
    expect(post.c.proves).toBe(2);

    const done = await builder(B, opts).buildForEpoch(p);
    expect(hex(done.bytes)).toBe(hex(attempted!));
    expect(snap()).toEqual({ submits: 1, proofs, challenges: 1, proves: 2 });
    const h = (await handler.atxs.header(done.id))!;
    expect(h.publishEpoch).toBe(p);
    expect(h.sequence).toBe(0n);
    expect(h.weight).toBe(BigInt(NUM_UNITS) * h.tickCount);
    expect((await builder(B, opts).state.get(p))!.phase).toBe('published');
  }, 20_000);

  it('PoET unavailable: retries, then a typed error event, and the state stays put', async () => {
    const store = new MemoryStore();
    // Nothing listens on port 1: every request fails at the transport.
    const down = counting(
      new HttpPoetSeam(new PoetClient({ url: 'http://127.0.0.1:1', retries: 0, timeoutMs: 500 })),
    );
    const post = countingProver(dataProver(network, C.reader, C.metadata));
    const events: BuilderEvent[] = [];
    const c1 = builder(
      C,
      {
        store,
        poet: down.seam,
        poetRetries: 2,
        post: { metadata: C.metadata, prover: post.prover },
      },
      events,
    );
    const p = await freshEpoch(c1);
    const err = await c1.buildForEpoch(p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActivationError);
    expect((err as ActivationError).code).toBe('poet-unavailable');
    expect(down.c.submits).toBe(3);
    expect(events.at(-1)).toMatchObject({ type: 'error', code: 'poet-unavailable' });
    const s = (await c1.state.get(p))!;
    expect(s.phase).toBe('challenge');
    expect(s.registration).toBeNull();
    const dump = async () =>
      (await collect(store.iterate())).map((e) => `${hex(e.key)}=${hex(e.value)}`);
    const before = await dump();
    await expect(c1.buildForEpoch(p)).rejects.toMatchObject({ code: 'poet-unavailable' });
    expect(down.c.submits).toBe(6);
    expect(await dump()).toEqual(before);
    expect(post.c.proves).toBe(1);

    // The PoET is back: a fresh builder registers the same challenge, proves nothing again.
    const up = counting(seam);
    const ac = new AbortController();
    const c2 = builder(C, {
      store,
      poet: up.seam,
      post: { metadata: C.metadata, prover: post.prover },
      onEvent: (e) => {
        if (e.type === 'poet-registered') ac.abort(new Error('registered'));
      },
    });
    await expect(c2.buildForEpoch(p, ac.signal)).rejects.toThrow('registered');
    expect(up.c.challenges).toEqual([down.c.challenges[0]]);
    expect(post.c.proves).toBe(1);
    expect((await c2.state.get(p))!.phase).toBe('registered');
  }, 20_000);

  it('a missed round discards the challenge; run() then publishes on the next one', async () => {
    const store = new MemoryStore();
    const D = await smesher('D');
    const events: BuilderEvent[] = [];
    const ac = new AbortController();
    const d = builder(
      D,
      {
        store,
        onEvent: (e) => {
          if (e.type === 'atx-published') ac.abort();
        },
      },
      events,
    );
    // The round that started last cannot be joined any more.
    const late = Math.floor((Date.now() - rc.genesisMs - rc.phaseShiftMs) / rc.epochDurationMs);
    await d.state.put({
      publishEpoch: late + 1,
      phase: 'challenge',
      challenge: {
        publishEpoch: late + 1,
        sequence: 0n,
        prevATXID: EMPTY_ATX_ID,
        positioningATXID: golden,
        commitmentATXID: golden,
        initialPost: null,
      },
      registration: null,
      poetProof: null,
      membership: null,
      post: null,
      atx: null,
    });
    await expect(d.buildForEpoch(late + 1)).rejects.toMatchObject({ code: 'poet-round-missed' });
    expect(await d.state.get(late + 1)).toBeUndefined();

    await d.run(ac.signal);
    const published = events.find((e) => e.type === 'atx-published');
    if (published?.type !== 'atx-published') throw new Error('nothing published');
    expect(published.publishEpoch).toBeGreaterThan(late + 1);
    expect(await handler.atxs.has(published.id)).toBe(true);
  }, 20_000);

  it('builds over HTTP against the poet server', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'smesh-activation-'));
    const server = await startPoetServer({
      network,
      dataDir: dir,
      host: '127.0.0.1',
      port: 0,
      powDifficulty: 4,
    });
    try {
      const E = await smesher('E');
      const http = counting(new HttpPoetSeam(new PoetClient({ url: server.url })));
      const events: BuilderEvent[] = [];
      const e = builder(E, { store: new MemoryStore(), poet: http.seam }, events);
      const p = await freshEpoch(e);
      const r = await e.buildForEpoch(p);
      expect(http.c.submits).toBe(1);
      const h = (await handler.atxs.header(r.id))!;
      expect(h.publishEpoch).toBe(p);
      const proof = events.find((x) => x.type === 'poet-proof');
      if (proof?.type !== 'poet-proof') throw new Error('no poet-proof event');
      expect(h.tickCount).toBe(proof.leaves / BigInt(TICK_SIZE));
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
