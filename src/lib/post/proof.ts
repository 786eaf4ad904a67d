// The PoST proof as post-rs returns it and go-spacemesh carries it (types.PostV1):
// {nonce u32, indices bit-packed bytes, pow u64}. JSON follows post-rs's serde shape
// ({"nonce":…, "indices":"<base64>", "pow":…}); SCALE follows go-spacemesh's generated codec
// (activation/wire/wire_v1_scale.go: compact32 nonce, indices max 800, compact64 pow).
import { base64 } from '@scure/base';
import { byteSlice, compact32, compact64, struct } from '../codec/index.ts';
import type { Codec } from '../codec/index.ts';

export interface Proof {
  readonly nonce: number;
  /** compressIndices(indices, requiredBits(numLabels)). */
  readonly indices: Uint8Array;
  readonly pow: bigint;
}

/** go-spacemesh's `Indices []byte scale:"max=800"` (room for K2 = 100 indices of 64 bits). */
export const MAX_INDICES_BYTES = 800;

/** SCALE (wire.PostV1): compact32 nonce ‖ compact length + indices ‖ compact64 pow. */
export const ProofCodec: Codec<Proof> = struct<Proof>({
  nonce: compact32,
  indices: byteSlice(MAX_INDICES_BYTES),
  pow: compact64,
});

export class ProofFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProofFormatError';
  }
}

/**
 * post-rs's JSON. `pow` is a u64 written as a bare JSON number, which JS numbers cannot hold
 * exactly above 2^53, so the text is built by hand and parsed from the number's source text.
 */
export function proofToJson(p: Proof): string {
  return `{"nonce":${p.nonce},"indices":${JSON.stringify(base64.encode(p.indices))},"pow":${p.pow}}`;
}

const U64_MAX = (1n << 64n) - 1n;

function exactInteger(value: unknown, source: string | undefined, what: string): bigint {
  // Accept a decimal string too (how protojson writes 64-bit integers).
  const text = typeof value === 'string' ? value : source;
  if (text === undefined || !/^(0|[1-9][0-9]*)$/.test(text)) {
    if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)
      return BigInt(value);
    throw new ProofFormatError(`${what} must be a non-negative integer`);
  }
  return BigInt(text);
}

export function proofFromJson(text: string): Proof {
  const sources = new Map<string, string>();
  let raw: unknown;
  try {
    raw = JSON.parse(
      text,
      function (this: unknown, key: string, value: unknown, ctx?: { source?: string }) {
        // JSON.parse source text access (Node ≥ 21, current browsers) keeps u64s exact.
        if (
          this !== null &&
          typeof this === 'object' &&
          (key === 'nonce' || key === 'pow') &&
          ctx?.source !== undefined
        )
          sources.set(key, ctx.source);
        return value;
      },
    );
  } catch (e) {
    throw new ProofFormatError(`proof is not JSON: ${(e as Error).message}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new ProofFormatError('proof must be a JSON object');
  const o = raw as Record<string, unknown>;
  const nonce = exactInteger(o.nonce, sources.get('nonce'), 'nonce');
  if (nonce > 0xffffffffn) throw new ProofFormatError('nonce must fit in u32');
  const pow = exactInteger(o.pow, sources.get('pow'), 'pow');
  if (pow > U64_MAX) throw new ProofFormatError('pow must fit in u64');
  if (typeof o.indices !== 'string') throw new ProofFormatError('indices must be a base64 string');
  let indices: Uint8Array;
  try {
    indices = base64.decode(o.indices);
  } catch {
    throw new ProofFormatError('indices are not valid base64');
  }
  return { nonce: Number(nonce), indices, pow };
}
