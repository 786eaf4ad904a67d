// The tortoise's public surface (go-spacemesh tortoise package).
export { Tortoise } from './tortoise.ts';
export type {
  BlockResult,
  DecodedBallot,
  EncodedOpinion,
  LayerResult,
  ModeChange,
  TortoiseAtx,
  TortoiseBallot,
  TortoiseBlockHeader,
  TortoiseMode,
  TortoiseOptions,
} from './tortoise.ts';
export { TortoiseError } from './errors.ts';
export type { TortoiseErrorReason } from './errors.ts';
export { tortoiseAtx, tortoiseBallot, tortoiseBlock } from './inputs.ts';
