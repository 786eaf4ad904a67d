// poet's HTTP API (rpc/api/v1/api.proto) in grpc-gateway's JSON mapping: camelCase keys, bytes
// as base64, uint64 as decimal strings, durations as "1.5s", errors as {code, message, details}
// with gRPC status codes. Server and client both speak through these functions, so a shape
// mismatch cannot hide in one of them. Requests are accepted in camelCase and snake_case.
import { base64 } from '@scure/base';
import type { MerkleProof, PoetProof } from './shared.ts';

/** gRPC status codes used by poet's rpcserver. */
export const GrpcCode = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;
export type GrpcCode = (typeof GrpcCode)[keyof typeof GrpcCode];

/** grpc-gateway's HTTP status for each code. */
export function httpStatusOf(code: GrpcCode): number {
  switch (code) {
    case GrpcCode.INVALID_ARGUMENT:
    case GrpcCode.FAILED_PRECONDITION:
      return 400;
    case GrpcCode.UNAUTHENTICATED:
      return 401;
    case GrpcCode.NOT_FOUND:
      return 404;
    case GrpcCode.ALREADY_EXISTS:
      return 409;
    case GrpcCode.RESOURCE_EXHAUSTED:
      return 429;
    case GrpcCode.UNIMPLEMENTED:
      return 501;
    case GrpcCode.UNAVAILABLE:
      return 503;
    default:
      return 500;
  }
}

/** A request the API refuses, with the gRPC code the server answers. */
export class PoetApiError extends Error {
  readonly code: GrpcCode;
  /** google.rpc.Status details (ErrorInfo objects), sent as they are. */
  readonly details: unknown[];

  constructor(code: GrpcCode, message: string, options?: ErrorOptions & { details?: unknown[] }) {
    super(message, options);
    this.name = 'PoetApiError';
    this.code = code;
    this.details = options?.details ?? [];
  }
}

/** ErrorInfo reason of a resubmitted (identical) registration; metadata says its round. */
export const ALREADY_SUBMITTED = 'CHALLENGE_ALREADY_SUBMITTED';

export function alreadySubmittedInfo(roundId: string, roundEnd: string) {
  return {
    '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
    reason: ALREADY_SUBMITTED,
    domain: 'poet',
    metadata: { roundId, roundEnd },
  };
}

export interface ErrorBody {
  readonly code: number;
  readonly message: string;
  readonly details: unknown[];
}

export const errorBody = (e: PoetApiError): ErrorBody => ({
  code: e.code,
  message: e.message,
  details: e.details,
});

// ---- scalars ----

export const encodeBytes = (b: Uint8Array): string => base64.encode(b);

/** protojson accepts standard and URL-safe base64, padded or not. */
export function decodeBytes(value: unknown, field: string): Uint8Array {
  if (value === undefined || value === null || value === '') return new Uint8Array(0);
  if (typeof value !== 'string')
    throw new PoetApiError(GrpcCode.INVALID_ARGUMENT, `${field}: expected base64 text`);
  let s = value.replace(/-/g, '+').replace(/_/g, '/');
  while (s.length % 4 !== 0) s += '=';
  try {
    return base64.decode(s);
  } catch (e) {
    throw new PoetApiError(GrpcCode.INVALID_ARGUMENT, `${field}: invalid base64`, { cause: e });
  }
}

export function decodeU64(value: unknown, field: string): bigint {
  if (value === undefined || value === null) return 0n;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,20}$/.test(text) || BigInt(text) >= 1n << 64n)
    throw new PoetApiError(GrpcCode.INVALID_ARGUMENT, `${field}: expected a uint64`);
  return BigInt(text);
}

export function decodeU32(value: unknown, field: string): number {
  if (value === undefined || value === null) return 0;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new PoetApiError(GrpcCode.INVALID_ARGUMENT, `${field}: expected a uint32`);
  return n;
}

