import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { VERSION } from '../../src/lib/version.ts';

it('VERSION equals package.json version', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  expect(VERSION).toBe(pkg.version);
});
