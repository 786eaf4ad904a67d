// Sign → decode → verify round trips for every template, and every way verification must fail.
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { encode, EncodeError } from '../../../../src/lib/codec/index.ts';
import { publicKeyOf, signTx } from '../../../../src/lib/crypto/signing.ts';
import {
  assembleMultisigTx,
  decodeSignature,
  decodeTx,
  decodeTxBody,
  encodeSignedTx,
  encodeTx,
  principalOf,
  selfSpawnAccount,
  selfSpawnTx,
  signMultisigTx,
  signPart,
  SignaturePart,
  signWalletTx,
  txId,
  verifySignedTx,
  type PrincipalAccount,
  type Transaction,
} from '../../../../src/lib/vm/tx/index.ts';

const genesis = hexToBytes('9eebff023abb17ccb775c602daade8ed708f0a50');
const otherGenesis = hexToBytes('00'.repeat(20));
const seeds = Array.from({ length: 10 }, (_, i) => new Uint8Array(32).fill(i + 1));
const keys = seeds.map((s) => publicKeyOf(s));
const dest = principalOf('wallet', { publicKey: new Uint8Array(32).fill(0xee) });

function flip(b: Uint8Array, i: number): Uint8Array {
  const c = b.slice();
  c[i]! ^= 0x01;
  return c;
}

describe('wallet', () => {
  const spawn = selfSpawnTx('wallet', { publicKey: keys[0]! }, { gasPrice: 2n });
  const account: PrincipalAccount = { template: 'wallet', args: { publicKey: keys[0]! } };

  it('self-spawn verifies with the account it creates', () => {
    const raw = signWalletTx(spawn, seeds[0]!, genesis);
    const signed = decodeTx(raw);
    expect(signed.tx).toEqual(spawn);
    expect(selfSpawnAccount(signed.tx)).toEqual(account);
    expect(verifySignedTx(signed, account, genesis)).toBe(true);
    expect(bytesToHex(txId(raw))).toBe(bytesToHex(txId(signed.raw)));
  });

  const spend: Transaction = {
    method: 'spend',
    principal: spawn.principal,
    nonce: 1n,
    gasPrice: 1n,
    args: { destination: dest, amount: 10n ** 12n },
  };
  const raw = signWalletTx(spend, seeds[0]!, genesis);
  const signed = decodeTx(raw);

  it('spend verifies', () => expect(verifySignedTx(signed, account, genesis)).toBe(true));
  it('fails with another key', () =>
    expect(
      verifySignedTx(signed, { template: 'wallet', args: { publicKey: keys[1]! } }, genesis),
    ).toBe(false));
  it('fails under another genesis id', () =>
    expect(verifySignedTx(signed, account, otherGenesis)).toBe(false));
  it('fails when any byte of the body or signature changes', () => {
    for (let i = 0; i < raw.length; i++) {
      let ok: boolean;
      try {
        ok = verifySignedTx(decodeTx(flip(raw, i)), account, genesis);
      } catch {
        ok = false; // the flip made it undecodable
      }
      expect([i, ok]).toEqual([i, false]);
    }
  });
  it('fails for a multisig or vault account', () => {
    expect(
      verifySignedTx(
        signed,
        { template: 'multisig', args: { required: 1, publicKeys: [keys[0]!] } },
        genesis,
      ),
    ).toBe(false);
    expect(
      verifySignedTx(
        signed,
        {
          template: 'vault',
          args: {
            owner: dest,
            totalAmount: 1n,
            initialUnlockAmount: 0n,
            vestingStart: 0,
            vestingEnd: 1,
          },
        },
        genesis,
      ),
    ).toBe(false);
  });
  it('reads the signature region for the wallet scheme exactly', () => {
    const { signatureRegion } = decodeTxBody(raw);
    expect(signatureRegion).toHaveLength(64);
    expect(decodeSignature(signatureRegion, { template: 'wallet' })).toEqual(signed.signature);
    expect(() =>
      decodeSignature(concatBytes(signatureRegion, new Uint8Array(1)), { template: 'wallet' }),
    ).toThrow(/left after signature/);
  });
});

