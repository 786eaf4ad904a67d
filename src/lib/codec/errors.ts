// Typed errors of the SCALE codec. Decoders read bytes from the network, so every way a decode
// can fail is a DecodeError with a `code` callers can branch on; nothing else escapes a decoder.

/** Why bytes did not decode. */
export type DecodeErrorCode =
  /** the input ended inside a value */
  | 'truncated'
  /** a compact integer used a longer mode than its value needs (go-scale rejects these) */
  | 'non-canonical'
  /** a value does not fit the field's width (compact8/16/32/64, or a safe JS integer) */
  | 'overflow'
  /** a length prefix is above the field's maximum */
  | 'too-long'
  /** bytes were left after the outermost value */
  | 'trailing-bytes'
  /** a well-formed number that the field does not allow (bool byte 2, unknown method, …) */
  | 'invalid-value';

export class DecodeError extends Error {
  readonly code: DecodeErrorCode;
  /** The failure itself, without the field path. */
  readonly detail: string;
  #field: string;

  constructor(code: DecodeErrorCode, detail: string, field = '') {
    super(field === '' ? detail : `${field}: ${detail}`);
    this.name = 'DecodeError';
    this.code = code;
    this.detail = detail;
    this.#field = field;
  }

  /** Dotted path of the field that failed (`args.publicKeys[3]`), '' when not inside a struct. */
  get field(): string {
    return this.#field;
  }

  /**
   * Puts the error one level further out (`outer.inner`, or `outer[i]` for an item) and returns
   * it. It updates this error rather than wrapping it: junk from the network fails often, and
   * one allocation per failure keeps rejecting it cheap.
   */
  within(outer: string): this {
    const f = this.#field;
    this.#field = f === '' ? outer : f.startsWith('[') ? `${outer}${f}` : `${outer}.${f}`;
    this.message = `${this.#field}: ${this.detail}`;
    return this;
  }
}

/** Why a value could not be encoded (a bug or bad input on our side, never network data). */
export type EncodeErrorCode =
  /** a number is negative, fractional, or above the field's width */
  | 'out-of-range'
  /** a slice or string is longer than the field's maximum, or a fixed array has the wrong size */
  | 'bad-length'
  /** a value of the wrong kind (not bytes, not a bigint, …) */
  | 'invalid-value';

export class EncodeError extends Error {
  readonly code: EncodeErrorCode;

  constructor(code: EncodeErrorCode, message: string) {
    super(message);
    this.name = 'EncodeError';
    this.code = code;
  }
}
