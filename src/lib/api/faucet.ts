// "Send me devnet coins": Smesh's own service (go-spacemesh has no faucet; Spacemesh ran one as a
// separate web app for its testnets). A node started with a faucet key answers
// POST /smesh.v1.FaucetService/Drip {address} with {txId, amount}: a spend from the faucet's
// wallet account to `address`, built and submitted through the node's own API. Each address and
// each client (remote IP) gets a few drips per window, so one user cannot drain it. The faucet
// spawns its own wallet once it has coins (a devnet funds it as node-0's coinbase).
import { bytesToHex } from '@noble/hashes/utils.js';
import { decodeAddress, encodeAddress } from '../crypto/address.ts';
import { publicKeyOf } from '../crypto/signing.ts';
import { principalOf, selfSpawnTx, signWalletTx, type Transaction } from '../vm/tx/index.ts';
import { getAccount, submitTx } from '../wallet/client.ts';
import { ApiError, GrpcCode, apiErrorFromBody } from './errors.ts';
import type { SmeshApi } from './interface.ts';

export const FAUCET_PATH = 'smesh.v1.FaucetService/Drip';

export interface DripRequest {
  readonly address: string;
}
export interface DripResponse {
  /** hex */
  readonly txId: string;
  /** smidge, decimal */
  readonly amount: string;
}

export interface FaucetLimit {
  /** drips per window */
  readonly count: number;
  readonly windowMs: number;
}

export interface FaucetOptions {
  /** The node's API: the faucet reads its account and submits through it. */
  readonly api: SmeshApi;
  /** 32-byte ed25519 seed of the faucet's wallet key. */
  readonly secretKey: Uint8Array;
  readonly genesisId: Uint8Array;
  readonly hrp: string;
  /** Smidge per drip. */
  readonly amount: bigint;
  readonly gasPrice?: bigint;
  readonly perAddress: FaucetLimit;
  readonly perClient: FaucetLimit;
  /** Milliseconds; the host's clock. */
  readonly now: () => number;
}

/** The fee a wallet spend or spawn can cost at most here: a generous bound, not an estimate. */
const MAX_FEE_GAS = 200_000n;

export class Faucet {
  readonly #o: FaucetOptions;
  readonly address: Uint8Array;
  readonly #publicKey: Uint8Array;
  /** drip times per address / per client, oldest first */
  readonly #byAddress = new Map<string, number[]>();
  readonly #byClient = new Map<string, number[]>();
  /** Drips run one at a time, so each gets the next nonce. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(o: FaucetOptions) {
    this.#o = o;
    this.#publicKey = publicKeyOf(o.secretKey);
    this.address = principalOf('wallet', { publicKey: this.#publicKey });
  }

  get addressText(): string {
    return encodeAddress(this.address, this.#o.hrp);
  }

  #recent(map: Map<string, number[]>, key: string, limit: FaucetLimit, now: number): number[] {
    const list = (map.get(key) ?? []).filter((t) => now - t < limit.windowMs);
    if (list.length === 0) map.delete(key);
    else map.set(key, list);
    return list;
  }

  #limited(what: string, list: number[], limit: FaucetLimit, now: number): void {
    if (list.length < limit.count) return;
    const wait = Math.ceil((list[0]! + limit.windowMs - now) / 1000);
    throw new ApiError(
      GrpcCode.RESOURCE_EXHAUSTED,
      'faucet-limited',
      `faucet limit for this ${what}: ${limit.count} per ${Math.round(limit.windowMs / 1000)} s; try again in ${wait} s`,
    );
  }

  /** One drip to `address` for `client`. */
  drip(request: unknown, client: string): Promise<DripResponse> {
    const run = this.#queue.then(() => this.#drip(request, client));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #drip(request: unknown, client: string): Promise<DripResponse> {
    const text = (request as { address?: unknown } | null)?.address;
    if (typeof text !== 'string')
      throw new ApiError(GrpcCode.INVALID_ARGUMENT, 'bad-address', 'address is required');
    let to: Uint8Array;
    try {
      to = decodeAddress(text, this.#o.hrp);
    } catch (e) {
      throw new ApiError(
        GrpcCode.INVALID_ARGUMENT,
        'bad-address',
        `address: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    const now = this.#o.now();
    const key = bytesToHex(to);
    const byAddr = this.#recent(this.#byAddress, key, this.#o.perAddress, now);
    const byClient = this.#recent(this.#byClient, client, this.#o.perClient, now);
    this.#limited('address', byAddr, this.#o.perAddress, now);
    this.#limited('client', byClient, this.#o.perClient, now);
    const gasPrice = this.#o.gasPrice ?? 1n;
    const account = await getAccount(this.#o.api, this.addressText);
    if (account.template === null) {
      await this.spawnIfFunded();
      throw new ApiError(
        GrpcCode.UNAVAILABLE,
        'faucet-not-ready',
        account.balance === 0n
          ? 'the faucet has no coins yet (it is funded by rewards): try again in a few layers'
          : 'the faucet is spawning its account: try again in a few layers',
      );
    }
    if (account.projectedBalance < this.#o.amount + MAX_FEE_GAS * gasPrice)
      throw new ApiError(GrpcCode.FAILED_PRECONDITION, 'faucet-empty', 'the faucet is empty');
    const tx: Transaction = {
      method: 'spend',
      principal: this.address,
      nonce: account.projectedNonce,
      gasPrice,
      args: { destination: to, amount: this.#o.amount },
    };
    const txId = await submitTx(
      this.#o.api,
      signWalletTx(tx, this.#o.secretKey, this.#o.genesisId),
    );
    byAddr.push(now);
    byClient.push(now);
    this.#byAddress.set(key, byAddr);
    this.#byClient.set(client, byClient);
    return { txId, amount: this.#o.amount.toString() };
  }

  async isSpawned(): Promise<boolean> {
    return (await getAccount(this.#o.api, this.addressText)).template !== null;
  }

  /**
   * Submits the self-spawn of the faucet's wallet when it has coins and is neither spawned nor
   * spawning; true when one was submitted. The host calls it now and then (and drip does).
   */
  async spawnIfFunded(): Promise<boolean> {
    const account = await getAccount(this.#o.api, this.addressText);
    if (account.template !== null || account.balance === 0n) return false;
    if (account.projectedNonce > account.nonce) return false; // a spawn is pending
    const tx = selfSpawnTx(
      'wallet',
      { publicKey: this.#publicKey },
      {
        nonce: account.nonce,
        gasPrice: this.#o.gasPrice ?? 1n,
      },
    );
    await submitTx(this.#o.api, signWalletTx(tx, this.#o.secretKey, this.#o.genesisId));
    return true;
  }
}

/** Asks a node's faucet for coins (what `smesh wallet faucet` and the app call). */
export async function requestDrip(
  url: string,
  address: string,
  f: typeof fetch = globalThis.fetch.bind(globalThis),
): Promise<DripResponse> {
  const base = url.replace(/\/+$/, '');
  let res: Response;
  try {
    res = await f(`${base}/${FAUCET_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ address }),
    });
  } catch (e) {
    throw new ApiError(
      GrpcCode.UNAVAILABLE,
      'unavailable',
      `${base}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    body = { code: GrpcCode.UNKNOWN, message: `HTTP ${res.status}: ${text.slice(0, 200)}` };
  }
  if (!res.ok) throw apiErrorFromBody(res.status, body);
  return body as DripResponse;
}
