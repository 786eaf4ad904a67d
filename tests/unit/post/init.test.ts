import { describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import {
  initialize,
  InitAbortedError,
  InitMismatchError,
  PauseControl,
  type InitOptions,
  type InitProgress,
} from '../../../src/lib/post/init.ts';
import {
  decodeMetadata,
  encodeMetadata,
  MetadataError,
  numFiles,
  type PostMetadata,
} from '../../../src/lib/post/metadata.ts';
import { MemoryPostStorage } from '../../../src/lib/post/storage.ts';
import { CpuLabelProvider } from '../../../src/lib/post/cpu-provider.ts';
import type { LabelProvider } from '../../../src/lib/post/interface.ts';
import {
  commitment,
  compareBytes,
  LabelHasher,
  vrfDifficulty,
} from '../../../src/lib/post/labels.ts';

const nodeId = Uint8Array.from({ length: 32 }, (_, i) => i);
const atx = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);

describe('postdata_metadata.json', () => {
  const m: PostMetadata = {
    nodeId,
    commitmentAtxId: atx,
    labelsPerUnit: 1n << 32n,
    numUnits: 4,
    maxFileSize: 4n << 30n,
    nonce: (1n << 63n) + 5n,
    lastPosition: null,
  };

  it("is printed like serde_json's to_writer_pretty, with post-rs's keys", () => {
    expect(encodeMetadata(m)).toBe(
      [
        '{',
        '  "NodeId": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",',
        '  "CommitmentAtxId": "//79/Pv6+fj39vX08/Lx8O/u7ezr6uno5+bl5OPi4eA=",',
        '  "LabelsPerUnit": 4294967296,',
        '  "NumUnits": 4,',
        '  "MaxFileSize": 4294967296,',
        '  "Nonce": 9223372036854775813,',
        '  "LastPosition": null',
        '}',
      ].join('\n'),
    );
  });

  it('round-trips exactly (64-bit values), tolerates go post extras and other spacing', () => {
    const back = decodeMetadata(encodeMetadata(m));
    expect(back).toEqual(m);
    expect(encodeMetadata(back)).toBe(encodeMetadata(m));
    const goStyle = JSON.stringify({
      NodeId: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
      CommitmentAtxId: '//79/Pv6+fj39vX08/Lx8O/u7ezr6uno5+bl5OPi4eA=',
      LabelsPerUnit: 512,
      NumUnits: 2,
      MaxFileSize: 1024,
      Nonce: 17,
      NonceValue: 'abcd',
    });
    const g = decodeMetadata(goStyle);
    expect(g.nonce).toBe(17n);
    expect(g.lastPosition).toBeNull();
    expect(numFiles(g)).toBe(16);
  });

  it('rejects malformed files with MetadataError', () => {
    const good = JSON.parse(
      encodeMetadata({ ...m, labelsPerUnit: 10n, maxFileSize: 32n, nonce: null }),
    ) as Record<string, unknown>;
    const bad: Record<string, unknown>[] = [
      { ...good, NodeId: 'AAEC' },
      { ...good, CommitmentAtxId: '!!' },
      { ...good, MaxFileSize: 30 },
      { ...good, MaxFileSize: 0 },
      { ...good, NumUnits: 2 ** 32 },
      { ...good, NumUnits: 0 },
      { ...good, LabelsPerUnit: 1.5 },
      { ...good, Nonce: -1 },
      { ...good, Nonce: '5' },
    ];
    for (const b of bad) expect(() => decodeMetadata(JSON.stringify(b))).toThrow(MetadataError);
    for (const t of ['', '[]', 'null', '{"NodeId":'])
      expect(() => decodeMetadata(t)).toThrow(MetadataError);
  });
});

/** A provider that counts the labels it was asked for. */
function counting(p: LabelProvider): LabelProvider & { computed: number } {
  const c = {
    name: p.name,
    computed: 0,
    compute: (...a: Parameters<LabelProvider['compute']>) => {
      c.computed += a[2];
      return p.compute(...a);
    },
    close: () => p.close(),
  };
  return c;
}

const N = 16;
const UNITS = 3;
const LPU = 700n;
const TOTAL = 2100;
const PER_FILE = 500;

function opts(storage: MemoryPostStorage, extra: Partial<InitOptions> = {}): InitOptions {
  return {
    storage,
    provider: new CpuLabelProvider(),
    nodeId,
    commitmentAtxId: atx,
    numUnits: UNITS,
    labelsPerUnit: LPU,
    scryptN: N,
    maxFileSize: BigInt(PER_FILE * 16),
    batchSize: 128,
    ...extra,
  };
}

function snapshot(s: MemoryPostStorage): string[] {
  return [
    s.metadata ?? '',
    ...[...s.files.entries()].sort((a, b) => a[0] - b[0]).map(([k, f]) => `${k}:${bytesToHex(f)}`),
  ];
}

