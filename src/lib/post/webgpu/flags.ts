// WebGPU flag values, fixed by the WebGPU specification. Browsers expose them as globals
// (GPUBufferUsage, …) but Dawn under Node exports them instead, so src/lib uses its own copy
// and needs nothing from the host but the GPU object.

export const BufferUsage = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
} as const;

export const MapMode = { READ: 0x0001 } as const;

export const ShaderStage = { COMPUTE: 0x4 } as const;
