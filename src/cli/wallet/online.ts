// What the wallet subcommands that talk to a node share: `--node URL`, the node's network (hrp
// and genesis id come from the node, so they cannot disagree with it), the account a command
// acts for, and submitting a transaction with an optional `--wait` until it is executed.
import { hexToBytes } from '@noble/hashes/utils.js';
import { ApiError } from '../../lib/api/errors.ts';
import { createHttpApi } from '../../lib/api/http-client.ts';
import type { SmeshApi } from '../../lib/api/interface.ts';
import { decodeAddressWithHrp, encodeAddress } from '../../lib/crypto/address.ts';
import { describeKey, findKey, secretKeyOf } from '../../lib/wallet/accounts.ts';
import { parseSmh, parseSmidge } from '../../lib/wallet/amount.ts';
import { submitTx, waitForTx, type TxStatus } from '../../lib/wallet/client.ts';
import { principalOf } from '../../lib/vm/tx/index.ts';
import { UsageError, type CliIO } from '../io.ts';
import { keystoreSpec, str, WalletFailure, type Options, type WalletHost } from './context.ts';
import { unlock } from './keys.ts';

export const DEFAULT_NODE = 'http://127.0.0.1:9092';
const DEFAULT_TIMEOUT_S = 120;
const POLL_MS = 1000;

export const nodeSpec = {
  node: { type: 'string' },
  json: keystoreSpec.json,
} as const;

/** Options of commands that sign and submit. */
export const submitSpec = {
  ...keystoreSpec,
  ...nodeSpec,
  account: { type: 'string' },
  'gas-price': { type: 'string' },
  wait: { type: 'boolean' },
  timeout: { type: 'string' },
} as const;

export interface Connection {
  readonly api: SmeshApi;
  readonly url: string;
  readonly hrp: string;
  readonly genesisId: Uint8Array;
}

/** --node, else $SMESH_NODE, else the default; and what the node says its network is. */
export async function connect(options: Options, host: WalletHost): Promise<Connection> {
  const url = str(options, 'node') ?? host.env.SMESH_NODE ?? DEFAULT_NODE;
  if (!/^https?:\/\/[^\s]+$/.test(url))
    throw new UsageError(`--node: "${url}" is not an http(s) URL`);
  const api = createHttpApi({ url, ...(host.fetch === undefined ? {} : { fetch: host.fetch }) });
  const info = await api.info();
  return { api, url, hrp: info.hrp, genesisId: hexToBytes(info.genesisId) };
}

/** An ApiError from the node as a one-line failure (exit 1), keeping the node's message. */
export function nodeFailure(e: unknown): WalletFailure | undefined {
  if (!(e instanceof ApiError)) return undefined;
  return new WalletFailure(`node-${e.reason}`, `node refused (code ${e.code}): ${e.message}`);
}

export function gasPrice(options: Options): bigint {
  const text = str(options, 'gas-price') ?? '1';
  if (!/^[1-9]\d{0,18}$/.test(text))
    throw new UsageError('--gas-price must be a positive integer (smidge per gas)');
  return BigInt(text);
}

/** An amount in SMH (decimals allowed), or in smidge with --smidge. */
export function amountOf(text: string, options: Options): bigint {
  return options.smidge === true ? parseSmidge(text) : parseSmh(text);
}

/** A bech32 address of the node's network. */
export function addressOf(text: string, conn: Connection, what = 'address'): Uint8Array {
  let d;
  try {
    d = decodeAddressWithHrp(text);
  } catch (e) {
    throw new WalletFailure(
      'bad-address',
      `${what} "${text}": ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (d.hrp !== conn.hrp)
    throw new WalletFailure(
      'bad-address',
      `${what} "${text}" is for network "${d.hrp}", the node's is "${conn.hrp}"`,
    );
  return d.address;
}

export interface Signer {
  readonly name: string;
  readonly publicKey: Uint8Array;
  readonly secretKey: Uint8Array;
  /** its single-signature wallet account */
  readonly address: Uint8Array;
}

/** The keystore key `--account` (or `ref`) names, default account 0, with its secret. */
export async function signerOf(options: Options, host: WalletHost, ref?: string): Promise<Signer> {
  const { wallet } = await unlock(options, host);
  const { key, position } = findKey(wallet, ref ?? str(options, 'account') ?? '0');
  const secretKey = secretKeyOf(key);
  const info = describeKey(key, position, 'sm');
  const publicKey = hexToBytes(info.publicKey);
  return { name: info.name, publicKey, secretKey, address: principalOf('wallet', { publicKey }) };
}

/**
 * The address an account argument means: a bech32 address as given, else a keystore account
 * (name or position; unlocking the keystore only then).
 */
export async function accountAddress(
  ref: string | undefined,
  options: Options,
  host: WalletHost,
  conn: Connection,
): Promise<string> {
  if (ref !== undefined && ref.startsWith(`${conn.hrp}1`)) {
    addressOf(ref, conn, 'account');
    return ref;
  }
  const { wallet } = await unlock(options, host);
  const { key, position } = findKey(wallet, ref ?? '0');
  return describeKey(key, position, conn.hrp).address;
}

function sleeper(host: WalletHost): (ms: number) => Promise<void> {
  return host.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
}

/** Submits, prints the id, and with --wait polls until executed (exit 1 on failure/timeout). */
export async function submitAndReport(
  raw: Uint8Array,
  what: Record<string, unknown>,
  options: Options,
  host: WalletHost,
  io: CliIO,
  conn: Connection,
): Promise<number> {
  return reportSubmitted(await submitTx(conn.api, raw), what, options, host, io, conn);
}

/** Prints a submitted tx's id, and with --wait polls until executed (exit 1 on failure/timeout). */
export async function reportSubmitted(
  id: string,
  what: Record<string, unknown>,
  options: Options,
  host: WalletHost,
  io: CliIO,
  conn: Connection,
): Promise<number> {
  if (options.wait !== true) {
    io.out(options.json ? JSON.stringify({ ...what, txId: id }, null, 2) : `submitted tx ${id}`);
    return 0;
  }
  const timeoutText = str(options, 'timeout') ?? String(DEFAULT_TIMEOUT_S);
  if (!/^[1-9]\d{0,5}$/.test(timeoutText)) throw new UsageError('--timeout must be whole seconds');
  if (!options.json) io.err(`submitted tx ${id}; waiting for it to be executed…`);
  const status = await waitForTx(conn.api, id, {
    timeoutMs: Number(timeoutText) * 1000,
    pollMs: POLL_MS,
    now: () => host.now().getTime(),
    sleep: sleeper(host),
  });
  return reportStatus(status, id, what, options, io);
}

function reportStatus(
  status: TxStatus | null,
  id: string,
  what: Record<string, unknown>,
  options: Options,
  io: CliIO,
): number {
  const ok = status?.result?.status === 'TRANSACTION_STATUS_SUCCESS';
  const out = {
    ...what,
    txId: id,
    state: status?.state ?? 'timeout',
    status: status?.result?.status ?? null,
    layer: status?.result?.layer ?? null,
    message: status?.result?.message ?? '',
  };
  if (options.json) io.out(JSON.stringify(out, null, 2));
  else if (status === null) io.out(`tx ${id}: not executed before the timeout`);
  else
    io.out(
      `tx ${id}: ${ok ? 'applied' : 'FAILED'} in layer ${out.layer}` +
        (out.message === '' ? '' : ` (${out.message})`),
    );
  return ok ? 0 : 1;
}

export function formatAddress(a: Uint8Array, conn: Connection): string {
  return encodeAddress(a, conn.hrp);
}
