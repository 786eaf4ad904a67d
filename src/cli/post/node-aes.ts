// OpenSSL's AES-128-ECB (AES-NI where the CPU has it) behind the prover's AesFactory seam: the
// Node host's cipher for proving. The isomorphic table AES gives the same bytes, slower.
import { createCipheriv } from 'node:crypto';
import type { AesFactory } from '../../lib/post/cipher.ts';

export const nodeAes: AesFactory = (key) => {
  const c = createCipheriv('aes-128-ecb', key, null);
  c.setAutoPadding(false);
  return {
    encrypt(input) {
      // ECB without padding keeps no state between calls: update() returns exactly input.length
      // bytes, in a buffer of its own, which is returned as is (no copy into `output`).
      return c.update(input);
    },
  };
};
