import { availableParallelism } from 'node:os';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { DevnetSpreadSequencer } from './tests/unit/sequencer.ts';

export default defineConfig({
  plugins: [sveltekit()],
  worker: { format: 'es' },
  build: { target: 'es2023' },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Vitest's default is one worker fewer than the cores: a single worker on the 2-core CI
    // machine, where the run took 16 minutes with the multi-process devnet tests (mostly waiting
    // for layers) holding up everything else. Two workers: the devnet tests run one at a time
    // under their lock (tests/unit/devnet-lock.ts) while the other worker goes on with the
    // in-process tests — 10 minutes.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Multi-process devnet tests spread through the run (tests/unit/sequencer.ts).
    sequence: { sequencer: DevnetSpreadSequencer },
  },
});
