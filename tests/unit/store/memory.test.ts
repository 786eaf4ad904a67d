import { MemoryStore } from '../../../src/lib/store/memory.ts';
import { runStoreConformance } from './conformance.ts';

let last: MemoryStore | undefined;
runStoreConformance(
  'memory',
  async () => (last = new MemoryStore()),
  async () => new MemoryStore(last!.data),
);
