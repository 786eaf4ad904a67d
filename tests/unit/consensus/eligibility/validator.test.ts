// The EligibilityValidator on signed ballots with real VRF proofs: it accepts what a smesher
// builds and refuses each fault with its reason.
import { beforeAll, describe, expect, it } from 'vitest';
import { vrfProve } from '../../../../src/lib/crypto/vrf.ts';
import { EligibilityError } from '../../../../src/lib/consensus/eligibility/errors.ts';
import type { EligibilityReason } from '../../../../src/lib/consensus/eligibility/errors.ts';
import type { EligibilitySource } from '../../../../src/lib/consensus/eligibility/interface.ts';
import { epochEligibilities } from '../../../../src/lib/consensus/eligibility/proofs.ts';
import { eligibleLayer } from '../../../../src/lib/consensus/eligibility/slots.ts';
import { EligibilityValidator } from '../../../../src/lib/consensus/eligibility/validator.ts';
import type { EligibilityValidatorOptions } from '../../../../src/lib/consensus/eligibility/validator.ts';
import { buildBallot } from '../../../../src/lib/consensus/miner/build.ts';
import type { AtxHeader } from '../../../../src/lib/mesh/atx/store.ts';
import { activeSetHash, ballotVrfMessage } from '../../../../src/lib/types/ballot.ts';
import type { Ballot } from '../../../../src/lib/types/ballot.ts';
import type { EpochData, VotingEligibility } from '../../../../src/lib/types/common.ts';
import { bytesToHex } from '@noble/hashes/utils.js';
import { BEACON, EPOCH, GENESIS, LAYER_AVG_SIZE, LPE, smesher } from './fixture.ts';
import type { Smesher } from './fixture.ts';

const a = smesher(0, 100n);
const b = smesher(1, 200n);
const SET = [a.atx.id, b.atx.id];
const SET_HASH = activeSetHash(SET);
const SLOTS_A = 16; // 100 · 5 · 10 / 300

function source(sets: Uint8Array[][], atxs: AtxHeader[]): EligibilitySource {
  const byHash = new Map(sets.map((s) => [bytesToHex(activeSetHash(s)), s]));
  const byId = new Map(atxs.map((h) => [bytesToHex(h.id), h]));
  return {
    activeSet: (hash) => Promise.resolve(byHash.get(bytesToHex(hash))),
    atx: (id) => Promise.resolve(byId.get(bytesToHex(id))),
  };
}

function validator(opts: Partial<EligibilityValidatorOptions> = {}): EligibilityValidator {
  return new EligibilityValidator({
    source: source([SET], [a.atx, b.atx]),
    layersPerEpoch: LPE,
    layerAvgSize: LAYER_AVG_SIZE,
    minimalActiveSetWeight: [],
    ...opts,
  });
}

const epochData = (over: Partial<EpochData> = {}): EpochData => ({
  activeSetHash: SET_HASH,
  beacon: BEACON,
  eligibilityCount: SLOTS_A,
  ...over,
});

function ballot(
  s: Smesher,
  layer: number,
  eligibilities: VotingEligibility[],
  ed: EpochData | null = epochData(),
): Ballot {
  return buildBallot({
    secretKey: s.sk,
    genesisId: GENESIS,
    layer,
    atx: s.atx,
    opinion: {
      opinionHash: new Uint8Array(32).fill(3),
      votes: { base: new Uint8Array(20), support: [], against: [], abstain: [] },
    },
    eligibilities,
    ref: ed === null ? { refBallot: new Uint8Array(20).fill(9) } : { epochData: ed },
  });
}

async function reason(p: Promise<void>): Promise<EligibilityReason | 'accepted'> {
  try {
    await p;
    return 'accepted';
  } catch (e) {
    expect(e).toBeInstanceOf(EligibilityError);
    return (e as EligibilityError).reason;
  }
}

let byLayerA: Map<number, VotingEligibility[]>;
let byLayerB: Map<number, VotingEligibility[]>;
let L1: number;
let L2: number;

beforeAll(() => {
  byLayerA = epochEligibilities(a.sk, EPOCH, BEACON, a.atx.vrfNonce, SLOTS_A, LPE);
  byLayerB = epochEligibilities(b.sk, EPOCH, BEACON, b.atx.vrfNonce, 33, LPE);
  [L1, L2] = [...byLayerA.keys()] as [number, number];
});