describe('initialize', () => {
  // One uninterrupted run, the reference for the resume tests.
  const reference = (async () => {
    const storage = new MemoryPostStorage();
    const events: InitProgress[] = [];
    const meta = await initialize(opts(storage, { onProgress: (p) => events.push(p) }));
    return { storage, meta, events, snap: snapshot(storage) };
  })();

  it('writes post-rs files equal to labels computed one by one, and the brute-force VRF nonce', async () => {
    const { storage, meta } = await reference;
    expect(storage.files.size).toBe(5);
    const c = commitment(nodeId, atx);
    const h = new LabelHasher(N);
    const difficulty = vrfDifficulty(BigInt(TOTAL));
    let best: { i: number; v: Uint8Array } | undefined;
    for (let i = 0; i < TOTAL; i++) {
      const out = h.output(c, BigInt(i));
      const f = storage.files.get(Math.floor(i / PER_FILE))!;
      const at = (i % PER_FILE) * 16;
      expect(bytesToHex(f.subarray(at, at + 16))).toBe(bytesToHex(out.subarray(0, 16)));
      if (compareBytes(out, best?.v ?? difficulty) < 0) best = { i, v: out };
    }
    expect(storage.files.get(4)!.length).toBe(100 * 16);
    expect(best).toBeDefined();
    expect(meta.nonce).toBe(BigInt(best!.i));
    expect(meta.lastPosition).toBe(BigInt(TOTAL));
    expect(decodeMetadata(storage.metadata!)).toEqual(meta);
  });

  it('reports progress: monotonic, ends at the total, names the provider', async () => {
    const { events } = await reference;
    expect(events[0]!.labelsDone).toBe(0n);
    expect(events.at(-1)!.labelsDone).toBe(BigInt(TOTAL));
    expect(events.at(-1)!.etaSeconds).toBe(0);
    for (let i = 1; i < events.length; i++)
      expect(events[i]!.labelsDone >= events[i - 1]!.labelsDone).toBe(true);
    expect(events.every((e) => e.provider === 'cpu' && e.totalLabels === BigInt(TOTAL))).toBe(true);
    expect(events.at(-1)!.labelsPerSecond).toBeGreaterThan(0);
  });

  it('cancel, then resume: identical bytes, finished labels not recomputed', async () => {
    const storage = new MemoryPostStorage();
    const abort = new AbortController();
    await expect(
      initialize(
        opts(storage, {
          signal: abort.signal,
          onProgress: (p) => p.labelsDone >= 600n && abort.abort(),
        }),
      ),
    ).rejects.toThrow(InitAbortedError);
    const stopped = decodeMetadata(storage.metadata!).lastPosition!;
    expect(stopped).toBeGreaterThanOrEqual(600n);
    expect(stopped).toBeLessThan(BigInt(TOTAL));
    const nonceRecovery = decodeMetadata(storage.metadata!).nonce === null ? 0 : 1;
    const provider = counting(new CpuLabelProvider());
    await initialize(opts(storage, { provider }));
    expect(snapshot(storage)).toEqual((await reference).snap);
    // The rest, plus one label to recover a stored nonce's value (when one was found).
    expect(provider.computed).toBe(TOTAL - Number(stopped) + nonceRecovery);
  });

  it('a crash leaving unsynced bytes past LastPosition resumes to identical bytes', async () => {
    const storage = new MemoryPostStorage();
    const abort = new AbortController();
    await initialize(
      opts(storage, {
        signal: abort.signal,
        onProgress: (p) => p.labelsDone >= 900n && abort.abort(),
      }),
    ).catch(() => undefined);
    const pos = Number(decodeMetadata(storage.metadata!).lastPosition!);
    // Garbage where the killed process was writing: the tail of this file and the next file.
    const k = Math.floor(pos / PER_FILE);
    const f = await storage.openDataFile(k);
    await f.write((pos % PER_FILE) * 16, new Uint8Array(16 * 37 + 5).fill(0xee));
    const g = await storage.openDataFile(k + 1);
    await g.write(0, new Uint8Array(16 * 3).fill(0xdd));
    await initialize(opts(storage));
    expect(snapshot(storage)).toEqual((await reference).snap);
  });

  it('pause stops between batches, resume continues, same result', async () => {
    const storage = new MemoryPostStorage();
    const pause = new PauseControl();
    let events = 0;
    let pausedAt = -1;
    const run = initialize(
      opts(storage, {
        pause,
        onProgress: (p) => {
          events++;
          if (pausedAt < 0 && p.labelsDone >= 300n) {
            pause.pause();
            pausedAt = events;
          }
        },
      }),
    );
    await new Promise((r) => setTimeout(r, 30));
    while (pausedAt < 0) await new Promise((r) => setTimeout(r, 5));
    const seen = events;
    await new Promise((r) => setTimeout(r, 100));
    expect(pause.paused).toBe(true);
    // At most the batch computed ahead lands while paused.
    expect(events - seen).toBeLessThanOrEqual(1);
    const frozen = decodeMetadata(storage.metadata!).lastPosition!;
    expect(frozen).toBeLessThan(BigInt(TOTAL));
    pause.resume();
    await run;
    expect(snapshot(storage)).toEqual((await reference).snap);
  });

  it('cancel while paused ends the wait', async () => {
    const storage = new MemoryPostStorage();
    const pause = new PauseControl();
    const abort = new AbortController();
    pause.pause();
    const run = initialize(opts(storage, { pause, signal: abort.signal }));
    setTimeout(() => abort.abort(), 20);
    await expect(run).rejects.toThrow(InitAbortedError);
  });

  it('a completed directory is left alone; post-rs metadata (LastPosition null) is trusted', async () => {
    const { snap, storage: done } = await reference;
    const storage = new MemoryPostStorage();
    for (const [k, f] of done.files) storage.files.set(k, f.slice());
    const m = decodeMetadata(done.metadata!);
    storage.metadata = encodeMetadata({ ...m, lastPosition: null });
    const provider = counting(new CpuLabelProvider());
    const again = await initialize(opts(storage, { provider }));
    expect(again.nonce).toBe(m.nonce);
    expect(provider.computed).toBe(1); // the nonce's value only
    expect(snapshot(storage).slice(1)).toEqual(snap.slice(1));
  });

  it('refuses label files that have no metadata', async () => {
    const storage = new MemoryPostStorage();
    storage.files.set(0, new Uint8Array(32).fill(1));
    await expect(initialize(opts(storage))).rejects.toThrow(/no metadata/);
    expect(storage.files.get(0)).toEqual(new Uint8Array(32).fill(1));
  });

  it('refuses to continue data made with other parameters', async () => {
    const storage = new MemoryPostStorage();
    await initialize(opts(storage, { numUnits: 1, labelsPerUnit: 10n }));
    await expect(initialize(opts(storage, { numUnits: 2, labelsPerUnit: 10n }))).rejects.toThrow(
      InitMismatchError,
    );
    await expect(
      initialize(opts(storage, { numUnits: 1, labelsPerUnit: 10n, nodeId: atx })),
    ).rejects.toThrow(InitMismatchError);
  });

  it('no nonce among the labels: keeps searching past them like go post (LastPosition > total)', async () => {
    // A node id found offline whose labels 0..43 at N = 2 all miss the difficulty of 40 labels
    // (p ≈ 10^-4); the test checks that property itself before relying on it.
    const id = new Uint8Array(32);
    new DataView(id.buffer).setUint32(0, 170760, true);
    const zero = new Uint8Array(32);
    const c = commitment(id, zero);
    const h = new LabelHasher(2);
    const d = vrfDifficulty(40n);
    for (let i = 0; i < 44; i++) expect(compareBytes(h.output(c, BigInt(i)), d)).toBeGreaterThan(0);

    const base = { nodeId: id, commitmentAtxId: zero, numUnits: 1, labelsPerUnit: 40n, scryptN: 2 };
    const o = (s: MemoryPostStorage) => opts(s, { ...base, maxFileSize: 640n, batchSize: 4 });
    const storage = new MemoryPostStorage();
    const meta = await initialize(o(storage));
    expect(storage.files.get(0)!.length).toBe(640);
    expect(storage.files.size).toBe(1);
    // Two batches past the data: [40, 44) found nothing, [44, 48) did.
    expect(meta.lastPosition).toBe(48n);
    let best: { i: bigint; v: Uint8Array } | undefined;
    for (let i = 44n; i < 48n; i++) {
      const out = h.output(c, i);
      if (compareBytes(out, best?.v ?? d) < 0) best = { i, v: out };
    }
    expect(meta.nonce).toBe(best!.i);

    // Cancelled in the middle of that search (LastPosition 44 > total, no nonce yet): it
    // resumes there and ends the same.
    const abort = new AbortController();
    const interrupted = new MemoryPostStorage();
    const write = interrupted.writeMetadata.bind(interrupted);
    interrupted.writeMetadata = async (text) => {
      await write(text);
      if (decodeMetadata(text).lastPosition === 44n) abort.abort();
    };
    await expect(initialize({ ...o(interrupted), signal: abort.signal })).rejects.toThrow(
      InitAbortedError,
    );
    const mid = decodeMetadata(interrupted.metadata!);
    expect([mid.lastPosition, mid.nonce]).toEqual([44n, null]);
    interrupted.writeMetadata = write;
    const provider = counting(new CpuLabelProvider());
    await initialize({ ...o(interrupted), provider });
    expect(provider.computed).toBe(4); // only [44, 48)
    expect(snapshot(interrupted)).toEqual(snapshot(storage));
  });
});
