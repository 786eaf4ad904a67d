// Shared fixtures of the PoET server tests: a devnet with seconds-long rounds, signed and
// PoW-paid submit bodies, and raw HTTP calls on 127.0.0.1.
import { randomBytes } from 'node:crypto';
import { configGenesisId, withGenesis } from '../../../src/lib/config/genesis.ts';
import { getPreset } from '../../../src/lib/config/presets.ts';
import type { NetworkConfig } from '../../../src/lib/config/types.ts';
import { publicKeyOf } from '../../../src/lib/crypto/signing.ts';
import {
  encodeSubmit,
  type PowParamsResponse,
  type SubmitRequest,
} from '../../../src/lib/poet/api.ts';
import { signedSubmitRequest } from '../../../src/lib/poet/registration.ts';

export const EPOCH_MS = 4000;
export const PHASE_SHIFT_MS = 2000;
export const CYCLE_GAP_MS = 1000;

/** devnet with 4 s epochs: round N proves from g + 2 s + 4 s·N for 3 s. */
export function testNetwork(genesisMs = Date.now() - 60_000): NetworkConfig {
  const base = withGenesis(getPreset('devnet'), { time: genesisMs });
  return {
    ...base,
    layerDurationMs: EPOCH_MS / base.layersPerEpoch,
    poet: { ...base.poet, phaseShiftMs: PHASE_SHIFT_MS, cycleGapMs: CYCLE_GAP_MS },
  };
}

export const genesisIdOf = (n: NetworkConfig) => configGenesisId(n);

export interface Member {
  readonly secretKey: Uint8Array;
  readonly nodeId: Uint8Array;
  readonly challenge: Uint8Array;
}

export function newMember(): Member {
  const secretKey = new Uint8Array(randomBytes(32));
  return { secretKey, nodeId: publicKeyOf(secretKey), challenge: new Uint8Array(randomBytes(32)) };
}

/** A valid submit request for `m`, with fields overridable to make it invalid. */
export function submitRequest(
  network: NetworkConfig,
  pow: PowParamsResponse,
  m: Member,
  over: Partial<SubmitRequest> = {},
): SubmitRequest {
  return {
    ...signedSubmitRequest({
      secretKey: m.secretKey,
      genesisId: genesisIdOf(network),
      challenge: m.challenge,
      powParams: pow,
    }),
    ...over,
  };
}

export async function postJson(url: string, body: unknown) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

export const submitBody = (r: SubmitRequest) => encodeSubmit(r);

/** Waits until Date.now() ≥ t (bounded by the test's own timeout). */
export async function waitUntil(t: number): Promise<void> {
  const ms = t - Date.now();
  if (ms > 0) await new Promise((r) => setTimeout(r, ms));
}

/** Polls `fn` until it returns a value (not undefined), every `everyMs`, at most `maxMs`. */
export async function poll<T>(
  fn: () => Promise<T | undefined>,
  maxMs: number,
  everyMs = 100,
): Promise<T> {
  const end = Date.now() + maxMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`gave up after ${maxMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
