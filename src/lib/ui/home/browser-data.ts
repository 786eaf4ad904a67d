// What this browser profile stores for Smesh, read and deleted from the page: the storage
// estimate and persistence, the node's IndexedDB database and PoST folders (reset), and whether
// a wallet keystore is here. Nothing here reads or shows a secret.
import { KEYSTORE_DB } from '../wallet/keystore-db.ts';
import type { ResetRequest } from './logic.ts';

export interface StorageUse {
  readonly usage: number;
  readonly quota: number;
  /** Chromium's breakdown (indexedDB, fileSystem, serviceWorkerCache …), when given. */
  readonly details: Readonly<Record<string, number>>;
  /** Whether the browser promised not to evict this site's data. */
  readonly persisted: boolean;
}

export async function readStorageUse(): Promise<StorageUse> {
  const s = navigator.storage;
  if (s?.estimate === undefined) throw new Error('this browser does not report storage use');
  const e = (await s.estimate()) as StorageEstimate & { usageDetails?: Record<string, number> };
  return {
    usage: e.usage ?? 0,
    quota: e.quota ?? 0,
    details: e.usageDetails ?? {},
    persisted: (await s.persisted?.()) ?? false,
  };
}

/** Asks the browser to keep this site's data under storage pressure; its answer. */
export async function requestPersist(): Promise<boolean> {
  if (navigator.storage?.persist === undefined)
    throw new Error('this browser cannot make storage persistent');
  return navigator.storage.persist();
}

export interface ResetResult {
  readonly database: string;
  readonly postFolders: readonly string[];
}

/**
 * Deletes the node's database and its PoST folders. Must run before this page's node opens
 * the database (the request is queued ahead of the node's open). `onBlocked` is called when
 * another tab still has the database open: the deletion then waits for that tab.
 */
export async function deleteNodeData(r: ResetRequest, onBlocked: () => void): Promise<ResetResult> {
  await new Promise<void>((resolve, reject) => {
    const req = indexedDB.deleteDatabase(r.database);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error ?? new Error('the database could not be deleted'));
    req.onblocked = () => onBlocked();
  });
  const postFolders: string[] = [];
  const root = await navigator.storage?.getDirectory?.().catch(() => undefined);
  if (root !== undefined) {
    const names: string[] = [];
    for await (const name of (root as unknown as { keys(): AsyncIterable<string> }).keys())
      if (name.startsWith(r.postPrefix)) names.push(name);
    for (const name of names) {
      await root.removeEntry(name, { recursive: true });
      postFolders.push(name);
    }
  }
  return { database: r.database, postFolders };
}

// The wallet's database (src/lib/ui/wallet/keystore-db.ts): one store, the keystore under one key.
const { name: WALLET_DB, store: WALLET_STORE, key: WALLET_KEY } = KEYSTORE_DB;

/**
 * Whether this browser holds a wallet keystore (encrypted; only its presence is read).
 * Undefined when the browser cannot tell without creating the database.
 */
export async function hasWalletKeystore(): Promise<boolean | undefined> {
  if (typeof indexedDB.databases !== 'function') return undefined;
  const dbs = await indexedDB.databases();
  if (!dbs.some((d) => d.name === WALLET_DB)) return false;
  // It exists: opening without a version neither creates nor upgrades it.
  const db = await new Promise<IDBDatabase | undefined>((resolve) => {
    const req = indexedDB.open(WALLET_DB);
    // Deleted meanwhile: do not leave an empty database where the wallet will create its own.
    req.onupgradeneeded = () => req.transaction?.abort();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => resolve(undefined);
  });
  if (db === undefined) return false;
  try {
    if (!db.objectStoreNames.contains(WALLET_STORE)) return false;
    return await new Promise<boolean>((resolve, reject) => {
      const req = db
        .transaction(WALLET_STORE, 'readonly')
        .objectStore(WALLET_STORE)
        .count(WALLET_KEY);
      req.onsuccess = () => resolve(req.result > 0);
      req.onerror = () => reject(req.error ?? new Error('cannot read the wallet database'));
    });
  } finally {
    db.close();
  }
}
