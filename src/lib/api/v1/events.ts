// The smesher's event stream, named after spacemesh/v1 admin_types.proto (AdminService
// EventsStream: Event with one `details` member set) — the events smapp shows as its smeshing
// timeline. Served under /spacemesh.v1.AdminService/EventsStream with the same JSON mapping as
// v2alpha1 (a oneof member that is not set is left out). Smesh sends the members it produces:
// PoST init, PoET registration and proof, PoST proving, ATX published, beacon, eligibilities,
// proposals, and the post service starting / stopping.
import type { Infer } from '../v2alpha1/shape.ts';

/**
 * go-spacemesh's EventStreamRequest is empty and always watches; Smesh adds `watch` like the
 * v2alpha1 streams: false (the default) sends the buffered recent events and ends, true then
 * keeps sending new ones until the client closes the stream.
 */
export const EventStreamRequest = { watch: 'bool' } as const;
export type EventStreamRequest = Infer<typeof EventStreamRequest>;

const EventBeacon = { epoch: 'u32', beacon: 'bytes' } as const;
const EventInitStart = { smesher: 'bytes', commitment: 'bytes' } as const;
const EventInitFailed = { smesher: 'bytes', commitment: 'bytes', error: 'string' } as const;
const EventInitComplete = { smesher: 'bytes' } as const;
const EventPostStart = { challenge: 'bytes', smesher: 'bytes' } as const;
const EventPostComplete = { challenge: 'bytes', smesher: 'bytes' } as const;
const EventAtxPublished = {
  current: 'u32',
  target: 'u32',
  id: 'bytes',
  wait: 'duration',
  until: 'timestamp',
  smesher: 'bytes',
} as const;
const ProposalEligibility = { layer: 'u32', count: 'u32' } as const;
const EventEligibilities = {
  epoch: 'u32',
  beacon: 'bytes',
  atx: 'bytes',
  activeSetSize: 'u32',
  eligibilities: { list: { msg: ProposalEligibility } },
  smesher: 'bytes',
} as const;
const EventProposal = { layer: 'u32', proposal: 'bytes', smesher: 'bytes' } as const;
const Empty = {} as const;
const EventWaitingForPoETRoundEnd = {
  publish: 'u32',
  target: 'u32',
  roundEnd: 'timestamp',
  smesher: 'bytes',
} as const;
const EventRegisteredInPoet = { url: 'string', smesher: 'bytes', roundId: 'string' } as const;
const EventProofDownloadedFromPoet = { url: 'string', roundId: 'string', ticks: 'u64' } as const;

export const Event = {
  timestamp: 'timestamp',
  failure: 'bool',
  help: 'string',
  beacon: { opt: { msg: EventBeacon } },
  initStart: { opt: { msg: EventInitStart } },
  initComplete: { opt: { msg: EventInitComplete } },
  postStart: { opt: { msg: EventPostStart } },
  postComplete: { opt: { msg: EventPostComplete } },
  atxPublished: { opt: { msg: EventAtxPublished } },
  eligibilities: { opt: { msg: EventEligibilities } },
  proposal: { opt: { msg: EventProposal } },
  initFailed: { opt: { msg: EventInitFailed } },
  postServiceStarted: { opt: { msg: Empty } },
  postServiceStopped: { opt: { msg: Empty } },
  proofDownloadedFromPoet: { opt: { msg: EventProofDownloadedFromPoet } },
  registeredInPoet: { opt: { msg: EventRegisteredInPoet } },
  waitingForPoetRoundEnd: { opt: { msg: EventWaitingForPoETRoundEnd } },
} as const;
export type Event = Infer<typeof Event>;
