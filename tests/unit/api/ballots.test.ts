// Smesh's BallotService.List / BallotStreamService.Stream over the simulated node: every ballot
// the node stored, with its ids, smesher, ATX and votes exactly as the ballot store holds them.
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { ApiError, GrpcCode } from '../../../src/lib/api/errors.ts';
import { UNARY } from '../../../src/lib/api/methods.ts';
import type { Ballot } from '../../../src/lib/api/v1/ballot.ts';
import { checkMessage, decodeBase64 } from '../../../src/lib/api/v2alpha1/shape.ts';
import { ballotId } from '../../../src/lib/types/ballot.ts';
import { simApi, type SimApi } from './fixture.ts';

let s: SimApi;
/** Every stored ballot, ascending by layer then id, read straight from the store. */
let stored: { id: string; layer: number }[];
let lastLayer: number;
beforeAll(async () => {
  s = await simApi();
  const store = s.node.parts.ballots.ballots;
  lastLayer = (await store.lastLayer())!;
  stored = [];
  for (let l = 0; l <= lastLayer; l++)
    for (const id of await store.layerIds(l)) stored.push({ id: bytesToHex(id), layer: l });
}, 120_000);

const hex = (b64: string) => bytesToHex(decodeBase64(b64));
const LIST = 'smesh.v1.BallotService/List';

async function listAll(req: Record<string, unknown> = {}): Promise<Ballot[]> {
  const out: Ballot[] = [];
  for (let offset = 0; ; offset += 100) {
    const r = await s.api.call(LIST, { ...req, limit: '100', offset: String(offset) });
    out.push(...r.ballots);
    if (r.ballots.length < 100) return out;
  }
}

async function rejects(p: Promise<unknown>, reason: string, message: RegExp) {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ApiError);
  expect((e as ApiError).code).toBe(GrpcCode.INVALID_ARGUMENT);
  expect((e as ApiError).reason).toBe(reason);
  expect((e as ApiError).message).toMatch(message);
}

