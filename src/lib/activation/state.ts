// The builder's persisted state (go-spacemesh stores the same in its local DB: nipost
// challenge, poet registrations, the built NIPoST, the initial PoST). One record per publish
// epoch moves through the phases below; each transition is one write, made before the builder
// acts on it, so a restarted builder resumes at the phase it reached and repeats no step whose
// result is on record. Keys in the bucket:
//   0x01 ‖ u32be publishEpoch → NipostState (SCALE)
//   0x02                      → the initial PoST proof (on the zero challenge)
//   0x03 ‖ poet root          → u32be publishEpoch of the record holding that PoET proof
import {
  byteSlice,
  compact32,
  compact64,
  decode,
  DecodeError,
  encode,
  option,
  slice,
  string,
  struct,
  u8,
} from '../codec/index.ts';
import type { Codec } from '../codec/index.ts';
import type { PoetProofRecord } from '../mesh/atx/validation.ts';
import { MAX_PROOF_NODES, T } from '../poet/shared.ts';
import type { PoetProof } from '../poet/shared.ts';
import type { Proof } from '../post/proof.ts';
import { BytesTable, hashBytes } from '../bytes-table.ts';
import { concatBytes, defineBucket, u32Key } from '../store/buckets.ts';
import type { Store } from '../store/interface.ts';
import { NIPostChallengeV1Codec } from '../types/atx.ts';
import type { NIPostChallengeV1 } from '../types/atx.ts';
import { Hash32, MerkleProofCodec, PostV1Codec } from '../types/common.ts';
import type { MerkleProof } from '../types/common.ts';
import { ActivationError } from './errors.ts';

export const ACTIVATION_BUCKET = defineBucket(0x30, 'activation');

const NIPOST = 0x01;
const INITIAL_POST = 0x02;
const POET_REF = 0x03;

/** Phases in order; a record only moves forward. */
export const PHASES = [
  'challenge',
  'registered',
  'poet-proof',
  'post-proven',
  'built',
  'published',
] as const;
export type Phase = (typeof PHASES)[number];

export interface PoetRegistrationState {
  readonly roundId: string;
  /** When the round ends (ms since the Unix epoch, the builder's clock). */
  readonly roundEndAt: bigint;
}

export interface NipostState {
  readonly publishEpoch: number;
  readonly phase: Phase;
  readonly challenge: NIPostChallengeV1;
  readonly registration: PoetRegistrationState | null;
  /** The round's proof and statement (the handler's PoET proof record). */
  readonly poetProof: PoetProofRecord | null;
  /** Our challenge's place among the round's members. */
  readonly membership: MerkleProof | null;
  /** The PoST on the PoET root. */
  readonly post: Proof | null;
  /** The signed ATX (SCALE), kept from 'built' on so that publishing repeats the same bytes. */
  readonly atx: Uint8Array | null;
}

const PoetProofCodec: Codec<PoetProof> = struct<PoetProof>({
  proof: struct({
    root: Hash32,
    provenLeaves: slice(Hash32, T),
    proofNodes: slice(Hash32, MAX_PROOF_NODES),
  }),
  leaves: compact64,
});

const PoetProofRecordCodec: Codec<PoetProofRecord> = struct<PoetProofRecord>({
  statement: byteSlice(32),
  proof: PoetProofCodec,
});

const PhaseCodec: Codec<Phase> = {
  encode: (w, p) => u8.encode(w, PHASES.indexOf(p)),
  decode: (r) => {
    const i = u8.decode(r);
    const p = PHASES[i];
    if (p === undefined) throw new DecodeError('invalid-value', `unknown builder phase ${i}`);
    return p;
  },
};

const NipostStateCodec: Codec<NipostState> = struct<NipostState>({
  publishEpoch: compact32,
  phase: PhaseCodec,
  challenge: NIPostChallengeV1Codec,
  registration: option(
    struct<PoetRegistrationState>({ roundId: string(64), roundEndAt: compact64 }),
  ),
  poetProof: option(PoetProofRecordCodec),
  membership: option(MerkleProofCodec),
  post: option(PostV1Codec),
  atx: option(byteSlice(1 << 20)),
});

const key = (tag: number, ...parts: Uint8Array[]) => concatBytes(Uint8Array.of(tag), ...parts);

export function phaseAtLeast(s: NipostState, p: Phase): boolean {
  return PHASES.indexOf(s.phase) >= PHASES.indexOf(p);
}

