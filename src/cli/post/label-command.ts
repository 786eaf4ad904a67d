// `smesh post label`: one label, computed from scratch, as an inspection aid.
import { bytesToHex } from '@noble/hashes/utils.js';
import { LABEL_SIZE } from '../../lib/post/interface.ts';
import { commitment } from '../../lib/post/labels.ts';
import { parseArgs } from '../args.ts';
import { UsageError, type CliIO } from '../io.ts';
import { parseHex32, parseInteger, parseProvider, parseScryptN, U64_MAX } from './options.ts';
import { openProvider } from './provider.ts';

export const labelUsage = `Usage: smesh post label --node-id HEX --commitment-atx-id HEX --index I
                        --scrypt-n N [--provider cpu|webgpu]

Prints label I's full 32-byte scrypt-jane output and its 16-byte label (hex), as
JSON {commitment, index, scryptN, output, label}.`;

const spec = {
  'node-id': { type: 'string', required: true },
  'commitment-atx-id': { type: 'string', required: true },
  index: { type: 'string', required: true },
  'scrypt-n': { type: 'string', required: true },
  provider: { type: 'string' },
} as const;

/** Difficulty no output can fail but all-0xff: makes the provider return the full output. */
const ANY = new Uint8Array(32).fill(0xff);

export async function runLabel(args: string[], io: CliIO): Promise<number> {
  const { options: o, positionals } = parseArgs(args, spec);
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const nodeId = parseHex32(o['node-id'], 'node-id');
  const atx = parseHex32(o['commitment-atx-id'], 'commitment-atx-id');
  const index = parseInteger(o.index, 'index', 0n, U64_MAX);
  const scryptN = parseScryptN(o['scrypt-n']);
  const provider = await openProvider(parseProvider(o.provider), 1);
  try {
    const c = commitment(nodeId, atx);
    const b = await provider.compute(c, index, 1, scryptN, ANY);
    const label = b.labels.subarray(0, LABEL_SIZE);
    const output = b.nonce?.value;
    if (!output) throw new Error('the provider returned no full output (all 0xff?)');
    io.out(
      JSON.stringify(
        {
          commitment: bytesToHex(c),
          index: index.toString(),
          scryptN,
          output: bytesToHex(output),
          label: bytesToHex(label),
        },
        null,
        2,
      ),
    );
    return 0;
  } finally {
    await provider.close();
  }
}
