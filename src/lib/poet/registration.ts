// The node side of a PoET registration, shared by the HTTP client and the in-process seam:
// the signed, PoW-paid submit request, and reading "already registered" as a success.
import { Domain, publicKeyOf, sign } from '../crypto/signing.ts';
import {
  ALREADY_SUBMITTED,
  decodeDuration,
  GrpcCode,
  type PoetApiError,
  type PowParamsResponse,
  type SubmitRequest,
  type SubmitResponse,
} from './api.ts';
import { findSubmitPowNonce } from './pow.ts';

export interface Registration {
  readonly secretKey: Uint8Array;
  readonly genesisId: Uint8Array;
  readonly challenge: Uint8Array;
  readonly powParams: PowParamsResponse;
  readonly deadlineMs?: number;
  readonly roundId?: string;
}

/** Solves the registration PoW and signs the challenge with the POET domain. */
export function signedSubmitRequest(r: Registration): SubmitRequest {
  const pubkey = publicKeyOf(r.secretKey);
  return {
    nonce: findSubmitPowNonce(r.powParams, r.challenge, pubkey),
    powParams: r.powParams,
    prefix: new Uint8Array([...r.genesisId, Domain.POET]),
    challenge: r.challenge,
    pubkey,
    signature: sign(r.secretKey, r.genesisId, Domain.POET, r.challenge),
    deadlineMs: r.deadlineMs ?? null,
    roundId: r.roundId ?? null,
  };
}

/**
 * The registration an ALREADY_EXISTS answer carries when the same challenge was submitted
 * before (a retry whose first answer was lost), or null for any other error.
 */
export function alreadySubmitted(e: PoetApiError): SubmitResponse | null {
  if (e.code !== GrpcCode.ALREADY_EXISTS) return null;
  for (const d of e.details) {
    const info = d as { reason?: unknown; metadata?: { roundId?: unknown; roundEnd?: unknown } };
    if (info.reason !== ALREADY_SUBMITTED || typeof info.metadata?.roundId !== 'string') continue;
    return {
      roundId: info.metadata.roundId,
      roundEndMs: decodeDuration(info.metadata.roundEnd, 'roundEnd'),
    };
  }
  return null;
}
