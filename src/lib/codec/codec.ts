// The Codec abstraction: one value that knows how to write and read a type, so wire types are
// declared once (as go-spacemesh's scalegen output is generated once) and both directions agree.
import { DecodeError } from './errors.ts';
import { Reader } from './reader.ts';
import { Writer } from './writer.ts';

export interface Codec<T> {
  encode(w: Writer, v: T): void;
  /** Reads one value; throws only DecodeError. */
  decode(r: Reader): T;
}

/** The value type of a codec: `Infer<typeof SpendArguments>`. */
export type Infer<C> = C extends Codec<infer T> ? T : never;

/** SCALE bytes of `v`. Throws EncodeError when `v` breaks a field's bounds. */
export function encode<T>(codec: Codec<T>, v: T): Uint8Array {
  const w = new Writer();
  codec.encode(w, v);
  return w.finish();
}

/**
 * Decodes exactly one value from `bytes`: leftover bytes are a DecodeError('trailing-bytes'),
 * because a second encoding of the same value must not pass as valid.
 */
export function decode<T>(codec: Codec<T>, bytes: Uint8Array, what = 'value'): T {
  if (!(bytes instanceof Uint8Array))
    throw new DecodeError('invalid-value', `${what}: input is not a Uint8Array`);
  const r = new Reader(bytes);
  const v = codec.decode(r);
  r.end(what);
  return v;
}
