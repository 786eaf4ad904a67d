// The proposal handler (go-spacemesh proposals/handler.go HandleProposal, processProposal):
// decodes a proposal, checks its timing, its PROPOSAL-domain signature (by the ballot's smesher)
// and its transaction ids, validates the ballot inside through the ballot handler, and stores
// ballot and proposal in one batch. When the ballot is a second ballot of its smesher in the
// layer, ballot, proposal and the MultipleBallots proof are stored and the result says
// 'malicious' (go answers errMaliciousBallot after storing). Every refusal is a ProposalValidationError and writes nothing.
import { DecodeError } from '../../codec/index.ts';
import { BallotValidationError } from '../ballot/errors.ts';
import type { BallotHandler } from '../ballot/handler.ts';
import type { Store } from '../../store/interface.ts';
import type { MalfeasanceProof } from '../../types/malfeasance.ts';
import { decodeSharedProposal, proposalId, verifyProposal } from '../../types/proposal.ts';
import type { Proposal } from '../../types/proposal.ts';
import { ProposalValidationError } from './errors.ts';
import type { ProposalValidationReason } from './errors.ts';
import { ProposalStore } from './store.ts';

export interface ProposalHandlerOptions {
  readonly store: Store;
  readonly genesisId: Uint8Array;
  readonly ballots: BallotHandler;
  /** The current layer: gossiped proposals for earlier layers are too late. */
  readonly currentLayer: () => number;
  /** Most transaction ids one proposal may carry (go-spacemesh TxsPerProposal; mainnet 700). */
  readonly maxTxsPerProposal: number;
}

export interface ProposalHandleOptions {
  readonly gossip?: boolean;
}

export type ProposalHandled =
  | { readonly status: 'stored'; readonly id: Uint8Array; readonly ballotId: Uint8Array }
  /** The ballot equivocated: ballot, proposal and proof stored. */
  | {
      readonly status: 'malicious';
      readonly id: Uint8Array;
      readonly ballotId: Uint8Array;
      readonly malfeasance: MalfeasanceProof;
    };

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export class ProposalHandler {
  readonly proposals: ProposalStore;
  readonly #o: ProposalHandlerOptions;

  constructor(options: ProposalHandlerOptions) {
    this.#o = options;
    this.proposals = new ProposalStore(options.store);
  }

  async handleProposal(
    bytes: Uint8Array,
    opts: ProposalHandleOptions = {},
  ): Promise<ProposalHandled> {
    let p: Proposal;
    try {
      p = decodeSharedProposal(bytes);
    } catch (e) {
      if (e instanceof DecodeError)
        throw new ProposalValidationError('malformed', `proposal does not decode: ${e.message}`, {
          cause: e,
        });
      throw e;
    }
    const id = proposalId(p);
    const fail = (reason: ProposalValidationReason, message: string): never => {
      throw new ProposalValidationError(reason, message, { proposalId: id });
    };
    if (opts.gossip === true && p.ballot.layer < this.#o.currentLayer())
      fail('too-late', `proposal for layer ${p.ballot.layer} after it started`);
    if (!verifyProposal(this.#o.genesisId, p))
      fail('invalid-signature', 'proposal signature does not verify');
    if (await this.proposals.has(id)) fail('known-proposal', `proposal ${hex(id)} is stored`);
    if (p.txIDs.length > this.#o.maxTxsPerProposal)
      fail('too-many-txs', `${p.txIDs.length} tx ids > ${this.#o.maxTxsPerProposal}`);
    const seen = new Set<string>();
    for (const tx of p.txIDs) {
      const k = hex(tx);
      if (seen.has(k)) fail('duplicate-tx', `tx ${k} twice`);
      seen.add(k);
    }

    let validated;
    try {
      validated = await this.#o.ballots.validate(p.ballot, opts);
    } catch (e) {
      if (e instanceof BallotValidationError)
        throw new ProposalValidationError(e.reason, `proposal ballot: ${e.message}`, {
          proposalId: id,
          ballotReason: true,
          cause: e,
        });
      throw e;
    }
    // processProposal: a known ballot is fine; a ballot that equivocates is stored with its proof
    // and so is the proposal (go stores it, then answers errMaliciousBallot).
    if (await this.#o.ballots.ballots.has(validated.id)) {
      const other = await this.proposals.idInLayer(p.ballot.layer, p.ballot.smesherID);
      if (other !== undefined)
        fail('duplicate-proposal', `ballot already carried by proposal ${hex(other)}`);
      await this.#o.store.batch(this.proposals.addOps(p, true, bytes));
    } else {
      const { ops, malfeasance } = await this.#o.ballots.storeOps(validated);
      const first =
        (await this.proposals.idInLayer(p.ballot.layer, p.ballot.smesherID)) === undefined;
      await this.#o.store.batch([...ops, ...this.proposals.addOps(p, first, bytes)]);
      if (malfeasance !== null)
        return { status: 'malicious', id, ballotId: validated.id, malfeasance };
    }
    return { status: 'stored', id, ballotId: validated.id };
  }
}
