// Unlocks a keystore off the page's thread: smapp-lite's Argon2id files take ~16 s of hashing
// in JavaScript, which would freeze the tab. The page posts {file, password} and gets the
// decrypted wallet or {error: {reason, message}} back; the worker is closed after one unlock.
import { unlockKeystore, type KeystoreFile } from '../../wallet/keystore.ts';
import { KeystoreError } from '../../wallet/errors.ts';

self.addEventListener('message', (e: MessageEvent<{ file: KeystoreFile; password: string }>) => {
  unlockKeystore(e.data.file, e.data.password).then(
    (wallet) => self.postMessage({ wallet }),
    (err: unknown) =>
      self.postMessage({
        error: {
          reason: err instanceof KeystoreError ? err.reason : 'malformed',
          message: err instanceof Error ? err.message : String(err),
        },
      }),
  );
});
