// The home page's live figures besides the node's status (node.sync): smeshing (PoST setup
// and whether the node smeshes), the epoch's smeshers, and whether a wallet is in this browser.
// Asked again every few seconds while the page is open; a method the node does not serve
// leaves its figure out with the reason.
import type { SmeshApi } from '../../api/interface.ts';
import type { PostSetupStatusResponse } from '../../api/v1/smesher.ts';
import { hasWalletKeystore } from './browser-data.ts';
import { publishEpochOf } from './logic.ts';

const EVERY_MS = 4_000;

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class HomeFigures {
  post = $state.raw<{ status: PostSetupStatusResponse['status']; smeshing: boolean }>();
  postError = $state<string>();
  /** Smeshers of `smeshersEpoch` (ATXs published in the epoch before). */
  smeshers = $state<number>();
  smeshersEpoch = $state<number>();
  smeshersError = $state<string>();
  /** true / false; undefined while unknown (or the browser cannot tell). */
  wallet = $state<boolean>();
  readonly #api: SmeshApi;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(api: SmeshApi) {
    this.#api = api;
  }

  start(epoch: () => number | undefined): void {
    hasWalletKeystore().then(
      (w) => (this.wallet = w),
      () => (this.wallet = undefined),
    );
    const tick = async (): Promise<void> => {
      await Promise.all([this.#readPost(), this.#readSmeshers(epoch())]);
      if (!this.#closed) this.#timer = setTimeout(() => void tick(), EVERY_MS);
    };
    void tick();
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  async #readPost(): Promise<void> {
    try {
      const [s, m] = await Promise.all([
        this.#api.call('spacemesh.v1.SmesherService/PostSetupStatus', {}),
        this.#api.call('spacemesh.v1.SmesherService/IsSmeshing', {}),
      ]);
      if (this.#closed) return;
      this.post = { status: s.status, smeshing: m.isSmeshing };
      this.postError = undefined;
    } catch (e) {
      this.postError = reason(e);
    }
  }

  async #readSmeshers(epoch: number | undefined): Promise<void> {
    if (epoch === undefined) return;
    // The count changes only while the epoch's ATXs arrive (in the epoch before): cheap to
    // ask again, and a new epoch asks for its own.
    const publish = publishEpochOf(epoch);
    try {
      const count =
        publish === undefined
          ? 0
          : (
              await this.#api.call('spacemesh.v2alpha1.ActivationService/ActivationsCount', {
                epoch: publish,
              })
            ).count;
      if (this.#closed) return;
      this.smeshers = count;
      this.smeshersEpoch = epoch;
      this.smeshersError = undefined;
    } catch (e) {
      this.smeshersError = reason(e);
    }
  }
}
