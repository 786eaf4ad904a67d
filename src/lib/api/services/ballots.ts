// Smesh's BallotService.List and BallotStreamService.Stream: the ballots the node stored (the
// ballot store, src/lib/mesh/ballot/store.ts), layer by layer and within a layer in id order.
import type { Ballot as WireBallot } from '../../types/ballot.ts';
import type { StreamHandle, StreamListener } from '../interface.ts';
import { checkLimit, offsetOf, page, type ApiContext } from '../context.ts';
import { ApiError, GrpcCode } from '../errors.ts';
import type { Ballot, BallotList, BallotRequest, BallotStreamRequest } from '../v1/ballot.ts';
import { encodeBase64 } from '../v2alpha1/shape.ts';
import { runStream } from './streams.ts';

export function toBallot(id: Uint8Array, b: WireBallot, malicious: boolean): Ballot {
  const isReference = b.epochData !== null;
  return {
    id: encodeBase64(id),
    layer: b.layer,
    smesherId: encodeBase64(b.smesherID),
    atxId: encodeBase64(b.atxID),
    eligibilities: b.eligibilityProofs.length,
    isReference,
    refBallot: isReference ? '' : encodeBase64(b.refBallot),
    opinionHash: encodeBase64(b.opinionHash),
    votes: {
      base: encodeBase64(b.votes.base),
      support: b.votes.support.map((v) => encodeBase64(v.id)),
      against: b.votes.against.map((v) => encodeBase64(v.id)),
      abstain: [...b.votes.abstain],
    },
    malicious,
  };
}

function checkRange(start: number, end: number): void {
  if (end !== 0 && end < start)
    throw new ApiError(
      GrpcCode.INVALID_ARGUMENT,
      'invalid-argument',
      `end_layer ${end} is before start_layer ${start}`,
    );
}

/** Ids of the stored ballots in [start, end] (end 0: the newest ballot's layer). */
async function* ballotIds(
  ctx: ApiContext,
  start: number,
  end: number,
  reverse: boolean,
): AsyncGenerator<Uint8Array> {
  const store = ctx.node.parts.ballots.ballots;
  const last = await store.lastLayer();
  if (last === undefined) return;
  const to = end === 0 ? last : Math.min(end, last);
  if (reverse) {
    for (let l = to; l >= start; l--) yield* (await store.layerIds(l)).reverse();
  } else {
    for (let l = start; l <= to; l++) yield* await store.layerIds(l);
  }
}

async function load(ctx: ApiContext, id: Uint8Array): Promise<Ballot | undefined> {
  const store = ctx.node.parts.ballots.ballots;
  const b = await store.get(id);
  return b === undefined ? undefined : toBallot(id, b, await store.isMalicious(id));
}

export async function listBallots(ctx: ApiContext, req: BallotRequest): Promise<BallotList> {
  const limit = checkLimit(req.limit);
  checkRange(req.startLayer, req.endLayer);
  const ids = await page(
    ballotIds(ctx, req.startLayer, req.endLayer, req.sortOrder === 'DESC'),
    offsetOf(req.offset),
    limit,
  );
  const ballots: Ballot[] = [];
  for (const id of ids) {
    const b = await load(ctx, id);
    if (b !== undefined) ballots.push(b);
  }
  return { ballots };
}

export function ballotStream(
  ctx: ApiContext,
  req: BallotStreamRequest,
  listener: StreamListener<Ballot>,
): StreamHandle {
  checkRange(req.startLayer, req.endLayer);
  const match = (n: number) => n >= req.startLayer && (req.endLayer === 0 || n <= req.endLayer);
  return runStream(ctx, req.watch, listener, {
    async *history() {
      for await (const id of ballotIds(ctx, req.startLayer, req.endLayer, false)) {
        const b = await load(ctx, id);
        if (b !== undefined) yield b;
      }
    },
    async live(e) {
      if (e.type !== 'ballot' || !match(e.layer)) return [];
      const b = await load(ctx, e.id);
      return b === undefined ? [] : [b];
    },
    key: (b) => b.id,
  });
}
