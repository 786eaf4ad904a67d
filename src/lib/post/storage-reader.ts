// Reading labels back from an initialized data set, over any PostStorage (files under Node,
// OPFS in the browser's node worker): what proving reads (post-rs reader.rs).
import type { LabelReader } from './interface.ts';
import { LABEL_SIZE } from './interface.ts';
import {
  decodeMetadata,
  labelsPerFile,
  METADATA_FILE_NAME,
  postDataFileName,
  totalLabels,
  type PostMetadata,
} from './metadata.ts';
import type { PostStorage } from './storage.ts';

/** LabelReader over an initialized data set (for proving and checks). */
export class StorageLabelReader implements LabelReader {
  readonly totalLabels: bigint;
  readonly metadata: PostMetadata;
  readonly #storage: PostStorage;

  protected constructor(storage: PostStorage, metadata: PostMetadata) {
    this.#storage = storage;
    this.metadata = metadata;
    this.totalLabels = totalLabels(metadata);
  }

  /** Opens the data set in `storage`; `where` names it in errors. */
  static async openStorage(storage: PostStorage, where: string): Promise<StorageLabelReader> {
    const text = await storage.readMetadata();
    if (text === undefined) throw new Error(`no ${METADATA_FILE_NAME} in ${where}`);
    return new StorageLabelReader(storage, decodeMetadata(text));
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
      const f = await this.#storage.openDataFile(k);
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
