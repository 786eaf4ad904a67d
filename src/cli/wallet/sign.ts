// `smesh wallet sign | verify`: text messages signed the smapp-lite way (see message.ts).
import { bytesToHex } from '@noble/hashes/utils.js';
import { encodeAddress } from '../../lib/crypto/address.ts';
import { findKey, secretKeyOf } from '../../lib/wallet/accounts.ts';
import { principalOf } from '../../lib/vm/tx/index.ts';
import { parseArgs } from '../args.ts';
import { UsageError, type CliIO } from '../io.ts';
import {
  keystoreSpec,
  networkSpec,
  readTextFile,
  resolveHrp,
  str,
  WalletFailure,
  type WalletHost,
} from './context.ts';
import { unlock } from './keys.ts';
import {
  messageBody,
  parseHex,
  parseSignedMessage,
  signMessage,
  verifySignedMessage,
  type SignedMessage,
} from '../../lib/wallet/message.ts';

export async function sign(args: string[], io: CliIO, host: WalletHost): Promise<number> {
  const { options, positionals } = parseArgs(args, {
    ...keystoreSpec,
    account: { type: 'string' },
    'message-file': { type: 'string' },
  });
  const file = str(options, 'message-file');
  if ((file === undefined) === (positionals.length === 0))
    throw new UsageError('give the message as arguments or with --message-file (one of them)');
  const message =
    file === undefined ? positionals.join(' ') : await readTextFile(file, 'message file');
  if (message === '') throw new WalletFailure('empty-message', 'the message is empty');
  const { wallet } = await unlock(options, host);
  const { key } = findKey(wallet, str(options, 'account') ?? '0');
  // The signed JSON is what a person shares, so it is the output with or without --json.
  io.out(JSON.stringify(signMessage(secretKeyOf(key), message), null, 2));
  return 0;
}

export async function verify(args: string[], io: CliIO): Promise<number> {
  const { options, positionals } = parseArgs(args, {
    ...networkSpec,
    json: keystoreSpec.json,
    'public-key': { type: 'string' },
    signature: { type: 'string' },
    text: { type: 'string' },
  });
  const hrp = resolveHrp(options);
  const parts = ['public-key', 'signature', 'text'].map((n) => str(options, n));
  let m: SignedMessage;
  if (parts.every((p) => p === undefined)) {
    if (positionals.length !== 1)
      throw new UsageError(
        'wallet verify takes one signed-message file (or --public-key, --signature, --text)',
      );
    m = parseSignedMessage(await readTextFile(positionals[0]!, 'signed message'));
  } else {
    if (positionals.length > 0 || parts.some((p) => p === undefined))
      throw new UsageError('--public-key, --signature and --text go together, without a file');
    const [publicKey, signature, text] = parts as [string, string, string];
    m = { publicKey, signature, text };
  }
  const valid = verifySignedMessage(m);
  const publicKey = parseHex(m.publicKey, 'publicKey', 32);
  const address = encodeAddress(principalOf('wallet', { publicKey }), hrp);
  const out = { valid, publicKey: bytesToHex(publicKey), address, message: messageBody(m.text) };
  if (options.json) io.out(JSON.stringify(out, null, 2));
  else if (valid) io.out(`valid: signed by ${out.publicKey} (wallet ${address})`);
  else io.err('smesh wallet: INVALID signature');
  return valid ? 0 : 1;
}
