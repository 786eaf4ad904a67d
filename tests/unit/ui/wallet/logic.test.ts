import { describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { encodeAddress } from '../../../../src/lib/crypto/address.ts';
import { encodeBase64 } from '../../../../src/lib/api/v2alpha1/shape.ts';
import type { TransactionResponse } from '../../../../src/lib/api/v2alpha1/tx.ts';
import { addAccount, newWallet } from '../../../../src/lib/wallet/accounts.ts';
import {
  accountLabel,
  addContact,
  contactsOf,
  historyRows,
  parseIdleMinutes,
  parseKeyList,
  parseRecipient,
  passwordStrength,
  pickConfirmPositions,
  removeContact,
  renameKey,
  shortAddress,
  txRow,
  txStatusWord,
  wrongConfirmations,
} from '../../../../src/lib/ui/wallet/logic.ts';

const MNEMONIC =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const addr = (b: number) => new Uint8Array(24).fill(b).fill(0, 0, 4);
const A = encodeAddress(addr(1), 'stest');
const B = encodeAddress(addr(2), 'stest');

function tx(o: {
  principal: string;
  to?: string;
  amount?: string;
  state?: TransactionResponse['txState'];
  status?: 'TRANSACTION_STATUS_SUCCESS' | 'TRANSACTION_STATUS_FAILURE';
  layer?: number;
  fee?: string;
  id?: number;
}): TransactionResponse {
  return {
    tx: {
      id: encodeBase64(new Uint8Array(32).fill(o.id ?? 7)),
      principal: o.principal,
      template: '',
      method: 16,
      nonce: { counter: '1' },
      maxGas: '100',
      gasPrice: '1',
      maxSpend: o.amount ?? '0',
      raw: '',
      type: o.to ? 'TRANSACTION_TYPE_SINGLE_SIG_SEND' : 'TRANSACTION_TYPE_SINGLE_SIG_SELFSPAWN',
      contents: o.to ? { send: { destination: o.to, amount: o.amount ?? '0' } } : {},
    },
    txResult:
      o.status === undefined
        ? null
        : {
            status: o.status,
            message: o.status === 'TRANSACTION_STATUS_FAILURE' ? 'no funds' : '',
            gasConsumed: '10',
            fee: o.fee ?? '10',
            block: '',
            layer: o.layer ?? 0,
            touchedAddresses: [],
          },
    ...(o.state === undefined ? {} : { txState: o.state }),
  } as TransactionResponse;
}

describe('passwordStrength', () => {
  it('grades by length, character classes and common choices', () => {
    expect(passwordStrength('').score).toBe(0);
    expect(passwordStrength('abc123').score).toBe(0);
    expect(passwordStrength('password1').score).toBe(1);
    expect(passwordStrength('aaaaaaaaaa').score).toBe(1);
    expect(passwordStrength('abcdefgh').score).toBe(2);
    expect(passwordStrength('abcdefgh12').score).toBe(3);
    expect(passwordStrength('Tr0ub4dor&3x').score).toBe(4);
    expect(passwordStrength('correct horse battery staple').score).toBe(4);
  });
});

describe('mnemonic confirmation', () => {
  it('picks distinct sorted positions in range', () => {
    let i = 0;
    const seq = [5, 5, 2, 11, 0];
    expect(pickConfirmPositions(12, 3, () => seq[i++]!)).toEqual([2, 5, 11]);
    for (let k = 0; k < 50; k++) {
      const p = pickConfirmPositions(24, 3);
      expect(new Set(p).size).toBe(3);
      expect(p.every((x) => x >= 0 && x < 24)).toBe(true);
      expect([...p].sort((a, b) => a - b)).toEqual(p);
    }
    expect(() => pickConfirmPositions(2, 3)).toThrow();
  });
  it('names the positions whose word is wrong', () => {
    expect(wrongConfirmations(MNEMONIC, [0, 11], ['abandon', ' About '])).toEqual([]);
    expect(wrongConfirmations(MNEMONIC, [0, 11], ['abandon', 'abandon'])).toEqual([11]);
    expect(wrongConfirmations(MNEMONIC, [3], [''])).toEqual([3]);
  });
});

describe('accounts and contacts in the secrets', () => {
  it('renames a key and its wallet account, refusing empty and duplicate names', async () => {
    let w = await newWallet({ mnemonic: MNEMONIC, displayName: 'w', created: 'now' });
    w = await addAccount(w, { created: 'now' });
    const r = renameKey(w, 1, '  Savings ');
    expect(r.secrets.keys.map((k) => k.displayName)).toEqual(['Key 0', 'Savings']);
    expect(r.secrets.accounts.map((a) => a.displayName)).toEqual(['Main Account', 'Savings']);
    expect(w.secrets.keys[1]!.displayName).toBe('Key 1'); // not mutated
    expect(() => renameKey(r, 0, 'Savings')).toThrow(/exists/);
    expect(() => renameKey(r, 0, ' ')).toThrow(/empty/);
    expect(() => renameKey(r, 5, 'x')).toThrow(/no account/);
    const [k0, k1] = r.secrets.keys;
    expect(accountLabel(r, k0!.publicKey, k0!.displayName)).toBe('Main Account');
    expect(accountLabel(r, k1!.publicKey.toUpperCase(), k1!.displayName)).toBe('Savings');
    expect(accountLabel(r, 'ff'.repeat(32), 'Ledger key')).toBe('Ledger key');
  });

  it('adds and removes contacts of this network only', async () => {
    const w = await newWallet({ mnemonic: MNEMONIC, displayName: 'w', created: 'now' });
    const c = addContact(w, { nickname: ' Bob ', address: B }, 'stest');
    expect(contactsOf(c)).toEqual([{ nickname: 'Bob', address: B }]);
    expect(() => addContact(c, { nickname: 'Bob', address: A }, 'stest')).toThrow(/exists/);
    expect(() => addContact(c, { nickname: 'Bo', address: B }, 'stest')).toThrow(/already/);
    expect(() => addContact(w, { nickname: 'X', address: B }, 'sm')).toThrow(/network/);
    expect(() => addContact(w, { nickname: '', address: B }, 'stest')).toThrow(/name/);
    expect(contactsOf(removeContact(c, B))).toEqual([]);
  });
});

describe('inputs', () => {
  it('parses recipients with clear errors', () => {
    expect(bytesToHex(parseRecipient(` ${A} `, 'stest'))).toBe('00'.repeat(4) + '01'.repeat(20));
    expect(() => parseRecipient('', 'stest')).toThrow(/enter/);
    expect(() => parseRecipient('stest1qqq', 'stest')).toThrow(/not a valid address/);
    expect(() => parseRecipient(A, 'sm')).toThrow(/network "stest"/);
  });
  it('reads idle minutes in 1..1440', () => {
    expect(parseIdleMinutes('5')).toBe(5);
    expect(parseIdleMinutes(0)).toBe(10);
    expect(parseIdleMinutes('2.5', 3)).toBe(3);
    expect(parseIdleMinutes(null)).toBe(10);
    expect(parseIdleMinutes(1441)).toBe(10);
  });
  it('parses key lists', () => {
    const k = 'ab'.repeat(32);
    expect(parseKeyList(`${k}\n0x${'cd'.repeat(32)}, `).map((b) => bytesToHex(b))).toEqual([
      k,
      'cd'.repeat(32),
    ]);
    expect(() => parseKeyList('abcd')).toThrow(/key 1/);
  });
  it('shortens addresses', () => {
    expect(shortAddress('abc')).toBe('abc');
    expect(shortAddress(A, 6, 4)).toBe(`${A.slice(0, 6)}…${A.slice(-4)}`);
  });
});

describe('history rows', () => {
  it('maps states to pending / applied / failed', () => {
    expect(txStatusWord(tx({ principal: A, state: 'TRANSACTION_STATE_MEMPOOL' }))).toBe('pending');
    expect(txStatusWord(tx({ principal: A, state: 'TRANSACTION_STATE_MESH' }))).toBe('pending');
    expect(
      txStatusWord(
        tx({
          principal: A,
          state: 'TRANSACTION_STATE_PROCESSED',
          status: 'TRANSACTION_STATUS_SUCCESS',
        }),
      ),
    ).toBe('applied');
    expect(
      txStatusWord(
        tx({
          principal: A,
          state: 'TRANSACTION_STATE_PROCESSED',
          status: 'TRANSACTION_STATUS_FAILURE',
        }),
      ),
    ).toBe('failed');
    expect(txStatusWord(tx({ principal: A, state: 'TRANSACTION_STATE_REJECTED' }))).toBe('failed');
  });

  it('signs amounts from the account’s side and charges the fee to the sender', () => {
    const sent = tx({
      principal: A,
      to: B,
      amount: '1000',
      status: 'TRANSACTION_STATUS_SUCCESS',
      layer: 30,
      fee: '5',
    });
    const out = txRow(sent, A)!;
    expect(out).toMatchObject({ label: 'Sent', delta: -1005n, counterparty: B, fee: 5n });
    expect(out.id).toBe('07'.repeat(32));
    expect(txRow(sent, B)).toMatchObject({
      label: 'Received',
      delta: 1000n,
      counterparty: A,
      fee: null,
    });
    const failed = tx({
      principal: A,
      to: B,
      amount: '1000',
      status: 'TRANSACTION_STATUS_FAILURE',
    });
    expect(txRow(failed, B)).toMatchObject({ delta: 0n, status: 'failed', message: 'no funds' });
    expect(txRow(failed, A)).toMatchObject({ delta: -10n });
    const spawn = tx({ principal: A, status: 'TRANSACTION_STATUS_SUCCESS', fee: '3' });
    expect(txRow(spawn, A)).toMatchObject({ label: 'Spawn', delta: -3n });
  });

  it('merges rewards and transactions newest first, pending on top', () => {
    const rows = historyRows(
      [
        tx({
          id: 1,
          principal: A,
          to: B,
          amount: '1',
          status: 'TRANSACTION_STATUS_SUCCESS',
          layer: 21,
        }),
        tx({ id: 2, principal: A, to: B, amount: '1', state: 'TRANSACTION_STATE_MEMPOOL' }),
      ],
      [
        { layer: 20, total: '50', layerReward: '40', coinbase: A, smesher: '' },
        { layer: 25, total: '50', layerReward: '40', coinbase: A, smesher: '' },
      ],
      A,
    );
    expect(rows.map((r) => [r.kind, r.layer, r.status])).toEqual([
      ['tx', null, 'pending'],
      ['reward', 25, 'applied'],
      ['tx', 21, 'applied'],
      ['reward', 20, 'applied'],
    ]);
    expect(rows[1]!.delta).toBe(50n);
  });
});
