// spacemesh/v2alpha1/v2alpha1.proto and block.proto: what several services share.
import type { Infer } from './shape.ts';

export const SORT_ORDER = ['ASC', 'DESC'] as const;
export type SortOrder = (typeof SORT_ORDER)[number];

export const Block = { id: 'bytes' } as const;
export type Block = Infer<typeof Block>;

/** google.rpc.Status as it appears inside a response (not the error body). */
export const RpcStatus = { code: 'u32', message: 'string', details: { list: 'string' } } as const;
export type RpcStatus = Infer<typeof RpcStatus>;
