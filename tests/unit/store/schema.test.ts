// openStore around real backends: refusals close the backend (so LevelDB's lock is released),
// and the version survives reopening.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LevelDbStore } from '../../../src/cli/store/leveldb.ts';
import { CorruptStoreError, SchemaTooNewError } from '../../../src/lib/store/errors.ts';
import type { Store } from '../../../src/lib/store/interface.ts';
import { MemoryStore } from '../../../src/lib/store/memory.ts';
import {
  SCHEMA_VERSION_KEY,
  decodeSchemaVersion,
  encodeSchemaVersion,
  openStore,
  readSchemaVersion,
  type Migration,
} from '../../../src/lib/store/schema.ts';

const root = mkdtempSync(join(tmpdir(), 'smesh-schema-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const migrations: Migration[] = [
  {
    version: 1,
    description: 'accounts bucket seed',
    async up(_s, batch) {
      batch.put(Uint8Array.of(0x10, 1), Uint8Array.of(1));
    },
  },
  {
    version: 2,
    description: 'double the seed',
    async up(s, batch) {
      const v = (await s.get(Uint8Array.of(0x10, 1)))!;
      batch.put(Uint8Array.of(0x10, 1), Uint8Array.of(v[0]! * 2));
    },
  },
];

describe('schema version record', () => {
  it('is 4 bytes big-endian and anything else is corruption', () => {
    expect([...encodeSchemaVersion(258)]).toEqual([0, 0, 1, 2]);
    expect(decodeSchemaVersion(Uint8Array.of(0, 0, 1, 2))).toBe(258);
    expect(() => decodeSchemaVersion(Uint8Array.of(1, 2, 3, 4, 5))).toThrow(CorruptStoreError);
    expect(() => decodeSchemaVersion(new Uint8Array(0))).toThrow(CorruptStoreError);
  });

  it('lives in the reserved meta bucket 0', () => {
    expect(SCHEMA_VERSION_KEY[0]).toBe(0);
  });
});

describe('openStore', () => {
  it('migrates LevelDB step by step, keeps the version across reopen, refuses newer stores', async () => {
    const location = join(root, 'a');
    const open = () => LevelDbStore.open({ location });
    let s: Store = await openStore(open, migrations.slice(0, 1));
    expect(await readSchemaVersion(s)).toBe(1);
    await s.close();
    s = await openStore(open, migrations);
    expect(await readSchemaVersion(s)).toBe(2);
    expect([...(await s.get(Uint8Array.of(0x10, 1)))!]).toEqual([2]);
    await s.close();
    // code that only knows version 1 must not touch a version-2 store…
    await expect(openStore(open, migrations.slice(0, 1))).rejects.toThrow(SchemaTooNewError);
    await expect(openStore(open, migrations.slice(0, 1))).rejects.toThrow(/newer than this code/);
    // …and must leave it closed (LevelDB's lock released) and unchanged
    s = await openStore(open, migrations);
    expect(await readSchemaVersion(s)).toBe(2);
    expect([...(await s.get(Uint8Array.of(0x10, 1)))!]).toEqual([2]);
    await s.close();
  });

  it('closes the backend when the meta record is corrupt', async () => {
    const data = new MemoryStore();
    await data.put(SCHEMA_VERSION_KEY, Uint8Array.of(9));
    let opened: MemoryStore | undefined;
    await expect(
      openStore(async () => (opened = new MemoryStore(data.data)), migrations),
    ).rejects.toThrow(CorruptStoreError);
    expect(opened?.closed).toBe(true);
  });
});
