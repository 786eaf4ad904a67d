// The smesher's PoST data in <data-dir>/post, in post-rs's layout (the same files `smesh post
// init` writes): initialized on the first start, resumed after an interrupted one, and opened as
// it is afterwards. The commitment is the golden ATX, as for every smesher's first ATX.
import { configGoldenAtx } from '../../lib/config/genesis.ts';
import type { NetworkConfig } from '../../lib/config/types.ts';
import { initialize } from '../../lib/post/init.ts';
import type { InitProgress } from '../../lib/post/init.ts';
import type { LabelReader } from '../../lib/post/interface.ts';
import type { PostMetadata } from '../../lib/post/metadata.ts';
import { FileLabelReader, FilePostStorage } from '../post/file-storage.ts';
import { createNodeCpuProvider } from '../post/worker-pool.ts';

export interface PostData {
  readonly metadata: PostMetadata;
  readonly reader: LabelReader;
}

export interface PostDataOptions {
  readonly dir: string;
  readonly network: NetworkConfig;
  readonly nodeId: Uint8Array;
  readonly numUnits: number;
  /** CPU worker threads for labels (default: all cores). */
  readonly threads?: number;
  /** Bytes per postdata file (default: everything in one file). */
  readonly maxFileSize?: bigint;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: InitProgress) => void;
  readonly log?: (line: string) => void;
}

export async function ensurePostData(o: PostDataOptions): Promise<PostData> {
  const labelsPerUnit = BigInt(o.network.post.labelsPerUnit);
  const total = labelsPerUnit * BigInt(o.numUnits);
  const provider = createNodeCpuProvider(o.threads);
  const started = performance.now();
  try {
    const metadata = await initialize({
      storage: new FilePostStorage(o.dir),
      provider,
      nodeId: o.nodeId,
      commitmentAtxId: configGoldenAtx(o.network),
      numUnits: o.numUnits,
      labelsPerUnit,
      scryptN: o.network.post.scrypt.n,
      ...(o.maxFileSize === undefined ? {} : { maxFileSize: o.maxFileSize }),
      ...(o.signal === undefined ? {} : { signal: o.signal }),
      ...(o.onProgress === undefined ? {} : { onProgress: o.onProgress }),
    });
    o.log?.(
      `post data: ${o.numUnits} units, ${total} labels in ${o.dir} ` +
        `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
    return { metadata, reader: await FileLabelReader.open(o.dir) };
  } finally {
    await provider.close();
  }
}
