// Node's SpawnLabelWorker: one worker_threads Worker per label thread, and the CPU provider
// sized to the machine's cores.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  CpuLabelProvider,
  type LabelResponse,
  type LabelWorker,
  type SpawnLabelWorker,
} from '../../lib/post/cpu-provider.ts';

const WORKER_URL = new URL('./label-worker.ts', import.meta.url);

export const spawnNodeLabelWorker: SpawnLabelWorker = (): LabelWorker => {
  const w = new Worker(WORKER_URL);
  // Idle workers must not keep the process alive once the provider is forgotten.
  w.unref();
  let terminated = false;
  let inFlight = 0;
  return {
    post: (req) => {
      if (inFlight++ === 0) w.ref();
      w.postMessage(req);
    },
    listen(onResponse, onFailure) {
      w.on('message', (r: LabelResponse) => {
        if (--inFlight === 0) w.unref();
        onResponse(r);
      });
      w.on('error', (e) => onFailure(e));
      w.on('exit', (code) => {
        if (!terminated) onFailure(new Error(`label worker exited with code ${code}`));
      });
    },
    terminate: async () => {
      terminated = true;
      await w.terminate();
    },
  };
};

/** The CPU provider with one worker per core (or `threads`). */
export function createNodeCpuProvider(threads = availableParallelism()): CpuLabelProvider {
  return new CpuLabelProvider({ spawn: spawnNodeLabelWorker, threads });
}
