// PostStorage on the local file system, in post-rs's layout: <dir>/postdata_{k}.bin and
// <dir>/postdata_metadata.json.
import { constants } from 'node:fs';
import { mkdir, open, readFile, rename, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabelReader } from '../../lib/post/interface.ts';
import { LABEL_SIZE } from '../../lib/post/interface.ts';
import {
  decodeMetadata,
  labelsPerFile,
  METADATA_FILE_NAME,
  postDataFileName,
  totalLabels,
  type PostMetadata,
} from '../../lib/post/metadata.ts';
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
export class FileLabelReader implements LabelReader {
  readonly totalLabels: bigint;
  readonly metadata: PostMetadata;
  private readonly storage: FilePostStorage;

  private constructor(storage: FilePostStorage, metadata: PostMetadata) {
    this.storage = storage;
    this.metadata = metadata;
    this.totalLabels = totalLabels(metadata);
  }

  static async open(dir: string): Promise<FileLabelReader> {
    const storage = new FilePostStorage(dir);
    const text = await storage.readMetadata();
    if (text === undefined) throw new Error(`no ${METADATA_FILE_NAME} in ${dir}`);
    return new FileLabelReader(storage, decodeMetadata(text));
  }

  async read(start: bigint, count: number): Promise<Uint8Array> {
    if (start < 0n || count < 0 || start + BigInt(count) > this.totalLabels)
      throw new RangeError(`labels [${start}, +${count}) outside the data`);
    const out = new Uint8Array(count * LABEL_SIZE);
    const perFile = labelsPerFile(this.metadata);
    let at = start;
    let off = 0;
    while (off < out.length) {
      const k = Number(at / perFile);
      const inFile = at - BigInt(k) * perFile;
      const n = Math.min((out.length - off) / LABEL_SIZE, Number(perFile - inFile));
      const f = await this.storage.openDataFile(k);
      try {
        const bytes = await f.read(Number(inFile) * LABEL_SIZE, n * LABEL_SIZE);
        if (bytes.length !== n * LABEL_SIZE) throw new Error(`${postDataFileName(k)} is short`);
        out.set(bytes, off);
      } finally {
        await f.close();
      }
      off += n * LABEL_SIZE;
      at += BigInt(n);
    }
    return out;
  }
}