describe('BallotService.List', () => {
  it('lists every stored ballot, layer by layer, in the store order', async () => {
    const all = await listAll();
    expect(all.length).toBe(stored.length);
    expect(all.map((b) => [hex(b.id), b.layer])).toEqual(stored.map((b) => [b.id, b.layer]));
    const shape = UNARY[LIST][1];
    expect(checkMessage(shape, { ballots: all })).toEqual([]);
  });

  it('has ballots in every layer from the first epoch with ATXs on', async () => {
    const lpe = s.node.parts.network.layersPerEpoch;
    const layers = new Set(stored.map((b) => b.layer));
    expect(Math.min(...layers)).toBe(2 * lpe);
    for (let l = 2 * lpe; l <= lastLayer; l++) expect(layers.has(l), `layer ${l}`).toBe(true);
  });

  it('gives each ballot as the node stored it: id, smesher, ATX, eligibilities, votes', async () => {
    const store = s.node.parts.ballots.ballots;
    const all = await listAll();
    let references = 0;
    for (const b of all) {
      const w = (await store.get(decodeBase64(b.id)))!;
      expect(bytesToHex(ballotId(w))).toBe(hex(b.id));
      expect(hex(b.smesherId)).toBe(bytesToHex(w.smesherID));
      expect(hex(b.atxId)).toBe(bytesToHex(w.atxID));
      expect(hex(b.opinionHash)).toBe(bytesToHex(w.opinionHash));
      expect(b.eligibilities).toBe(w.eligibilityProofs.length);
      expect(b.eligibilities).toBeGreaterThan(0);
      expect(b.isReference).toBe(w.epochData !== null);
      expect(b.refBallot === '' ? '' : hex(b.refBallot)).toBe(
        b.isReference ? '' : bytesToHex(w.refBallot),
      );
      expect(hex(b.votes!.base)).toBe(bytesToHex(w.votes.base));
      expect(b.votes!.support.map(hex)).toEqual(w.votes.support.map((v) => bytesToHex(v.id)));
      expect(b.votes!.against.map(hex)).toEqual(w.votes.against.map((v) => bytesToHex(v.id)));
      expect(b.votes!.abstain).toEqual(w.votes.abstain);
      expect(b.malicious).toBe(false);
      if (b.isReference) references++;
    }
    // One reference ballot per smesher and epoch; the others point at a listed reference ballot.
    expect(references).toBeGreaterThan(0);
    const ids = new Set(all.map((b) => b.id));
    for (const b of all) if (!b.isReference) expect(ids.has(b.refBallot)).toBe(true);
  });

  it("votes for the blocks the node applied and builds on the previous layer's ballots", async () => {
    const all = await listAll();
    const applied = new Map(
      s.node.applied.filter((a) => a.block !== null).map((a) => [bytesToHex(a.block!), a.layer]),
    );
    expect(applied.size).toBeGreaterThan(0);
    const supported = new Set(all.flatMap((b) => b.votes!.support.map(hex)));
    for (const [block, layer] of applied)
      if (layer < lastLayer) expect(supported.has(block), `block of layer ${layer}`).toBe(true);
    const layerOf = new Map(all.map((b) => [hex(b.id), b.layer]));
    const withBase = all.filter((b) => layerOf.has(hex(b.votes!.base)));
    expect(withBase.length).toBeGreaterThan(0);
    for (const b of withBase) expect(layerOf.get(hex(b.votes!.base))!).toBeLessThan(b.layer);
  });

  it('filters by layer range and pages both ways', async () => {
    const mid = stored[Math.floor(stored.length / 2)]!.layer;
    const one = await s.api.call(LIST, { startLayer: mid, endLayer: mid, limit: '100' });
    expect(one.ballots.map((b) => hex(b.id))).toEqual(
      stored.filter((b) => b.layer === mid).map((b) => b.id),
    );
    const from = await listAll({ startLayer: mid });
    expect(from.map((b) => hex(b.id))).toEqual(
      stored.filter((b) => b.layer >= mid).map((b) => b.id),
    );
    const page = await s.api.call(LIST, { limit: '3', offset: '2' });
    expect(page.ballots.map((b) => hex(b.id))).toEqual(stored.slice(2, 5).map((b) => b.id));
    const desc = await s.api.call(LIST, { limit: '4', offset: '1', sortOrder: 'DESC' });
    expect(desc.ballots.map((b) => hex(b.id))).toEqual(
      [...stored]
        .reverse()
        .slice(1, 5)
        .map((b) => b.id),
    );
    const past = await s.api.call(LIST, { startLayer: lastLayer + 1, limit: '10' });
    expect(past.ballots).toEqual([]);
  });

  it.each([
    [{ limit: '0' }, 'bad-limit', /limit must be set/],
    [{ limit: '101' }, 'bad-limit', /capped at 100/],
    [{ limit: '10', startLayer: 30, endLayer: 20 }, 'invalid-argument', /before start_layer/],
    [{ limit: '10', startLayer: -1 }, 'invalid-argument', /startLayer: not a uint32/],
    [{ limit: '10', sortOrder: 'UP' }, 'invalid-argument', /sortOrder/],
  ])('refuses %j', async (req, reason, msg) => {
    await rejects(s.api.call(LIST, req as never), reason, msg);
  });
});

describe('BallotStreamService.Stream', () => {
  const STREAM = 'smesh.v1.BallotStreamService/Stream';

  function collect(req: Record<string, unknown>): Promise<Ballot[]> {
    return new Promise((resolve, reject) => {
      const got: Ballot[] = [];
      s.api.stream(STREAM, req, {
        item: (b) => got.push(b),
        end: (e) => (e === undefined ? resolve(got) : reject(e as Error)),
      });
    });
  }

  it('without watch sends the stored ballots of the range and ends', async () => {
    const all = await collect({});
    expect(all.map((b) => hex(b.id))).toEqual(stored.map((b) => b.id));
    const mid = stored[Math.floor(stored.length / 2)]!.layer;
    const part = await collect({ startLayer: mid - 1, endLayer: mid });
    expect(part.map((b) => hex(b.id))).toEqual(
      stored.filter((b) => b.layer >= mid - 1 && b.layer <= mid).map((b) => b.id),
    );
  });

  it('a watching stream opened before the run saw every ballot once, as it was stored', () => {
    const ids = s.live.ballots.map((b) => hex(b.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(stored.map((b) => b.id).sort());
    const listed = new Map(stored.map((b) => [b.id, b.layer]));
    for (const b of s.live.ballots) expect(b.layer).toBe(listed.get(hex(b.id)));
  });

  it('refuses an inverted range', () => {
    expect(() => s.api.stream(STREAM, { startLayer: 9, endLayer: 3 }, { item: () => {} })).toThrow(
      /before start_layer/,
    );
  });
});
