// SCALE codec (spacemeshos/go-scale): everything a wire type needs, from one import.
export type { Codec, Infer } from './codec.ts';
export { decode, encode } from './codec.ts';
export { array, option, slice, struct } from './combinators.ts';
export type { StructFields } from './combinators.ts';
export {
  readCompact16,
  readCompact32,
  readCompact64,
  readCompact64Number,
  readCompact8,
  writeCompact16,
  writeCompact32,
  writeCompact64,
  writeCompact64Number,
  writeCompact8,
} from './compact.ts';
export { DecodeError, EncodeError } from './errors.ts';
export type { DecodeErrorCode, EncodeErrorCode } from './errors.ts';
export {
  bool,
  byteSlice,
  compact16,
  compact32,
  compact64,
  compact64Number,
  compact8,
  fixedBytes,
  readLength,
  string,
  u16,
  u32,
  u64,
  u8,
  writeLength,
} from './primitives.ts';
export { Reader } from './reader.ts';
export { Writer } from './writer.ts';
