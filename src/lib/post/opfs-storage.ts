// PostStorage over the Origin Private File System, in post-rs's layout: one OPFS directory per
// data set holding postdata_{k}.bin and postdata_metadata.json. The host passes the directory
// handle in (the browser's post worker gets it from navigator.storage.getDirectory()), so this
// module touches no globals.
//
// Data files use FileSystemSyncAccessHandle: positional reads and writes without copying through
// a stream, and flush() as the durability barrier init.ts needs. Such handles exist only in
// dedicated workers, which is where initialization runs. A sync access handle holds an
// exclusive lock on its file; a terminated worker's locks are released asynchronously, so opening
// retries briefly on NoModificationAllowedError instead of failing a resume that starts at once.
//
// Metadata is replaced atomically: write postdata_metadata.json.tmp, flush, close, then
// FileSystemHandle.move() it over postdata_metadata.json. Chromium implements move() for OPFS
// (overwriting an existing entry, as a single rename in its storage backend), which is the
// atomic step. Where move() is missing (older engines) it falls back to write-new-then-delete-old:
// the .tmp copy is complete and flushed before the main file is touched, the main file is
// rewritten, then the .tmp is removed. readMetadata() takes the main file when it decodes and
// the .tmp otherwise, so a crash at any point leaves one complete, valid copy to read.
import { decodeMetadata, METADATA_FILE_NAME, postDataFileName } from './metadata.ts';
import type { PostDataFile, PostStorage } from './storage.ts';

const TMP_METADATA_FILE_NAME = `${METADATA_FILE_NAME}.tmp`;

export class OpfsStorageError extends Error {
  override name = 'OpfsStorageError';
}

/** How long to wait for a just-terminated worker's file lock to go away. */
const LOCK_RETRY_MS = 5000;

function isName(e: unknown, name: string): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: unknown }).name === name;
}

/** `move()` as Chromium ships it; not in TypeScript's lib.dom yet. */
type Movable = FileSystemFileHandle & {
  move?: (parent: FileSystemDirectoryHandle, name: string) => Promise<void>;
};

class OpfsPostDataFile implements PostDataFile {
  private readonly h: FileSystemSyncAccessHandle;
  private closed = false;

  constructor(h: FileSystemSyncAccessHandle) {
    this.h = h;
  }

  private handle(): FileSystemSyncAccessHandle {
    if (this.closed) throw new OpfsStorageError('postdata file is closed');
    return this.h;
  }

  size(): Promise<number> {
    return Promise.resolve(this.handle().getSize());
  }

  write(offset: number, data: Uint8Array): Promise<void> {
    const h = this.handle();
    let done = 0;
    while (done < data.length) {
      const n = h.write(data.subarray(done), { at: offset + done });
      if (n <= 0) throw new OpfsStorageError(`short write at ${offset + done} (quota?)`);
      done += n;
    }
    return Promise.resolve();
  }

  read(offset: number, length: number): Promise<Uint8Array> {
    const h = this.handle();
    const buf = new Uint8Array(length);
    let got = 0;
    while (got < length) {
      const n = h.read(buf.subarray(got), { at: offset + got });
      if (n === 0) break;
      got += n;
    }
    return Promise.resolve(got === length ? buf : buf.subarray(0, got));
  }

  truncate(size: number): Promise<void> {
    this.handle().truncate(size);
    return Promise.resolve();
  }

  sync(): Promise<void> {
    this.handle().flush();
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.h.close();
    }
    return Promise.resolve();
  }
}

export interface OpfsPostStorageOptions {
  /** Use the write-new-then-delete-old path even where move() exists (tests). */
  readonly noMove?: boolean;
}

export class OpfsPostStorage implements PostStorage {
  readonly dir: FileSystemDirectoryHandle;
  private readonly noMove: boolean;

  constructor(dir: FileSystemDirectoryHandle, opts: OpfsPostStorageOptions = {}) {
    this.dir = dir;
    this.noMove = opts.noMove ?? false;
  }

  async openDataFile(index: number): Promise<PostDataFile> {
    const fh = await this.dir.getFileHandle(postDataFileName(index), { create: true });
    return new OpfsPostDataFile(await openSync(fh));
  }

  async hasDataFile(index: number): Promise<boolean> {
    return (await this.fileHandle(postDataFileName(index))) !== undefined;
  }

  async readMetadata(): Promise<string | undefined> {
    const main = await this.readText(METADATA_FILE_NAME);
    if (main !== undefined && decodes(main)) return main;
    const tmp = await this.readText(TMP_METADATA_FILE_NAME);
    if (tmp !== undefined && decodes(tmp)) return tmp;
    // Neither decodes: hand back what is there so the caller reports the damage.
    return main ?? tmp;
  }

  async writeMetadata(text: string): Promise<void> {
    const bytes = new TextEncoder().encode(text);
    const tmp = (await this.dir.getFileHandle(TMP_METADATA_FILE_NAME, {
      create: true,
    })) as Movable;
    await writeWhole(tmp, bytes);
    if (!this.noMove && typeof tmp.move === 'function') {
      await tmp.move(this.dir, METADATA_FILE_NAME);
      return;
    }
    const main = await this.dir.getFileHandle(METADATA_FILE_NAME, { create: true });
    await writeWhole(main, bytes);
    await this.dir.removeEntry(TMP_METADATA_FILE_NAME);
  }

  private async fileHandle(name: string): Promise<FileSystemFileHandle | undefined> {
    try {
      return await this.dir.getFileHandle(name);
    } catch (e) {
      if (isName(e, 'NotFoundError')) return undefined;
      throw e;
    }
  }

  private async readText(name: string): Promise<string | undefined> {
    const fh = await this.fileHandle(name);
    if (fh === undefined) return undefined;
    return await (await fh.getFile()).text();
  }
}

function decodes(text: string): boolean {
  try {
    decodeMetadata(text);
    return true;
  } catch {
    return false;
  }
}

/** Replaces a file's contents and flushes them before returning. */
async function writeWhole(fh: FileSystemFileHandle, bytes: Uint8Array): Promise<void> {
  const h = await openSync(fh);
  try {
    h.truncate(0);
    let done = 0;
    while (done < bytes.length) {
      const n = h.write(bytes.subarray(done), { at: done });
      if (n <= 0) throw new OpfsStorageError(`short write to ${fh.name}`);
      done += n;
    }
    h.flush();
  } finally {
    h.close();
  }
}

async function openSync(fh: FileSystemFileHandle): Promise<FileSystemSyncAccessHandle> {
  const deadline = Date.now() + LOCK_RETRY_MS;
  for (let wait = 10; ; wait = Math.min(wait * 2, 200)) {
    try {
      return await fh.createSyncAccessHandle();
    } catch (e) {
      if (!isName(e, 'NoModificationAllowedError') || Date.now() > deadline) {
        if (isName(e, 'NoModificationAllowedError'))
          throw new OpfsStorageError(`${fh.name} is locked by another handle`, { cause: e });
        throw e;
      }
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
