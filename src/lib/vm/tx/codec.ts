// Encoding and decoding of transaction bodies and signed transactions (layout in types.ts).
import {
  DecodeError,
  EncodeError,
  fixedBytes,
  readCompact64,
  readCompact8,
  Reader,
  writeCompact64,
  writeCompact8,
  Writer,
} from '../../codec/index.ts';
import { ADDRESS_LENGTH } from '../../crypto/address.ts';
import { bytesToHex } from '@noble/hashes/utils.js';
import { DrainVaultArguments } from '../templates/vesting/types.ts';
import { SpendArguments } from '../templates/wallet/types.ts';
import { readSignatureShape, writeSignature } from './signature.ts';
import { TEMPLATES, templateAt } from './templates.ts';
import {
  Method,
  TX_SIZE_LIMIT,
  TX_VERSION,
  type SignedTx,
  type Transaction,
  type TxSignature,
} from './types.ts';

const Address = fixedBytes(ADDRESS_LENGTH);

/** Appends the unsigned body of `tx`. */
export function writeTxBody(w: Writer, tx: Transaction): void {
  writeCompact8(w, TX_VERSION);
  Address.encode(w, tx.principal);
  writeCompact8(w, Method[tx.method]);
  if (tx.method === 'spawn') Address.encode(w, TEMPLATES[tx.template].address);
  writeCompact64(w, tx.nonce);
  writeCompact64(w, tx.gasPrice);
  switch (tx.method) {
    case 'spawn':
      switch (tx.template) {
        case 'wallet':
          return TEMPLATES.wallet.spawnArguments.encode(w, tx.args);
        case 'multisig':
        case 'vesting':
          return TEMPLATES[tx.template].spawnArguments.encode(w, tx.args);
        case 'vault':
          return TEMPLATES.vault.spawnArguments.encode(w, tx.args);
      }
      break;
    case 'spend':
      return SpendArguments.encode(w, tx.args);
    case 'drain':
      return DrainVaultArguments.encode(w, tx.args);
  }
  throw new EncodeError('invalid-value', 'unknown transaction kind');
}

/** The unsigned body: what signers sign (after the genesis id). */
export function encodeTx(tx: Transaction): Uint8Array {
  const w = new Writer(128);
  writeTxBody(w, tx);
  return w.finish();
}

/** Body ‖ signature, refusing results over the 1024-byte limit. */
export function encodeSignedTx(tx: Transaction, signature: TxSignature): Uint8Array {
  const w = new Writer(256);
  writeTxBody(w, tx);
  writeSignature(w, signature);
  if (w.length > TX_SIZE_LIMIT)
    throw new EncodeError(
      'bad-length',
      `transaction is ${w.length} bytes, above the limit ${TX_SIZE_LIMIT}`,
    );
  return w.finish();
}

function field<T>(name: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw e instanceof DecodeError ? e.within(name) : e;
  }
}

/** Reads one body from `r`, leaving the cursor on the first signature byte. */
export function readTxBody(r: Reader): Transaction {
  const version = field('version', () => readCompact8(r));
  if (version !== TX_VERSION)
    throw new DecodeError('invalid-value', `unsupported version ${version}`, 'version');
  const principal = field('principal', () => Address.decode(r));
  const method = field('method', () => readCompact8(r));
  if (method === Method.spawn) {
    const address = field('template', () => Address.decode(r));
    const template = templateAt(address);
    if (template === undefined)
      throw new DecodeError('invalid-value', `unknown template ${bytesToHex(address)}`, 'template');
    const { nonce, gasPrice } = readPayload(r);
    const common = { principal, nonce, gasPrice, method: 'spawn' } as const;
    switch (template) {
      case 'wallet':
        return {
          ...common,
          template,
          args: field('args', () => TEMPLATES.wallet.spawnArguments.decode(r)),
        };
      case 'multisig':
      case 'vesting':
        return {
          ...common,
          template,
          args: field('args', () => TEMPLATES[template].spawnArguments.decode(r)),
        };
      case 'vault':
        return {
          ...common,
          template,
          args: field('args', () => TEMPLATES.vault.spawnArguments.decode(r)),
        };
    }
  }
  if (method === Method.spend) {
    const { nonce, gasPrice } = readPayload(r);
    return {
      principal,
      nonce,
      gasPrice,
      method: 'spend',
      args: field('args', () => SpendArguments.decode(r)),
    };
  }
  if (method === Method.drain) {
    const { nonce, gasPrice } = readPayload(r);
    return {
      principal,
      nonce,
      gasPrice,
      method: 'drain',
      args: field('args', () => DrainVaultArguments.decode(r)),
    };
  }
  throw new DecodeError('invalid-value', `unknown method ${method}`, 'method');
}

/**
 * core.Payload: nonce and gas price, parsed by the principal's template. Wallet, multisig and
 * vesting all read it; vault's Parse reads nothing, but a vault cannot sign (its Verify is
 * always false), so every transaction that can be valid carries the payload.
 */
function readPayload(r: Reader): { nonce: bigint; gasPrice: bigint } {
  const nonce = field('nonce', () => readCompact64(r));
  const gasPrice = field('gasPrice', () => readCompact64(r));
  return { nonce, gasPrice };
}

function checkSize(raw: Uint8Array): void {
  if (!(raw instanceof Uint8Array))
    throw new DecodeError('invalid-value', 'transaction is not a Uint8Array');
  if (raw.length > TX_SIZE_LIMIT)
    throw new DecodeError(
      'too-long',
      `transaction is ${raw.length} bytes, above the limit ${TX_SIZE_LIMIT}`,
    );
}

/** A body and the bytes after it, uninterpreted: for callers that know the principal's template. */
export interface TxBody {
  readonly tx: Transaction;
  readonly unsigned: Uint8Array;
  readonly signatureRegion: Uint8Array;
}

/** Splits a raw transaction into its parsed body and its signature region (go-spacemesh parse). */
export function decodeTxBody(raw: Uint8Array): TxBody {
  checkSize(raw);
  const r = new Reader(raw);
  const tx = readTxBody(r);
  return { tx, unsigned: raw.slice(0, r.pos), signatureRegion: r.rest() };
}

/**
 * A signed transaction: body, then a signature read by its shape (see signature.ts). Whether
 * that signature fits the principal is for verifySignedTx to say.
 */
export function decodeTx(raw: Uint8Array): SignedTx {
  checkSize(raw);
  const r = new Reader(raw);
  const tx = readTxBody(r);
  const bodyLength = r.pos;
  const signature = readSignatureShape(r);
  return { tx, signature, raw: raw.slice(), unsigned: raw.slice(0, bodyLength) };
}

/** An unsigned body alone (what a hardware wallet is given after the genesis id). */
export function decodeUnsignedTx(bytes: Uint8Array): Transaction {
  checkSize(bytes);
  const r = new Reader(bytes);
  const tx = readTxBody(r);
  r.end('transaction body');
  return tx;
}
