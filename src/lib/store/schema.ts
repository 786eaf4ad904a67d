// Schema version and migrations. The version lives under a reserved meta key; openStore brings a
// store from its version to the code's (the highest registered migration) one migration at a
// time, each migration's writes committed together with the version bump in a single batch —
// so a crash mid-upgrade leaves the store at the old version with the old data, or at the new
// one with the new data, never in between. A store written by newer code is refused.
import { WriteBatch } from './batch.ts';
import { CorruptStoreError, MigrationError, SchemaTooNewError } from './errors.ts';
import type { ReadableStore, Store } from './interface.ts';
import { META } from './buckets.ts';

export const SCHEMA_VERSION_KEY = META.key(new TextEncoder().encode('schema-version'));

export interface Migration {
  /** The version this migration produces; migrations are numbered 1, 2, 3… without gaps. */
  readonly version: number;
  readonly description: string;
  /** Reads the store as it is (version − 1) and adds its writes to `batch`. */
  up(store: ReadableStore, batch: WriteBatch): Promise<void>;
}

/** 4 bytes, big-endian. Anything else under the key means the store was not written by us. */
export function encodeSchemaVersion(version: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, version);
  return b;
}

export function decodeSchemaVersion(bytes: Uint8Array): number {
  if (bytes.length !== 4)
    throw new CorruptStoreError(`schema version record has ${bytes.length} bytes, expected 4`);
  return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
}

/** The stored version; undefined for a store that never had one (fresh, or not ours). */
export async function readSchemaVersion(store: ReadableStore): Promise<number | undefined> {
  const raw = await store.get(SCHEMA_VERSION_KEY);
  return raw === undefined ? undefined : decodeSchemaVersion(raw);
}

function checkMigrations(migrations: readonly Migration[]): Migration[] {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new MigrationError(
        `migrations must be numbered 1..${sorted.length} without gaps or duplicates; ` +
          `found ${sorted.map((x) => x.version).join(', ')}`,
      );
  });
  return sorted;
}

export interface MigrationResult {
  readonly from: number;
  readonly to: number;
}

/** Brings `store` to the latest version in `migrations`. */
export async function migrate(
  store: Store,
  migrations: readonly Migration[],
): Promise<MigrationResult> {
  const list = checkMigrations(migrations);
  const target = list.length;
  let current = await readSchemaVersion(store);
  if (current === undefined) {
    // no version: either brand new, or somebody else's data we must not write over
    for await (const e of store.iterate({ limit: 1 })) {
      void e;
      throw new CorruptStoreError('store holds data but no schema version');
    }
    current = 0;
    if (target === 0) await store.put(SCHEMA_VERSION_KEY, encodeSchemaVersion(0));
  }
  if (current > target) throw new SchemaTooNewError(current, target);
  const from = current;
  for (const m of list.slice(current)) {
    const batch = new WriteBatch();
    try {
      await m.up(store, batch);
    } catch (e) {
      throw new MigrationError(`migration ${m.version} (${m.description}) failed: ${String(e)}`, {
        cause: e,
      });
    }
    batch.put(SCHEMA_VERSION_KEY, encodeSchemaVersion(m.version));
    await store.batch(batch.ops);
  }
  return { from, to: target };
}

/**
 * Opens a store for use: runs the migrations, and on any failure closes the backend before
 * rethrowing so a refused store does not stay locked.
 */
export async function openStore(
  open: () => Promise<Store>,
  migrations: readonly Migration[],
): Promise<Store> {
  const store = await open();
  try {
    await migrate(store, migrations);
    return store;
  } catch (e) {
    await store.close().catch(() => undefined);
    throw e;
  }
}
