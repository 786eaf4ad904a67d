// Typed failures of the WebGPU label provider, so callers can fall back to the CPU on
// 'no-adapter' / 'device-lost' and treat 'invalid-argument' as a bug.

export type WebGpuErrorCode =
  'no-adapter' | 'device-lost' | 'invalid-argument' | 'out-of-memory' | 'pipeline' | 'closed';

export class WebGpuError extends Error {
  readonly code: WebGpuErrorCode;
  constructor(code: WebGpuErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WebGpuError';
    this.code = code;
  }
}
