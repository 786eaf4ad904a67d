// LevelDB failures mapped onto the store's typed errors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LevelDbStore } from '../../../src/cli/store/leveldb.ts';
import { CorruptStoreError, StoreOpenError } from '../../../src/lib/store/errors.ts';

const root = mkdtempSync(join(tmpdir(), 'smesh-leveldb-err-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('LevelDbStore errors', () => {
  it('a second open of the same directory is StoreOpenError (locked)', async () => {
    const location = join(root, 'locked');
    const a = await LevelDbStore.open({ location });
    await expect(LevelDbStore.open({ location })).rejects.toThrow(StoreOpenError);
    await expect(LevelDbStore.open({ location })).rejects.toThrow(/in use/);
    await a.close();
    const b = await LevelDbStore.open({ location });
    await b.close();
  });

  it('a damaged manifest pointer is CorruptStoreError', async () => {
    const location = join(root, 'corrupt');
    const a = await LevelDbStore.open({ location });
    await a.put(Uint8Array.of(1), Uint8Array.of(1));
    await a.close();
    writeFileSync(join(location, 'CURRENT'), 'garbage-without-newline');
    await expect(LevelDbStore.open({ location })).rejects.toThrow(CorruptStoreError);
  });

  it('sync writes work and persist', async () => {
    const location = join(root, 'sync');
    const a = await LevelDbStore.open({ location, sync: true });
    await a.batch([{ type: 'put', key: Uint8Array.of(7), value: Uint8Array.of(8) }]);
    await a.close();
    const b = await LevelDbStore.open({ location });
    expect([...(await b.get(Uint8Array.of(7)))!]).toEqual([8]);
    await b.close();
  });
});
