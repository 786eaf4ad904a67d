// Principal derivation for all four templates (addresses.json zondax_principal_vectors, 53
// cases) and the template addresses.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { decodeAddress, encodeAddress } from '../../../../src/lib/crypto/address.ts';
import { principalOf, TEMPLATES, templateAt } from '../../../../src/lib/vm/tx/index.ts';
import { loadVectors } from '../../vectors.ts';

interface KeyCase {
  template: string;
  publicKey: string;
  address: string;
  addressBytes: string;
}
interface MultiCase {
  template: string;
  required: number;
  participants: number;
  publicKeys: string[];
  address: string;
  addressBytes: string;
}
interface VaultCase {
  template: string;
  owner: { address: string };
  totalAmount: string;
  initialUnlockAmount: string;
  vestingStart: number;
  vestingEnd: number;
  address: string;
  addressBytes: string;
}
interface Vectors {
  zondax_principal_vectors: {
    wallet: KeyCase[];
    multisig: MultiCase[];
    vesting: MultiCase[];
    vault: VaultCase[];
  };
  extra_derived: Record<string, string>[];
}

const v = loadVectors<Vectors>('addresses.json');
const z = v.zondax_principal_vectors;

/** Principal bytes and its bech32 under the HRP the vector's address uses. */
function check(
  principal: Uint8Array,
  c: { address: string; addressBytes: string; template: string },
  template: keyof typeof TEMPLATES,
): void {
  expect(bytesToHex(TEMPLATES[template].address)).toBe(c.template);
  expect(bytesToHex(principal)).toBe(c.addressBytes);
  expect(encodeAddress(principal, c.address.slice(0, c.address.lastIndexOf('1')))).toBe(c.address);
}

describe('zondax principal vectors', () => {
  it('has 53 cases', () =>
    expect(z.wallet.length + z.multisig.length + z.vesting.length + z.vault.length).toBe(53));
  z.wallet.forEach((c, i) =>
    it(`wallet ${i}`, () =>
      check(principalOf('wallet', { publicKey: hexToBytes(c.publicKey) }), c, 'wallet')),
  );
  for (const template of ['multisig', 'vesting'] as const) {
    z[template].forEach((c, i) =>
      it(`${template} ${i} (${c.required} of ${c.participants})`, () => {
        expect(c.publicKeys).toHaveLength(c.participants);
        check(
          principalOf(template, {
            required: c.required,
            publicKeys: c.publicKeys.map((k) => hexToBytes(k)),
          }),
          c,
          template,
        );
      }),
    );
  }
  z.vault.forEach((c, i) =>
    it(`vault ${i}`, () => {
      const args = {
        owner: decodeAddress(c.owner.address),
        totalAmount: BigInt(c.totalAmount),
        initialUnlockAmount: BigInt(c.initialUnlockAmount),
        vestingStart: c.vestingStart,
        vestingEnd: c.vestingEnd,
      };
      check(principalOf('vault', args), c, 'vault');
    }),
  );
});

describe('template addresses', () => {
  const named = v.extra_derived.find((e) => e.note === 'template addresses')!;
  for (const name of ['wallet', 'multisig', 'vesting', 'vault'] as const) {
    it(name, () => {
      expect(encodeAddress(TEMPLATES[name].address, 'sm')).toBe(named[name]);
      expect(templateAt(TEMPLATES[name].address)).toBe(name);
    });
  }
  it('knows no other template', () => {
    const a = new Uint8Array(24);
    a[23] = 5;
    expect(templateAt(a)).toBeUndefined();
    a[23] = 1;
    a[0] = 1;
    expect(templateAt(a)).toBeUndefined();
    expect(templateAt(new Uint8Array(23))).toBeUndefined();
  });
});