describe('multisig 2 of 3', () => {
  const args = { required: 2, publicKeys: [keys[0]!, keys[1]!, keys[2]!] };
  const account: PrincipalAccount = { template: 'multisig', args };
  const spawn = selfSpawnTx('multisig', args, { gasPrice: 1n });
  const spend: Transaction = {
    method: 'spend',
    principal: spawn.principal,
    nonce: 1n,
    gasPrice: 3n,
    args: { destination: dest, amount: 5n },
  };
  const unsigned = encodeTx(spend);
  const part = (ref: number, seed = seeds[ref]!): SignaturePart => ({
    ref,
    sig: signTx(seed, genesis, unsigned),
  });
  /** body ‖ parts exactly as given (no sorting or checks), to build invalid transactions. */
  const raw = (...parts: SignaturePart[]): Uint8Array =>
    concatBytes(unsigned, ...parts.map((p) => encode(SignaturePart, p)));

  it('self-spawn verifies', () => {
    const signed = decodeTx(
      signMultisigTx(
        spawn,
        [
          { ref: 1, secretKey: seeds[1]! },
          { ref: 2, secretKey: seeds[2]! },
        ],
        genesis,
      ),
    );
    expect(signed.tx).toEqual(spawn);
    expect(verifySignedTx(signed, selfSpawnAccount(signed.tx)!, genesis)).toBe(true);
  });
  it('parts signed separately and assembled in any order verify', () => {
    const assembled = assembleMultisigTx(spend, [
      signPart(spend, 2, seeds[2]!, genesis),
      signPart(spend, 0, seeds[0]!, genesis),
    ]);
    expect(bytesToHex(assembled)).toBe(bytesToHex(raw(part(0), part(2))));
    expect(verifySignedTx(decodeTx(assembled), account, genesis)).toBe(true);
  });
  it('fails with too few signatures', () =>
    expect(verifySignedTx(decodeTx(raw(part(0))), account, genesis)).toBe(false));
  it('fails with more parts than required', () =>
    expect(verifySignedTx(decodeTx(raw(part(0), part(1), part(2))), account, genesis)).toBe(false));
  it('fails with a duplicate ref', () =>
    expect(verifySignedTx(decodeTx(raw(part(1), part(1))), account, genesis)).toBe(false));
  it('fails with refs out of order', () =>
    expect(verifySignedTx(decodeTx(raw(part(2), part(0))), account, genesis)).toBe(false));
  it('fails with a ref past the keys', () =>
    expect(verifySignedTx(decodeTx(raw(part(0), part(3, seeds[2]))), account, genesis)).toBe(
      false,
    ));
  it('fails when a part is signed by a key other than its ref', () =>
    expect(verifySignedTx(decodeTx(raw(part(0), part(1, seeds[2]))), account, genesis)).toBe(
      false,
    ));
  it('fails under another genesis id', () =>
    expect(verifySignedTx(decodeTx(raw(part(0), part(1))), account, otherGenesis)).toBe(false));
  it('fails for a single-signature wallet reading', () =>
    expect(
      verifySignedTx(
        decodeTx(raw(part(0), part(1))),
        { template: 'wallet', args: { publicKey: keys[0]! } },
        genesis,
      ),
    ).toBe(false));
  it('refuses to assemble two parts for one key', () =>
    expect(() => assembleMultisigTx(spend, [part(1), part(1)])).toThrow(EncodeError));
  it('refuses to encode parts out of order', () =>
    expect(() => encodeSignedTx(spend, { kind: 'multi', parts: [part(1), part(0)] })).toThrow(
      /ascend/,
    ));
  it('reads exactly `required` parts for the multisig scheme', () => {
    const region = decodeTxBody(raw(part(0), part(1))).signatureRegion;
    expect(decodeSignature(region, { template: 'multisig', required: 2 })).toEqual({
      kind: 'multi',
      parts: [part(0), part(1)],
    });
    expect(() => decodeSignature(region, { template: 'multisig', required: 1 })).toThrow(
      /left after signature/,
    );
    expect(() => decodeSignature(region, { template: 'multisig', required: 3 })).toThrow(
      /signature\[2\]/,
    );
  });
});

