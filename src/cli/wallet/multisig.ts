// `smesh wallet multisig | vault | sign-tx | submit-tx`: k-of-n accounts (multisig, and vesting,
// which signs the same way and owns vaults). One person writes a partial transaction file
// (src/lib/wallet/partial.ts), each signer adds a signature with `sign-tx`, and anyone submits
// it with `submit-tx` once `required` signatures are in. Amount and nonce come from the node.
import { hexToBytes } from '@noble/hashes/utils.js';
import { resolve } from 'node:path';
import { formatSmh } from '../../lib/wallet/amount.ts';
import { getAccount } from '../../lib/wallet/client.ts';
import { WalletError } from '../../lib/wallet/errors.ts';
import {
  checkMultisigArgs,
  combinePartial,
  missingSignatures,
  newPartial,
  parsePartial,
  partialToJson,
  signPartial,
  type PartialTx,
} from '../../lib/wallet/partial.ts';
import {
  principalOf,
  selfSpawnTx,
  type MultisigSpawnArguments,
  type Transaction,
} from '../../lib/vm/tx/index.ts';
import { parseArgs } from '../args.ts';
import { UsageError, type CliIO } from '../io.ts';
import { readTextFile, str, WalletFailure, type Options, type WalletHost } from './context.ts';
import {
  addressOf,
  amountOf,
  connect,
  formatAddress,
  gasPrice,
  nodeSpec,
  signerOf,
  submitAndReport,
  submitSpec,
  type Connection,
} from './online.ts';
import { writeFileAtomic } from './store.ts';