describe('EligibilityValidator', () => {
  it('accepts a reference ballot and a follow-up ballot', async () => {
    const v = validator();
    const ref = ballot(a, L1, byLayerA.get(L1)!);
    expect(await reason(v.validate(ref, a.atx, ref.epochData!))).toBe('accepted');
    const next = ballot(a, L2, byLayerA.get(L2)!, null);
    expect(await reason(v.validate(next, a.atx, epochData()))).toBe('accepted');
    expect(await v.totalWeight(SET_HASH, EPOCH)).toBe(300n);
  });

  it('reads no active set for a follow-up ballot (the count came with the reference ballot)', async () => {
    const v = validator({ source: source([], [a.atx]) });
    const next = ballot(a, L2, byLayerA.get(L2)!, null);
    expect(await reason(v.validate(next, a.atx, epochData()))).toBe('accepted');
  });

  const cases: [string, () => [Ballot, AtxHeader, EpochData], EligibilityReason][] = [
    ['no proofs', () => [ballot(a, L1, []), a.atx, epochData()], 'no-proofs'],
    [
      'ATX of another smesher',
      () => [ballot(a, L1, byLayerA.get(L1)!), b.atx, epochData()],
      'atx-smesher',
    ],
    [
      'empty beacon',
      () => {
        const ed = epochData({ beacon: new Uint8Array(4) });
        return [ballot(a, L1, byLayerA.get(L1)!, ed), a.atx, ed];
      },
      'empty-beacon',
    ],
    [
      'wrong j (the proof was made for another counter)',
      () => {
        const p = byLayerA.get(L1)![0]!;
        const j = p.j === 0 ? SLOTS_A - 1 : 0;
        const ed = epochData();
        return [ballot(a, L1, [{ j, sig: p.sig }], ed), a.atx, ed];
      },
      'invalid-vrf',
    ],
    [
      'j ≥ slots',
      () => {
        const sig = vrfProve(a.sk, ballotVrfMessage(BEACON, EPOCH, a.atx.vrfNonce, SLOTS_A));
        const ed = epochData();
        return [ballot(a, eligibleLayer(EPOCH, LPE, sig), [{ j: SLOTS_A, sig }], ed), a.atx, ed];
      },
      'j-out-of-range',
    ],
    [
      'proofs out of order',
      () => {
        const [layer, proofs] = [...byLayerA.entries()].find(([, p]) => p.length >= 2)!;
        const ed = epochData();
        return [ballot(a, layer, [proofs[1]!, proofs[0]!], ed), a.atx, ed];
      },
      'proof-order',
    ],
    [
      'proof of another key',
      () => {
        const [layer, proofs] = [...byLayerB.entries()].find(([, p]) => p[0]!.j < SLOTS_A)!;
        const ed = epochData();
        return [ballot(a, layer, [proofs[0]!], ed), a.atx, ed];
      },
      'invalid-vrf',
    ],
    [
      'proof for another layer',
      () => {
        const ed = epochData();
        return [ballot(a, L1, byLayerA.get(L2)!, ed), a.atx, ed];
      },
      'wrong-layer',
    ],
    [
      'wrong beacon',
      () => {
        const ed = epochData({ beacon: Uint8Array.of(1, 2, 3, 4) });
        return [ballot(a, L1, byLayerA.get(L1)!, ed), a.atx, ed];
      },
      'invalid-vrf',
    ],
    [
      'unknown active set',
      () => {
        const ed = epochData({ activeSetHash: new Uint8Array(32).fill(7) });
        return [ballot(a, L1, byLayerA.get(L1)!, ed), a.atx, ed];
      },
      'unknown-active-set',
    ],
    [
      'eligibility count mismatch',
      () => {
        const ed = epochData({ eligibilityCount: SLOTS_A + 1 });
        return [ballot(a, L1, byLayerA.get(L1)!, ed), a.atx, ed];
      },
      'eligibility-count',
    ],
  ];
  for (const [name, make, want] of cases)
    it(`refuses: ${name} → ${want}`, async () => {
      const [bal, atx, ed] = make();
      expect(await reason(validator().validate(bal, atx, ed))).toBe(want);
    });

  it('refuses an active set with an unknown ATX or one targeting another epoch', async () => {
    const old = smesher(5, 50n, EPOCH - 2);
    for (const atxs of [[a.atx], [a.atx, old.atx]]) {
      const set = [a.atx.id, old.atx.id];
      const v = validator({ source: source([set], atxs) });
      const ed = epochData({ activeSetHash: activeSetHash(set) });
      const bal = ballot(a, L1, byLayerA.get(L1)!, ed);
      expect(await reason(v.validate(bal, a.atx, ed))).toBe('active-set-atx');
    }
  });

  it('refuses an empty active set and one that weighs nothing', async () => {
    const v1 = validator({ source: source([[]], [a.atx]) });
    const ed1 = epochData({ activeSetHash: activeSetHash([]) });
    expect(await reason(v1.validate(ballot(a, L1, byLayerA.get(L1)!, ed1), a.atx, ed1))).toBe(
      'empty-active-set',
    );
    const zero = { ...b.atx, id: new Uint8Array(32).fill(0x99), weight: 0n };
    const v2 = validator({ source: source([[zero.id]], [zero]) });
    const ed2 = epochData({ activeSetHash: activeSetHash([zero.id]) });
    expect(await reason(v2.validate(ballot(a, L1, byLayerA.get(L1)!, ed2), a.atx, ed2))).toBe(
      'zero-total-weight',
    );
  });

  it('applies the minimal active set weight', async () => {
    const v = validator({ minimalActiveSetWeight: [{ epoch: EPOCH, weight: 1000 }] });
    expect(await v.slots(100n, SET_HASH, EPOCH)).toBe(5);
    const ref = ballot(a, L1, byLayerA.get(L1)!);
    expect(await reason(v.validate(ref, a.atx, ref.epochData!))).toBe('eligibility-count');
  });

  it('trusts the count of a reference ballot from a past epoch when given the current layer', async () => {
    const ed = epochData({ activeSetHash: new Uint8Array(32).fill(7) }); // unknown set
    const bal = ballot(a, L1, byLayerA.get(L1)!, ed);
    const past = validator({ currentLayer: () => (EPOCH + 1) * LPE });
    expect(await reason(past.validate(bal, a.atx, ed))).toBe('accepted');
    const now = validator({ currentLayer: () => L1 });
    expect(await reason(now.validate(bal, a.atx, ed))).toBe('unknown-active-set');
    const before = validator({ currentLayer: () => EPOCH * LPE - 1 }); // a layer ahead
    expect(await reason(before.validate(bal, a.atx, ed))).toBe('unknown-active-set');
  });
});