/** google.protobuf.Duration as protojson writes it: seconds with 0, 3, 6 or 9 decimals. */
export function encodeDuration(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(Math.round(ms));
  const whole = Math.floor(abs / 1000);
  const frac = abs % 1000;
  return frac === 0 ? `${sign}${whole}s` : `${sign}${whole}.${String(frac).padStart(3, '0')}s`;
}

export function decodeDuration(value: unknown, field: string): number {
  if (typeof value !== 'string' || !/^-?\d+(\.\d{1,9})?s$/.test(value))
    throw new PoetApiError(GrpcCode.INVALID_ARGUMENT, `${field}: expected a duration like "1.5s"`);
  return Math.round(Number(value.slice(0, -1)) * 1000);
}

function field(obj: Record<string, unknown>, camel: string, snake: string): unknown {
  return Object.hasOwn(obj, camel) ? obj[camel] : obj[snake];
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new PoetApiError(GrpcCode.INVALID_ARGUMENT, `${what}: expected an object`);
  return value as Record<string, unknown>;
}

function bytesList(value: unknown, what: string): Uint8Array[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new PoetApiError(GrpcCode.INVALID_ARGUMENT, `${what}: expected an array`);
  return value.map((v, i) => decodeBytes(v, `${what}[${i}]`));
}

// ---- messages ----

export interface InfoResponse {
  readonly servicePubkey: Uint8Array;
  readonly phaseShiftMs: number;
  readonly cycleGapMs: number;
}

export const encodeInfo = (i: InfoResponse) => ({
  servicePubkey: encodeBytes(i.servicePubkey),
  phaseShift: encodeDuration(i.phaseShiftMs),
  cycleGap: encodeDuration(i.cycleGapMs),
  certifier: null,
});

export function decodeInfo(json: unknown): InfoResponse {
  const o = asObject(json, 'info');
  return {
    servicePubkey: decodeBytes(field(o, 'servicePubkey', 'service_pubkey'), 'servicePubkey'),
    phaseShiftMs: decodeDuration(field(o, 'phaseShift', 'phase_shift'), 'phaseShift'),
    cycleGapMs: decodeDuration(field(o, 'cycleGap', 'cycle_gap'), 'cycleGap'),
  };
}

export interface PowParamsResponse {
  readonly challenge: Uint8Array;
  readonly difficulty: number;
}

export const encodePowParams = (p: PowParamsResponse) => ({
  powParams: { difficulty: p.difficulty, challenge: encodeBytes(p.challenge) },
});

function decodePowParamsObject(value: unknown, what: string): PowParamsResponse {
  if (value === undefined || value === null) return { challenge: new Uint8Array(0), difficulty: 0 };
  const o = asObject(value, what);
  return {
    challenge: decodeBytes(o['challenge'], `${what}.challenge`),
    difficulty: decodeU32(o['difficulty'], `${what}.difficulty`),
  };
}

export function decodePowParams(json: unknown): PowParamsResponse {
  const o = asObject(json, 'powParams response');
  return decodePowParamsObject(field(o, 'powParams', 'pow_params'), 'powParams');
}

export interface SubmitRequest {
  readonly nonce: bigint;
  readonly powParams: PowParamsResponse;
  /** Signed prefix: genesis id ‖ POET domain byte (go-spacemesh's signer prefix). */
  readonly prefix: Uint8Array;
  readonly challenge: Uint8Array;
  readonly pubkey: Uint8Array;
  readonly signature: Uint8Array;
  /** Deadline in ms since the epoch, or null. */
  readonly deadlineMs: number | null;
  /** Our extension (not in poet's proto): the round the client means; refused if not open. */
  readonly roundId: string | null;
}

