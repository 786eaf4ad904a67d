// Why a block could not be generated or executed. Nothing is written when one is thrown.

export type BlockErrorReason =
  /** a proposal names the empty ATX id */
  | 'empty-atx'
  /** a proposal's ATX, or the ATX a block reward names, is not known */
  | 'unknown-atx'
  /** two proposals of the set name one ATX (go errDuplicateATX) */
  | 'duplicate-atx'
  /** a proposal's reference ballot (and so its eligibility count) is not known */
  | 'unknown-ref-ballot'
  /** a transaction of a proposal or block is not known (go errProposalTxMissing) */
  | 'unknown-tx'
  /** a proposal is for another layer than the block, or a block is applied in another layer */
  | 'wrong-layer'
  /** a majority of proposals agree on a mesh hash that is not this node's (errNodeHasBadMeshHash) */
  | 'bad-mesh-hash'
  /** the layer was already applied */
  | 'layer-applied'
  /** the previous layer has no mesh hash to chain on */
  | 'layer-gap';

export class BlockError extends Error {
  readonly reason: BlockErrorReason;

  constructor(reason: BlockErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BlockError';
    this.reason = reason;
  }
}
