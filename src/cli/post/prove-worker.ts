// worker_threads entry: scans label slices for `smesh post prove` (see prove-verify.ts).
import { parentPort } from 'node:worker_threads';
import { createScanRequestHandler } from '../../lib/post/prove.ts';
import type { ScanRequest } from '../../lib/post/prove.ts';
import { nodeAes } from './node-aes.ts';

const port = parentPort;
if (!port) throw new Error('prove-worker.ts must run as a worker thread');
const handle = createScanRequestHandler(nodeAes);
port.on('message', (req: ScanRequest) => {
  const res = handle(req);
  const transfer = res.nonces && res.offsets ? [res.nonces.buffer, res.offsets.buffer] : [];
  port.postMessage(res, transfer as ArrayBuffer[]);
});
