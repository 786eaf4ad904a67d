// Web Worker entry for the browser's CPU label path: answers CpuLabelProvider's LabelRequests
// (the browser twin of src/cli/post/label-worker.ts). The PoST worker spawns one per core when
// WebGPU is unavailable or the CPU path is asked for.
import { createLabelRequestHandler, type LabelRequest } from '../lib/post/cpu-provider.ts';

const handle = createLabelRequestHandler();
self.onmessage = (ev: MessageEvent<LabelRequest>) => {
  const res = handle(ev.data);
  // Hand the label buffer over instead of copying it.
  self.postMessage(res, { transfer: res.labels ? [res.labels.buffer as ArrayBuffer] : [] });
};
