// WGSL ChaCha20/8 core and scrypt-jane's BlockMix for r = 1. A 128-byte chunk is eight vec4
// rows: rows 0-3 are the first 64-byte block, rows 4-7 the second. Inside ChaCha the four
// rows of a block are the usual a, b, c, d rows, so a column round is plain vector arithmetic
// and a diagonal round is the same after rotating rows b, c, d by one, two, three lanes.
// scrypt-jane's ChaCha variant feeds the 16 words straight in (no word shuffling, unlike its
// SSE Salsa path) and adds the input back after 8 rounds.

const rows = [0, 1, 2, 3];

export const CHACHA_WGSL = /* wgsl */ `
alias Block = array<vec4<u32>, 4>;
alias Chunk = array<vec4<u32>, 8>;

fn rotl4(v: vec4<u32>, n: u32) -> vec4<u32> {
  return (v << vec4<u32>(n)) | (v >> vec4<u32>(32u - n));
}

// Four quarter-rounds at once, one per lane.
fn quarter4(s: ptr<function, Block>) {
  (*s)[0] += (*s)[1]; (*s)[3] = rotl4((*s)[3] ^ (*s)[0], 16u);
  (*s)[2] += (*s)[3]; (*s)[1] = rotl4((*s)[1] ^ (*s)[2], 12u);
  (*s)[0] += (*s)[1]; (*s)[3] = rotl4((*s)[3] ^ (*s)[0], 8u);
  (*s)[2] += (*s)[3]; (*s)[1] = rotl4((*s)[1] ^ (*s)[2], 7u);
}

// ChaCha20/8 as scrypt's mixing function H: 4 double rounds, then add the input.
fn chacha8(input: Block) -> Block {
  var s = input;
  for (var r = 0u; r < 4u; r++) {
    quarter4(&s);
    // Diagonals (0,5,10,15), (1,6,11,12), ... line up after these lane rotations.
    s[1] = s[1].yzwx; s[2] = s[2].zwxy; s[3] = s[3].wxyz;
    quarter4(&s);
    s[1] = s[1].wxyz; s[2] = s[2].zwxy; s[3] = s[3].yzwx;
  }
  return Block(${rows.map((i) => `s[${i}] + input[${i}]`).join(', ')});
}

// BlockMix for r = 1: Y0 = H(B1 ^ B0), Y1 = H(Y0 ^ B1); output (Y0, Y1).
fn block_mix(x: ptr<function, Chunk>) {
  let y0 = chacha8(Block(${rows.map((i) => `(*x)[${4 + i}] ^ (*x)[${i}]`).join(', ')}));
  let y1 = chacha8(Block(${rows.map((i) => `y0[${i}] ^ (*x)[${4 + i}]`).join(', ')}));
  *x = Chunk(${rows.map((i) => `y0[${i}]`).join(', ')}, ${rows.map((i) => `y1[${i}]`).join(', ')});
}
`;