describe('vesting and vault', () => {
  const args = { required: 2, publicKeys: [keys[3]!, keys[4]!] };
  const vesting: PrincipalAccount = { template: 'vesting', args };
  const principal = principalOf('vesting', args);
  const signers = [
    { ref: 0, secretKey: seeds[3]! },
    { ref: 1, secretKey: seeds[4]! },
  ];
  const vaultArgs = {
    owner: principal,
    totalAmount: 10n ** 15n,
    initialUnlockAmount: 10n ** 14n,
    vestingStart: 105120,
    vestingEnd: 420480,
  };
  const vault = principalOf('vault', vaultArgs);

  it('vesting self-spawn, vault spawn and drain verify with the vesting account', () => {
    const txs: Transaction[] = [
      selfSpawnTx('vesting', args, { gasPrice: 1n }),
      { method: 'spawn', template: 'vault', principal, nonce: 1n, gasPrice: 1n, args: vaultArgs },
      {
        method: 'drain',
        principal,
        nonce: 2n,
        gasPrice: 1n,
        args: { vault, destination: dest, amount: 7n },
      },
      {
        method: 'spend',
        principal,
        nonce: 3n,
        gasPrice: 1n,
        args: { destination: dest, amount: 8n },
      },
    ];
    for (const tx of txs) {
      const signed = decodeTx(signMultisigTx(tx, signers, genesis));
      expect(signed.tx).toEqual(tx);
      expect(verifySignedTx(signed, vesting, genesis)).toBe(true);
      expect(
        verifySignedTx(
          signed,
          { template: 'multisig', args: { required: 2, publicKeys: [keys[3]!, keys[5]!] } },
          genesis,
        ),
      ).toBe(false);
      expect(verifySignedTx(signed, { template: 'vault', args: vaultArgs }, genesis)).toBe(false);
    }
    // Only the vesting self-spawn carries its own account; the vault spawn is sent by its owner.
    expect(selfSpawnAccount(txs[0]!)).toEqual(vesting);
    expect(selfSpawnAccount(txs[1]!)).toBeUndefined();
  });
  it('a vesting account with required 0 (refused at spawn) verifies nothing', () =>
    expect(
      verifySignedTx(
        decodeTx(signMultisigTx(selfSpawnTx('vesting', args, { gasPrice: 1n }), signers, genesis)),
        { template: 'vesting', args: { required: 0, publicKeys: args.publicKeys } },
        genesis,
      ),
    ).toBe(false));
});

describe('size limit (1024 bytes)', () => {
  it('a signed 10-of-10 multisig self-spawn is exactly 1024 bytes at gas price 1, too long at 100', () => {
    const args = { required: 10, publicKeys: keys };
    const signers = seeds.map((secretKey, ref) => ({ ref, secretKey }));
    const fits = signMultisigTx(selfSpawnTx('multisig', args, { gasPrice: 1n }), signers, genesis);
    expect(fits).toHaveLength(1024);
    expect(verifySignedTx(decodeTx(fits), { template: 'multisig', args }, genesis)).toBe(true);
    // gas price 100 takes a 2-byte compact: one byte over
    const tx = selfSpawnTx('multisig', args, { gasPrice: 100n });
    expect(() => signMultisigTx(tx, signers, genesis)).toThrow(/1025 bytes, above the limit 1024/);
    expect(() => decodeTx(concatBytes(fits, new Uint8Array(1)))).toThrow(
      /1025 bytes, above the limit 1024/,
    );
  });
  it('9 of 10 fits', () => {
    const args = { required: 9, publicKeys: keys };
    const tx = selfSpawnTx('multisig', args, { gasPrice: 1n });
    const raw = signMultisigTx(
      tx,
      seeds.slice(0, 9).map((secretKey, ref) => ({ ref, secretKey })),
      genesis,
    );
    expect(raw.length).toBeLessThanOrEqual(1024);
    expect(verifySignedTx(decodeTx(raw), selfSpawnAccount(tx)!, genesis)).toBe(true);
  });
});
