// Typed errors of the ATX builder. Callers (the run loop, the UI timeline) branch on `code`,
// never on message text.

export type ActivationErrorCode =
  /** The PoET did not answer usably after every retry; the builder's state is unchanged. */
  | 'poet-unavailable'
  /** The PoET refused the registration (bad PoW, signature, conflicting challenge). */
  | 'poet-rejected'
  /** The PoET round for this publish epoch has started (or closed) before we registered. */
  | 'poet-round-missed'
  /** The round ended but no proof came before the publish epoch ran out. */
  | 'poet-proof-timeout'
  /** The round's proof does not list our challenge among its members. */
  | 'poet-not-member'
  /** The PoST data has no VRF nonce (initialization did not finish). */
  | 'no-vrf-nonce'
  /** An ATX of ours is already published for this or a later epoch. */
  | 'already-published'
  /** Our last published ATX is not in the ATX store yet, so a follow-up cannot name it. */
  | 'prev-atx-missing'
  /** The publish callback failed; the built ATX is kept and published again on resume. */
  | 'publish-failed'
  /** Persisted builder state that does not decode or contradicts itself. */
  | 'corrupt-state';

export class ActivationError extends Error {
  readonly code: ActivationErrorCode;
  readonly publishEpoch: number | undefined;

  constructor(
    code: ActivationErrorCode,
    message: string,
    options?: ErrorOptions & { readonly publishEpoch?: number },
  ) {
    super(message, options);
    this.name = 'ActivationError';
    this.code = code;
    this.publishEpoch = options?.publishEpoch;
  }
}
