// Fuzzing transaction decoding: for each template × method, 100,000 random inputs (a valid
// header of that kind followed by random bytes) and 100,000 mutations of valid signed
// encodings; the same for unsigned bodies and for the signature parsers. Properties: only
// DecodeError is ever thrown; anything accepted re-encodes to the same bytes (or shorter, for
// non-minimal big-integer compacts go-scale accepts) and decodes back to the same value; and
// decode(encode(tx)) = tx for random valid transactions.
import { describe, expect, it } from 'vitest';
import { EncodeError, Reader } from '../../../src/lib/codec/index.ts';
import {
  decodeSignature,
  decodeTx,
  decodeUnsignedTx,
  encodeSignature,
  encodeSignedTx,
  encodeTx,
  Method,
  readSignatureShape,
  TEMPLATES,
  type SignatureScheme,
  type SignedTx,
  type Transaction,
  type TxSignature,
} from '../../../src/lib/vm/tx/index.ts';
import { deepEqual, fuzzDecoder, fuzzSeed, mutate, Rng, sameBytes } from '../codec/fuzz-kit.ts';

const RANDOM = 100_000;
const MUTATED = 100_000;
const ROUND_TRIPS = 5_000;
/** Valid encodings to mutate, per kind: each is mutated ~50 times, in different ways. */
const POOL = 2_000;

const seed = fuzzSeed('tx fuzz');

type Kind = 'wallet.spawn' | 'multisig.spawn' | 'vesting.spawn' | 'vault.spawn' | 'spend' | 'drain';
const KINDS: Kind[] = [
  'wallet.spawn',
  'multisig.spawn',
  'vesting.spawn',
  'vault.spawn',
  'spend',
  'drain',
];

function keys(rng: Rng): Uint8Array[] {
  return Array.from({ length: rng.int(11) }, () => rng.bytes(32));
}

function genTx(rng: Rng, kind: Kind): Transaction {
  const common = { principal: rng.bytes(24), nonce: rng.uint(64), gasPrice: rng.uint(64) };
  switch (kind) {
    case 'wallet.spawn':
      return { ...common, method: 'spawn', template: 'wallet', args: { publicKey: rng.bytes(32) } };
    case 'multisig.spawn':
      return {
        ...common,
        method: 'spawn',
        template: 'multisig',
        args: { required: rng.uintN(8), publicKeys: keys(rng) },
      };
    case 'vesting.spawn':
      return {
        ...common,
        method: 'spawn',
        template: 'vesting',
        args: { required: rng.uintN(8), publicKeys: keys(rng) },
      };
    case 'vault.spawn':
      return {
        ...common,
        method: 'spawn',
        template: 'vault',
        args: {
          owner: rng.bytes(24),
          totalAmount: rng.uint(64),
          initialUnlockAmount: rng.uint(64),
          vestingStart: rng.uintN(32),
          vestingEnd: rng.uintN(32),
        },
      };
    case 'spend':
      return {
        ...common,
        method: 'spend',
        args: { destination: rng.bytes(24), amount: rng.uint(64) },
      };
    case 'drain':
      return {
        ...common,
        method: 'drain',
        args: { vault: rng.bytes(24), destination: rng.bytes(24), amount: rng.uint(64) },
      };
  }
}

function genSignature(rng: Rng): TxSignature {
  if (rng.bool()) return { kind: 'single', sig: rng.bytes(64) };
  const refs = new Set<number>();
  const n = 1 + rng.int(10);
  while (refs.size < n) refs.add(rng.int(4) === 0 ? rng.int(256) : rng.int(10));
  return {
    kind: 'multi',
    parts: [...refs].sort((a, b) => a - b).map((ref) => ({ ref, sig: rng.bytes(64) })),
  };
}

/** A valid signed encoding (≤ 1024 bytes: falls back to a single signature when parts don't fit). */
function genSigned(rng: Rng, kind: Kind): Uint8Array {
  const tx = genTx(rng, kind);
  try {
    return encodeSignedTx(tx, genSignature(rng));
  } catch (e) {
    if (!(e instanceof EncodeError)) throw e;
    return encodeSignedTx(tx, { kind: 'single', sig: rng.bytes(64) });
  }
}

