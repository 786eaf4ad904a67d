// `smesh wallet <subcommand>`: the encrypted keystore and what needs no node. Subcommands that
// talk to a node (balance, send, spawn, …) join the table below, taking `--node URL`.
import { AddressError } from '../../lib/crypto/address.ts';
import { InvalidMnemonicError, KeystoreError } from '../../lib/wallet/errors.ts';
import { UsageError, type CliIO, type Command } from '../io.ts';
import { processHost, WalletFailure, type WalletHost } from '../wallet/context.ts';
import { exportKeystore, importKeystore } from '../wallet/files.ts';
import { address, create, list, newAccount, restore } from '../wallet/keys.ts';
import { sign, verify } from '../wallet/sign.ts';

const usage = `Usage: smesh wallet <subcommand> [options]

Keys live in an encrypted keystore (AES-GCM under a PBKDF2-SHA-512 key from your password),
the wallet file of smapp and smapp-lite: export it to open it there, import theirs here.

Subcommands:
  create [--words 12|24] [--name NAME]   new wallet; shows the recovery phrase once
  restore [--mnemonic-file F] [--accounts N]
                                         wallet from a recovery phrase (asked when no file)
  list                                   accounts: position, name, address, HD path
  new-account [--name NAME]              next key m/44'/540'/0'/0'/i' and its account
  address [ACCOUNT]                      an account's address (default account 0)
  sign [--account A] <message…> | --message-file F
                                         sign a text message (smapp-lite's format)
  verify FILE | --public-key HEX --signature HEX --text TEXT
                                         check a signed message; exit 1 when invalid
  export [PATH] [--force]                write the keystore file to PATH (or stdout)
  import FILE [--force]                  check FILE opens with its password, make it the
                                         keystore

Options:
  --keystore PATH       keystore file (default $SMESH_HOME/wallet.json, else
                        ~/.smesh/wallet.json)
  --password-file PATH  read the password from the first line of PATH; without it the
                        password is asked on the terminal (twice for a new one)
  --hrp HRP             address prefix: sm, stest or standalone (default sm)
  --network NAME        address prefix of a preset: mainnet, testnet, devnet, standalone
  --force               replace an existing keystore or export target
  --json                print JSON

ACCOUNT and A are a key's name or its position in \`list\`. Exit codes: 0 ok, 1 failure
(wrong password, damaged file, invalid signature …), 2 usage.`;

type Handler = (args: string[], io: CliIO, host: WalletHost) => Promise<number>;

const subcommands: Record<string, Handler> = {
  address,
  create,
  export: exportKeystore,
  import: importKeystore,
  list,
  'new-account': newAccount,
  restore,
  sign,
  verify: (args, io) => verify(args, io),
};

function failure(e: unknown): { reason: string; message: string } | undefined {
  if (e instanceof KeystoreError || e instanceof WalletFailure)
    return { reason: e.reason, message: e.message };
  if (e instanceof InvalidMnemonicError)
    return { reason: `mnemonic-${e.reason}`, message: `invalid recovery phrase: ${e.message}` };
  if (e instanceof AddressError) return { reason: 'bad-address', message: e.message };
  return undefined;
}

/** The wallet command over a given host (tests pass one with a fake terminal and clock). */
export function makeWalletCommand(host: WalletHost): Command {
  return {
    name: 'wallet',
    summary: 'encrypted keystore, accounts, addresses, message signing (wallet create | list | …)',
    usage,
    async run(args, io) {
      const [sub, ...rest] = args;
      if (sub === undefined) throw new UsageError('missing subcommand');
      const handler = Object.hasOwn(subcommands, sub) ? subcommands[sub] : undefined;
      if (!handler) throw new UsageError(`unknown subcommand '${sub}'`);
      try {
        return await handler(rest, io, host);
      } catch (e) {
        const f = failure(e);
        if (!f) throw e;
        io.err(
          rest.includes('--json')
            ? JSON.stringify({ error: f.reason, message: f.message })
            : `smesh wallet ${sub}: ${f.message}`,
        );
        return 1;
      }
    },
  };
}

export const walletCommand: Command = makeWalletCommand(processHost);
