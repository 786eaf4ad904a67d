// SCALE codec against go-scale's own tables (tests/vectors/scale.json) and sm-codec's compact
// tests: every encoding must match byte for byte, every must-fail input must throw DecodeError.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import {
  bool,
  byteSlice,
  compact16,
  compact32,
  compact64,
  compact8,
  decode,
  DecodeError,
  encode,
  option,
  Reader,
  slice,
  string,
  struct,
  u16,
  u32,
  u64,
  u8,
  type Codec,
  type DecodeErrorCode,
} from '../../../src/lib/codec/index.ts';
import { loadVectors } from '../vectors.ts';

interface ValueHex {
  value: string | null;
  hex: string;
}
interface GoldenEntry {
  Object?: { Value: number };
  Hex: string;
  Error?: string;
}
interface ScaleVectors {
  compact8: ValueHex[];
  compact16: ValueHex[];
  compact32: ValueHex[];
  compact64: ValueHex[];
  'option_compact8 (*uint8)': ValueHex[];
  option_compact16: ValueHex[];
  option_compact32: ValueHex[];
  option_compact64: ValueHex[];
  slices: { type: string; value: string[]; hex: string }[];
  fixed_width: { type: string; value: string; hex: string }[];
  bound_must_fail: Record<'compact8' | 'compact16' | 'compact32' | 'compact64', string[]>;
  golden_examples: Record<'U8.json' | 'U16.json' | 'U32.json' | 'U64.json', GoldenEntry[]>;
  struct_slice_limit_must_fail: { hex: string; limit: number; error: string };
  codegen_error_examples: Record<string, { Errors: string[] }>;
}

const v = loadVectors<ScaleVectors>('scale.json');

/** go-scale's MaxElements default, used where a table has no per-field maximum. */
const MAX_ELEMENTS = 1 << 20;

// Numbers for the ≤32-bit widths, bigint for 64: a table value in the type the codec uses.
const widths = {
  compact8: { codec: compact8 as Codec<number | bigint>, max: 0xff, big: false },
  compact16: { codec: compact16 as Codec<number | bigint>, max: 0xffff, big: false },
  compact32: { codec: compact32 as Codec<number | bigint>, max: 0xffffffff, big: false },
  compact64: { codec: compact64 as Codec<number | bigint>, max: 2 ** 64 - 1, big: true },
} as const;
type Width = keyof typeof widths;

function typed(width: Width, s: string): number | bigint {
  return widths[width].big ? BigInt(s) : Number(s);
}

/** Decodes with a bare Reader, so a failure cannot come from the trailing-bytes check. */
function decodeStrict<T>(codec: Codec<T>, hex: string): T {
  return codec.decode(new Reader(hexToBytes(hex)));
}

function expectDecodeError(fn: () => unknown, code?: DecodeErrorCode): DecodeError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(DecodeError);
  const err = caught as DecodeError;
  if (code !== undefined) expect(err.code).toBe(code);
  return err;
}

describe('compact integers (go-scale encoder_test.go)', () => {
  for (const width of Object.keys(widths) as Width[]) {
    const { codec } = widths[width];
    describe(width, () => {
      for (const row of v[width]) {
        it(`${row.value} <-> ${row.hex}`, () => {
          const value = typed(width, row.value!);
          expect(bytesToHex(encode(codec, value))).toBe(row.hex);
          expect(decode(codec, hexToBytes(row.hex))).toBe(value);
        });
      }
    });
  }
});