/** version ‖ principal ‖ method ‖ [template]: the start of a body of `kind`, before random bytes. */
function header(rng: Rng, kind: Kind): Uint8Array {
  const [template, method] = kind.includes('.')
    ? (kind.split('.') as [keyof typeof TEMPLATES, 'spawn'])
    : [undefined, kind as 'spend' | 'drain'];
  const parts = [Uint8Array.of(0), rng.bytes(24), Uint8Array.of(Method[method] << 2)];
  if (template) parts.push(TEMPLATES[template].address);
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

function withTail(rng: Rng, head: Uint8Array): Uint8Array {
  const tail = rng.bytes(rng.int(300));
  const out = new Uint8Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}

/** Accepted signed input: re-encodes to the same (or shorter) bytes and decodes to the same value. */
function checkSigned(signed: SignedTx, input: Uint8Array): void {
  let again: Uint8Array;
  try {
    again = encodeSignedTx(signed.tx, signed.signature);
  } catch (e) {
    // Decoding keeps parts in any order (verification refuses them); encoding insists on order.
    if (e instanceof EncodeError && signed.signature.kind === 'multi') return;
    throw e;
  }
  if (!sameBytes(again, input) && again.length >= input.length)
    throw new Error('re-encodes differently');
  const back = decodeTx(again);
  if (!deepEqual(back.tx, signed.tx) || !deepEqual(back.signature, signed.signature))
    throw new Error('re-encoding decodes differently');
  if (!sameBytes(signed.raw, input)) throw new Error('raw is not the input');
}

function checkUnsigned(tx: Transaction, input: Uint8Array): void {
  const again = encodeTx(tx);
  if (!sameBytes(again, input) && again.length >= input.length)
    throw new Error('re-encodes differently');
  if (!deepEqual(decodeUnsignedTx(again), tx)) throw new Error('re-encoding decodes differently');
}

describe(`transaction decoders fuzz (seed ${seed})`, () => {
  KINDS.forEach((kind, i) => {
    it(`decodeTx ${kind}: ${RANDOM} random + ${MUTATED} mutated inputs, ${ROUND_TRIPS} round trips`, () => {
      const rng = new Rng(seed + i * 0x9e3779b9);
      const random = fuzzDecoder(
        `decodeTx ${kind} random`,
        RANDOM,
        () => withTail(rng, header(rng, kind)),
        decodeTx,
        checkSigned,
      );
      const pool = Array.from({ length: POOL }, () => genSigned(rng, kind));
      const mutated = fuzzDecoder(
        `decodeTx ${kind} mutated`,
        MUTATED,
        () => mutate(rng, rng.pick(pool)),
        decodeTx,
        checkSigned,
      );
      expect(random.inputs + mutated.inputs).toBe(RANDOM + MUTATED);
      expect(mutated.decoded).toBeGreaterThan(0);
      expect(mutated.rejected).toBeGreaterThan(0);
      for (let n = 0; n < ROUND_TRIPS; n++) {
        const tx = genTx(rng, kind);
        const signature = genSignature(rng);
        let raw: Uint8Array;
        try {
          raw = encodeSignedTx(tx, signature);
        } catch (e) {
          if (e instanceof EncodeError) continue; // over 1024 bytes
          throw e;
        }
        const back = decodeTx(raw);
        if (!deepEqual(back.tx, tx) || !deepEqual(back.signature, signature))
          expect([back.tx, back.signature]).toEqual([tx, signature]);
        if (!deepEqual(decodeUnsignedTx(encodeTx(tx)), tx))
          expect(decodeUnsignedTx(encodeTx(tx))).toEqual(tx);
      }
    });
  });

  it(`decodeUnsignedTx: ${RANDOM} random + ${MUTATED} mutated inputs`, () => {
    const rng = new Rng(seed ^ 0x55555555);
    fuzzDecoder(
      'decodeUnsignedTx random',
      RANDOM,
      () => withTail(rng, header(rng, rng.pick(KINDS))),
      decodeUnsignedTx,
      checkUnsigned,
    );
    const pool = Array.from({ length: POOL }, () => encodeTx(genTx(rng, rng.pick(KINDS))));
    const m = fuzzDecoder(
      'decodeUnsignedTx mutated',
      MUTATED,
      () => mutate(rng, rng.pick(pool)),
      decodeUnsignedTx,
      checkUnsigned,
    );
    expect(m.decoded).toBeGreaterThan(0);
  });

  it(`decodeTx on ${RANDOM} fully random inputs`, () => {
    const rng = new Rng(seed ^ 0x33333333);
    fuzzDecoder('decodeTx any', RANDOM, () => rng.bytes(rng.int(1100)), decodeTx, checkSigned);
  });

  it(`signature parsers: ${RANDOM} random + ${MUTATED} mutated regions`, () => {
    const rng = new Rng(seed ^ 0x77777777);
    const scheme = (): SignatureScheme =>
      rng.int(3) === 0
        ? { template: 'wallet' }
        : { template: rng.bool() ? 'multisig' : 'vesting', required: 1 + rng.int(10) };
    const parse = (b: Uint8Array) => {
      const byShape = readSignatureShape(new Reader(b));
      // Whatever the shape reading accepts, the scheme reading of its own scheme accepts too.
      const own: SignatureScheme =
        byShape.kind === 'single'
          ? { template: 'wallet' }
          : { template: 'multisig', required: byShape.parts.length };
      if (!deepEqual(decodeSignature(b, own), byShape))
        throw new Error('shape and scheme readings differ');
      return byShape;
    };
    const check = (sig: TxSignature, input: Uint8Array) => {
      try {
        if (!sameBytes(encodeSignature(sig), input)) throw new Error('re-encodes differently');
      } catch (e) {
        if (!(e instanceof EncodeError)) throw e; // unordered parts: decodable, not encodable
      }
    };
    const region = () => rng.bytes(rng.pick([0, 63, 64, 65, 66, 130, 131, 200, rng.int(700)]));
    const pool = Array.from({ length: POOL }, () => encodeSignature(genSignature(rng)));
    fuzzDecoder('signature shape random', RANDOM, region, parse, check);
    fuzzDecoder(
      'signature shape mutated',
      MUTATED,
      () => mutate(rng, rng.pick(pool)),
      parse,
      check,
    );
    fuzzDecoder(
      'signature scheme random',
      RANDOM,
      region,
      (b) => decodeSignature(b, scheme()),
      check,
    );
    fuzzDecoder(
      'signature scheme mutated',
      MUTATED,
      () => mutate(rng, rng.pick(pool)),
      (b) => decodeSignature(b, scheme()),
      check,
    );
  });

  it('the harness fails on any exception other than DecodeError', () => {
    expect(() =>
      fuzzDecoder(
        'broken',
        3,
        () => new Uint8Array(2),
        () => {
          throw new RangeError('offset is out of bounds');
        },
      ),
    ).toThrow(/input 0000 threw RangeError: offset is out of bounds, not a DecodeError/);
  });
});
