// PoET proofs of other smeshers' ATXs, by ref (the proof's root), from the configured PoET
// servers over HTTP (go-spacemesh's poetDb, fed by its PoET clients). An ATX names only the
// ref, so on a miss the provider fetches the rounds that have ended, newest first, from each
// server, keeps every verified proof by its root, and answers from that cache from then on.
import { bytesToHex } from '@noble/hashes/utils.js';
import type { TimeSource } from '../clock/interface.ts';
import type { NetworkConfig } from '../config/types.ts';
import type { PoetProofProvider, PoetProofRecord } from '../mesh/atx/validation.ts';
import { GrpcCode, PoetApiError } from './api.ts';
import type { PoetClient } from './client.ts';
import { roundConfigOf, roundEnd } from './round.ts';

export interface HttpPoetProofsOptions {
  readonly network: NetworkConfig;
  readonly clients: readonly PoetClient[];
  readonly time: TimeSource;
  readonly log?: (line: string) => void;
}

export class HttpPoetProofs implements PoetProofProvider {
  readonly #o: HttpPoetProofsOptions;
  readonly #byRoot = new Map<string, PoetProofRecord>();
  /** `${client}:${round}` fetched (proof kept) or found absent long after the round ended. */
  readonly #done = new Set<string>();
  /** One fetch per round and server at a time, shared by concurrent lookups. */
  readonly #inFlight = new Map<string, Promise<void>>();

  constructor(o: HttpPoetProofsOptions) {
    this.#o = o;
  }

  async get(ref: Uint8Array): Promise<PoetProofRecord | undefined> {
    const key = bytesToHex(ref);
    const known = this.#byRoot.get(key);
    if (known !== undefined) return known;
    const rc = roundConfigOf(this.#o.network);
    const epochMs = rc.epochDurationMs;
    const now = this.#o.time.now();
    // Rounds that have ended, newest first: an ATX in gossip is almost always from the last one.
    let last = -1;
    while (roundEnd(rc, last + 1) <= now) last++;
    for (let round = last; round >= 0; round--) {
      for (let c = 0; c < this.#o.clients.length; c++) {
        await this.#fetch(c, round, now - roundEnd(rc, round) > epochMs);
        const hit = this.#byRoot.get(key);
        if (hit !== undefined) return hit;
      }
    }
    return undefined;
  }

  #fetch(client: number, round: number, settled: boolean): Promise<void> {
    const id = `${client}:${round}`;
    if (this.#done.has(id)) return Promise.resolve();
    const running = this.#inFlight.get(id);
    if (running !== undefined) return running;
    const job = this.#load(client, round, settled).finally(() => this.#inFlight.delete(id));
    this.#inFlight.set(id, job);
    return job;
  }

  async #load(client: number, round: number, settled: boolean): Promise<void> {
    const poet = this.#o.clients[client]!;
    const id = `${client}:${round}`;
    try {
      const r = await poet.proof(String(round));
      this.#byRoot.set(bytesToHex(r.proof.proof.root), {
        statement: r.statement,
        proof: r.proof,
      });
      this.#done.add(id);
    } catch (e) {
      // A round without registrations has no proof; one that ended an epoch ago never will.
      if (e instanceof PoetApiError && e.code === GrpcCode.NOT_FOUND) {
        if (settled) this.#done.add(id);
        return;
      }
      this.#o.log?.(
        `poet ${poet.url} round ${round}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
}
