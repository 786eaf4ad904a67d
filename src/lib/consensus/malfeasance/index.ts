// The malfeasance handler's public surface (go-spacemesh malfeasance/).
export { MalfeasanceHandler } from './handler.ts';
export type { MalfeasanceHandled, MalfeasanceHandlerOptions } from './handler.ts';
export { validateProof } from './validate.ts';
export type { ProofContext } from './validate.ts';
export type { MaliciousListener, PostIndexVerifier } from './interface.ts';
export { MalfeasanceError } from './errors.ts';
export type { MalfeasanceReason } from './errors.ts';
