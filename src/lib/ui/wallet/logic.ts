// The wallet pages' pure logic: password hints, mnemonic confirmation, account renames and
// contacts inside the keystore's secrets, recipients, and history rows from the API's shapes.
// No DOM, no API calls: unit-tested in tests/unit/ui/wallet.
import { bytesToHex } from '@noble/hashes/utils.js';
import { decodeAddressWithHrp } from '../../crypto/address.ts';
import type { Reward } from '../../api/v2alpha1/reward.ts';
import type { TransactionResponse } from '../../api/v2alpha1/tx.ts';
import { decodeBase64 } from '../../api/v2alpha1/shape.ts';
import type { UnlockedWallet } from '../../wallet/keystore.ts';

export interface PasswordStrength {
  /** 0 (unusable) .. 4 (strong) */
  readonly score: 0 | 1 | 2 | 3 | 4;
  readonly label: string;
  readonly hint: string;
}

const COMMON = /^(password|passw0rd|qwerty|letmein|welcome|admin|iloveyou|smesh|spacemesh)\d*$/i;

/**
 * A rough strength from length and character classes. It guides, it does not gate (beyond the
 * 8-character floor): the keystore's KDF makes guessing slow, length makes it hopeless.
 */
export function passwordStrength(pw: string): PasswordStrength {
  if (pw.length === 0) return { score: 0, label: 'empty', hint: 'Choose a password.' };
  if (pw.length < 8)
    return { score: 0, label: 'too short', hint: 'Use at least 8 characters (12+ is better).' };
  if (COMMON.test(pw) || /^(.)\1+$/.test(pw) || /^(0123456789|123456789|12345678)/.test(pw))
    return { score: 1, label: 'weak', hint: 'This is one of the first passwords guessed.' };
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(pw)).length;
  const points = (pw.length >= 12 ? 2 : pw.length >= 10 ? 1 : 0) + (classes >= 3 ? 2 : classes);
  if (points >= 4 || pw.length >= 16)
    return { score: 4, label: 'strong', hint: 'Good. Keep it somewhere safe.' };
  if (points >= 3)
    return { score: 3, label: 'good', hint: 'Longer, or a few words together, is stronger.' };
  return {
    score: 2,
    label: 'fair',
    hint: 'Add length or mix letters, digits and symbols.',
  };
}

/** `n` distinct word positions (0-based, ascending) of a `count`-word phrase to ask back. */
export function pickConfirmPositions(
  count: number,
  n: number,
  random: (max: number) => number = randomBelow,
): number[] {
  if (n > count) throw new RangeError('more positions than words');
  const chosen = new Set<number>();
  while (chosen.size < n) chosen.add(random(count));
  return [...chosen].sort((a, b) => a - b);
}

function randomBelow(max: number): number {
  const buf = new Uint32Array(1);
  // Rejection sampling: no modulo bias.
  const limit = Math.floor(0x1_0000_0000 / max) * max;
  do globalThis.crypto.getRandomValues(buf);
  while (buf[0]! >= limit);
  return buf[0]! % max;
}

/** Positions whose typed word differs from the phrase (trimmed, case-insensitive). */
export function wrongConfirmations(
  mnemonic: string,
  positions: readonly number[],
  answers: readonly string[],
): number[] {
  const words = mnemonic.split(' ');
  return positions.filter((p, i) => (answers[i] ?? '').trim().toLowerCase() !== words[p]);
}

/** Renames key `position` and the single-signature account made from it (smapp-lite keeps both). */
export function renameKey(wallet: UnlockedWallet, position: number, name: string): UnlockedWallet {
  const trimmed = name.trim();
  if (trimmed === '') throw new Error('a name cannot be empty');
  const keys = wallet.secrets.keys;
  const key = keys[position];
  if (key === undefined) throw new Error(`no account ${position}`);
  if (keys.some((k, i) => i !== position && k.displayName === trimmed))
    throw new Error(`an account named "${trimmed}" exists already`);
  const pub = key.publicKey.toLowerCase().replace(/^0x/, '');
  const accounts = wallet.secrets.accounts.map((a) =>
    String(a.spawnArguments['PublicKey'] ?? '')
      .toLowerCase()
      .replace(/^0x/, '') === pub
      ? { ...a, displayName: trimmed }
      : a,
  );
  return {
    meta: wallet.meta,
    secrets: {
      ...wallet.secrets,
      keys: keys.map((k, i) => (i === position ? { ...k, displayName: trimmed } : k)),
      accounts,
    },
  };
}

