// Seams of the malfeasance handler.
import type { ActivationTxV1 } from '../../types/atx.ts';

/**
 * Checks the PoST of `atx` at one label index only (go-spacemesh InvalidPostIndexHandler with
 * verifying.SelectedIndex). Resolves true when the label at `index` is INVALID, i.e. the proof
 * of malfeasance holds; false when the PoST is valid there.
 */
export type PostIndexVerifier = (
  atx: ActivationTxV1,
  commitmentAtx: Uint8Array,
  index: number,
) => Promise<boolean>;

/** Told once per identity newly known malicious (tortoise.OnMalfeasance, events). */
export type MaliciousListener = (nodeId: Uint8Array) => void;
