// Per-kind proof checks (go-spacemesh activation/malfeasance.go MalfeasanceHandler,
// InvalidPostIndexHandler, InvalidPrevATXHandler; mesh/malfeasance.go; hare3/malfeasance.go).
// Each answers the accused identity or throws a MalfeasanceError; none writes anything.
import { equalBytes } from '../../bytes.ts';
import type { AtxStore } from '../../mesh/atx/store.ts';
import { atxIdV1, verifyAtxV1 } from '../../types/atx.ts';
import { MalfeasanceType } from '../../types/malfeasance.ts';
import type {
  AtxProofMsg,
  BallotProofMsg,
  HareProofMsg,
  MalfeasanceProof,
  ProofMsg,
} from '../../types/malfeasance.ts';
import {
  verifyAtxProofMsg,
  verifyBallotProofMsg,
  verifyHareProofMsg,
} from '../../types/malfeasance.ts';
import { MalfeasanceError } from './errors.ts';
import type { PostIndexVerifier } from './interface.ts';

export interface ProofContext {
  readonly genesisId: Uint8Array;
  readonly atxs: AtxStore;
  readonly postVerifier?: PostIndexVerifier;
}

const fail = (reason: MalfeasanceError['reason'], message: string): never => {
  throw new MalfeasanceError(reason, message);
};

/** atxs.IdentityExists: the identity has published an ATX we hold. */
async function requireIdentity(atxs: AtxStore, id: Uint8Array): Promise<void> {
  if ((await atxs.lastBySmesher(id)) === undefined)
    fail('unknown-identity', 'the accused identity has no known ATX');
}

/**
 * The shared shape of the three double-signing proofs: both signatures valid, the identity
 * known, one signer, one slot (`sameSlot`), two different message hashes.
 */
async function doubleSigned<M extends { readonly msgHash: Uint8Array }>(
  ctx: ProofContext,
  messages: readonly ProofMsg<M>[],
  verifyMsg: (genesisId: Uint8Array, m: ProofMsg<M>) => boolean,
  sameSlot: (a: M, b: M) => boolean,
  kind: string,
): Promise<Uint8Array> {
  for (const m of messages)
    if (!verifyMsg(ctx.genesisId, m)) fail('invalid-signature', `${kind}: invalid signature`);
  const [a, b] = messages as [ProofMsg<M>, ProofMsg<M>];
  await requireIdentity(ctx.atxs, a.smesherID);
  if (!equalBytes(a.smesherID, b.smesherID))
    fail('different-smesher', `${kind}: messages of two identities`);
  if (!sameSlot(a.innerMsg, b.innerMsg))
    fail('different-slot', `${kind}: messages for different slots`);
  if (equalBytes(a.innerMsg.msgHash, b.innerMsg.msgHash))
    fail('same-message', `${kind}: one message signed twice`);
  return a.smesherID;
}

/** Validate: the identity the proof makes malicious. */
export async function validateProof(ctx: ProofContext, p: MalfeasanceProof): Promise<Uint8Array> {
  const proof = p.proof;
  switch (proof.type) {
    case MalfeasanceType.MULTIPLE_ATXS:
      return doubleSigned<AtxProofMsg['innerMsg']>(
        ctx,
        proof.messages,
        verifyAtxProofMsg,
        (a, b) => a.publishEpoch === b.publishEpoch,
        'multiple ATXs',
      );
    case MalfeasanceType.MULTIPLE_BALLOTS:
      return doubleSigned<BallotProofMsg['innerMsg']>(
        ctx,
        proof.messages,
        verifyBallotProofMsg,
        (a, b) => a.layer === b.layer,
        'multiple ballots',
      );
    case MalfeasanceType.HARE_EQUIVOCATION:
      return doubleSigned<HareProofMsg['innerMsg']>(
        ctx,
        proof.messages,
        verifyHareProofMsg,
        (a, b) => a.layer === b.layer && a.round === b.round,
        'hare equivocation',
      );
    case MalfeasanceType.INVALID_POST_INDEX: {
      const atx = proof.atx;
      if (!verifyAtxV1(ctx.genesisId, atx))
        fail('invalid-signature', 'invalid post index: invalid ATX signature');
      const verifier = ctx.postVerifier;
      if (verifier === undefined)
        return fail('unsupported-proof', 'invalid post index: no PoST verifier configured');
      const commitment = atx.commitmentATXID ?? (await ctx.atxs.commitment(atx.smesherID));
      if (commitment === undefined)
        return fail('unknown-identity', 'invalid post index: commitment ATX unknown');
      if (!(await verifier(atx, commitment, proof.invalidIdx)))
        fail('valid-post', `invalid post index: label ${proof.invalidIdx} is valid`);
      return atx.smesherID;
    }
    case MalfeasanceType.INVALID_PREV_ATX: {
      const { atx1, atx2 } = proof;
      await requireIdentity(ctx.atxs, atx1.smesherID);
      if (!verifyAtxV1(ctx.genesisId, atx1))
        fail('invalid-signature', 'invalid prev ATX: atx1 signature');
      if (!equalBytes(atx1.smesherID, atx2.smesherID))
        fail('different-smesher', 'invalid prev ATX: ATXs of two identities');
      if (!verifyAtxV1(ctx.genesisId, atx2))
        fail('invalid-signature', 'invalid prev ATX: atx2 signature');
      if (equalBytes(atxIdV1(atx1), atxIdV1(atx2))) fail('same-atx', 'invalid prev ATX: one ATX');
      if (!equalBytes(atx1.prevATXID, atx2.prevATXID))
        fail('different-prev-atx', 'invalid prev ATX: different previous ATXs');
      return atx1.smesherID;
    }
  }
}
