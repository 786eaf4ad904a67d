// `smesh post init`: initialize (or resume) PoST data in a directory, postcli-style.
import { resolve } from 'node:path';
import { InitAbortedError, initialize } from '../../lib/post/init.ts';
import { encodeMetadata } from '../../lib/post/metadata.ts';
import { parseArgs } from '../args.ts';
import { UsageError, type CliIO } from '../io.ts';
import { FilePostStorage } from './file-storage.ts';
import { parseHex32, parseInteger, parseProvider, parseScryptN, U64_MAX } from './options.ts';
import { progressPrinter } from './progress.ts';
import { openProvider } from './provider.ts';

/** go postcli's default: 4 GiB per postdata file. */
export const DEFAULT_MAX_FILE_SIZE = 4n << 30n;

export const initUsage = `Usage: smesh post init --dir D --node-id HEX --commitment-atx-id HEX
                       --num-units U --labels-per-unit L --scrypt-n N
                       [--max-file-size BYTES] [--provider cpu|webgpu]

Writes PoST data in post-rs's layout: postdata_{k}.bin (16-byte labels) and
postdata_metadata.json, with the VRF nonce. Progress goes to stderr; the final
metadata to stdout. Interrupted runs (Ctrl-C, a crash, a kill) resume where the
last durable batch ended when the same command is run again.

  --dir D                  data directory (created when missing)
  --node-id HEX            32 bytes
  --commitment-atx-id HEX  32 bytes
  --num-units U            ≥ 1
  --labels-per-unit L      ≥ 1
  --scrypt-n N             power of two ≥ 2 (mainnet 8192)
  --max-file-size BYTES    bytes per postdata file, a multiple of 16 (default 4 GiB)
  --provider cpu|webgpu    label provider (default cpu)
  --threads T              CPU worker threads (default: all cores)
  --batch-size B           labels per durable batch (default 1024)`;

const spec = {
  dir: { type: 'string', required: true },
  'node-id': { type: 'string', required: true },
  'commitment-atx-id': { type: 'string', required: true },
  'num-units': { type: 'string', required: true },
  'labels-per-unit': { type: 'string', required: true },
  'scrypt-n': { type: 'string', required: true },
  'max-file-size': { type: 'string' },
  provider: { type: 'string' },
  threads: { type: 'string' },
  'batch-size': { type: 'string' },
} as const;

export async function runInit(args: string[], io: CliIO): Promise<number> {
  const { options: o, positionals } = parseArgs(args, spec);
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const dir = resolve(String(o.dir));
  const nodeId = parseHex32(o['node-id'], 'node-id');
  const commitmentAtxId = parseHex32(o['commitment-atx-id'], 'commitment-atx-id');
  const numUnits = Number(parseInteger(o['num-units'], 'num-units', 1n, 0xffffffffn));
  const labelsPerUnit = parseInteger(o['labels-per-unit'], 'labels-per-unit', 1n, U64_MAX);
  if (labelsPerUnit * BigInt(numUnits) > U64_MAX / 16n)
    throw new UsageError('--num-units × --labels-per-unit is too large');
  const scryptN = parseScryptN(o['scrypt-n']);
  const maxFileSize =
    o['max-file-size'] === undefined
      ? DEFAULT_MAX_FILE_SIZE
      : parseInteger(o['max-file-size'], 'max-file-size', 16n, U64_MAX);
  if (maxFileSize % 16n !== 0n)
    throw new UsageError(`--max-file-size must be a multiple of 16: ${maxFileSize}`);
  const provider = parseProvider(o.provider);
  const threads =
    o.threads === undefined ? undefined : Number(parseInteger(o.threads, 'threads', 1n, 1024n));
  const batchSize =
    o['batch-size'] === undefined
      ? undefined
      : Number(parseInteger(o['batch-size'], 'batch-size', 1n, 1n << 20n));

  const labels = await openProvider(provider, threads);
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const write = (s: string) => void process.stderr.write(s);
  try {
    const meta = await initialize({
      storage: new FilePostStorage(dir),
      provider: labels,
      nodeId,
      commitmentAtxId,
      numUnits,
      labelsPerUnit,
      scryptN,
      maxFileSize,
      signal: abort.signal,
      onProgress: progressPrinter(io, write),
      ...(batchSize === undefined ? {} : { batchSize }),
    });
    io.out(encodeMetadata(meta));
    return 0;
  } catch (e) {
    if (e instanceof InitAbortedError) {
      io.err(`smesh post init: interrupted; run the same command again to resume`);
      return 130;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await labels.close();
  }
}
