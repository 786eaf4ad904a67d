// The wallet as the pages see it: whether this browser has one, locked or unlocked, the
// decrypted wallet while unlocked, the account in use, and the idle lock. The keystore file is
// kept encrypted in IndexedDB (keystore-db.ts); the password stays in memory while unlocked
// (changes such as a new account or contact are sealed again with it) and is dropped on lock.
import { KeystoreError } from '../../wallet/errors.ts';
import {
  parseKeystore,
  sealKeystore,
  serializeKeystore,
  unlockKeystore,
  type KeystoreFile,
  type UnlockedWallet,
} from '../../wallet/keystore.ts';
import { deleteKeystore, loadKeystoreText, saveKeystoreText } from './keystore-db.ts';
import { parseIdleMinutes } from './logic.ts';

export type WalletStatus = 'loading' | 'none' | 'locked' | 'unlocked';

const IDLE_KEY = 'smesh.wallet.idle-minutes';
const ACCOUNT_KEY = 'smesh.wallet.account';
const IDLE_CHECK_MS = 15_000;

/** Decrypts in a Worker (Argon2 files take seconds); in this thread where Workers are missing. */
function unlockOffThread(file: KeystoreFile, password: string): Promise<UnlockedWallet> {
  if (typeof Worker === 'undefined') return unlockKeystore(file, password);
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./unlock.worker.ts', import.meta.url), {
      type: 'module',
      name: 'smesh-wallet-unlock',
    });
    w.addEventListener('message', (e: MessageEvent) => {
      w.terminate();
      const d = e.data as {
        wallet?: UnlockedWallet;
        error?: { reason: KeystoreError['reason']; message: string };
      };
      if (d.wallet !== undefined) resolve(d.wallet);
      else reject(new KeystoreError(d.error?.reason ?? 'malformed', d.error?.message ?? 'failed'));
    });
    w.addEventListener('error', (e) => {
      w.terminate();
      reject(new Error(e.message || 'the unlock worker failed'));
    });
    w.postMessage({ file, password });
  });
}

class WalletSession {
  status = $state<WalletStatus>('loading');
  /** The encrypted file (its meta is readable while locked). */
  file = $state.raw<KeystoreFile | undefined>(undefined);
  /** The decrypted wallet while unlocked. */
  wallet = $state.raw<UnlockedWallet | undefined>(undefined);
  /** Position of the key whose account the pages act for. */
  account = $state(0);
  idleMinutes = $state(10);
  /** Why the wallet last locked itself, for the unlock screen. */
  lockedBecause = $state<string | undefined>(undefined);
  #password: string | undefined;
  #loaded: Promise<void> | undefined;
  #lastActivity = 0;
  #idleTimer: ReturnType<typeof setInterval> | undefined;

  /** Reads the stored keystore once per page load. */
  load(): Promise<void> {
    this.#loaded ??= (async () => {
      this.idleMinutes = parseIdleMinutes(localStorage.getItem(IDLE_KEY));
      this.account = Math.max(0, Number(localStorage.getItem(ACCOUNT_KEY) ?? 0) || 0);
      const text = await loadKeystoreText();
      if (text === undefined) {
        this.status = 'none';
        return;
      }
      this.file = parseKeystore(text);
      this.status = 'locked';
    })();
    return this.#loaded;
  }

  /** Seals a new (created, restored) wallet, stores it and leaves it unlocked. */
  async create(wallet: UnlockedWallet, password: string): Promise<void> {
    const file = await sealKeystore(wallet, password);
    await saveKeystoreText(serializeKeystore(file));
    this.#opened(file, wallet, password);
    this.selectAccount(0);
  }

  /** Decrypts the stored keystore; a wrong password rejects with KeystoreError 'wrong-password'. */
  async unlock(password: string): Promise<void> {
    if (this.file === undefined) throw new Error('no wallet in this browser');
    const wallet = await unlockOffThread(this.file, password);
    this.#opened(this.file, wallet, password);
  }

  /**
   * Opens a keystore file's text with its password and, only when that worked, replaces the
   * wallet kept in this browser with it (sealed again in our format, so the next unlock is fast).
   */
  async importFile(text: string, password: string): Promise<void> {
    const parsed = parseKeystore(text);
    const wallet = await unlockOffThread(parsed, password);
    const file = parsed.crypto.cipher === 'AES-GCM' ? parsed : await sealKeystore(wallet, password);
    await saveKeystoreText(serializeKeystore(file));
    this.#opened(file, wallet, password);
    this.selectAccount(0);
  }

  /** Applies a change to the wallet (new account, rename, contacts), seals and stores it. */
  async update(change: (w: UnlockedWallet) => UnlockedWallet | Promise<UnlockedWallet>) {
    if (this.wallet === undefined || this.#password === undefined) throw new Error('locked');
    const next = await change(this.wallet);
    const file = await sealKeystore(next, this.#password);
    await saveKeystoreText(serializeKeystore(file));
    this.file = file;
    this.wallet = next;
  }

  /** The keystore file's text, for download. */
  exportText(): string {
    if (this.file === undefined) throw new Error('no wallet');
    return serializeKeystore(this.file);
  }

  /** Drops the decrypted wallet and the password. */
  lock(because?: string): void {
    this.wallet = undefined;
    this.#password = undefined;
    this.lockedBecause = because;
    if (this.file !== undefined) this.status = 'locked';
    this.#stopIdle();
  }

  /** Removes the wallet from this browser (the person has its mnemonic or an exported file). */
  async forget(): Promise<void> {
    this.lock();
    await deleteKeystore();
    this.file = undefined;
    this.status = 'none';
  }

  selectAccount(position: number): void {
    this.account = position;
    localStorage.setItem(ACCOUNT_KEY, String(position));
  }

  setIdleMinutes(minutes: number): void {
    this.idleMinutes = parseIdleMinutes(minutes, this.idleMinutes);
    localStorage.setItem(IDLE_KEY, String(this.idleMinutes));
  }

  #opened(file: KeystoreFile, wallet: UnlockedWallet, password: string): void {
    this.file = file;
    this.wallet = wallet;
    this.#password = password;
    this.lockedBecause = undefined;
    if (this.account >= wallet.secrets.keys.length) this.account = 0;
    this.status = 'unlocked';
    this.#startIdle();
  }

  readonly #touch = (): void => {
    this.#lastActivity = Date.now();
  };

  #startIdle(): void {
    this.#stopIdle();
    this.#touch();
    for (const ev of ['pointerdown', 'keydown', 'wheel', 'touchstart'])
      window.addEventListener(ev, this.#touch, { passive: true });
    this.#idleTimer = setInterval(() => {
      if (Date.now() - this.#lastActivity > this.idleMinutes * 60_000)
        this.lock(`locked after ${this.idleMinutes} min without activity`);
    }, IDLE_CHECK_MS);
  }

  #stopIdle(): void {
    if (this.#idleTimer !== undefined) clearInterval(this.#idleTimer);
    this.#idleTimer = undefined;
    for (const ev of ['pointerdown', 'keydown', 'wheel', 'touchstart'])
      window.removeEventListener(ev, this.#touch);
  }
}

export const wallet = new WalletSession();