describe('options of compact integers', () => {
  const tables: [Width, ValueHex[]][] = [
    ['compact8', v['option_compact8 (*uint8)']],
    ['compact16', v.option_compact16],
    ['compact32', v.option_compact32],
    ['compact64', v.option_compact64],
  ];
  for (const [width, rows] of tables) {
    const codec = option(widths[width].codec);
    for (const row of rows) {
      it(`${width} ${row.value} <-> ${row.hex}`, () => {
        const value = row.value === null ? null : typed(width, row.value);
        expect(bytesToHex(encode(codec, value))).toBe(row.hex);
        expect(decode(codec, hexToBytes(row.hex))).toBe(value);
      });
    }
  }
  it('refuses a presence byte other than 0 or 1', () => {
    const err = expectDecodeError(
      () => decode(option(compact8), hexToBytes('0204')),
      'invalid-value',
    );
    expect(err.message).toMatch(/presence byte 2/);
  });
  it('refuses a present marker with no value', () => {
    expectDecodeError(() => decode(option(compact8), hexToBytes('01')), 'truncated');
  });
});

describe('slices of compact integers', () => {
  const byType: Record<string, Width> = {
    '[]uint16': 'compact16',
    '[]uint32': 'compact32',
    '[]uint64': 'compact64',
  };
  for (const row of v.slices) {
    it(`${row.type} ${row.hex}`, () => {
      const width = byType[row.type]!;
      const codec = slice(widths[width].codec, MAX_ELEMENTS);
      const value = row.value.map((s) => typed(width, s));
      expect(bytesToHex(encode(codec, value))).toBe(row.hex);
      expect(decode(codec, hexToBytes(row.hex))).toEqual(value);
    });
  }
});

describe('fixed-width little-endian integers', () => {
  const codecs: Record<string, Codec<number | bigint>> = {
    uint8: u8 as Codec<number | bigint>,
    uint16: u16 as Codec<number | bigint>,
    uint32: u32 as Codec<number | bigint>,
    uint64: u64 as Codec<number | bigint>,
  };
  for (const row of v.fixed_width) {
    it(`${row.type} ${row.value} <-> ${row.hex}`, () => {
      const codec = codecs[row.type]!;
      const value = row.type === 'uint64' ? BigInt(row.value) : Number(row.value);
      expect(bytesToHex(encode(codec, value))).toBe(row.hex);
      expect(decode(codec, hexToBytes(row.hex))).toBe(value);
    });
  }
  it('u64 round-trips its extremes', () => {
    for (const x of [0n, 1n, 0xffffffffn, 0x100000000n, 2n ** 64n - 1n])
      expect(decode(u64, encode(u64, x))).toBe(x);
  });
});

describe('bound_must_fail (go-scale decoder_test.go)', () => {
  for (const width of Object.keys(widths) as Width[]) {
    for (const hex of v.bound_must_fail[width]) {
      it(`${width} refuses ${hex}`, () => {
        expectDecodeError(() => decodeStrict(widths[width].codec, hex));
      });
    }
  }
});

describe('golden examples (go-scale examples/golden)', () => {
  const files: [keyof ScaleVectors['golden_examples'], Width][] = [
    ['U8.json', 'compact8'],
    ['U16.json', 'compact16'],
    ['U32.json', 'compact32'],
    ['U64.json', 'compact64'],
  ];
  for (const [file, width] of files) {
    // The Go struct is `struct { Value uintN }`, which scalegen encodes as one compact field.
    const codec = struct({ Value: widths[width].codec });
    for (const row of v.golden_examples[file]) {
      if (row.Error === undefined) {
        it(`${file} ${row.Object!.Value} <-> ${row.Hex}`, () => {
          const value = { Value: typed(width, String(row.Object!.Value)) };
          expect(bytesToHex(encode(codec, value))).toBe(row.Hex);
          expect(decode(codec, hexToBytes(row.Hex))).toEqual(value);
        });
      } else {
        it(`${file} refuses ${row.Hex} (${row.Error})`, () => {
          const err = expectDecodeError(
            () => decodeStrict(codec, row.Hex),
            expectedCode(row.Error!, width),
          );
          expect(err.field).toBe('Value');
        });
      }
    }
  }
});

