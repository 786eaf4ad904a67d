// Byte-string helpers shared across components (concatenation and hex come from
// @noble/hashes/utils.js).

/** Bytewise unsigned comparison; a proper prefix sorts first (= big-endian numeric order for
 * equal lengths, and LevelDB's / IndexedDB's key order). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
