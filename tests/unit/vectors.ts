// Test vectors: vendored copies of ../shared/vectors (kept identical by vectors.test.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const vectorDir = fileURLToPath(new URL('../vectors/', import.meta.url));
export const sharedVectorDir = fileURLToPath(new URL('../../../shared/vectors/', import.meta.url));

/** Parse one vector file (e.g. `loadVectors('scale.json')`). */
export function loadVectors<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(vectorDir, name), 'utf8')) as T;
}
