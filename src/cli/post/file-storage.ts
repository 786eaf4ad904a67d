// PostStorage on the local file system, in post-rs's layout: <dir>/postdata_{k}.bin and
// <dir>/postdata_metadata.json.
import { StorageLabelReader } from '../../lib/post/storage-reader.ts';
import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { METADATA_FILE_NAME, postDataFileName } from '../../lib/post/metadata.ts';
import type { PostDataFile, PostStorage } from '../../lib/post/storage.ts';

class NodePostDataFile implements PostDataFile {
  private readonly fh: FileHandle;

  constructor(fh: FileHandle) {
    this.fh = fh;
  }

  async size(): Promise<number> {
    return (await this.fh.stat()).size;
  }

  async write(offset: number, data: Uint8Array): Promise<void> {
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await this.fh.write(data, done, data.length - done, offset + done);
      done += bytesWritten;
    }
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const buf = new Uint8Array(length);
    let got = 0;
    while (got < length) {
      const { bytesRead } = await this.fh.read(buf, got, length - got, offset + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return got === length ? buf : buf.subarray(0, got);
  }

  async truncate(size: number): Promise<void> {
    await this.fh.truncate(size);
  }

  async sync(): Promise<void> {
    await this.fh.datasync();
  }

  async close(): Promise<void> {
    await this.fh.close();
  }
}

export class FilePostStorage implements PostStorage {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  async openDataFile(index: number): Promise<PostDataFile> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, postDataFileName(index));
    // O_CREAT without O_TRUNC: open for read/write, create when missing, keep contents.
    return new NodePostDataFile(await open(path, constants.O_RDWR | constants.O_CREAT, 0o644));
  }

  async hasDataFile(index: number): Promise<boolean> {
    try {
      return (await stat(join(this.dir, postDataFileName(index)))).isFile();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }

  async readMetadata(): Promise<string | undefined> {
    try {
      return await readFile(join(this.dir, METADATA_FILE_NAME), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async writeMetadata(text: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, METADATA_FILE_NAME);
    const tmp = `${path}.tmp`;
    const fh = await open(tmp, 'w', 0o644);
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    // Make the rename itself durable (directory entry); not supported on every platform.
    const dh = await open(this.dir, 'r').catch(() => undefined);
    if (dh)
      await dh
        .sync()
        .catch(() => undefined)
        .finally(() => dh.close());
  }
}

/** LabelReader over an initialized directory (for proving and checks). */
export const FileLabelReader = {
  open: (dir: string): Promise<StorageLabelReader> =>
    StorageLabelReader.openStorage(new FilePostStorage(dir), dir),
};
