// All 55 Zondax ledger-spacemesh testcases: blob = genesis id ‖ unsigned tx. Each must decode,
// re-encode to the same bytes, and describeTx must give every field the Ledger app displays.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import {
  decodeUnsignedTx,
  describeTx,
  encodeTx,
  isSelfSpawn,
  type TxDescription,
} from '../../../../src/lib/vm/tx/index.ts';
import { loadVectors } from '../../vectors.ts';

interface Testcase {
  index: number;
  name: string;
  blob: string;
  mainnet: boolean;
  output: string[];
  output_expert: string[];
}

const { testcases } = loadVectors<{ testcases: Testcase[] }>('zondax_testcases.json');
const MAINNET_GENESIS_ID = '9eebff023abb17ccb775c602daade8ed708f0a50';

/** 'N | Label [i/n] : chunk' lines → label → full value (chunks concatenated). */
function fields(lines: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of lines) {
    const m = /^\d+ \| (.+?)(?: \[\d+\/\d+\])? : (.*)$/.exec(line);
    if (!m) throw new Error(`unparsed display line: ${line}`);
    out.set(m[1]!, (out.get(m[1]!) ?? '') + m[2]!);
  }
  return out;
}

/** Ledger amount format: 'SMH <int>.<frac>', trailing zeros stripped, '.0' when integral. */
function smh(smidge: string): string {
  const v = BigInt(smidge);
  const frac = (v % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `SMH ${v / 1_000_000_000n}.${frac === '' ? '0' : frac}`;
}

/** The Ledger 'Tx type' line for a description. */
function txType(d: TxDescription): string {
  if (d.method === 'spend') return 'Spend';
  if (d.method === 'drain') return 'Vault drain';
  const name = d.template!;
  return `${name[0]!.toUpperCase()}${name.slice(1)} spawn`;
}

/** What describeTx gives for each label the Ledger shows. */
function displayed(label: string, d: TxDescription, genesisHex: string): string {
  const a = d.args as Record<string, unknown>;
  const key = /^(Pubkey|Address) (\d+)$/.exec(label);
  if (key) {
    const list = (key[1] === 'Pubkey' ? a.publicKeys : a.keyAddresses) as string[];
    return list[Number(key[2])]!;
  }
  switch (label) {
    case 'Tx type':
      return txType(d);
    case 'Principal':
      return d.principal;
    case 'Gas price':
      return `SMIDGE ${d.gasPrice}`;
    case 'Template':
      return d.templateAddress!;
    case 'Nonce':
      return d.nonce;
    case 'Method':
      return String(d.methodId);
    case 'Genesis Id':
      return genesisHex;
    case 'Destination':
      return a.destination as string;
    case 'Vault':
      return a.vault as string;
    case 'Owner':
      return a.owner as string;
    case 'Amount':
      return smh(a.amount as string);
    case 'TotalAmount':
      return smh(a.totalAmount as string);
    case 'InitialUnlockAmount':
      return smh(a.initialUnlockAmount as string);
    case 'VestingStart':
      return String(a.vestingStart);
    case 'VestingEnd':
      return String(a.vestingEnd);
    case 'Participants':
      return String((a.publicKeys as string[]).length);
    case 'Validators':
      return String(a.required);
  }
  throw new Error(`no mapping for display label '${label}'`);
}

describe('Zondax ledger-spacemesh testcases', () => {
  it('has all 55 cases', () => expect(testcases).toHaveLength(55));

  for (const tc of testcases) {
    it(`${tc.index} ${tc.name}`, () => {
      const blob = hexToBytes(tc.blob.toLowerCase());
      const genesis = blob.subarray(0, 20);
      const unsigned = blob.subarray(20);
      expect(bytesToHex(genesis)).toBe(MAINNET_GENESIS_ID);

      const tx = decodeUnsignedTx(unsigned);
      expect(bytesToHex(encodeTx(tx))).toBe(bytesToHex(unsigned));

      const d = describeTx(tx, tc.mainnet ? 'sm' : 'stest');
      for (const lines of [tc.output, tc.output_expert]) {
        for (const [label, value] of fields(lines))
          expect([label, displayed(label, d, bytesToHex(genesis))]).toEqual([label, value]);
      }

      // Spawns of wallet/multisig/vesting here are self-spawns; a vault is spawned by its owner.
      if (tx.method === 'spawn') {
        expect(isSelfSpawn(tx)).toBe(tx.template !== 'vault');
        if (tx.template === 'vault')
          expect(bytesToHex(tx.args.owner)).toBe(bytesToHex(tx.principal));
      }
    });
  }
});
