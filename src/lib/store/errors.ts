// Typed store errors. Callers branch on the class (a closed store during shutdown is expected, a
// corrupt one is not), so every backend maps its native failures onto these.

/** Base class: anything the store layer itself raises. */
export class StoreError extends Error {
  override readonly name: string = 'StoreError';
}

/** An operation on a store (or on one of its iterators) after close() was called. */
export class StoreClosedError extends StoreError {
  override readonly name: string = 'StoreClosedError';

  constructor(backend: string) {
    super(`${backend} store is closed`);
  }
}

/** The bytes on disk are not what this code wrote: bad meta record, backend-reported corruption. */
export class CorruptStoreError extends StoreError {
  override readonly name: string = 'CorruptStoreError';
}

/** The store was written by newer code (a higher schema version than any migration here knows). */
export class SchemaTooNewError extends StoreError {
  override readonly name: string = 'SchemaTooNewError';

  readonly found: number;
  readonly supported: number;

  constructor(found: number, supported: number) {
    super(
      `store schema version ${found} is newer than this code supports (${supported}); ` +
        'upgrade Smesh or use a fresh data directory',
    );
    this.found = found;
    this.supported = supported;
  }
}

/** A migration list that cannot be applied: gaps, duplicates, or a failing migration. */
export class MigrationError extends StoreError {
  override readonly name: string = 'MigrationError';
}

/** A key or range argument the store refuses (empty key, non-Uint8Array, bad limit). */
export class InvalidKeyError extends StoreError {
  override readonly name: string = 'InvalidKeyError';
}

/** The backend could not be opened (locked by another process, blocked upgrade, I/O). */
export class StoreOpenError extends StoreError {
  override readonly name: string = 'StoreOpenError';
}
