// Child process for crash.test.ts: appends numbered batches to a LevelDB store forever and
// prints each batch number once its batch() has resolved (acknowledged). The test SIGKILLs it.
// It resumes after the last batch found in the store, so the test can kill it repeatedly.
//
// Batch n: ENTRIES entries under [0x01 ‖ u32 n ‖ j] whose values encode (n, j), the counter
// [0x02] = n, and a scratch key moved from [0x03 ‖ u32 n−1] to [0x03 ‖ u32 n].
import { LevelDbStore } from '../../../src/cli/store/leveldb.ts';
import { u32Key } from '../../../src/lib/store/buckets.ts';
import type { BatchOp } from '../../../src/lib/store/interface.ts';

export const ENTRIES = 64;
export const VALUE_BYTES = 1024;
export const COUNTER_KEY = Uint8Array.of(0x02);

export function entryKey(n: number, j: number): Uint8Array {
  return Uint8Array.of(0x01, ...u32Key(n), j);
}

export function scratchKey(n: number): Uint8Array {
  return Uint8Array.of(0x03, ...u32Key(n));
}

/** Value of entry j of batch n: recognisable bytes, so a torn or misplaced value shows. */
export function entryValue(n: number, j: number): Uint8Array {
  const v = new Uint8Array(VALUE_BYTES);
  for (let i = 0; i < v.length; i++) v[i] = (n * 31 + j * 7 + i) & 0xff;
  v.set(u32Key(n), 0);
  v[4] = j;
  return v;
}

async function main(location: string): Promise<void> {
  const store = await LevelDbStore.open({ location });
  const last = await store.get(COUNTER_KEY);
  let n = last === undefined ? 0 : new DataView(last.buffer, last.byteOffset).getUint32(0) + 1;
  process.stdout.write(`start ${n}\n`);
  for (;;) {
    const ops: BatchOp[] = [];
    for (let j = 0; j < ENTRIES; j++)
      ops.push({ type: 'put', key: entryKey(n, j), value: entryValue(n, j) });
    ops.push({ type: 'put', key: COUNTER_KEY, value: u32Key(n) });
    if (n > 0) ops.push({ type: 'del', key: scratchKey(n - 1) });
    ops.push({ type: 'put', key: scratchKey(n), value: u32Key(n) });
    await store.batch(ops);
    process.stdout.write(`${n}\n`);
    n++;
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const location = process.argv[2];
  if (!location) throw new Error('usage: crash-writer.ts <leveldb directory>');
  await main(location);
}