/** Builder state on the ACTIVATION bucket of a Store. */
export class ActivationState {
  readonly #store: Store;
  readonly #view;
  /**
   * PoET proof records by root (its bytes), as read: the ATX handler asks for the proof of every ATX
   * it validates, and decoding the builder's record each time cost a whole NipostState decode
   * per ATX. Cleared on every write, so it never outlives the record it came from.
   */
  #poetByRef = new BytesTable<{ readonly record: PoetProofRecord | undefined }>();
  /** Writes so far: a read that a write overtook is not cached. */
  #writes = 0;

  constructor(store: Store) {
    this.#store = store;
    this.#view = ACTIVATION_BUCKET.view(store);
  }

  async get(publishEpoch: number): Promise<NipostState | undefined> {
    const b = await this.#view.get(key(NIPOST, u32Key(publishEpoch)));
    if (b === undefined) return undefined;
    try {
      return decode(NipostStateCodec, b, 'NipostState');
    } catch (e) {
      throw new ActivationError('corrupt-state', `builder state of epoch ${publishEpoch}`, {
        cause: e,
        publishEpoch,
      });
    }
  }

  /** Writes the record (and the PoET-root index once a proof is on it) in one batch. */
  async put(s: NipostState): Promise<void> {
    const ops = [
      ACTIVATION_BUCKET.putOp(key(NIPOST, u32Key(s.publishEpoch)), encode(NipostStateCodec, s)),
    ];
    if (s.poetProof !== null)
      ops.push(
        ACTIVATION_BUCKET.putOp(
          key(POET_REF, s.poetProof.proof.proof.root),
          u32Key(s.publishEpoch),
        ),
      );
    await this.#write(() => this.#store.batch(ops));
  }

  /** A write, with the PoET cache dropped and reads that overlap it left uncached. */
  async #write(fn: () => Promise<void>): Promise<void> {
    this.#writes++;
    this.#poetByRef = new BytesTable();
    try {
      await fn();
    } finally {
      this.#writes++;
      this.#poetByRef = new BytesTable();
    }
  }

  /** Drops a record whose round was missed (go discards an expired challenge). */
  async discard(publishEpoch: number): Promise<void> {
    await this.#write(() => this.#view.delete(key(NIPOST, u32Key(publishEpoch))));
  }

  /** Every record, by publish epoch. */
  async all(): Promise<NipostState[]> {
    const out: NipostState[] = [];
    for await (const e of this.#view.iterate({ prefix: Uint8Array.of(NIPOST) })) {
      const epoch = new DataView(e.key.buffer, e.key.byteOffset + 1, 4).getUint32(0);
      const s = await this.get(epoch);
      if (s !== undefined) out.push(s);
    }
    return out;
  }

  async initialPost(): Promise<Proof | undefined> {
    const b = await this.#view.get(Uint8Array.of(INITIAL_POST));
    return b === undefined ? undefined : decode(PostV1Codec, b, 'initial PoST');
  }

  async putInitialPost(p: Proof): Promise<void> {
    await this.#view.put(Uint8Array.of(INITIAL_POST), encode(PostV1Codec, p));
  }

  /** The PoET proof whose root is `ref`, if one of our records holds it (a poetDb source). */
  async poetProof(ref: Uint8Array): Promise<PoetProofRecord | undefined> {
    // Asked once for every ATX the node validates (1,500 ATXs × 1,500 nodes in the simulation's
    // ATX round): looked up by the bytes, no hex string made.
    const k = [ref];
    const h = hashBytes(k);
    const known = this.#poetByRef.get(k, h);
    if (known !== undefined) return known.record;
    const writes = this.#writes;
    const e = await this.#view.get(key(POET_REF, ref));
    let record: PoetProofRecord | undefined;
    if (e !== undefined && e.length === 4) {
      const s = await this.get(new DataView(e.buffer, e.byteOffset, 4).getUint32(0));
      record = s?.poetProof ?? undefined;
    }
    // Misses are remembered too: most ATXs a node validates name a round it did not take part
    // in (another PoET), and the answer stays the same until the next write.
    if (writes === this.#writes) {
      if (this.#poetByRef.size >= 16) this.#poetByRef = new BytesTable();
      this.#poetByRef.set(k, { record }, h);
    }
    return record;
  }
}
