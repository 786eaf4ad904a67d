// The simulation's one PoET server, as every node's builder sees it. ServicePoetSeam (src/lib/
// activation/poet-seam.ts) answers a proof request by loading the round's proof, rebuilding the
// membership root over all members (O(N)) and verifying the sequential-work proof; with N nodes
// asking for the same round that is O(N²) hashing and N identical verifications. A finished
// round's proof is immutable bytes, so the answer is a pure function of the round id once it
// exists: it is computed once and the same verified answer handed to every node, as N clients
// of one real server would each receive the same bytes. "Not ready yet" (null) and errors are
// not remembered, so a node asking before the round ends still gets the server's live answer.
import type {
  PoetRegistration,
  PoetRoundProof,
  PoetSeam,
  PoetSubmission,
} from '../activation/poet-seam.ts';

export class SharedPoetSeam implements PoetSeam {
  readonly #inner: PoetSeam;
  /** Round id → its verified proof (or the request for it in flight). */
  readonly #proofs = new Map<string, Promise<PoetRoundProof | null>>();
  #fetched = 0;

  constructor(inner: PoetSeam) {
    this.#inner = inner;
  }

  /** Requests that reached the inner seam (tests: the rest were served from the cache). */
  get fetched(): number {
    return this.#fetched;
  }

  submit(s: PoetSubmission): Promise<PoetRegistration> {
    return this.#inner.submit(s);
  }

  proof(roundId: string): Promise<PoetRoundProof | null> {
    const known = this.#proofs.get(roundId);
    if (known !== undefined) return known;
    this.#fetched++;
    const p = this.#inner.proof(roundId);
    this.#proofs.set(roundId, p);
    // Only a proof is final; forget a miss or an error so the next request asks again.
    p.then(
      (r) => {
        if (r === null && this.#proofs.get(roundId) === p) this.#proofs.delete(roundId);
      },
      () => {
        if (this.#proofs.get(roundId) === p) this.#proofs.delete(roundId);
      },
    );
    return p;
  }
}