/** The code our decoder gives for each of go-scale's error texts. */
function expectedCode(goError: string, width: Width): DecodeErrorCode {
  if (/overflow|needs \d+ bytes/.test(goError)) return 'overflow';
  const m = /^value (\d+) is out of range$/.exec(goError);
  if (!m) throw new Error(`unexpected go-scale error text: ${goError}`);
  return Number(m[1]) > widths[width].max ? 'overflow' : 'non-canonical';
}

describe('mode minimality and overflow', () => {
  it('refuses each shorter-mode value written in a longer mode', () => {
    expectDecodeError(() => decodeStrict(compact32, '0100'), 'non-canonical'); // 0 in 2 bytes
    expectDecodeError(() => decodeStrict(compact32, '02000000'), 'non-canonical'); // 0 in 4 bytes
    expectDecodeError(() => decodeStrict(compact16, '02ff0000'), 'non-canonical');
    expectDecodeError(() => decodeStrict(compact64, '03ffffff3f'), 'non-canonical'); // 2^30-1 in big mode
  });
  it('accepts a big-integer mode with a non-minimal byte count, as go-scale does', () => {
    expect(decodeStrict(compact64, '070000004000')).toBe(2n ** 30n);
  });
  it('refuses a big-integer header that needs more bytes than the width', () => {
    const err = expectDecodeError(() => decodeStrict(compact64, 'ff'), 'overflow');
    expect(err.message).toMatch(/67 bytes/);
    expectDecodeError(() => decodeStrict(compact32, '07ffffffffff'), 'overflow');
  });
  it('reports truncation inside a value', () => {
    expectDecodeError(() => decodeStrict(compact64, '13ffffffffffffff'), 'truncated');
    expectDecodeError(() => decodeStrict(compact32, 'fe'), 'truncated');
    expectDecodeError(() => decodeStrict(compact16, ''), 'truncated');
  });
  it('refuses encoding a value wider than the field', () => {
    expect(() => encode(compact8, 256)).toThrow(/compact8/);
    expect(() => encode(compact16, -1)).toThrow(/compact16/);
    expect(() => encode(compact32, 1.5)).toThrow(/compact32/);
    expect(() => encode(compact64, 2n ** 64n)).toThrow(/compact64/);
  });
});

describe('sm-codec compact.spec.ts', () => {
  interface CompactSpec {
    Compact8: [string, string][];
    Compact16: [string, string][];
    Compact32: [string, string][];
    Compact64: [string, string][];
    mustThrowOnDecode: string[];
  }
  const sm = loadVectors<{ current_tests: { 'compact.spec.ts': CompactSpec } }>(
    'smcodec_golden.json',
  ).current_tests['compact.spec.ts'];
  const tables: [Width, [string, string][]][] = [
    ['compact8', sm.Compact8],
    ['compact16', sm.Compact16],
    ['compact32', sm.Compact32],
    ['compact64', sm.Compact64],
  ];
  for (const [width, rows] of tables) {
    for (const [value, hex] of rows) {
      it(`${width} ${value} <-> ${hex}`, () => {
        expect(bytesToHex(encode(widths[width].codec, typed(width, value)))).toBe(hex);
        expect(decode(widths[width].codec, hexToBytes(hex))).toBe(typed(width, value));
      });
    }
  }
  for (const hex of sm.mustThrowOnDecode) {
    for (const width of Object.keys(widths) as Width[]) {
      it(`${width} refuses ${hex}`, () =>
        expectDecodeError(() => decodeStrict(widths[width].codec, hex)));
    }
  }
});

