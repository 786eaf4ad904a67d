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
    // Multi-process devnet tests spread through the run (tests/unit/sequencer.ts).
    sequence: { sequencer: DevnetSpreadSequencer },
  },
});
