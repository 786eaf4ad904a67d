// What the smeshing page shows, from the node's API: PoST setup status (asked every second while
// initializing — a local worker call, no network), whether it smeshes, its ids and coinbase,
// the epoch's eligibilities and next reward, and the smesher's event timeline from
// AdminService.EventsStream (live, not polled).
import type { SmeshApi, StreamHandle } from '../../api/interface.ts';
import { ApiError } from '../../api/errors.ts';
import type { Event } from '../../api/v1/events.ts';
import type { Reward } from '../../api/v2alpha1/reward.ts';
import type {
  EligibilitiesResponse,
  NextRewardResponse,
  PostSetupStatusResponse,
} from '../../api/v1/smesher.ts';

const FAST_MS = 1_000;
const SLOW_MS = 5_000;

export class SmeshingView {
  setup = $state.raw<NonNullable<PostSetupStatusResponse['status']> | undefined>(undefined);
  smeshing = $state(false);
  smesherId = $state('');
  coinbase = $state('');
  eligibilities = $state.raw<EligibilitiesResponse | undefined>(undefined);
  nextReward = $state.raw<NextRewardResponse | undefined>(undefined);
  events = $state.raw<Event[]>([]);
  /** Rewards this smesher earned (RewardStreamService by smesher id, live). */
  rewards = $state.raw<Reward[]>([]);
  /** Why the node cannot be controlled from here (a remote node without runtime smeshing). */
  error = $state('');
  #api: SmeshApi;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stream: StreamHandle | undefined;
  #rewardStream: StreamHandle | undefined;
  #closed = false;

  constructor(api: SmeshApi) {
    this.#api = api;
  }

  start(): void {
    this.#stream = this.#api.stream(
      'spacemesh.v1.AdminService/EventsStream',
      { watch: true },
      {
        item: (e) => (this.events = [...this.events, e]),
        end: (e) => {
          if (e !== undefined) this.error = e instanceof Error ? e.message : String(e);
        },
      },
    );
    void this.refresh();
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#stream?.close();
    this.#rewardStream?.close();
  }

  /** Follows the smesher's rewards once its id is known. */
  #watchRewards(smesherId: string): void {
    if (this.#rewardStream !== undefined || smesherId === '' || this.#closed) return;
    this.#rewardStream = this.#api.stream(
      'spacemesh.v2alpha1.RewardStreamService/Stream',
      { startLayer: 0, endLayer: 0, smesher: smesherId, watch: true },
      { item: (r) => (this.rewards = [...this.rewards, r]) },
    );
  }

  async refresh(): Promise<void> {
    clearTimeout(this.#timer);
    const a = this.#api;
    try {
      const [setup, smeshing, ids, coinbase] = await Promise.all([
        a.call('spacemesh.v1.SmesherService/PostSetupStatus', {}),
        a.call('spacemesh.v1.SmesherService/IsSmeshing', {}),
        a.call('spacemesh.v1.SmesherService/SmesherIDs', {}),
        a.call('spacemesh.v1.SmesherService/Coinbase', {}),
      ]);
      this.setup = setup.status ?? undefined;
      this.smeshing = smeshing.isSmeshing;
      this.smesherId = ids.publicKeys[0] ?? '';
      this.#watchRewards(this.smesherId);
      this.coinbase = coinbase.accountId?.address ?? '';
      if (this.smeshing) {
        [this.eligibilities, this.nextReward] = await Promise.all([
          a.call('spacemesh.v1.SmesherService/Eligibilities', {}),
          a.call('spacemesh.v1.SmesherService/NextReward', {}),
        ]);
      }
    } catch (e) {
      if (!(e instanceof ApiError && e.reason === 'not-smeshing'))
        this.error = e instanceof Error ? e.message : String(e);
    }
    if (this.#closed) return;
    const fast = this.setup?.state === 'STATE_IN_PROGRESS';
    this.#timer = setTimeout(() => void this.refresh(), fast ? FAST_MS : SLOW_MS);
  }
}
