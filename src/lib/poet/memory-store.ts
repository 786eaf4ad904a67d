// PoetStore in memory, so the PoET service runs inside one process (the deterministic
// simulation, tests). Every write counts as durable at once; trees live in MemoryTreeStore.
import type {
  CheckpointedTreeStore,
  ExecutionState,
  PoetStore,
  PowChallenges,
  Registration,
  StoredProof,
} from './store.ts';
import { MemoryTreeStore } from './tree-store.ts';

export class MemoryPoetStore implements PoetStore {
  #pow: PowChallenges | null = null;
  readonly #registrations = new Map<number, Registration[]>();
  readonly #executions = new Map<number, ExecutionState>();
  readonly #trees = new Map<number, MemoryTreeStore>();
  readonly #proofs = new Map<number, StoredProof>();

  loadPowChallenges(): Promise<PowChallenges | null> {
    return Promise.resolve(this.#pow);
  }

  savePowChallenges(c: PowChallenges): Promise<void> {
    this.#pow = c;
    return Promise.resolve();
  }

  registrations(round: number): Promise<Registration[]> {
    return Promise.resolve([...(this.#registrations.get(round) ?? [])]);
  }

  appendRegistration(round: number, r: Registration): Promise<void> {
    const list = this.#registrations.get(round) ?? [];
    list.push(r);
    this.#registrations.set(round, list);
    return Promise.resolve();
  }

  registrationRounds(): Promise<number[]> {
    return Promise.resolve([...this.#registrations.keys()]);
  }

  executions(): Promise<ExecutionState[]> {
    return Promise.resolve([...this.#executions.values()]);
  }

  saveExecution(s: ExecutionState): Promise<void> {
    this.#executions.set(s.round, s);
    return Promise.resolve();
  }

  openTree(round: number, leaves: number): Promise<CheckpointedTreeStore> {
    // Trees are never cut back here: a round is only reopened from scratch.
    if (leaves !== 0 && !this.#trees.has(round))
      return Promise.reject(new Error(`no tree for round ${round}`));
    const tree = leaves === 0 ? new MemoryTreeStore() : this.#trees.get(round)!;
    this.#trees.set(round, tree);
    const store: CheckpointedTreeStore = {
      width: (h) => tree.width(h),
      append: (h, n) => tree.append(h, n),
      read: (h, i) => tree.read(h, i),
      checkpoint: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    return Promise.resolve(store);
  }

  saveProof(p: StoredProof): Promise<void> {
    this.#proofs.set(p.round, p);
    this.#executions.delete(p.round);
    this.#trees.delete(p.round);
    return Promise.resolve();
  }

  loadProof(round: number): Promise<StoredProof | null> {
    return Promise.resolve(this.#proofs.get(round) ?? null);
  }
}
