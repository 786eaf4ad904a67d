// postdata_metadata.json as post-rs (src/metadata.rs) reads and writes it: PascalCase keys, ids
// in standard base64, integers as JSON numbers, Nonce / LastPosition null when absent, printed
// like serde_json's to_writer_pretty (two-space indent, no trailing newline).
// LastPosition keeps go post's meaning: labels [0, LastPosition) are written and searched for
// the VRF nonce. Our init advances it only after the labels are durable, which is what makes
// resuming after a crash safe.
import { base64 } from '@scure/base';

export const METADATA_FILE_NAME = 'postdata_metadata.json';

export interface PostMetadata {
  readonly nodeId: Uint8Array;
  readonly commitmentAtxId: Uint8Array;
  readonly labelsPerUnit: bigint;
  readonly numUnits: number;
  /** Bytes per postdata_{k}.bin (a multiple of 16); the last file may be shorter. */
  readonly maxFileSize: bigint;
  /** VRF nonce: index of the lowest label output found below the difficulty. */
  readonly nonce: bigint | null;
  readonly lastPosition: bigint | null;
}

export class MetadataError extends Error {
  override name = 'MetadataError';
}

export function totalLabels(m: Pick<PostMetadata, 'labelsPerUnit' | 'numUnits'>): bigint {
  return m.labelsPerUnit * BigInt(m.numUnits);
}

/** Labels per postdata file. */
export function labelsPerFile(m: Pick<PostMetadata, 'maxFileSize'>): bigint {
  return m.maxFileSize / 16n;
}

/** Number of postdata files (post-rs num_files: ⌈totalSize / maxFileSize⌉). */
export function numFiles(m: PostMetadata): number {
  const per = labelsPerFile(m);
  return Number((totalLabels(m) + per - 1n) / per);
}

export function postDataFileName(index: number): string {
  return `postdata_${index}.bin`;
}

const num = (v: bigint | number | null): string => (v === null ? 'null' : v.toString());

export function encodeMetadata(m: PostMetadata): string {
  return [
    '{',
    `  "NodeId": "${base64.encode(m.nodeId)}",`,
    `  "CommitmentAtxId": "${base64.encode(m.commitmentAtxId)}",`,
    `  "LabelsPerUnit": ${num(m.labelsPerUnit)},`,
    `  "NumUnits": ${num(m.numUnits)},`,
    `  "MaxFileSize": ${num(m.maxFileSize)},`,
    `  "Nonce": ${num(m.nonce)},`,
    `  "LastPosition": ${num(m.lastPosition)}`,
    '}',
  ].join('\n');
}

const U64_MAX = (1n << 64n) - 1n;

/**
 * Parses the file, keeping 64-bit integers exact (JSON.parse's number would round above 2^53:
 * the reviver's source text gives the digits where the engine offers it). Unknown keys (go
 * post's NonceValue) are ignored, as post-rs does.
 */
export function decodeMetadata(text: string): PostMetadata {
  let raw: unknown;
  try {
    raw = JSON.parse(text, (_key, value: unknown, ctx?: { source?: string }) =>
      typeof value === 'number' ? exactInteger(value, ctx?.source) : value,
    );
  } catch (e) {
    throw new MetadataError(`invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new MetadataError('metadata must be a JSON object');
  const o = raw as Record<string, unknown>;
  const id = (k: string): Uint8Array => {
    const v = o[k];
    if (typeof v !== 'string') throw new MetadataError(`${k} must be a base64 string`);
    let b: Uint8Array;
    try {
      b = base64.decode(v);
    } catch {
      throw new MetadataError(`${k} is not valid base64`);
    }
    if (b.length !== 32) throw new MetadataError(`${k} must be 32 bytes, got ${b.length}`);
    return b;
  };
  const int = (k: string, max: bigint, nullable: boolean): bigint | null => {
    const v = o[k];
    if ((v === null || v === undefined) && nullable) return null;
    if (typeof v !== 'bigint' || v < 0n || v > max)
      throw new MetadataError(`${k} must be an integer in [0, ${max}]`);
    return v;
  };
  const maxFileSize = int('MaxFileSize', U64_MAX, false)!;
  if (maxFileSize === 0n || maxFileSize % 16n !== 0n)
    throw new MetadataError('MaxFileSize must be a positive multiple of 16');
  const labelsPerUnit = int('LabelsPerUnit', U64_MAX, false)!;
  const numUnits = Number(int('NumUnits', 0xffffffffn, false));
  if (labelsPerUnit === 0n || numUnits === 0)
    throw new MetadataError('LabelsPerUnit and NumUnits must be positive');
  return {
    nodeId: id('NodeId'),
    commitmentAtxId: id('CommitmentAtxId'),
    labelsPerUnit,
    numUnits,
    maxFileSize,
    nonce: int('Nonce', U64_MAX, true),
    lastPosition: int('LastPosition', U64_MAX, true),
  };
}

/** Integers become bigint (exact); fractions are rejected by the field checks above. */
function exactInteger(value: number, source: string | undefined): bigint | number {
  if (source !== undefined && /^-?\d+$/.test(source)) return BigInt(source);
  if (Number.isSafeInteger(value)) return BigInt(value);
  return value;
}
