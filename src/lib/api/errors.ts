// gRPC status codes as the API answers them (google.golang.org/grpc/codes), and the HTTP status
// grpc-gateway v2 maps each to (runtime.HTTPStatusFromCode). A failed call is one ApiError; the
// HTTP server writes it as grpc-gateway does, {code, message, details: []}.

export const GrpcCode = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;
export type GrpcCode = (typeof GrpcCode)[keyof typeof GrpcCode];

const HTTP_OF_CODE: Readonly<Record<number, number>> = {
  0: 200,
  1: 499,
  2: 500,
  3: 400,
  4: 504,
  5: 404,
  6: 409,
  7: 403,
  8: 429,
  9: 400,
  10: 409,
  11: 400,
  12: 501,
  13: 500,
  14: 503,
  15: 500,
  16: 401,
};

/** runtime.HTTPStatusFromCode. */
export function httpStatusOf(code: number): number {
  return HTTP_OF_CODE[code] ?? 500;
}

export type ApiErrorReason =
  | 'invalid-argument'
  | 'bad-json'
  | 'bad-address'
  | 'bad-limit'
  | 'empty-transaction'
  | 'malformed-transaction'
  | 'not-spawned'
  | 'bad-signature'
  | 'rejected-transaction'
  | 'not-synced'
  | 'not-found'
  | 'unknown-method'
  | 'method-not-allowed'
  | 'body-too-large'
  | 'rate-limited'
  | 'unimplemented'
  | 'not-smeshing'
  | 'already-smeshing'
  /** the host could not start smeshing (no PoET, storage refused, ...) */
  | 'smeshing-refused'
  | 'internal'
  | 'unavailable'
  /** the faucet: an address or client over its drip limit */
  | 'faucet-limited'
  /** the faucet's account has no coins or is not spawned yet */
  | 'faucet-not-ready'
  | 'faucet-empty';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: GrpcCode;
  readonly reason: ApiErrorReason;
  /** The HTTP status to answer with; by default the gateway's mapping of `code`. */
  readonly httpStatus: number;

  constructor(code: GrpcCode, reason: ApiErrorReason, message: string, httpStatus?: number) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.httpStatus = httpStatus ?? httpStatusOf(code);
  }

  /** The body grpc-gateway writes for an error (google.rpc.Status as JSON). */
  toJSON(): { code: number; message: string; details: unknown[] } {
    return { code: this.code, message: this.message, details: [] };
  }
}

/** An error body read back from the wire (the HTTP client). */
export function apiErrorFromBody(status: number, body: unknown): ApiError {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const code = typeof b['code'] === 'number' ? (b['code'] as GrpcCode) : GrpcCode.UNKNOWN;
  const message = typeof b['message'] === 'string' ? b['message'] : `HTTP ${status}`;
  return new ApiError(code, reasonOfCode(code), message, status);
}

function reasonOfCode(code: number): ApiErrorReason {
  switch (code) {
    case GrpcCode.INVALID_ARGUMENT:
    case GrpcCode.FAILED_PRECONDITION:
      return 'invalid-argument';
    case GrpcCode.NOT_FOUND:
      return 'not-found';
    case GrpcCode.RESOURCE_EXHAUSTED:
      return 'rate-limited';
    case GrpcCode.UNIMPLEMENTED:
      return 'unimplemented';
    case GrpcCode.UNAVAILABLE:
      return 'unavailable';
    default:
      return 'internal';
  }
}