export function encodeSubmit(r: SubmitRequest) {
  return {
    nonce: r.nonce.toString(),
    powParams: {
      difficulty: r.powParams.difficulty,
      challenge: encodeBytes(r.powParams.challenge),
    },
    prefix: encodeBytes(r.prefix),
    challenge: encodeBytes(r.challenge),
    pubkey: encodeBytes(r.pubkey),
    signature: encodeBytes(r.signature),
    ...(r.deadlineMs === null ? {} : { deadline: new Date(r.deadlineMs).toISOString() }),
    ...(r.roundId === null ? {} : { roundId: r.roundId }),
  };
}

export function decodeSubmit(json: unknown): SubmitRequest {
  const o = asObject(json, 'submit request');
  const deadline = o['deadline'];
  let deadlineMs: number | null = null;
  if (deadline !== undefined && deadline !== null) {
    deadlineMs = typeof deadline === 'string' ? Date.parse(deadline) : NaN;
    if (!Number.isFinite(deadlineMs))
      throw new PoetApiError(GrpcCode.INVALID_ARGUMENT, 'deadline: expected an RFC 3339 time');
  }
  const roundId = field(o, 'roundId', 'round_id');
  if (roundId !== undefined && roundId !== null && typeof roundId !== 'string')
    throw new PoetApiError(GrpcCode.INVALID_ARGUMENT, 'roundId: expected a string');
  return {
    nonce: decodeU64(o['nonce'], 'nonce'),
    powParams: decodePowParamsObject(field(o, 'powParams', 'pow_params'), 'powParams'),
    prefix: decodeBytes(o['prefix'], 'prefix'),
    challenge: decodeBytes(o['challenge'], 'challenge'),
    pubkey: decodeBytes(o['pubkey'], 'pubkey'),
    signature: decodeBytes(o['signature'], 'signature'),
    deadlineMs,
    roundId: typeof roundId === 'string' ? roundId : null,
  };
}

export interface SubmitResponse {
  readonly roundId: string;
  /** Time left until the round ends, as poet answers (durationpb of time.Until(end)). */
  readonly roundEndMs: number;
}

export const encodeSubmitResponse = (r: SubmitResponse) => ({
  roundId: r.roundId,
  roundEnd: encodeDuration(r.roundEndMs),
});

export function decodeSubmitResponse(json: unknown): SubmitResponse {
  const o = asObject(json, 'submit response');
  const roundId = field(o, 'roundId', 'round_id');
  if (typeof roundId !== 'string' || !/^\d+$/.test(roundId))
    throw new PoetApiError(GrpcCode.INVALID_ARGUMENT, 'roundId: expected a decimal string');
  return { roundId, roundEndMs: decodeDuration(field(o, 'roundEnd', 'round_end'), 'roundEnd') };
}

export interface ProofResponse {
  readonly proof: PoetProof;
  readonly members: Uint8Array[];
  readonly pubkey: Uint8Array;
}

export const encodeProofResponse = (p: ProofResponse) => ({
  proof: {
    proof: {
      root: encodeBytes(p.proof.proof.root),
      provenLeaves: p.proof.proof.provenLeaves.map(encodeBytes),
      proofNodes: p.proof.proof.proofNodes.map(encodeBytes),
    },
    members: p.members.map(encodeBytes),
    leaves: p.proof.leaves.toString(),
  },
  pubkey: encodeBytes(p.pubkey),
});

export function decodeProofResponse(json: unknown): ProofResponse {
  const o = asObject(json, 'proof response');
  const poetProof = asObject(o['proof'], 'proof');
  const merkle = asObject(poetProof['proof'], 'proof.proof');
  const proof: MerkleProof = {
    root: decodeBytes(merkle['root'], 'root'),
    provenLeaves: bytesList(field(merkle, 'provenLeaves', 'proven_leaves'), 'provenLeaves'),
    proofNodes: bytesList(field(merkle, 'proofNodes', 'proof_nodes'), 'proofNodes'),
  };
  return {
    proof: { proof, leaves: decodeU64(poetProof['leaves'], 'leaves') },
    members: bytesList(poetProof['members'], 'members'),
    pubkey: decodeBytes(o['pubkey'], 'pubkey'),
  };
}