const keysSpec = {
  ...submitSpec,
  required: { type: 'string' },
  keys: { type: 'string' },
  vesting: { type: 'boolean' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  smidge: { type: 'boolean' },
  vault: { type: 'string' },
  total: { type: 'string' },
  initial: { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
} as const;

/** --required K --keys HEX,HEX,…: the account's spawn arguments. */
function accountArgs(options: Options): MultisigSpawnArguments {
  const keys = str(options, 'keys');
  const required = str(options, 'required');
  if (keys === undefined || required === undefined)
    throw new UsageError('--required K and --keys HEX,HEX,… (public keys) are needed');
  if (!/^\d{1,2}$/.test(required)) throw new UsageError('--required must be a small integer');
  const publicKeys = keys.split(',').map((k, i) => {
    const h = k.trim().replace(/^0x/, '');
    if (!/^[0-9a-fA-F]{64}$/.test(h))
      throw new WalletError('bad-hex', `--keys: key ${i} is not 32 bytes of hex`);
    return hexToBytes(h);
  });
  checkMultisigArgs(Number(required), publicKeys);
  return { required: Number(required), publicKeys };
}

function templateOf(options: Options): 'multisig' | 'vesting' {
  return options.vesting === true ? 'vesting' : 'multisig';
}

async function writePartial(p: PartialTx, options: Options, io: CliIO, conn: Connection) {
  const out = str(options, 'out');
  if (out === undefined) throw new UsageError('--out FILE is needed (the partial transaction)');
  const path = resolve(out);
  const json = partialToJson(p);
  await writeFileAtomic(path, JSON.stringify(json, null, 2) + '\n', {
    overwrite: options.force === true,
  });
  const principal = formatAddress(p.tx.principal, conn);
  const needed = missingSignatures(p);
  io.out(
    options.json
      ? JSON.stringify(
          { partial: path, principal, required: p.account.required, signatures: 0 },
          null,
          2,
        )
      : `wrote ${path}: ${p.tx.method} from ${principal}; ${needed} signatures needed (smesh wallet sign-tx ${out})`,
  );
  return 0;
}

/** multisig address | spawn | send */
export async function multisig(args: string[], io: CliIO, host: WalletHost): Promise<number> {
  const [action, ...rest] = args;
  const { options, positionals } = parseArgs(rest, keysSpec);
  const account = accountArgs(options);
  const template = templateOf(options);
  const principal = principalOf(template, account);
  if (action === 'address') {
    if (positionals.length > 0) throw new UsageError('multisig address takes no arguments');
    const conn = await connect(options, host);
    const address = formatAddress(principal, conn);
    io.out(options.json ? JSON.stringify({ address, template }, null, 2) : address);
    return 0;
  }
  const price = gasPrice(options);
  if (action === 'spawn') {
    if (positionals.length > 0) throw new UsageError('multisig spawn takes no arguments');
    const conn = await connect(options, host);
    const state = await getAccount(conn.api, formatAddress(principal, conn));
    if (state.template !== null)
      throw new WalletError('already-spawned', `${state.address} is spawned already`);
    const tx = selfSpawnTx(template, account, { nonce: state.projectedNonce, gasPrice: price });
    return writePartial(newPartial(template, account, tx, conn.genesisId), options, io, conn);
  }
  if (action === 'send') {
    if (positionals.length !== 2) throw new UsageError('multisig send takes <to> <amount>');
    const amount = amountOf(positionals[1]!, options);
    const conn = await connect(options, host);
    const to = addressOf(positionals[0]!, conn, 'recipient');
    const state = await spawnedState(conn, principal);
    const tx: Transaction = {
      method: 'spend',
      principal,
      nonce: state.projectedNonce,
      gasPrice: price,
      args: { destination: to, amount },
    };
    return writePartial(newPartial(template, account, tx, conn.genesisId), options, io, conn);
  }
  throw new UsageError(`multisig: expected address, spawn or send, not '${action ?? ''}'`);
}

async function spawnedState(conn: Connection, principal: Uint8Array) {
  const state = await getAccount(conn.api, formatAddress(principal, conn));
  if (state.template === null)
    throw new WalletError('not-spawned', `${state.address} is not spawned yet`);
  return state;
}

function layerOf(options: Options, name: string): number {
  const v = str(options, name);
  if (v === undefined || !/^\d{1,10}$/.test(v) || Number(v) > 0xffffffff)
    throw new UsageError(`--${name} must be a layer number`);
  return Number(v);
}

/** vault spawn | drain: a vesting account (its keys sign) creates or drains its vault. */
export async function vault(args: string[], io: CliIO, host: WalletHost): Promise<number> {
  const [action, ...rest] = args;
  const { options, positionals } = parseArgs(rest, keysSpec);
  if (options.vesting === true)
    throw new UsageError('vault commands always act for a vesting account');
  const account = accountArgs(options);
  const owner = principalOf('vesting', account);
  const price = gasPrice(options);
  if (action === 'spawn') {
    if (positionals.length > 0) throw new UsageError('vault spawn takes no arguments');
    const totalAmount = amountOf(str(options, 'total') ?? '', options);
    const initialUnlockAmount = amountOf(str(options, 'initial') ?? '0', options);
    const vestingStart = layerOf(options, 'start');
    const vestingEnd = layerOf(options, 'end');
    if (initialUnlockAmount > totalAmount || vestingEnd < vestingStart)
      throw new UsageError('need --initial ≤ --total and --start ≤ --end');
    const conn = await connect(options, host);
    const state = await spawnedState(conn, owner);
    const vaultArgs = { owner, totalAmount, initialUnlockAmount, vestingStart, vestingEnd };
    const tx: Transaction = {
      method: 'spawn',
      template: 'vault',
      principal: owner,
      nonce: state.projectedNonce,
      gasPrice: price,
      args: vaultArgs,
    };
    if (!options.json)
      io.err(
        `vault ${formatAddress(principalOf('vault', vaultArgs), conn)} (${formatSmh(totalAmount)} SMH)`,
      );
    return writePartial(newPartial('vesting', account, tx, conn.genesisId), options, io, conn);
  }
  if (action === 'drain') {
    if (positionals.length !== 2)
      throw new UsageError('vault drain takes <to> <amount> (and --vault ADDR)');
    const amount = amountOf(positionals[1]!, options);
    const conn = await connect(options, host);
    const vaultAddr = addressOf(str(options, 'vault') ?? '', conn, '--vault');
    const to = addressOf(positionals[0]!, conn, 'recipient');
    const state = await spawnedState(conn, owner);
    const tx: Transaction = {
      method: 'drain',
      principal: owner,
      nonce: state.projectedNonce,
      gasPrice: price,
      args: { vault: vaultAddr, destination: to, amount },
    };
    return writePartial(newPartial('vesting', account, tx, conn.genesisId), options, io, conn);
  }
  throw new UsageError(`vault: expected spawn or drain, not '${action ?? ''}'`);
}

async function readPartial(path: string): Promise<PartialTx> {
  return parsePartial(await readTextFile(path, 'partial transaction'));
}

/** sign-tx FILE [--account A]: adds this keystore key's signature to the file, in place. */
export async function signTx(args: string[], io: CliIO, host: WalletHost): Promise<number> {
  const { options, positionals } = parseArgs(args, {
    keystore: submitSpec.keystore,
    'password-file': submitSpec['password-file'],
    json: submitSpec.json,
    account: submitSpec.account,
  });
  if (positionals.length !== 1)
    throw new UsageError('wallet sign-tx takes one partial transaction file');
  const path = resolve(positionals[0]!);
  const before = await readPartial(path);
  const signer = await signerOf(options, host);
  const after = signPartial(before, signer.secretKey);
  await writeFileAtomic(path, JSON.stringify(partialToJson(after), null, 2) + '\n', {
    overwrite: true,
  });
  const missing = missingSignatures(after);
  const json = { partial: path, signatures: after.parts.length, missing };
  io.out(
    options.json
      ? JSON.stringify(json, null, 2)
      : `signed with "${signer.name}": ${after.parts.length} signatures, ${missing} more needed`,
  );
  return 0;
}

/** submit-tx FILE [--wait]: assembles the signed transaction and submits it. */
export async function submitPartial(args: string[], io: CliIO, host: WalletHost): Promise<number> {
  const { options, positionals } = parseArgs(args, {
    ...nodeSpec,
    wait: submitSpec.wait,
    timeout: submitSpec.timeout,
  });
  if (positionals.length !== 1)
    throw new UsageError('wallet submit-tx takes one partial transaction file');
  const p = await readPartial(resolve(positionals[0]!));
  const raw = combinePartial(p);
  const conn = await connect(options, host);
  if (p.genesisId.some((b, i) => b !== conn.genesisId[i]))
    throw new WalletFailure(
      'wrong-network',
      'the partial transaction was signed for another network',
    );
  const principal = formatAddress(p.tx.principal, conn);
  return submitAndReport(raw, { action: p.tx.method, principal }, options, host, io, conn);
}
