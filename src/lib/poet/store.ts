// The seam between the PoET service and its host's storage. Every method that resolves has made
// its write durable: a registration is acknowledged only after it survives a crash, and the
// prover's checkpoint names only tree nodes already on disk.
import type { PoetProof } from './shared.ts';
import type { TreeStore } from './tree-store.ts';

export interface Registration {
  readonly nodeId: Uint8Array;
  readonly challenge: Uint8Array;
}

/** A round whose membership is closed and whose sequential work is (being) computed. */
export interface ExecutionState {
  readonly round: number;
  readonly statement: Uint8Array;
  /** Leaves on disk at the last checkpoint. */
  readonly leaves: number;
  readonly startedMs: number;
}

export interface StoredProof {
  readonly round: number;
  readonly proof: PoetProof;
  /** The round's challenges in membership-tree order. */
  readonly members: Uint8Array[];
}

export interface PowChallenges {
  readonly current: Uint8Array;
  readonly previous: Uint8Array | null;
}

/** A tree store whose appended nodes become durable at checkpoint(). */
export interface CheckpointedTreeStore extends TreeStore {
  checkpoint(): Promise<void>;
  close(): Promise<void>;
}

export interface PoetStore {
  loadPowChallenges(): Promise<PowChallenges | null>;
  savePowChallenges(c: PowChallenges): Promise<void>;
  /** Every registration of `round` that was ever acknowledged, in arrival order. */
  registrations(round: number): Promise<Registration[]>;
  appendRegistration(round: number, r: Registration): Promise<void>;
  /** Rounds that have registrations on disk. */
  registrationRounds(): Promise<number[]>;
  /** Executions that have not produced a proof yet. */
  executions(): Promise<ExecutionState[]>;
  saveExecution(s: ExecutionState): Promise<void>;
  /** The round's tree, cut back to `leaves` leaves (what the last checkpoint vouches for). */
  openTree(round: number, leaves: number): Promise<CheckpointedTreeStore>;
  /** Stores the proof durably, then drops the round's tree and execution state. */
  saveProof(p: StoredProof): Promise<void>;
  loadProof(round: number): Promise<StoredProof | null>;
}
