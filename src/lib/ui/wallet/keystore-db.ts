// The app's wallet in this browser profile: one IndexedDB database with one store holding the
// keystore file's text (the same encrypted JSON the CLI's `smesh wallet` writes) under one key.
// Only encrypted bytes are stored; the password and the decrypted secrets live in memory only.
import { openDB, type IDBPDatabase } from 'idb';

/** Where the keystore lives (the home page checks for it without opening the wallet). */
export const KEYSTORE_DB = { name: 'smesh-wallet', store: 'keystore', key: 'main' } as const;
const DB = KEYSTORE_DB.name;
const STORE = KEYSTORE_DB.store;
const KEY = KEYSTORE_DB.key;

let db: Promise<IDBPDatabase> | undefined;

function open(): Promise<IDBPDatabase> {
  db ??= openDB(DB, 1, {
    upgrade(d) {
      d.createObjectStore(STORE);
    },
  });
  return db;
}

export async function loadKeystoreText(): Promise<string | undefined> {
  return (await (await open()).get(STORE, KEY)) as string | undefined;
}

export async function saveKeystoreText(text: string): Promise<void> {
  await (await open()).put(STORE, text, KEY);
}

export async function deleteKeystore(): Promise<void> {
  await (await open()).delete(STORE, KEY);
}
