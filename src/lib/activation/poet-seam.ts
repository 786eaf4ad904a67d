// How the ATX builder talks to a PoET: register a challenge for the open round, fetch the
// round's proof once it exists. Two implementations: over HTTP through PoetClient (a remote
// poet server), and in-process over PoetService (the simulation, a node hosting its own PoET,
// the tests). Both hand back only proofs they have verified: the members' membership root is the
// statement and the sequential-work proof holds over it.
import { GrpcCode, PoetApiError } from '../poet/api.ts';
import type { PoetClient } from '../poet/client.ts';
import { membershipRoot } from '../poet/membership.ts';
import { alreadySubmitted, signedSubmitRequest } from '../poet/registration.ts';
import type { PoetService } from '../poet/service.ts';
import type { PoetProof } from '../poet/shared.ts';
import { verifyPoetProof } from '../poet/verifier.ts';

export interface PoetSubmission {
  /** The smesher's key: the registration is signed in the POET domain. */
  readonly secretKey: Uint8Array;
  readonly genesisId: Uint8Array;
  /** The NIPoST challenge hash (32 bytes). */
  readonly challenge: Uint8Array;
  /** The round to join; the PoET refuses when another round is open. */
  readonly roundId?: string;
}

export interface PoetRegistration {
  readonly roundId: string;
  /** Time left until the round ends, as the PoET reported it, in ms. */
  readonly roundEndMs: number;
}

export interface PoetRoundProof {
  readonly roundId: string;
  readonly proof: PoetProof;
  /** The round's challenges in membership-tree order. */
  readonly members: readonly Uint8Array[];
  /** membershipRoot(members): the PoET statement. */
  readonly statement: Uint8Array;
}

export interface PoetSeam {
  /** Registers; a resubmission of the same challenge to the same round is a success. */
  submit(s: PoetSubmission): Promise<PoetRegistration>;
  /** The round's verified proof, or null while it is not ready. */
  proof(roundId: string): Promise<PoetRoundProof | null>;
}

export type PoetFailure = 'round-closed' | 'rejected' | 'unavailable';

/** How the builder treats a seam's error: only 'unavailable' is worth retrying. */
export function classifyPoetError(e: unknown): PoetFailure {
  if (e instanceof PoetApiError) {
    if (e.code === GrpcCode.FAILED_PRECONDITION) return 'round-closed';
    if (e.code === GrpcCode.INVALID_ARGUMENT || e.code === GrpcCode.ALREADY_EXISTS)
      return 'rejected';
    return 'unavailable';
  }
  return 'unavailable';
}

/** A remote PoET over HTTP. */
export class HttpPoetSeam implements PoetSeam {
  readonly client: PoetClient;

  constructor(client: PoetClient) {
    this.client = client;
  }

  submit(s: PoetSubmission): Promise<PoetRegistration> {
    return this.client.submit(s);
  }

  async proof(roundId: string): Promise<PoetRoundProof | null> {
    try {
      return await this.client.proof(roundId);
    } catch (e) {
      if (e instanceof PoetApiError && e.code === GrpcCode.NOT_FOUND) return null;
      throw e;
    }
  }
}

/** A PoET service in this process: the same requests, PoW and signature as over HTTP. */
export class ServicePoetSeam implements PoetSeam {
  readonly service: PoetService;

  constructor(service: PoetService) {
    this.service = service;
  }

  async submit(s: PoetSubmission): Promise<PoetRegistration> {
    try {
      return await this.service.submit(
        signedSubmitRequest({ ...s, powParams: this.service.powParams() }),
      );
    } catch (e) {
      const again = e instanceof PoetApiError ? alreadySubmitted(e) : null;
      if (again) return again;
      throw e;
    }
  }

  async proof(roundId: string): Promise<PoetRoundProof | null> {
    let r;
    try {
      r = await this.service.proof(roundId);
    } catch (e) {
      if (e instanceof PoetApiError && e.code === GrpcCode.NOT_FOUND) return null;
      throw e;
    }
    const statement = membershipRoot(r.members);
    verifyPoetProof(statement, r.proof);
    return { roundId, proof: r.proof, members: r.members, statement };
  }
}
