// Test-only SCALE compact integer encoder, for building spawn arguments in principal vectors
// while src/lib/codec is written elsewhere. Checked against go-scale's table in address.test.ts.
export function compact(value: bigint | number): Uint8Array {
  const v = BigInt(value);
  if (v < 0n) throw new RangeError('compact: negative');
  if (v < 1n << 6n) return new Uint8Array([Number(v << 2n)]);
  if (v < 1n << 14n) return le((v << 2n) | 1n, 2);
  if (v < 1n << 30n) return le((v << 2n) | 2n, 4);
  // big-integer mode: header ((n - 4) << 2) | 3, then the minimal n little-endian bytes
  let n = 0;
  for (let x = v; x > 0n; x >>= 8n) n++;
  return new Uint8Array([((n - 4) << 2) | 3, ...le(v, n)]);
}

function le(v: bigint, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return out;
}
