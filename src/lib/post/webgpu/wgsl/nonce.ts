// WGSL VRF-nonce search: the lowest full 32-byte output strictly below the difficulty, compared
// big-endian (as post-rs compares byte strings); ties go to the lower index, which is what
// post-rs's sequential "strictly less than the best so far" scan yields.
// Two dispatches without workgroup barriers (barriers make SwiftShader's shader compile slow):
// `scan` runs SCANNERS invocations, each walking the batch with that stride into its own
// partial slot; `reduce` then picks the best slot in one invocation.

/** Invocations of the scan stage (dispatch SCANNERS / 64 workgroups). */
export const NONCE_SCANNERS = 256;

export const NONCE_WGSL = /* wgsl */ `
const SCANNERS = ${NONCE_SCANNERS}u;
const NONE = 0xffffffffu;
// A slot: [batch-relative index or NONE, 8 big-endian words of the output].
const SLOT = 9u;

struct NonceParams {
  count: u32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
  // Difficulty as 8 big-endian words (word 0 = bytes 0..3, most significant).
  difficulty: array<vec4<u32>, 2>,
}

@group(0) @binding(0) var<uniform> nparams: NonceParams;
@group(0) @binding(1) var<storage, read> outputs: array<u32>;
@group(0) @binding(2) var<storage, read_write> partial: array<u32, SCANNERS * SLOT>;
// result[0] = batch-relative index or NONE; result[1..9] = the output's raw (LE) words.
@group(0) @binding(3) var<storage, read_write> result: array<u32, 9>;

// The outputs are stored as little-endian words; swapping bytes makes u32 comparison follow
// the byte order of the string.
fn be_word(v: u32) -> u32 {
  return (v << 24u) | ((v & 0xff00u) << 8u) | ((v >> 8u) & 0xff00u) | (v >> 24u);
}

@compute @workgroup_size(64)
fn scan(@builtin(global_invocation_id) gid: vec3<u32>) {
  let s = gid.x * SLOT;
  // Start from the difficulty: a candidate must be strictly below it, then strictly below the
  // best so far, so the earliest of equal outputs stays.
  partial[s] = NONE;
  for (var i = 0u; i < 8u; i++) {
    partial[s + 1u + i] = nparams.difficulty[i / 4u][i % 4u];
  }
  for (var lane = gid.x; lane < nparams.count; lane += SCANNERS) {
    for (var i = 0u; i < 8u; i++) {
      let v = be_word(outputs[lane * 8u + i]);
      let b = partial[s + 1u + i];
      if (v > b) { break; }
      if (v < b) {
        partial[s] = lane;
        for (var k = i; k < 8u; k++) {
          partial[s + 1u + k] = be_word(outputs[lane * 8u + k]);
        }
        break;
      }
    }
  }
}

// Whether slot b beats slot a: found, and lower, or equal with the lower index.
fn slot_better(b: u32, a: u32) -> bool {
  let ib = partial[b * SLOT];
  let ia = partial[a * SLOT];
  if (ib == NONE) { return false; }
  if (ia == NONE) { return true; }
  for (var i = 1u; i < SLOT; i++) {
    let vb = partial[b * SLOT + i];
    let va = partial[a * SLOT + i];
    if (vb != va) { return vb < va; }
  }
  return ib < ia;
}

@compute @workgroup_size(1)
fn reduce() {
  var top = 0u;
  for (var t = 1u; t < SCANNERS; t++) {
    if (slot_better(t, top)) { top = t; }
  }
  let found = partial[top * SLOT];
  result[0] = found;
  if (found != NONE) {
    for (var i = 0u; i < 8u; i++) {
      result[1u + i] = outputs[found * 8u + i];
    }
  }
}
`;
