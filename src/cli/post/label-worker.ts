// worker_threads entry: answers LabelRequests from CpuLabelProvider (see worker-pool.ts).
import { parentPort } from 'node:worker_threads';
import { createLabelRequestHandler, type LabelRequest } from '../../lib/post/cpu-provider.ts';

const port = parentPort;
if (!port) throw new Error('label-worker.ts must run as a worker thread');
const handle = createLabelRequestHandler();
port.on('message', (req: LabelRequest) => {
  const res = handle(req);
  // Hand the label buffer over instead of copying it.
  port.postMessage(res, res.labels ? [res.labels.buffer as ArrayBuffer] : []);
});
