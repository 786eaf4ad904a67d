import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { vectorDir, sharedVectorDir } from './vectors.ts';

describe('vendored vectors', () => {
  it('are byte-identical to ../shared/vectors when that folder is present', () => {
    const files = readdirSync(vectorDir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(12);
    if (!existsSync(sharedVectorDir)) return;
    for (const f of readdirSync(sharedVectorDir).filter((x) => x.endsWith('.json'))) {
      expect(
        readFileSync(join(vectorDir, f)).equals(readFileSync(join(sharedVectorDir, f))),
        f,
      ).toBe(true);
    }
  });
});
