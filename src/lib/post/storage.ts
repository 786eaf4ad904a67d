// Where initialization writes: a directory of postdata_{k}.bin files plus the metadata file.
// Node implements it with plain files (src/cli/post/file-storage.ts), the browser with OPFS
// sync access handles. The operations are the few that crash-safe resuming needs: positional
// writes, an explicit durability barrier (sync), truncation of an unsynced tail, and an atomic
// metadata replace.

/** One postdata file, open for reading and writing. */
export interface PostDataFile {
  /** Current size in bytes. */
  size(): Promise<number>;
  /** Writes all of `data` at byte `offset` (extending the file as needed). */
  write(offset: number, data: Uint8Array): Promise<void>;
  /** Reads `length` bytes at `offset`; fewer only at end of file. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Cuts the file to `size` bytes. */
  truncate(size: number): Promise<void>;
  /** Returns once everything written so far survives a crash (fsync / flush). */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface PostStorage {
  /** Opens postdata_{index}.bin, creating it empty when missing. */
  openDataFile(index: number): Promise<PostDataFile>;
  /** Whether postdata_{index}.bin exists (without creating it). */
  hasDataFile(index: number): Promise<boolean>;
  /** The metadata file's text, or undefined when there is none. */
  readMetadata(): Promise<string | undefined>;
  /** Replaces the metadata file atomically and durably (write aside, sync, rename). */
  writeMetadata(text: string): Promise<void>;
}

/** PostStorage in memory (tests, previews). Every write counts as durable at once. */
export class MemoryPostStorage implements PostStorage {
  readonly files = new Map<number, Uint8Array>();
  metadata: string | undefined;

  openDataFile(index: number): Promise<PostDataFile> {
    if (!this.files.has(index)) this.files.set(index, new Uint8Array(0));
    const files = this.files;
    const get = () => files.get(index)!;
    return Promise.resolve({
      size: () => Promise.resolve(get().length),
      write: (offset, data) => {
        let f = get();
        if (offset + data.length > f.length) {
          const g = new Uint8Array(offset + data.length);
          g.set(f);
          f = g;
          files.set(index, f);
        }
        f.set(data, offset);
        return Promise.resolve();
      },
      read: (offset, length) => Promise.resolve(get().slice(offset, offset + length)),
      truncate: (size) => {
        const f = get();
        const g = new Uint8Array(size);
        g.set(f.subarray(0, Math.min(size, f.length)));
        files.set(index, g);
        return Promise.resolve();
      },
      sync: () => Promise.resolve(),
      close: () => Promise.resolve(),
    });
  }

  hasDataFile(index: number): Promise<boolean> {
    return Promise.resolve(this.files.has(index));
  }

  readMetadata(): Promise<string | undefined> {
    return Promise.resolve(this.metadata);
  }

  writeMetadata(text: string): Promise<void> {
    this.metadata = text;
    return Promise.resolve();
  }
}