/** smapp-lite's contact record (src/types/wallet.ts Contact). */
export interface Contact {
  readonly address: string;
  readonly nickname: string;
}

/** The well-formed contacts of a wallet (other entries are kept in the file, not shown). */
export function contactsOf(wallet: UnlockedWallet): Contact[] {
  return wallet.secrets.contacts.filter(
    (c): c is Contact =>
      typeof c === 'object' &&
      c !== null &&
      typeof (c as Contact).address === 'string' &&
      typeof (c as Contact).nickname === 'string',
  );
}

/** Adds a contact; the address must be of this network, names and addresses unique. */
export function addContact(wallet: UnlockedWallet, contact: Contact, hrp: string): UnlockedWallet {
  const nickname = contact.nickname.trim();
  const address = contact.address.trim();
  if (nickname === '') throw new Error('give the contact a name');
  parseRecipient(address, hrp);
  const have = contactsOf(wallet);
  if (have.some((c) => c.address === address))
    throw new Error(`${address} is in your contacts already`);
  if (have.some((c) => c.nickname === nickname))
    throw new Error(`a contact named "${nickname}" exists already`);
  return {
    meta: wallet.meta,
    secrets: { ...wallet.secrets, contacts: [...wallet.secrets.contacts, { address, nickname }] },
  };
}

export function removeContact(wallet: UnlockedWallet, address: string): UnlockedWallet {
  return {
    meta: wallet.meta,
    secrets: {
      ...wallet.secrets,
      contacts: wallet.secrets.contacts.filter((c) => (c as Contact)?.address !== address),
    },
  };
}

