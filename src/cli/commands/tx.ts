// `smesh tx parse <hex>`: decode a transaction offline and print it as JSON.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { DecodeError } from '../../lib/codec/index.ts';
import { HRP } from '../../lib/crypto/address.ts';
import { GENESIS_ID_LENGTH } from '../../lib/crypto/signing.ts';
import {
  decodeTx,
  decodeUnsignedTx,
  describeTx,
  principalTemplateOf,
  selfSpawnAccount,
  txId,
  verifySignedTx,
  type SignedTx,
  type TxSignature,
} from '../../lib/vm/tx/index.ts';
import { parseArgs } from '../args.ts';
import { UsageError, type CliIO, type Command } from '../io.ts';

const usage = `Usage: smesh tx parse <hex> [options]

Decodes a Spacemesh transaction (go-spacemesh genvm layout) and prints it as JSON:
its id (blake3 of the raw bytes), template, method, principal, nonce, gas price,
arguments (addresses in bech32, amounts in smidge as decimal strings) and signature.

  <hex>               the transaction bytes in hex, with or without 0x

Options:
  --hrp <hrp>         address prefix: ${Object.values(HRP).join(', ')} (default ${HRP.mainnet})
  --unsigned          <hex> is an unsigned body (no signature), as wallets sign it
  --blob              <hex> is genesis id (20 bytes) ‖ unsigned body, the form a
                      Ledger app receives; the genesis id is printed too
  --genesis-id <hex>  check the signature of a self-spawn (the only transactions
                      whose signer can be known without account state)

A signed transaction is the default. Its signature is read by shape: 64 bytes is a
wallet signature, anything else must be multisig/vesting parts (ref ‖ signature).
A spend does not name its principal's template: "template" is "wallet" for a single
signature and null for parts (multisig or vesting; only account state can tell).`;

const spec = {
  hrp: { type: 'string' },
  unsigned: { type: 'boolean' },
  blob: { type: 'boolean' },
  'genesis-id': { type: 'string' },
} as const;

function parseHex(s: string, what: string): Uint8Array {
  const body = s.startsWith('0x') || s.startsWith('0X') ? s.slice(2) : s;
  if (body.length === 0 || body.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(body))
    throw new CliFailure(`${what} is not hex (an even number of 0-9a-f digits, optional 0x)`);
  return hexToBytes(body);
}

/** A failure worth exactly one line on stderr and exit code 1. */
class CliFailure extends Error {}

function describeSignature(sig: TxSignature): Record<string, unknown> {
  return sig.kind === 'single'
    ? { kind: 'single', sig: bytesToHex(sig.sig) }
    : { kind: 'multi', parts: sig.parts.map((p) => ({ ref: p.ref, sig: bytesToHex(p.sig) })) };
}

function verification(
  signed: SignedTx,
  genesisId: Uint8Array | undefined,
): Record<string, unknown> {
  if (genesisId === undefined) return {};
  const account = selfSpawnAccount(signed.tx);
  // null: the signer's keys live in account state, which an offline parse does not have.
  return { verified: account === undefined ? null : verifySignedTx(signed, account, genesisId) };
}

function parse(args: string[], io: CliIO): number {
  const { options, positionals } = parseArgs(args, spec);
  if (positionals.length !== 1) throw new UsageError('tx parse takes exactly one hex argument');
  const hrp = (options.hrp as string | undefined) ?? HRP.mainnet;
  if (!(Object.values(HRP) as string[]).includes(hrp))
    throw new UsageError(`unknown --hrp '${hrp}' (expected ${Object.values(HRP).join(', ')})`);
  if (options.unsigned && options.blob)
    throw new UsageError('--unsigned and --blob exclude each other');
  const genesisHex = options['genesis-id'] as string | undefined;
  if (genesisHex !== undefined && (options.unsigned || options.blob))
    throw new UsageError('--genesis-id checks signatures: it needs a signed transaction');

  try {
    const input = parseHex(positionals[0]!, 'the transaction');
    const genesisId = genesisHex === undefined ? undefined : parseHex(genesisHex, '--genesis-id');
    if (genesisId !== undefined && genesisId.length !== GENESIS_ID_LENGTH)
      throw new CliFailure(`--genesis-id must be ${GENESIS_ID_LENGTH} bytes`);

    let out: Record<string, unknown>;
    if (options.blob) {
      if (input.length < GENESIS_ID_LENGTH)
        throw new CliFailure(`a blob starts with a ${GENESIS_ID_LENGTH}-byte genesis id`);
      const tx = decodeUnsignedTx(input.subarray(GENESIS_ID_LENGTH));
      out = { genesisId: bytesToHex(input.subarray(0, GENESIS_ID_LENGTH)), ...describeTx(tx, hrp) };
    } else if (options.unsigned) {
      out = { ...describeTx(decodeUnsignedTx(input), hrp) };
    } else {
      const signed = decodeTx(input);
      out = {
        id: bytesToHex(txId(signed.raw)),
        size: signed.raw.length,
        ...describeTx(signed.tx, hrp, principalTemplateOf(signed)),
        signature: describeSignature(signed.signature),
        ...verification(signed, genesisId),
      };
    }
    io.out(JSON.stringify(out, null, 2));
    return 0;
  } catch (e) {
    if (e instanceof DecodeError) {
      const hint =
        !options.unsigned &&
        !options.blob &&
        e.code === 'truncated' &&
        e.field === '' &&
        /signature/.test(e.message)
          ? ' (for an unsigned body pass --unsigned)'
          : '';
      io.err(`smesh tx: cannot decode transaction: ${e.message}${hint}`);
      return 1;
    }
    if (e instanceof CliFailure) {
      io.err(`smesh tx: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

export const txCommand: Command = {
  name: 'tx',
  summary: 'inspect transactions (tx parse <hex>)',
  usage,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === undefined) throw new UsageError('missing subcommand (parse)');
    if (sub !== 'parse') throw new UsageError(`unknown subcommand '${sub}'`);
    return parse(rest, io);
  },
};
