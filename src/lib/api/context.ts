// What the services answer from: the running node, the API's own index, and what only the host
// knows (peer count, PoST setup). Plus the request checks every service shares, with
// go-spacemesh's codes and messages (api/grpcserver/v2alpha1/*.go).
import { decodeAddress } from '../crypto/address.ts';
import type { FullNode } from '../node/full-node.ts';
import { ApiError, GrpcCode } from './errors.ts';
import type { ApiIndexer } from './indexer.ts';
import type { SmesherEventLog } from './smesher-events.ts';
import { decodeBase64 } from './v2alpha1/shape.ts';
import type { InitProgress } from '../post/init.ts';

/** PoST setup as the host knows it (v1 PostSetupStatus). */
export interface PostSetupInfo {
  readonly state: 'not-started' | 'in-progress' | 'paused' | 'complete' | 'error';
  readonly numLabelsWritten: bigint;
  readonly numUnits: number;
  readonly dataDir: string;
  readonly totalLabels?: bigint;
  readonly labelsPerSecond?: number;
  readonly etaSeconds?: number;
  readonly provider?: string;
  readonly error?: string;
}

/** A PoST setup in progress after an initialization progress event (unchanged once not running). */
export function withInitProgress(s: PostSetupInfo, p: InitProgress): PostSetupInfo {
  if (s.state !== 'in-progress') return s;
  return {
    ...s,
    numLabelsWritten: p.labelsDone,
    labelsPerSecond: p.labelsPerSecond,
    etaSeconds: p.etaSeconds,
    provider: p.provider,
  };
}

/** v1 StartSmeshing's request, parsed: what the host needs to set up PoST and start. */
export interface StartSmeshing {
  /** 24-byte reward address. */
  readonly coinbase: Uint8Array;
  readonly numUnits: number;
  /** Largest postdata file in bytes; 0: the host's default. */
  readonly maxFileSize: bigint;
  /** 0: WebGPU, 1: CPU (Smesh's providers); absent: the host picks. */
  readonly providerId?: number;
}

/** Runtime smeshing control, for hosts that can set PoST up while running (the browser). */
export interface SmeshingControl {
  /** Starts PoST initialization (resuming one in progress) and then smeshing; returns at once. */
  start(o: StartSmeshing): Promise<void>;
  /** Stops smeshing and initialization; deleteFiles also removes the PoST data. */
  stop(deleteFiles: boolean): Promise<void>;
}

export interface ApiHost {
  /** Connected peers (0 without a network, e.g. in-process tests). */
  peers?(): number;
  /** The smesher's PoST setup; absent on a node that does not smesh. */
  postSetup?(): PostSetupInfo;
  /** The smesher's reward address; absent on a node that does not smesh. */
  readonly coinbase?: Uint8Array;
  readonly kind: 'browser-worker' | 'node';
  /** Start / stop smeshing at runtime; absent: StartSmeshing / StopSmeshing are UNIMPLEMENTED. */
  readonly smeshing?: SmeshingControl;
}

export interface ApiContext {
  readonly node: FullNode;
  readonly indexer: ApiIndexer;
  readonly host: ApiHost;
  readonly hrp: string;
  /** The smesher's recent events (AdminService.EventsStream). */
  readonly events: SmesherEventLog;
}

/** The cap every v2alpha1 list applies. */
export function checkLimit(limit: string): number {
  const n = BigInt(limit);
  if (n > 100n)
    throw new ApiError(GrpcCode.INVALID_ARGUMENT, 'bad-limit', 'limit is capped at 100');
  if (n === 0n)
    throw new ApiError(GrpcCode.INVALID_ARGUMENT, 'bad-limit', 'limit must be set to <= 100');
  return Number(n);
}

/** An offset as a number (past 2^53 nothing is left to skip anyway). */
export function offsetOf(offset: string): number {
  const n = BigInt(offset);
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
}

/** types.StringToAddress: bech32 of this network. */
export function parseAddress(s: string, hrp: string): Uint8Array {
  try {
    return decodeAddress(s, hrp);
  } catch (e) {
    throw new ApiError(
      GrpcCode.INVALID_ARGUMENT,
      'bad-address',
      `invalid address ${JSON.stringify(s)}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

/** Request bytes (already checked as base64) of an exact length. */
export function parseId(b64: string, length: number, what: string): Uint8Array {
  const b = decodeBase64(b64);
  if (b.length !== length)
    throw new ApiError(
      GrpcCode.INVALID_ARGUMENT,
      'invalid-argument',
      `${what}: expected ${length} bytes, got ${b.length}`,
    );
  return b;
}

/** Skips `offset` items and keeps at most `limit` of an async sequence. */
export async function page<T>(
  items: AsyncIterable<T> | Iterable<T>,
  offset: number,
  limit: number,
): Promise<T[]> {
  const out: T[] = [];
  let skipped = 0;
  for await (const x of items) {
    if (skipped < offset) {
      skipped++;
      continue;
    }
    out.push(x);
    if (out.length >= limit) break;
  }
  return out;
}