/** A recipient's 24-byte address, or an Error saying what is wrong with the text. */
export function parseRecipient(text: string, hrp: string): Uint8Array {
  const t = text.trim();
  if (t === '') throw new Error('enter the recipient’s address');
  let d;
  try {
    d = decodeAddressWithHrp(t);
  } catch (e) {
    throw new Error(`not a valid address: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
  if (d.hrp !== hrp)
    throw new Error(`this address is for network "${d.hrp}"; this node's network is "${hrp}"`);
  return d.address;
}

/** Idle minutes before the wallet locks itself: 1..1440, else the default. */
export function parseIdleMinutes(v: unknown, fallback = 10): number {
  const n = typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 1440 ? n : fallback;
}

export type TxStatusWord = 'pending' | 'applied' | 'failed';

export interface HistoryRow {
  readonly kind: 'tx' | 'reward';
  /** hex tx id; for rewards "reward-<layer>" */
  readonly id: string;
  readonly layer: number | null;
  readonly label: string;
  /** +in / -out / 0 (self, spawn) in smidge, from this account's view */
  readonly delta: bigint;
  readonly counterparty: string | null;
  readonly status: TxStatusWord;
  readonly fee: bigint | null;
  readonly message: string;
}

/** pending (mempool / mesh, not executed), applied (executed, success), failed (anything else). */
export function txStatusWord(t: TransactionResponse): TxStatusWord {
  const s = t.txState ?? 'TRANSACTION_STATE_UNSPECIFIED';
  if (t.txResult !== null && t.txResult !== undefined)
    return t.txResult.status === 'TRANSACTION_STATUS_SUCCESS' ? 'applied' : 'failed';
  if (s === 'TRANSACTION_STATE_MEMPOOL' || s === 'TRANSACTION_STATE_MESH') return 'pending';
  if (s === 'TRANSACTION_STATE_PROCESSED') return 'applied';
  return s === 'TRANSACTION_STATE_UNSPECIFIED' ? 'pending' : 'failed';
}

const KIND: Record<string, string> = {
  TRANSACTION_TYPE_SINGLE_SIG_SEND: 'Send',
  TRANSACTION_TYPE_SINGLE_SIG_SPAWN: 'Spawn',
  TRANSACTION_TYPE_SINGLE_SIG_SELFSPAWN: 'Spawn',
  TRANSACTION_TYPE_MULTI_SIG_SEND: 'Multisig send',
  TRANSACTION_TYPE_MULTI_SIG_SPAWN: 'Multisig spawn',
  TRANSACTION_TYPE_MULTI_SIG_SELFSPAWN: 'Multisig spawn',
  TRANSACTION_TYPE_VESTING_SPAWN: 'Vesting spawn',
  TRANSACTION_TYPE_VAULT_SPAWN: 'Vault spawn',
  TRANSACTION_TYPE_DRAIN_VAULT: 'Drain vault',
};

/** One transaction as `address` sees it. */
export function txRow(t: TransactionResponse, address: string): HistoryRow | undefined {
  const tx = t.tx;
  if (tx === null || tx === undefined) return undefined;
  const status = txStatusWord(t);
  const fee =
    t.txResult !== null && t.txResult !== undefined ? BigInt(t.txResult.fee || '0') : null;
  const send = tx.contents?.send ?? tx.contents?.drainVault ?? null;
  const mine = tx.principal === address;
  let delta = 0n;
  let counterparty: string | null = null;
  let label = KIND[tx.type] ?? 'Transaction';
  if (send !== null) {
    const amount = BigInt(send.amount);
    const to = send.destination;
    const moves = status !== 'failed';
    if (mine && to === address) label = 'Sent to self';
    else if (mine) {
      delta = moves ? -amount : 0n;
      counterparty = to;
      label = tx.contents?.drainVault ? 'Drained vault' : 'Sent';
    } else {
      delta = moves ? amount : 0n;
      counterparty = tx.principal;
      label = 'Received';
    }
    if (!moves) delta = 0n;
  }
  return {
    kind: 'tx',
    id: bytesToHex(decodeBase64(tx.id)),
    layer: t.txResult?.layer ?? null,
    label,
    delta: mine && fee !== null ? delta - fee : delta,
    counterparty,
    status,
    fee: mine ? fee : null,
    message: t.txResult?.message ?? '',
  };
}

export function rewardRow(r: Reward): HistoryRow {
  return {
    kind: 'reward',
    id: `reward-${r.layer}`,
    layer: r.layer,
    label: 'Smeshing reward',
    delta: BigInt(r.total),
    counterparty: null,
    status: 'applied',
    fee: null,
    message: '',
  };
}

/** Transactions and rewards together, newest first; pending ones (no layer yet) on top. */
export function historyRows(
  txs: readonly TransactionResponse[],
  rewards: readonly Reward[],
  address: string,
): HistoryRow[] {
  const rows = [
    ...txs.map((t) => txRow(t, address)).filter((r) => r !== undefined),
    ...rewards.map(rewardRow),
  ];
  const key = (r: HistoryRow) => (r.layer === null || r.status === 'pending' ? 1e12 : r.layer);
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => key(b.r) - key(a.r) || b.i - a.i)
    .map((x) => x.r);
}

/** sm1qqqq…wxyz for tight spaces; the full address stays in titles and copy buttons. */
export function shortAddress(a: string, head = 10, tail = 6): string {
  return a.length <= head + tail + 1 ? a : `${a.slice(0, head)}…${a.slice(-tail)}`;
}

/** Public keys typed one per line (or separated by commas / spaces): 32 bytes of hex each. */
export function parseKeyList(text: string): Uint8Array[] {
  return text
    .split(/[\s,]+/)
    .filter((k) => k !== '')
    .map((k, i) => {
      const h = k.replace(/^0x/i, '');
      if (!/^[0-9a-fA-F]{64}$/.test(h)) throw new Error(`key ${i + 1} is not 32 bytes of hex`);
      return Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
    });
}

/**
 * What to call a key's account: the name of its single-signature account in the secrets (smapp-lite
 * names the first "Main Account"), else the key's own name.
 */
export function accountLabel(
  wallet: UnlockedWallet,
  publicKeyHex: string,
  keyName: string,
): string {
  const pub = publicKeyHex.toLowerCase().replace(/^0x/, '');
  const a = wallet.secrets.accounts.find(
    (x) =>
      String(x.spawnArguments['PublicKey'] ?? '')
        .toLowerCase()
        .replace(/^0x/, '') === pub,
  );
  return a?.displayName || keyName;
}
