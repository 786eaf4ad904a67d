// Seams of the PoST component (post-rs semantics). Label generation, storage and proving meet
// only through these, so the CPU and WebGPU providers, the file and OPFS stores, and the
// prover / verifier can be swapped and tested independently.

/** Bytes of one stored label (the first 16 of the 32-byte scrypt-jane output). */
export const LABEL_SIZE = 16;

/** The best VRF-nonce candidate seen in a range: the lowest full 32-byte label output. */
export interface NonceCandidate {
  /** Label index. */
  readonly index: bigint;
  /** The full 32-byte scrypt output at that index (compared big-endian). */
  readonly value: Uint8Array;
}

export interface LabelBatch {
  /** `count` labels of LABEL_SIZE bytes each, in index order. */
  readonly labels: Uint8Array;
  /**
   * The lowest 32-byte output in the batch that is below `vrfDifficulty` (big-endian
   * comparison), when a difficulty was given and any output beats it.
   */
  readonly nonce?: NonceCandidate;
}

/** Something that computes labels: the CPU (worker threads / Web Workers) or WebGPU. */
export interface LabelProvider {
  /** 'cpu', 'webgpu', … — shown in progress events. */
  readonly name: string;
  /**
   * Computes labels [start, start + count) for `commitment` with scrypt-jane parameter N.
   * `vrfDifficulty` (32 bytes) enables the VRF-nonce search over the full outputs.
   */
  compute(
    commitment: Uint8Array,
    start: bigint,
    count: number,
    scryptN: number,
    vrfDifficulty?: Uint8Array,
  ): Promise<LabelBatch>;
  /** Releases threads / GPU buffers. */
  close(): Promise<void>;
}

/** Read access to initialized PoST data, for proving and for checks. */
export interface LabelReader {
  /** numUnits × labelsPerUnit. */
  readonly totalLabels: bigint;
  /** Reads `count` labels starting at label `start` (LABEL_SIZE bytes each). */
  read(start: bigint, count: number): Promise<Uint8Array>;
}
