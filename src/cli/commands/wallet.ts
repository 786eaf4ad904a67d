// `smesh wallet <subcommand>`: the encrypted keystore, what needs no node, and the subcommands
// that talk to a node's HTTP JSON API (balance, send, spawn, …, taking `--node URL`).
import { EncodeError } from '../../lib/codec/index.ts';
import { AddressError } from '../../lib/crypto/address.ts';
import { InvalidMnemonicError, KeystoreError, WalletError } from '../../lib/wallet/errors.ts';
import { UsageError, type CliIO, type Command } from '../io.ts';
import { processHost, WalletFailure, type WalletHost } from '../wallet/context.ts';
import { exportKeystore, importKeystore } from '../wallet/files.ts';
import { address, create, list, newAccount, restore } from '../wallet/keys.ts';
import { multisig, signTx, submitPartial, vault } from '../wallet/multisig.ts';
import { nodeFailure } from '../wallet/online.ts';
import { balance, history, tx } from '../wallet/query.ts';
import { faucet, send, spawn } from '../wallet/send.ts';
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

Online (against a node's API, --node URL, default $SMESH_NODE or http://127.0.0.1:9092):
  balance [ACCOUNT|ADDRESS]              balance, nonce, template, whether spawned
  spawn [ACCOUNT]                        self-spawn the account's wallet (needs coins)
  send <to> <amount> [--smidge]          send SMH (decimals allowed) or smidge
  tx <id>                                a transaction's state and result
  history [ACCOUNT|ADDRESS] [--limit N]  transactions and coinbase rewards
  faucet [ACCOUNT|ADDRESS] [--faucet URL] [--wait]
                                         ask a devnet node's faucet for coins
  multisig address|spawn|send --required K --keys HEX,HEX,… [--vesting] --out FILE
                                         k-of-n account: its address, or a partial
                                         spawn / send for its signers
  vault spawn --required K --keys … --total SMH [--initial SMH] --start L --end L --out F
  vault drain --required K --keys … --vault ADDR <to> <amount> --out FILE
                                         a vesting account's vault: create it, drain it
  sign-tx FILE [--account A]             add this key's signature to a partial transaction
  submit-tx FILE                         submit it once K signatures are in

Options:
  --keystore PATH       keystore file (default $SMESH_HOME/wallet.json, else
                        ~/.smesh/wallet.json)
  --password-file PATH  read the password from the first line of PATH; without it the
                        password is asked on the terminal (twice for a new one)
  --hrp HRP             address prefix: sm, stest or standalone (default sm)
  --network NAME        address prefix of a preset: mainnet, testnet, devnet, standalone
  --force               replace an existing keystore or export target
  --json                print JSON
  --node URL            the node's HTTP API
  --account A           the key that signs (default 0)
  --gas-price N         smidge per unit of gas (default 1)
  --wait [--timeout S]  wait until the transaction is executed (default 120 s); exit 1 when
                        it failed or did not make it in time

ACCOUNT and A are a key's name or its position in \`list\`. Exit codes: 0 ok, 1 failure
(wrong password, damaged file, invalid signature …), 2 usage.`;

type Handler = (args: string[], io: CliIO, host: WalletHost) => Promise<number>;

const subcommands: Record<string, Handler> = {
  address,
  balance,
  create,
  export: exportKeystore,
  faucet,
  history,
  import: importKeystore,
  list,
  multisig,
  'new-account': newAccount,
  restore,
  send,
  sign,
  'sign-tx': signTx,
  spawn,
  'submit-tx': submitPartial,
  tx,
  vault,
  verify: (args, io) => verify(args, io),
};

function failure(e: unknown): { reason: string; message: string } | undefined {
  if (e instanceof KeystoreError || e instanceof WalletFailure || e instanceof WalletError)
    return { reason: e.reason, message: e.message };
  if (e instanceof InvalidMnemonicError)
    return { reason: `mnemonic-${e.reason}`, message: `invalid recovery phrase: ${e.message}` };
  if (e instanceof AddressError) return { reason: 'bad-address', message: e.message };
  if (e instanceof EncodeError) return { reason: 'bad-transaction', message: e.message };
  const node = nodeFailure(e);
  if (node) return { reason: node.reason, message: node.message };
  return undefined;
}

/** The wallet command over a given host (tests pass one with a fake terminal and clock). */
export function makeWalletCommand(host: WalletHost): Command {
  return {
    name: 'wallet',
    summary: 'keystore, accounts, balance, send, multisig, faucet (wallet create | send | …)',
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
