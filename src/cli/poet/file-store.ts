// PoetStore on a data directory:
//   pow.json                       current and previous PoW challenge (atomic rename)
//   rounds/<id>/registrations.log  one "nodeId challenge" hex line per registration, appended
//                                  and fsynced before the submit is answered
//   rounds/<id>/state.json         execution state (statement, checkpointed leaves; atomic)
//   rounds/<id>/layercache_<h>.bin the prover's tree (FileTreeStore)
//   proofs/<id>.json               finished proofs with their members (atomic)
// A torn last log line (crash mid-append, never acknowledged) is ignored on load.
import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type {
  ExecutionState,
  PoetStore,
  PowChallenges,
  Registration,
  StoredProof,
} from '../../lib/poet/store.ts';
import { decodeProofResponse, encodeProofResponse } from '../../lib/poet/api.ts';
import { fsyncDir, writeFileAtomic } from './atomic.ts';
import { FileTreeStore } from './file-tree-store.ts';

// Anchored at the end only: should a failed append have left a torn fragment, the next line
// is written right after it and must still be read.
const REGISTRATION_LINE = /([0-9a-f]{64}) ([0-9a-f]{64})$/;

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export class FilePoetStore implements PoetStore {
  readonly dir: string;

  private constructor(dir: string) {
    this.dir = dir;
  }

  static async open(dir: string): Promise<FilePoetStore> {
    await mkdir(join(dir, 'rounds'), { recursive: true });
    await mkdir(join(dir, 'proofs'), { recursive: true });
    return new FilePoetStore(dir);
  }

  #round(round: number): string {
    return join(this.dir, 'rounds', String(round));
  }

  async #roundDir(round: number): Promise<string> {
    const d = this.#round(round);
    await mkdir(d, { recursive: true });
    return d;
  }

  async loadPowChallenges(): Promise<PowChallenges | null> {
    const j = (await readJson(join(this.dir, 'pow.json'))) as {
      current: string;
      previous: string | null;
    } | null;
    if (!j) return null;
    return { current: hexToBytes(j.current), previous: j.previous ? hexToBytes(j.previous) : null };
  }

  async savePowChallenges(c: PowChallenges): Promise<void> {
    const body = { current: bytesToHex(c.current), previous: c.previous && bytesToHex(c.previous) };
    await writeFileAtomic(join(this.dir, 'pow.json'), JSON.stringify(body));
  }

  async registrations(round: number): Promise<Registration[]> {
    let text: string;
    try {
      text = await readFile(join(this.#round(round), 'registrations.log'), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const out: Registration[] = [];
    const seen = new Set<string>();
    const lines = text.split('\n');
    lines.pop(); // the text after the last newline was never acknowledged
    for (const line of lines) {
      const m = REGISTRATION_LINE.exec(line);
      // One registration per node id, the first, as poet's round DB is keyed by node id.
      if (!m || seen.has(m[1]!)) continue;
      seen.add(m[1]!);
      out.push({ nodeId: hexToBytes(m[1]!), challenge: hexToBytes(m[2]!) });
    }
    return out;
  }

  async appendRegistration(round: number, r: Registration): Promise<void> {
    const dir = await this.#roundDir(round);
    const path = join(dir, 'registrations.log');
    const fh = await open(path, 'a', 0o600);
    try {
      // One write of one short line with O_APPEND: concurrent appends never interleave.
      await fh.write(`${bytesToHex(r.nodeId)} ${bytesToHex(r.challenge)}\n`);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fsyncDir(dir);
  }

  async registrationRounds(): Promise<number[]> {
    const out: number[] = [];
    for (const name of await readdir(join(this.dir, 'rounds'))) {
      if (!/^\d+$/.test(name)) continue;
      if ((await this.registrations(Number(name))).length > 0) out.push(Number(name));
    }
    return out;
  }

  async executions(): Promise<ExecutionState[]> {
    const out: ExecutionState[] = [];
    for (const name of await readdir(join(this.dir, 'rounds'))) {
      if (!/^\d+$/.test(name)) continue;
      const j = (await readJson(join(this.#round(Number(name)), 'state.json'))) as {
        statement: string;
        leaves: number;
        startedMs: number;
      } | null;
      if (!j || (await this.loadProof(Number(name)))) continue;
      out.push({
        round: Number(name),
        statement: hexToBytes(j.statement),
        leaves: j.leaves,
        startedMs: j.startedMs,
      });
    }
    return out;
  }

  async saveExecution(s: ExecutionState): Promise<void> {
    const dir = await this.#roundDir(s.round);
    const body = { statement: bytesToHex(s.statement), leaves: s.leaves, startedMs: s.startedMs };
    await writeFileAtomic(join(dir, 'state.json'), JSON.stringify(body));
  }

  async openTree(round: number, leaves: number): Promise<FileTreeStore> {
    return FileTreeStore.open(await this.#roundDir(round), leaves);
  }

  async saveProof(p: StoredProof): Promise<void> {
    const body = encodeProofResponse({
      proof: p.proof,
      members: p.members,
      pubkey: new Uint8Array(),
    });
    await writeFileAtomic(join(this.dir, 'proofs', `${p.round}.json`), JSON.stringify(body));
    await FileTreeStore.remove(this.#round(p.round));
    await rm(join(this.#round(p.round), 'state.json'), { force: true });
  }

  async loadProof(round: number): Promise<StoredProof | null> {
    const j = await readJson(join(this.dir, 'proofs', `${round}.json`));
    if (!j) return null;
    const { proof, members } = decodeProofResponse(j);
    return { round, proof, members };
  }
}
