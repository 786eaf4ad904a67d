// Words and numbers for the smeshing views: sizes, durations, and what each smesher event
// (AdminService.EventsStream) means to a person.
import type { Event } from '../../api/v1/events.ts';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** 1536 → '1.5 KiB'. */
export function formatBytes(n: number | bigint): string {
  let v = Number(n);
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${UNITS[u]}`;
}

/** Seconds → '42 s', '3 min', '2 h 5 min', '3 d 4 h'; '—' when unknown. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  const h = Math.floor(s / 3600);
  if (h < 48) return `${h} h ${Math.round((s - h * 3600) / 60)} min`;
  const d = Math.floor(h / 24);
  return `${d} d ${h - d * 24} h`;
}

/** Storage the PoST data of `numUnits` takes: numUnits × labelsPerUnit × 16 bytes. */
export function postBytes(numUnits: number, labelsPerUnit: number): number {
  return numUnits * labelsPerUnit * 16;
}

export const EVENT_KINDS = [
  'initStart',
  'initComplete',
  'initFailed',
  'postServiceStarted',
  'postServiceStopped',
  'registeredInPoet',
  'waitingForPoetRoundEnd',
  'proofDownloadedFromPoet',
  'postStart',
  'postComplete',
  'atxPublished',
  'beacon',
  'eligibilities',
  'proposal',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number] | 'other';

/** Which `details` member an event carries. */
export function eventKind(e: Event): EventKind {
  for (const k of EVENT_KINDS) if (e[k] !== undefined && e[k] !== null) return k;
  return 'other';
}

const TITLES: Record<EventKind, string> = {
  initStart: 'PoST initialization started',
  initComplete: 'PoST initialization complete',
  initFailed: 'PoST initialization failed',
  postServiceStarted: 'Smeshing started',
  postServiceStopped: 'Smeshing stopped',
  registeredInPoet: 'Registered in the PoET',
  waitingForPoetRoundEnd: 'Waiting for the PoET round',
  proofDownloadedFromPoet: 'PoET proof received',
  postStart: 'Generating the PoST proof',
  postComplete: 'PoST proof generated',
  atxPublished: 'Activation published',
  beacon: 'Beacon computed',
  eligibilities: 'Eligibilities for the epoch',
  proposal: 'Proposal published',
  other: 'Smesher event',
};

export function eventTitle(e: Event): string {
  return e.failure && eventKind(e) === 'other' ? 'Smeshing problem' : TITLES[eventKind(e)];
}

/** The phase of the smesher's cycle, for a short "what is happening now" line. */
export function currentPhase(events: readonly Event[]): string {
  for (let i = events.length - 1; i >= 0; i--) {
    const k = eventKind(events[i]!);
    switch (k) {
      case 'initStart':
        return 'Initializing PoST data';
      case 'initFailed':
        return 'PoST initialization failed';
      case 'initComplete':
      case 'postServiceStarted':
        return 'Preparing the next activation';
      case 'registeredInPoet':
      case 'waitingForPoetRoundEnd':
        return 'Waiting for the PoET round to end';
      case 'proofDownloadedFromPoet':
      case 'postStart':
        return 'Proving PoST on the PoET proof';
      case 'postComplete':
        return 'Publishing the activation';
      case 'atxPublished':
        return `Activation published: eligible for rewards from epoch ${events[i]!.atxPublished!.target}`;
      case 'eligibilities':
        return `Eligible in epoch ${events[i]!.eligibilities!.epoch}`;
      case 'proposal':
        return `Smeshing: last proposal in layer ${events[i]!.proposal!.layer}`;
      case 'postServiceStopped':
        return 'Stopped';
      default:
        continue;
    }
  }
  return 'Not started';
}

/** One line of the smeshing timeline: a smesher event or a reward. */
export interface TimelineEntry {
  /** ms since the epoch */
  readonly at: number;
  readonly kind: EventKind | 'reward';
  readonly title: string;
  readonly detail: string;
  readonly failure: boolean;
}

/**
 * The timeline, newest first: the smesher's events, and its rewards at the start time of their
 * layer (`layerStart`), so "reward received" sits after the eligibility that earned it.
 */
export function timeline(
  events: readonly Event[],
  rewards: readonly { layer: number; total: string }[],
  layerStart: (layer: number) => number,
  formatAmount: (smidge: bigint) => string,
): TimelineEntry[] {
  const out: TimelineEntry[] = events.map((e) => {
    const title = eventTitle(e);
    return {
      at: Date.parse(e.timestamp),
      kind: eventKind(e),
      title,
      detail: e.help === title ? '' : e.help,
      failure: e.failure,
    };
  });
  for (const r of rewards)
    out.push({
      at: layerStart(r.layer),
      kind: 'reward',
      title: 'Reward received',
      detail: `${formatAmount(BigInt(r.total))} SMH for layer ${r.layer}`,
      failure: false,
    });
  return out.sort((a, b) => b.at - a.at);
}
