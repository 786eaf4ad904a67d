// Crypto primitives against Node's native (OpenSSL) implementations, measured in the same run.
import * as nodeCrypto from 'node:crypto';
import { measure, report } from './harness.ts';
import { blake3 } from '../../src/lib/crypto/hash.ts';
import { Domain, publicKeyOf, sign, verify } from '../../src/lib/crypto/signing.ts';
import { vrfProve, vrfVerify } from '../../src/lib/crypto/vrf.ts';

export async function run(): Promise<void> {
  const seed = new Uint8Array(nodeCrypto.createHash('sha256').update('bench').digest());
  const pk = publicKeyOf(seed);
  const genesis = new Uint8Array(20).fill(7);
  const msg = new Uint8Array(200).fill(1); // about a ballot's size
  const sig = sign(seed, genesis, Domain.BALLOT, msg);
  // node verifies the same signed body: genesisId ‖ domain ‖ message
  const body = Buffer.concat([genesis, Uint8Array.of(Domain.BALLOT), msg]);
  const priv = nodeCrypto.createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const pub = nodeCrypto.createPublicKey(priv);
  if (!verify(pk, genesis, Domain.BALLOT, msg, sig) || !nodeCrypto.verify(null, body, pub, sig))
    throw new Error('bench setup: signature does not verify');

  const ours = await measure(() => {
    if (!verify(pk, genesis, Domain.BALLOT, msg, sig)) throw new Error('verify failed');
  }, 'verify');
  const native = await measure(() => {
    if (!nodeCrypto.verify(null, body, pub, sig)) throw new Error('verify failed');
  }, 'verify');
  report('ed25519 verify (noble, strict)', ours, 'node:crypto', native);

  const MiB = 1 << 20;
  const buf = new Uint8Array(nodeCrypto.randomBytes(MiB));
  const b3 = await measure(() => {
    blake3(buf);
    return 1;
  }, 'MiB');
  const sha = await measure(() => {
    nodeCrypto.createHash('sha256').update(buf).digest();
    return 1;
  }, 'MiB');
  report('blake3 (noble) 1 MiB', b3, 'node:crypto sha256', sha);

  const alpha = new Uint8Array(10).fill(3); // about a hare eligibility message
  const proof = vrfProve(seed, alpha);
  const vrf = await measure(() => {
    if (!vrfVerify(pk, alpha, proof)) throw new Error('vrf verify failed');
  }, 'verify');
  report('ECVRF verify', vrf, 'ed25519 verify (ours)', ours);
  const prove = await measure(() => void vrfProve(seed, alpha), 'prove');
  report('ECVRF prove', prove, 'ECVRF verify', vrf);
}
