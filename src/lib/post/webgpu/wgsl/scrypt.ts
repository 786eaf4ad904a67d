// WGSL entry points of one scrypt-jane label computation, split into stages so that a long
// ROMix can be cut into several dispatches (browsers kill GPU work that runs for seconds):
//   begin  : X = PBKDF2-HMAC-Keccak512(password, "", 128 bytes)
//   fill   : ROMix phase 1 over steps [step_from, step_to): keep every LOOKUP_GAP-th V block
//   mix    : ROMix phase 2 over steps [step_from, step_to): X = BlockMix(X ^ V[j])
//   finish : out = PBKDF2-HMAC-Keccak512(password, X, 32 bytes); label = out[0..16]
// X survives between dispatches in `state`. Each invocation is one label ("lane").
import { CHACHA_WGSL } from './chacha.ts';
import { KECCAK_WGSL } from './keccak.ts';

const ROWS = [0, 1, 2, 3, 4, 5, 6, 7];

export const SCRYPT_WGSL = /* wgsl */ `
${KECCAK_WGSL}
${CHACHA_WGSL}

// Kept V blocks: V[k] is stored only when k % LOOKUP_GAP == 0; the others are recomputed
// from the nearest kept one in phase 2 (memory / LOOKUP_GAP for extra BlockMix work).
override LOOKUP_GAP: u32 = 1u;
override WORKGROUP_SIZE: u32 = 64u;

struct Params {
  start_lo: u32,   // first label index of this batch (u64 split in halves)
  start_hi: u32,
  count: u32,      // labels in this batch (<= lanes)
  n: u32,          // scrypt N, a power of two
  step_from: u32,  // ROMix step range of this dispatch
  step_to: u32,
  lanes: u32,      // stride of the lane-interleaved buffers
  _pad: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> commitment: array<u32, 8>;
// X of every lane, word-major ([word][lane]) so neighbouring lanes touch neighbouring words.
@group(0) @binding(2) var<storage, read_write> state: array<vec4<u32>>;
// The kept V blocks, slot-major ([slot][lane][8 x vec4]): phase 1 writes are contiguous
// across lanes and every phase-2 read is one whole 128-byte block.
@group(0) @binding(3) var<storage, read_write> scratch: array<vec4<u32>>;
// Full 32-byte outputs (for the VRF-nonce search) and 16-byte labels, lane-major.
@group(0) @binding(4) var<storage, read_write> outputs: array<u32>;
@group(0) @binding(5) var<storage, read_write> labels: array<u32>;

fn lane_id(gid: vec3<u32>, groups: vec3<u32>) -> u32 {
  // 2-D grids let one batch exceed maxComputeWorkgroupsPerDimension workgroups.
  return gid.x + gid.y * groups.x * WORKGROUP_SIZE;
}

// password = commitment (32) || u64le(index) (8) || 32 zero bytes: exactly one rate block.
fn password(lane: u32) -> KeccakBlock {
  var pw: KeccakBlock;
  for (var i = 0u; i < 8u; i++) {
    pw[i] = commitment[i];
  }
  let lo = params.start_lo + lane;
  pw[8] = lo;
  pw[9] = params.start_hi + select(0u, 1u, lo < lane); // carry into the high half
  return pw;
}

fn load_x(lane: u32) -> Chunk {
  return Chunk(${ROWS.map((w) => `state[${w}u * params.lanes + lane]`).join(', ')});
}

fn store_x(lane: u32, x: ptr<function, Chunk>) {
${ROWS.map((w) => `  state[${w}u * params.lanes + lane] = (*x)[${w}];`).join('\n')}
}

fn load_slot(base: u32) -> Chunk {
  return Chunk(${ROWS.map((w) => `scratch[base + ${w}u]`).join(', ')});
}

fn slot_base(slot: u32, lane: u32) -> u32 {
  return (slot * params.lanes + lane) * 8u;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn begin(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let lane = lane_id(gid, groups);
  if (lane >= params.count) { return; }
  var pw = password(lane);
  let ipad = hmac_key_state(&pw, 0x36363636u);
  let opad = hmac_key_state(&pw, 0x5c5c5c5cu);
  var x: Chunk;
  // Two 64-byte PBKDF2 blocks; the salt is empty so each inner message is just be32(j).
  for (var j = 0u; j < 2u; j++) {
    var st = ipad;
    var blk: KeccakBlock;
    blk[0] = (j + 1u) << 24u; // be32(j + 1) read as a little-endian word
    blk[1] = 0x01u;           // original Keccak padding right after the 4 bytes
    blk[17] = 0x80000000u;
    keccak_absorb(&st, &blk);
    let t = hmac_outer(opad, st);
    for (var r = 0u; r < 4u; r++) {
      x[4u * j + r] = vec4<u32>(t[4u * r], t[4u * r + 1u], t[4u * r + 2u], t[4u * r + 3u]);
    }
  }
  store_x(lane, &x);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn fill(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let lane = lane_id(gid, groups);
  if (lane >= params.count) { return; }
  var x = load_x(lane);
  for (var k = params.step_from; k < params.step_to; k++) {
    if (k % LOOKUP_GAP == 0u) {
      let base = slot_base(k / LOOKUP_GAP, lane);
${ROWS.map((w) => `      scratch[base + ${w}u] = x[${w}];`).join('\n')}
    }
    block_mix(&x);
  }
  store_x(lane, &x);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn mix(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let lane = lane_id(gid, groups);
  if (lane >= params.count) { return; }
  var x = load_x(lane);
  for (var k = params.step_from; k < params.step_to; k++) {
    // Integerify: first word of the last 64-byte block.
    let j = x[4].x & (params.n - 1u);
    let base = slot_base(j / LOOKUP_GAP, lane);
    var v = load_slot(base);
    // Walk forward from the kept block to V[j].
    for (var r = j % LOOKUP_GAP; r > 0u; r--) {
      block_mix(&v);
    }
${ROWS.map((w) => `    x[${w}] ^= v[${w}];`).join('\n')}
    block_mix(&x);
  }
  store_x(lane, &x);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn finish(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let lane = lane_id(gid, groups);
  if (lane >= params.count) { return; }
  var pw = password(lane);
  let ipad = hmac_key_state(&pw, 0x36363636u);
  let opad = hmac_key_state(&pw, 0x5c5c5c5cu);
  let x = load_x(lane);
  // The salt X as 32 little-endian words, word i = component i % 4 of row i / 4.
  var w: array<u32, 32>;
  for (var r = 0u; r < 8u; r++) {
    for (var c = 0u; c < 4u; c++) {
      w[4u * r + c] = x[r][c];
    }
  }
  // Inner message = X (128 bytes) || be32(1): one full block, then 56 + 4 bytes + padding.
  var st = ipad;
  var blk: KeccakBlock;
  for (var i = 0u; i < 18u; i++) {
    blk[i] = w[i];
  }
  keccak_absorb(&st, &blk);
  for (var i = 0u; i < 14u; i++) {
    blk[i] = w[18u + i];
  }
  blk[14] = 0x01000000u; // be32(1)
  blk[15] = 0x01u;       // padding starts at byte 60
  blk[16] = 0u;
  blk[17] = 0x80000000u;
  keccak_absorb(&st, &blk);
  let out = hmac_outer(opad, st);
  for (var i = 0u; i < 8u; i++) {
    outputs[lane * 8u + i] = out[i];
  }
  for (var i = 0u; i < 4u; i++) {
    labels[lane * 4u + i] = out[i];
  }
}
`;
