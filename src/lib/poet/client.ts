// PoET client over fetch (isomorphic): retries transport failures and 5xx/429 answers with
// backoff, bounds every request with a timeout, and verifies every proof it returns — the
// membership root of the proof's members is the statement, and the sequential-work proof holds
// over it — so the activation builder never builds on a proof it has not checked.
import {
  decodeInfo,
  decodePowParams,
  decodeProofResponse,
  decodeSubmitResponse,
  encodeSubmit,
  GrpcCode,
  PoetApiError,
  type InfoResponse,
  type PowParamsResponse,
  type SubmitResponse,
} from './api.ts';
import { membershipRoot } from './membership.ts';
import { alreadySubmitted, signedSubmitRequest } from './registration.ts';
import type { PoetProof } from './shared.ts';
import { verifyPoetProof } from './verifier.ts';

/** A request that got no usable answer (network, timeout, garbage) after all retries. */
export class PoetClientError extends Error {
  override name = 'PoetClientError';
}

export interface PoetClientOptions {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  readonly url: string;
  readonly fetch?: typeof fetch;
  /** Per-attempt timeout. */
  readonly timeoutMs?: number;
  /** Attempts after the first one. */
  readonly retries?: number;
  /** First backoff; doubles each retry. */
  readonly retryDelayMs?: number;
}

export interface SubmitOptions {
  readonly secretKey: Uint8Array;
  readonly genesisId: Uint8Array;
  readonly challenge: Uint8Array;
  readonly deadlineMs?: number;
  readonly roundId?: string;
  /** PoW parameters to solve; fetched from the server when absent. */
  readonly powParams?: PowParamsResponse;
}

export interface VerifiedPoetProof {
  readonly roundId: string;
  readonly proof: PoetProof;
  readonly members: Uint8Array[];
  /** membershipRoot(members): the PoST challenge of every member. */
  readonly statement: Uint8Array;
  readonly pubkey: Uint8Array;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function retryable(status: number): boolean {
  return status >= 500 || status === 429;
}

export class PoetClient {
  readonly url: string;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #retryDelayMs: number;

  constructor(o: PoetClientOptions) {
    this.url = o.url.replace(/\/+$/, '');
    this.#fetch = o.fetch ?? ((...a) => fetch(...a));
    this.#timeoutMs = o.timeoutMs ?? 10_000;
    this.#retries = o.retries ?? 3;
    this.#retryDelayMs = o.retryDelayMs ?? 250;
  }

  /** One JSON request with retries; a server's error answer becomes a PoetApiError. */
  async #request(path: string, body?: unknown): Promise<unknown> {
    let last: unknown;
    for (let attempt = 0; attempt <= this.#retries; attempt++) {
      if (attempt > 0) await sleep(this.#retryDelayMs * 2 ** (attempt - 1));
      let res: Response;
      let text: string;
      try {
        res = await this.#fetch(this.url + path, {
          method: body === undefined ? 'GET' : 'POST',
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? null : JSON.stringify(body),
          signal: AbortSignal.timeout(this.#timeoutMs),
        });
        text = await res.text();
      } catch (e) {
        last = e;
        continue;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        last = new PoetClientError(`${path}: HTTP ${res.status} with a non-JSON body`, {
          cause: e,
        });
        if (retryable(res.status)) continue;
        throw last;
      }
      if (res.ok) return json;
      const err = json as { code?: unknown; message?: unknown; details?: unknown };
      const apiError = new PoetApiError(
        (typeof err.code === 'number' ? err.code : GrpcCode.INTERNAL) as GrpcCode,
        typeof err.message === 'string' ? err.message : `HTTP ${res.status}`,
        { details: Array.isArray(err.details) ? err.details : [] },
      );
      if (!retryable(res.status)) throw apiError;
      last = apiError;
    }
    if (last instanceof PoetApiError || last instanceof PoetClientError) throw last;
    throw new PoetClientError(`${path}: no answer after ${this.#retries + 1} attempts`, {
      cause: last,
    });
  }

  async info(): Promise<InfoResponse> {
    return decodeInfo(await this.#request('/v1/info'));
  }

  async powParams(): Promise<PowParamsResponse> {
    return decodePowParams(await this.#request('/v1/pow_params'));
  }

  /**
   * Registers `challenge` for the open round: solves the PoW, signs with the POET domain. A
   * resubmission of the same challenge (a retry whose first answer was lost) is a success.
   */
  async submit(o: SubmitOptions): Promise<SubmitResponse> {
    const powParams = o.powParams ?? (await this.powParams());
    const body = encodeSubmit(signedSubmitRequest({ ...o, powParams }));
    try {
      return decodeSubmitResponse(await this.#request('/v1/submit', body));
    } catch (e) {
      const info = e instanceof PoetApiError ? alreadySubmitted(e) : null;
      if (info) return info;
      throw e;
    }
  }

  /** The round's proof, verified; PoetVerificationError if it does not hold. */
  async proof(roundId: string): Promise<VerifiedPoetProof> {
    const r = decodeProofResponse(await this.#request(`/v1/proofs/${encodeURIComponent(roundId)}`));
    const statement = membershipRoot(r.members);
    verifyPoetProof(statement, r.proof);
    return { roundId, proof: r.proof, members: r.members, statement, pubkey: r.pubkey };
  }
}