describe('struct slices with a limit', () => {
  const item = struct({ Value: compact8 });
  const { hex, limit } = v.struct_slice_limit_must_fail;
  it(`refuses ${hex} with limit ${limit} (ErrDecodeTooManyElements)`, () => {
    expectDecodeError(() => decodeStrict(slice(item, limit), hex), 'too-long');
  });
  it('decodes the same bytes when the limit allows three', () => {
    expect(decode(slice(item, 3), hexToBytes(hex))).toEqual([
      { Value: 1 },
      { Value: 2 },
      { Value: 3 },
    ]);
  });
  it('refuses to encode more items than the limit', () => {
    expect(() => encode(slice(item, limit), [{ Value: 1 }, { Value: 2 }, { Value: 3 }])).toThrow(
      /maximum 2/,
    );
  });
  it('names the failing item in the error', () => {
    const err = expectDecodeError(
      () => decode(slice(item, 3), hexToBytes('0c0408fd07')),
      'overflow',
    );
    expect(err.field).toBe('[2].Value');
  });
});

describe('byte slices and strings', () => {
  it('encodes compact length then bytes', () => {
    expect(bytesToHex(encode(byteSlice(8), hexToBytes('010203')))).toBe('0c010203');
    expect(bytesToHex(encode(string(8), 'héllo'))).toBe('18' + '68c3a96c6c6f');
    expect(bytesToHex(encode(byteSlice(8), new Uint8Array()))).toBe('00');
  });
  it('round-trips', () => {
    expect(decode(byteSlice(8), hexToBytes('0c010203'))).toEqual(hexToBytes('010203'));
    expect(decode(string(8), hexToBytes('1868c3a96c6c6f'))).toBe('héllo');
  });
  it('checks the maximum before reading (or allocating) the body', () => {
    // length 2^32-1 with only a few bytes present: too-long, not truncated or an allocation
    expectDecodeError(() => decodeStrict(byteSlice(1024), '03ffffffff00'), 'too-long');
    expectDecodeError(() => decodeStrict(string(4), '1468656c6c6f'), 'too-long');
  });
  it('reports a body shorter than its length as truncated', () => {
    expectDecodeError(() => decodeStrict(byteSlice(10), '100102'), 'truncated');
  });
  it('refuses invalid UTF-8 in a string', () => {
    expectDecodeError(() => decodeStrict(string(4), '08c328'), 'invalid-value');
  });
  it('refuses to encode past the maximum', () => {
    expect(() => encode(byteSlice(2), new Uint8Array(3))).toThrow(/maximum 2/);
    expect(() => encode(string(2), 'abc')).toThrow(/maximum 2/);
  });
});

describe('codegen_error_examples: every variable-length field needs a maximum', () => {
  // scalegen refuses slices and strings without `scale:"max=N"`; here the maximum is a required
  // argument, and leaving it out (from JS) throws at definition time, not at decode time.
  const missing = undefined as unknown as number;
  for (const [name, { Errors }] of Object.entries(v.codegen_error_examples)) {
    if (!Errors.some((e) => /must have max scale tag/.test(e))) continue;
    it(`${name}: ${Errors.join('; ')}`, () => {
      const make = name.startsWith('string')
        ? () => string(missing)
        : name === 'structslice'
          ? () => slice(compact8, missing)
          : () => byteSlice(missing);
      expect(make).toThrow(RangeError);
    });
  }
});

describe('bool and decode()', () => {
  it('takes only 0 and 1 for bool', () => {
    expect(decode(bool, hexToBytes('00'))).toBe(false);
    expect(decode(bool, hexToBytes('01'))).toBe(true);
    expectDecodeError(() => decode(bool, hexToBytes('02')), 'invalid-value');
    expect(bytesToHex(encode(bool, true))).toBe('01');
  });
  it('refuses trailing bytes', () => {
    expectDecodeError(() => decode(compact8, hexToBytes('0400')), 'trailing-bytes');
  });
  it('prefixes the field path', () => {
    const codec = struct({ outer: struct({ inner: compact16 }) });
    const err = expectDecodeError(() => decode(codec, hexToBytes('0100')), 'non-canonical');
    expect(err.field).toBe('outer.inner');
    expect(err.message).toMatch(/^outer\.inner: /);
  });
});
