// The prover's hashes on node:crypto: one-shot crypto.hash runs OpenSSL's SHA-256 (SHA-NI where
// the CPU has it) with the least per-call overhead Node offers, which is what bounds leaves/s.
// Its Buffers stay as they are inside the prover (wrapping each in a plain Uint8Array view
// measured at about half the leaves/s); the prover hands out plain copies in its proofs.
import { hash } from 'node:crypto';
import { hasherFromSha256, type PoetHasher } from '../../lib/poet/hash.ts';

export const nodeHasher: PoetHasher = hasherFromSha256((d) => hash('sha256', d, 'buffer'));
